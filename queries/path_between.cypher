// How two organisations are connected
// Every shortest chain of links (not through mentions in the same article) of at most max_hops.
// param: a org
// param: b org
// param: max_hops int = 4 (1..6)
MATCH p = allShortestPaths((a:Organization {id: $a})-[:PARTNERS_WITH|INTERNSHIP|EMPLOYS_GRADUATES|JOINT_UNIT|RESIDENT_OF|SUBSIDIARY_OF|PARTICIPATES_IN*..6]-(b:Organization {id: $b}))
WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | r.type] AS types, length(p) AS hops
ORDER BY ids, types
