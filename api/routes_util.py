"""What every router shares: the store dependency, the app's settings, and CSV for tabular answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.output import to_csv
from graph.settings import Settings
from graph.store import GraphStore
from queries import resolve_org


def get_store(request: Request) -> GraphStore:
    """The store the app opened in its lifespan (or the one injected for tests)."""
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

FORMAT_DOC = "json (default) or csv; `Accept: text/csv` also asks for CSV"


def wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt:
        return fmt.lower() == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


def tabular(request: Request, fmt: str | None, model: BaseModel, rows: list[dict[str, Any]],
            columns: list[str] | None = None, name: str = "answer") -> Any:
    """The model as JSON, or its rows as CSV when the caller asks for CSV."""
    if wants_csv(request, fmt):
        return Response(to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.csv"'})
    return model


def resolve(store: GraphStore, name: str) -> dict[str, Any]:
    """The organisation a name means; an unknown name's error carries close matches where any exist."""
    return resolve_org(store, name)
