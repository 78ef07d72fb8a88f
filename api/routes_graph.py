"""A subgraph as JSON for drawing: around a centre, hop by hop, or the best-connected overview; capped."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.routes_util import StoreDep
from api.schemas import ErrorResponse, GraphResponse
from graph.errors import QueryParameterError
from graph.model import REL_TYPES
from queries import date_bound
from queries.subgraph import LinkFilter, Subgraph, around, overview

router = APIRouter(tags=["graph"])
MAX_NODES = 5_000
MAX_DEPTH = 3
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def parse_types(raw: str | None) -> list[str]:
    items = [t.strip().upper() for t in (raw or "").split(",") if t.strip()]
    bad = [t for t in items if t not in REL_TYPES]
    if bad:
        raise QueryParameterError(f"Parameter 'types': unknown relationship type(s) {bad!r}; "
                                  f"expected a comma-separated list of {', '.join(REL_TYPES)}.")
    return items or list(REL_TYPES)


@router.get("/graph", response_model=GraphResponse,
            responses={404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
            summary="A subgraph to draw: nodes with id/name/kind, edges with type, tier and evidence count")
def subgraph(store: StoreDep,
             center: Annotated[str | None, Query(max_length=300, description="Id or any name form; "
                                                 "without it, the best-connected organisations and their partners")] = None,
             depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
             types: Annotated[str | None, Query(description="Relationship types, comma-separated (default all)")] = None,
             limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="At most this many nodes")] = 300,
             reviewed: Annotated[bool, Query(description="Only curated and accepted links "
                                                         "(rejected links are always left out)")] = False,
             since: Annotated[str | None, Query(pattern=DATE, description="Links stated since (YYYY[-MM[-DD]])")] = None,
             until: Annotated[str | None, Query(pattern=DATE, description="Links stated until (YYYY[-MM[-DD]])")] = None,
             ) -> GraphResponse:
    wanted = parse_types(types)
    shown = LinkFilter(reviewed, date_bound("since", "since", since), date_bound("until", "until", until))
    found: Subgraph = around(store, center, depth, wanted, limit, shown) if center and center.strip() \
        else overview(store, wanted, limit, shown)
    return GraphResponse(**vars(found), truncated=found.omitted_nodes > 0)
