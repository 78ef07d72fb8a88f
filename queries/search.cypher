// Find organisations by name
// Any part of any name form (full name, abbreviation, alias, English or transliterated),
// case and ё/е folded; optionally of one kind.
// param: text text
// param: kind kind = ''
// param: limit int = 20 (1..1000)
MATCH (o:Organization)
WHERE o.search_text CONTAINS $text AND ($kind = '' OR o.kind = $kind)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.short AS short
ORDER BY size(o.name), id
LIMIT $limit
