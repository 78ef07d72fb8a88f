// Partners of an organisation
// Every organisation linked to it by one of the given types (all partner types by default),
// in either direction, with the link's tier, status, review, dates and evidence. Rejected links are
// left out; reviewed = true keeps curated and accepted ones only; since/until (a year or a date).
// param: org org
// param: types types = partner
// param: reviewed bool = false
// param: since since = ''
// param: until until = ''
MATCH (o:Organization {id: $org})-[r]-(c:Organization)
WHERE r.type IN $types
  AND r.review <> 'rejected' AND (NOT $reviewed OR r.review IN ['curated', 'accepted'])
      AND ($since = '' OR r.last_stated >= $since) AND ($until = '' OR (r.first_stated <> '' AND r.first_stated <= $until))
RETURN c.id AS id, c.name AS name, c.kind AS kind, r.type AS type, r.tier AS tier, r.status AS status,
       r.review AS review, r.first_stated AS first_stated, r.last_stated AS last_stated,
       r.quotes AS evidence, r.urls AS urls
ORDER BY id, type
