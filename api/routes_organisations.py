"""Organisations: search by any name form, one organisation, its links with evidence, one link."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from graph.errors import AmbiguousName, QueryParameterError, UnknownEntity
from graph.model import KINDS, REL_TYPES
from graph.store import GraphStore
from queries import get_query, run_named

from api.routes_util import FORMAT_DOC, StoreDep, resolve, tabular
from api.schemas import EdgeResponse, ErrorResponse, EvidenceOut, LinkOut, LinksResponse, OrgDetail, OrgSummary, \
    SearchResponse

router = APIRouter(tags=["organisations"])

_DETAIL_FIELDS = ("id", "name", "kind", "short", "aliases", "name_en", "city", "region", "url", "wikidata", "inn",
                  "ogrn", "ror", "curated")
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}}
MAX_SEARCH = 1000


def source_titles(store: GraphStore, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title and URL of each Source node, by id."""
    if not ids:
        return {}
    rows = store.run("MATCH (s:Source) WHERE s.id IN $ids RETURN s.id AS id, s.title AS title, s.url AS url",
                     {"ids": sorted(ids)}).rows
    return {r["id"]: r for r in rows}


def evidence_of(row: dict[str, Any], titles: dict[str, dict[str, Any]], quotes_key: str = "evidence") -> list[EvidenceOut]:
    """The parallel evidence lists of a link row, as one object per source statement."""
    quotes = row.get(quotes_key) or []
    n = len(quotes)

    def col(key: str, default: Any) -> list[Any]:
        values = list(row.get(key) or [])
        return values + [default] * (n - len(values))

    urls, sources, starts, ends = col("urls", ""), col("sources", ""), col("quote_starts", -1), col("quote_ends", -1)
    tiers, statuses = col("tiers", row.get("tier") or "explicit"), col("statuses", row.get("status") or "")
    out = []
    for i, quote in enumerate(quotes):
        src = titles.get(sources[i] or "", {})
        out.append(EvidenceOut(quote=quote or "", source=sources[i] or "", url=urls[i] or src.get("url") or "",
                               title=src.get("title") or "", start=starts[i] if starts[i] is not None else -1,
                               end=ends[i] if ends[i] is not None else -1, tier=tiers[i] or "explicit",
                               status=statuses[i] or ""))
    return out


def _attrs(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _resolve(store: GraphStore, name: str) -> dict[str, Any]:
    return resolve(store, name)


@router.get("/organizations", response_model=SearchResponse, summary="Search organisations by any name form")
def search(request: Request, store: StoreDep,
           q: Annotated[str, Query(max_length=300, description="Any part of any name form, Cyrillic or Latin")] = "",
           kind: Annotated[Literal[KINDS] | None, Query(description="Only this kind")] = None,  # type: ignore[valid-type]
           limit: Annotated[int, Query(ge=1, le=MAX_SEARCH)] = 20,
           format: Annotated[Literal["json", "csv"] | None, Query(description=FORMAT_DOC)] = None) -> Any:
    """Exact name or id hits first, then every organisation whose name forms contain the text."""
    hits: list[OrgSummary] = []
    text = q.strip()
    if text:
        try:
            exact = _resolve(store, text)
            if not kind or exact["kind"] == kind:
                hits.append(OrgSummary.from_row(exact, "exact"))
        except (UnknownEntity, AmbiguousName):
            pass
        try:
            rows = run_named(store, get_query("search"), {"text": text, "kind": kind or "", "limit": limit}).result.rows
        except QueryParameterError:
            rows = []
    else:
        rows = store.run("MATCH (o:Organization) WHERE $kind = '' OR o.kind = $kind "
                         "RETURN o.id AS id, o.name AS name, o.kind AS kind, o.short AS short ORDER BY o.id LIMIT $limit",
                         {"kind": kind or "", "limit": limit}).rows
    seen = {h.id for h in hits}
    hits += [OrgSummary.from_row(r) for r in rows if r["id"] not in seen]
    hits = hits[:limit]
    model = SearchResponse(q=q, kind=kind or "", results=hits)
    return tabular(request, format, model, [h.model_dump() for h in hits], ["id", "name", "kind", "short", "match"],
                   "organizations")


@router.get("/organizations/{org}", response_model=OrgDetail, responses=_NOT_FOUND,
            summary="One organisation, by id or any name form")
def organisation(store: StoreDep, org: str) -> OrgDetail:
    found = _resolve(store, org)
    label = "Program" if found["kind"] == "program" else "Organization"
    cols = ", ".join(f"o.{f} AS {f}" for f in _DETAIL_FIELDS)
    rows = store.run(f"MATCH (o:{label}) WHERE o.id = $id RETURN {cols}", {"id": found["id"]}).rows
    return OrgDetail.from_row(rows[0] if rows else found)


@router.get("/organizations/{org}/links", response_model=LinksResponse, responses=_NOT_FOUND,
            summary="An organisation's links, each with its evidence")
def links(request: Request, store: StoreDep, org: str,
          format: Annotated[Literal["json", "csv"] | None, Query(description=FORMAT_DOC)] = None) -> Any:
    """Every typed link with the other end, tier, status and each evidence sentence with its source."""
    found = _resolve(store, org)
    answer = run_named(store, get_query("org_profile"), {"org": found["id"]})
    rows = [r for r in answer.result.rows if r.get("type")]
    # org_profile matches both directions; the per-source tiers and statuses and the direction come from here
    extra: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for direction, pattern in (("out", "(o:Organization)-[r]->(c:Organization)"),
                               ("in", "(o:Organization)<-[r]-(c:Organization)")):
        for r in store.run(f"MATCH {pattern} WHERE o.id = $id AND r.type IS NOT NULL "
                           "RETURN c.id AS other, r.type AS type, r.tiers AS tiers, r.statuses AS statuses",
                           {"id": found["id"]}).rows:
            extra.setdefault((r["other"], r["type"]), []).append({**r, "direction": direction})
    titles = source_titles(store, {s for r in rows for s in (r.get("sources") or []) if s})
    out: list[LinkOut] = []
    for row in rows:
        more = extra.get((row["other"], row["type"])) or [{"direction": "out"}]
        info = more.pop(0) if len(more) > 1 else more[0]
        full = {**row, "tiers": info.get("tiers"), "statuses": info.get("statuses")}
        out.append(LinkOut(type=row["type"], other=row["other"], other_name=row["other_name"] or "",
                           other_kind=row["other_kind"] or "", direction=info["direction"], tier=row.get("tier"),
                           status=row.get("status"), attrs=_attrs(row.get("attrs")),
                           evidence=evidence_of(full, titles)))
    model = LinksResponse(organization=OrgSummary.from_row(found, "exact"), links=out)
    flat = [{"id": found["id"], "type": link.type, "direction": link.direction, "other": link.other,
             "other_name": link.other_name, "tier": link.tier, "status": link.status, "quote": e.quote,
             "url": e.url, "title": e.title, "start": e.start, "end": e.end}
            for link in out for e in (link.evidence or [EvidenceOut(quote="")])]
    return tabular(request, format, model, flat, None, f"{found['id']}-links")


@router.get("/edges", response_model=list[EdgeResponse], responses=_NOT_FOUND,
            summary="The links between two organisations, with their evidence")
def edges(store: StoreDep,
          source: Annotated[str, Query(description="Industry side: id or any name form")],
          target: Annotated[str, Query(description="Education side (or zone, holding): id or any name form")],
          type: Annotated[Literal[tuple(REL_TYPES)] | None, Query(description="Only this type")] = None,  # type: ignore[valid-type]
          ) -> list[EdgeResponse]:
    a, b = _resolve(store, source), _resolve(store, target)
    b_label = "Program" if b["kind"] == "program" else "Organization"
    rows = store.run(
        f"MATCH (a:Organization)-[r]->(b:{b_label}) WHERE a.id = $a AND b.id = $b AND r.type IS NOT NULL "
        "AND ($type = '' OR r.type = $type) "
        "RETURN a.id AS source, a.name AS source_name, b.id AS target, b.name AS target_name, r.type AS type, "
        "r.tier AS tier, r.status AS status, r.attrs AS attrs, r.quotes AS evidence, r.urls AS urls, "
        "r.source_ids AS sources, r.quote_starts AS quote_starts, r.quote_ends AS quote_ends, r.tiers AS tiers, "
        "r.statuses AS statuses ORDER BY type", {"a": a["id"], "b": b["id"], "type": type or ""}).rows
    titles = source_titles(store, {s for r in rows for s in (r.get("sources") or []) if s})
    return [EdgeResponse(source=r["source"], target=r["target"], source_name=r["source_name"],
                         target_name=r["target_name"], type=r["type"], tier=r.get("tier"), status=r.get("status"),
                         attrs=_attrs(r.get("attrs")), evidence=evidence_of(r, titles)) for r in rows]
