"""Named queries: the registry, and every query at its own URL with typed, validated parameters."""

from __future__ import annotations

import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from api.routes_util import FORMAT_DOC, StoreDep, tabular
from api.schemas import ErrorResponse, QueryAnswer, QueryInfo
from graph.errors import QueryNotFound, QueryParameterError
from queries import NamedQuery, Param, load_queries, run_named

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}
_RESERVED = {"format"}


def _describe(p: Param) -> str:
    what = {"org": "an organisation: id or any name form (МИЭТ, MIET, miet)",
            "text": "text to find in any name form",
            "kind": "an organisation kind",
            "types": "relationship types, comma-separated, or partner or all",
            "int": "a whole number", "str": "text", "bool": "true or false",
            "since": "links stated since: a year or a date (YYYY, YYYY-MM, YYYY-MM-DD)",
            "until": "links stated until: a year or a date (YYYY, YYYY-MM, YYYY-MM-DD)"}[p.type]
    if p.min is not None:
        what += f" in {p.min}..{p.max}"
    return what + ("" if p.required else f" (default {p.default!r})")


def _endpoint(q: NamedQuery) -> Any:
    """A route function whose signature declares the query's parameters, so /docs shows them typed."""

    def run(request: Request, store: StoreDep, **kwargs: Any) -> Any:
        fmt = kwargs.pop("format", None)
        unknown = set(request.query_params) - {p.name for p in q.params} - _RESERVED
        if unknown:
            raise QueryParameterError(f"{q.name} takes no parameter {', '.join(sorted(unknown))}; "
                                      f"it takes {', '.join(p.name for p in q.params) or 'none'}.")
        raw = {k: v for k, v in kwargs.items() if v is not None}
        answer = run_named(store, q, raw)
        model = QueryAnswer(query=q.name, title=q.title, params=answer.params, resolved=answer.resolved,
                            columns=answer.result.columns, rows=answer.result.rows,
                            truncated=answer.result.truncated)
        return tabular(request, fmt, model, answer.result.rows, answer.result.columns, q.name)

    params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
              inspect.Parameter("store", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=StoreDep)]
    for p in q.params:
        # values are checked by run_named, so that the API and the CLI give the same messages
        annotation = Annotated[str | None, Query(description=_describe(p),
                                                 examples=[p.default] if p.default else None)]
        params.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation))
    params.append(inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, default=None,
                                    annotation=Annotated[Literal["json", "csv"] | None,
                                                         Query(description=FORMAT_DOC)]))
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__name__ = f"query_{q.name}"
    run.__doc__ = q.description
    return run


def build_router() -> APIRouter:
    """The registry route, one route per named query, and a 404 for any other name."""
    router = APIRouter(tags=["queries"])
    queries = load_queries()

    @router.get("/queries", response_model=list[QueryInfo], summary="The named queries and their parameters")
    def registry() -> list[QueryInfo]:
        return [QueryInfo.from_domain(q) for q in queries.values()]

    for q in queries.values():
        router.add_api_route(f"/queries/{q.name}", _endpoint(q), methods=["GET"], response_model=QueryAnswer,
                             responses=_ERRORS, summary=q.title, description=q.description)

    @router.get("/queries/{name}", include_in_schema=False)
    def unknown(name: str) -> None:
        raise QueryNotFound(f"No named query {name!r}. Known: {', '.join(queries)}. See GET /queries.")

    return router
