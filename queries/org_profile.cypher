// Profile of an organisation
// The organisation, and each of its links with the other end, tier, status and evidence
// (sentence, offsets and source). An organisation without links gives one row with empty link fields.
// Rejected links are left out; reviewed = true keeps curated and accepted ones only.
// param: org org
// param: reviewed bool = false
MATCH (o:Organization {id: $org})
OPTIONAL MATCH (o)-[r]-(c:Organization)
WHERE r.type IS NOT NULL AND r.review <> 'rejected' AND (NOT $reviewed OR r.review IN ['curated', 'accepted'])
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.short AS short, o.name_en AS name_en,
       o.city AS city, o.url AS url, o.curated AS curated,
       c.id AS other, c.name AS other_name, c.kind AS other_kind, r.type AS type, r.tier AS tier,
       r.status AS status, r.quotes AS evidence, r.urls AS urls, r.source_ids AS sources,
       r.quote_starts AS quote_starts, r.quote_ends AS quote_ends, r.attrs AS attrs,
       r.id AS link, r.review AS review, r.first_stated AS first_stated, r.last_stated AS last_stated
ORDER BY type, other
