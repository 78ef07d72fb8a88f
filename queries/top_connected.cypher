// Most connected organisations
// Organisations with the most distinct partners (any typed link), optionally of one kind.
// param: kind kind = ''
// param: limit int = 20 (1..1000)
MATCH (o:Organization)-[r]-(c:Organization)
WHERE r.type IS NOT NULL AND r.review <> 'rejected' AND ($kind = '' OR o.kind = $kind)
RETURN o.id AS id, o.name AS name, o.kind AS kind, count(DISTINCT c.id) AS partners, count(r) AS links
ORDER BY partners DESC, links DESC, id
LIMIT $limit
