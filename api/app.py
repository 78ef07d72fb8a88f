"""The HTTP API and the explorer, built by a factory: `create_app(settings)` or `create_app(store=...)`.

Example:
    >>> from fastapi.testclient import TestClient
    >>> from graph.embedded_store import EmbeddedStore
    >>> client = TestClient(create_app(store=EmbeddedStore("g.lbdb")))  # doctest: +SKIP
    >>> client.get("/queries/common_partners", params={"a": "МИЭТ", "b": "МАИ"}).json()  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import (
    explorer,
    routes_cypher,
    routes_graph,
    routes_health,
    routes_organisations,
    routes_queries,
    routes_review,
    routes_schema,
)
from graph.errors import (
    AmbiguousName,
    InvalidRecord,
    PartnergraphError,
    QueryFailed,
    QueryNotFound,
    QueryParameterError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
    UnknownEntity,
    UnknownLink,
)
from graph.open import open_store
from graph.settings import Settings
from graph.store import GraphStore

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"

# The one place where project errors become HTTP statuses (most specific class first).
HANDLERS: dict[type[PartnergraphError], int] = {
    UnknownEntity: 404,
    UnknownLink: 404,
    QueryNotFound: 404,
    AmbiguousName: 409,
    QueryParameterError: 422,
    InvalidRecord: 422,
    ReadOnlyViolation: 400,
    StoreUnavailable: 503,
    QueryTimeout: 504,
    QueryFailed: 400,
    PartnergraphError: 400,
}


def status_of(exc: PartnergraphError) -> int:
    """The HTTP status of a project error."""
    for cls, status in HANDLERS.items():
        if isinstance(exc, cls):
            return status
    return 500


def _error(status: int, error: str, detail: str, **extra: list[str]) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail, **{k: v for k, v in extra.items() if v}},
                        status_code=status)


async def _project_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PartnergraphError)
    return _error(status_of(exc), type(exc).__name__, str(exc),
                  suggestions=list(getattr(exc, "suggestions", []) or []),
                  candidates=list(getattr(exc, "candidates", []) or []))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return _error(422, "QueryParameterError", "Invalid request. " + "; ".join(parts) + ".")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    name = "NotFound" if exc.status_code == 404 else "HTTPError"
    detail = exc.detail if exc.status_code != 404 else f"No such page: {request.url.path}. See /docs."
    response = _error(exc.status_code, name, str(detail))
    response.headers.update(exc.headers or {})
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # the trace goes to the server log only: a response never carries it (nor any setting)
    log.exception("unexpected error on %s", request.url.path)
    return _error(500, "InternalError", f"Unexpected {type(exc).__name__} on the server; see its log.")


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The API and the explorer over the store the settings name, or over `store` (then not closed here)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(settings)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(title="partnergraph", version="0.1.0", lifespan=lifespan,
                  description="Industry–education partnerships: organisations, their links with evidence, "
                              "named queries, read-only Cypher, subgraphs and exports. Explorer: /explore.")
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    app.add_exception_handler(PartnergraphError, _project_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    for router in (routes_organisations.router, routes_queries.build_router(), routes_cypher.router,
                   routes_graph.router, routes_health.router, routes_schema.router,
                   routes_review.router, explorer.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
