// Organisations that partner with both A and B
// Who works with both organisations: by default by any partner type of the schema
// (narrow it with types). One row per link, with its evidence.
// param: a org
// param: b org
// param: types types = partner
MATCH (c:Organization)-[ra]->(a:Organization {id: $a}), (c)-[rb]->(b:Organization {id: $b})
WHERE ra.type IN $types AND rb.type IN $types
WITH DISTINCT c
MATCH (c)-[r]->(t:Organization)
WHERE t.id IN [$a, $b] AND r.type IN $types
RETURN c.id AS id, c.name AS name, c.kind AS kind, t.id AS partner, t.name AS partner_name,
       r.type AS type, r.tier AS tier, r.status AS status, r.quotes AS evidence, r.urls AS urls
ORDER BY id, partner, type
