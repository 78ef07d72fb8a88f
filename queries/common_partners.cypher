// Organisations that partner with both A and B
// Who works with both organisations: by default by any partner type of the schema
// (narrow it with types). One row per link, with its evidence. Rejected links never count;
// reviewed = true counts only curated and accepted ones; since/until (a year or a date) keep
// links stated in that time.
// param: a org
// param: b org
// param: types types = partner
// param: reviewed bool = false
// param: since since = ''
// param: until until = ''
MATCH (c:Organization)-[r]->(t:Organization)
WHERE t.id IN [$a, $b] AND r.type IN $types
  AND r.review <> 'rejected' AND (NOT $reviewed OR r.review IN ['curated', 'accepted'])
      AND ($since = '' OR r.last_stated >= $since) AND ($until = '' OR (r.first_stated <> '' AND r.first_stated <= $until))
WITH c, count(DISTINCT t.id) AS hit
WHERE hit = 2
MATCH (c)-[r]->(t:Organization)
WHERE t.id IN [$a, $b] AND r.type IN $types
  AND r.review <> 'rejected' AND (NOT $reviewed OR r.review IN ['curated', 'accepted'])
      AND ($since = '' OR r.last_stated >= $since) AND ($until = '' OR (r.first_stated <> '' AND r.first_stated <= $until))
RETURN c.id AS id, c.name AS name, c.kind AS kind, t.id AS partner, t.name AS partner_name,
       r.type AS type, r.tier AS tier, r.status AS status, r.review AS review, r.first_stated AS first_stated,
       r.last_stated AS last_stated, r.quotes AS evidence, r.urls AS urls
ORDER BY id, partner, type
