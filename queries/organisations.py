"""Reads about organisations beyond the named queries: one organisation, listings, links between two,
the direction and per-source detail of an organisation's links, and the sources' titles."""

from __future__ import annotations

from typing import Any

from graph.schema import SCHEMA
from graph.store import ORG_FIELDS, GraphStore

_DETAIL = ", ".join(f"o.{f} AS {f}" for f in ORG_FIELDS)


def source_titles(store: GraphStore, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title and URL of each Source node, by id."""
    if not ids:
        return {}
    rows = store.run("MATCH (s:Source) WHERE s.id IN $ids RETURN s.id AS id, s.title AS title, s.url AS url",
                     {"ids": sorted(ids)}).rows
    return {r["id"]: r for r in rows}


def listing(store: GraphStore, kind: str, limit: int) -> list[dict[str, Any]]:
    """Organisations (of one kind, or all with kind ''), by id."""
    return store.run("MATCH (o:Organization) WHERE $kind = '' OR o.kind = $kind "
                     "RETURN o.id AS id, o.name AS name, o.kind AS kind, o.short AS short ORDER BY o.id LIMIT $limit",
                     {"kind": kind, "limit": limit}).rows


def detail(store: GraphStore, org_id: str, kind: str) -> dict[str, Any] | None:
    """Every stored field of one organisation (or programme)."""
    rows = store.run(f"MATCH (o:{SCHEMA.table_of(kind)}) WHERE o.id = $id RETURN {_DETAIL}", {"id": org_id}).rows
    return rows[0] if rows else None


def link_sides(store: GraphStore, org_id: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(other end, type) -> the organisation's links with it: direction ('out' = it is the source),
    per-source tiers and statuses."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for direction, pattern in (("out", "(o:Organization)-[r]->(c:Organization)"),
                               ("in", "(o:Organization)<-[r]-(c:Organization)")):
        for r in store.run(f"MATCH {pattern} WHERE o.id = $id AND r.type IS NOT NULL "
                           "RETURN c.id AS other, r.type AS type, r.tiers AS tiers, r.statuses AS statuses",
                           {"id": org_id}).rows:
            out.setdefault((r["other"], r["type"]), []).append({**r, "direction": direction})
    return out


def links_between(store: GraphStore, a: str, b: str, b_kind: str, rel_type: str = "") -> list[dict[str, Any]]:
    """The links from `a` to `b` (of one type, or all with ''), with their evidence lists."""
    return store.run(
        f"MATCH (a:Organization)-[r]->(b:{SCHEMA.table_of(b_kind)}) WHERE a.id = $a AND b.id = $b "
        "AND r.type IS NOT NULL AND ($type = '' OR r.type = $type) "
        "RETURN a.id AS source, a.name AS source_name, b.id AS target, b.name AS target_name, r.type AS type, "
        "r.tier AS tier, r.status AS status, r.attrs AS attrs, r.quotes AS evidence, r.urls AS urls, "
        "r.source_ids AS sources, r.quote_starts AS quote_starts, r.quote_ends AS quote_ends, r.tiers AS tiers, "
        "r.statuses AS statuses, r.dates AS dates, r.id AS id, r.review AS review, r.review_note AS review_note, "
        "r.reviewer AS reviewer, r.reviewed_at AS reviewed_at, r.first_stated AS first_stated, "
        "r.last_stated AS last_stated ORDER BY type", {"a": a, "b": b, "type": rel_type}).rows
