"""Organisations: search by any name form, one organisation, its links with evidence, one link."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from api.routes_util import FORMAT_DOC, StoreDep, resolve, tabular
from api.schemas import (
    EdgeResponse,
    ErrorResponse,
    EvidenceOut,
    LinkOut,
    LinksResponse,
    OrgSummary,
    SearchResponse,
    org_detail,
)
from graph.errors import AmbiguousName, QueryParameterError, UnknownEntity
from graph.model import KINDS, REL_TYPES, Organisation
from graph.store import GraphStore
from queries import get_query, organisations, run_named

router = APIRouter(tags=["organisations"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}}
MAX_SEARCH = 1000


def evidence_of(row: dict[str, Any], titles: dict[str, dict[str, Any]], quotes_key: str = "evidence") -> list[EvidenceOut]:
    """The parallel evidence lists of a link row, as one object per source statement."""
    quotes = row.get(quotes_key) or []
    n = len(quotes)

    def col(key: str, default: Any) -> list[Any]:
        values = list(row.get(key) or [])
        return values + [default] * (n - len(values))

    urls, sources, starts, ends = col("urls", ""), col("sources", ""), col("quote_starts", -1), col("quote_ends", -1)
    tiers, statuses = col("tiers", row.get("tier") or "explicit"), col("statuses", row.get("status") or "")
    dates = col("dates", "")
    out = []
    for i, quote in enumerate(quotes):
        src = titles.get(sources[i] or "", {})
        out.append(EvidenceOut(quote=quote or "", source=sources[i] or "", url=urls[i] or src.get("url") or "",
                               title=src.get("title") or "", start=starts[i] if starts[i] is not None else -1,
                               end=ends[i] if ends[i] is not None else -1, tier=tiers[i] or "explicit",
                               status=statuses[i] or "", date=dates[i] or ""))
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
        rows = organisations.listing(store, kind or "", limit)
    seen = {h.id for h in hits}
    hits += [OrgSummary.from_row(r) for r in rows if r["id"] not in seen]
    hits = hits[:limit]
    model = SearchResponse(q=q, kind=kind or "", results=hits)
    return tabular(request, format, model, [h.model_dump() for h in hits], ["id", "name", "kind", "short", "match"],
                   "organizations")


@router.get("/organizations/{org}", response_model=Organisation, responses=_NOT_FOUND,
            summary="One organisation, by id or any name form")
def organisation(store: StoreDep, org: str) -> Organisation:
    found = _resolve(store, org)
    return org_detail(organisations.detail(store, found["id"], found["kind"]) or found)


@router.get("/organizations/{org}/links", response_model=LinksResponse, responses=_NOT_FOUND,
            summary="An organisation's links, each with its evidence")
def links(request: Request, store: StoreDep, org: str,
          format: Annotated[Literal["json", "csv"] | None, Query(description=FORMAT_DOC)] = None) -> Any:
    """Every typed link with the other end, tier, status and each evidence sentence with its source."""
    found = _resolve(store, org)
    answer = run_named(store, get_query("org_profile"), {"org": found["id"]})
    rows = [r for r in answer.result.rows if r.get("type")]
    # org_profile matches both directions; the per-source tiers and statuses and the direction come from here
    extra = organisations.link_sides(store, found["id"])
    titles = organisations.source_titles(store, {s for r in rows for s in (r.get("sources") or []) if s})
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
    rows = organisations.links_between(store, a["id"], b["id"], b["kind"], type or "")
    titles = organisations.source_titles(store, {s for r in rows for s in (r.get("sources") or []) if s})
    return [EdgeResponse(source=r["source"], target=r["target"], source_name=r["source_name"],
                         target_name=r["target_name"], type=r["type"], tier=r.get("tier"), status=r.get("status"),
                         attrs=_attrs(r.get("attrs")), evidence=evidence_of(r, titles),
                         **{k: r.get(k) for k in ("id", "review", "review_note", "reviewer", "reviewed_at",
                                                   "first_stated", "last_stated")}) for r in rows]
