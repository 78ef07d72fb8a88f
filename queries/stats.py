"""What the graph holds, counted: organisations by kind, region and federal district; links by type, year
of first statement and review state; sources by publisher and year."""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.store import GraphStore

_ROWS = 10_000_000


def stats(store: GraphStore) -> dict[str, Any]:
    orgs = store.run("MATCH (o:Organization) RETURN o.id AS id, o.kind AS kind, o.region AS region, "
                     "o.federal_district AS fd", limit=_ROWS).rows
    links = store.run("MATCH (a)-[r]->(b) WHERE r.type IS NOT NULL RETURN a.id AS s, b.id AS t, r.type AS type, "
                      "r.review AS review, r.first_stated AS first", limit=_ROWS).rows
    sources = store.run("MATCH (s:Source) WHERE s.url <> '' RETURN s.publisher AS publisher, "
                        "s.published AS published", limit=_ROWS).rows
    linked = {x for r in links for x in (r["s"], r["t"])}
    linked_orgs = [o for o in orgs if o["id"] in linked]

    def count(rows: list[dict[str, Any]], key: str, empty: str = "(none)") -> dict[str, int]:
        return dict(Counter((r[key] or empty) for r in rows).most_common())

    return {
        "organisations": {
            "total": len(orgs), "with_a_link": len(linked_orgs),
            "with_a_link_and_region": sum(1 for o in linked_orgs if o["region"]),
            "by_kind": count(orgs, "kind"), "by_federal_district": count(linked_orgs, "fd"),
            "by_region": count(linked_orgs, "region"),
        },
        "links": {
            "total": len(links), "by_type": count(links, "type"), "by_review": count(links, "review"),
            "by_year": dict(sorted(Counter((r["first"] or "")[:4] or "(undated)" for r in links).items())),
        },
        "sources": {
            "total": len(sources), "by_year": dict(sorted(Counter((r["published"] or "")[:4] or "(undated)"
                                                                  for r in sources).items())),
            "by_publisher": count(sources, "publisher"),
        },
    }
