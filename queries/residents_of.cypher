// Residents of a special economic zone or technopark
// Organisations with a RESIDENT_OF link to the zone, with the evidence.
// param: zone org
MATCH (c:Organization)-[r:RESIDENT_OF]->(z:Organization {id: $zone})
WHERE r.review <> 'rejected'
RETURN c.id AS id, c.name AS name, c.kind AS kind, r.tier AS tier, r.quotes AS evidence, r.urls AS urls
ORDER BY id
