"""The review queue: links in a review state, most-connected organisations first, with their evidence."""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.store import GraphStore

_ROWS = 10_000_000


def queue(store: GraphStore, status: str = "unreviewed", org: str = "", limit: int = 50) -> list[dict[str, Any]]:
    """Links whose review is `status` (any with ''), touching `org` (an id; any with ''), ordered by how
    connected their ends are (a hub's links first: a wrong one misleads the most), then by id."""
    rows = store.run("MATCH (a:Organization)-[r]->(b) WHERE r.type IS NOT NULL "
                     "AND ($status = '' OR r.review = $status) AND ($org = '' OR a.id = $org OR b.id = $org) "
                     "RETURN r.id AS id, r.type AS type, a.id AS source, a.name AS source_name, b.id AS target, "
                     "b.name AS target_name, r.review AS review, r.review_note AS note, r.tier AS tier, "
                     "r.status AS status, r.quotes AS quotes, r.urls AS urls, r.dates AS dates",
                     {"status": status, "org": org}, limit=_ROWS).rows
    degree = Counter(x for r in store.run("MATCH (a:Organization)-[r]->(b) WHERE r.type IS NOT NULL "
                                          "RETURN a.id AS s, b.id AS t", limit=_ROWS).rows for x in (r["s"], r["t"]))
    rows.sort(key=lambda r: (-max(degree[r["source"]], degree[r["target"]]), r["id"] or ""))
    return rows[:limit]
