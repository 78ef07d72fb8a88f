// Partners of an organisation
// Every organisation linked to it by one of the given types (all partner types by default),
// in either direction, with the link's tier, status and evidence.
// param: org org
// param: types types = partner
MATCH (o:Organization {id: $org})-[r]-(c:Organization)
WHERE r.type IN $types
RETURN c.id AS id, c.name AS name, c.kind AS kind, r.type AS type, r.tier AS tier, r.status AS status,
       r.quotes AS evidence, r.urls AS urls
ORDER BY id, type
