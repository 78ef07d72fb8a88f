// How two organisations are connected
// Every shortest chain of typed links (not through mentions in the same article, nor rejected links)
// of at most max_hops.
// param: a org
// param: b org
// param: max_hops int = 4 (1..6)
MATCH p = allShortestPaths((a:Organization {id: $a})-[*..6]-(b:Organization {id: $b}))
WHERE length(p) <= $max_hops AND all(r IN relationships(p) WHERE r.type IS NOT NULL AND r.review <> 'rejected')
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | r.type] AS types, length(p) AS hops
ORDER BY ids, types
