// How two organisations are connected
// Every shortest chain of typed links (not through mentions in the same article, nor rejected links)
// of at most max_hops.
// param: a org
// param: b org
// param: max_hops int = 4 (1..6)
MATCH p = (a:Organization {id: $a})-[* ALL SHORTEST 1..6 (r, n | WHERE r.type IS NOT NULL AND r.review <> 'rejected')]-(b:Organization {id: $b})
WHERE length(p) <= $max_hops
WITH properties(nodes(p), 'id') AS ids, properties(nodes(p), 'name') AS names,
     properties(rels(p), 'type') AS types, length(p) AS hops
// lists do not sort here; paths of one length sort the same as text
RETURN ids, names, types, hops
ORDER BY CAST(ids AS STRING), CAST(types AS STRING)
