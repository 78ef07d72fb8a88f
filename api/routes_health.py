"""Exports of the whole graph, and the health check."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.export import export as export_graph
from api.routes_util import StoreDep
from api.schemas import ErrorResponse, HealthResponse

router = APIRouter(tags=["export"])

MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
         "json": "application/json", "csv": "text/csv"}


@router.get("/export", summary="The whole graph as GraphML, GEXF, JSON or CSV",
            responses={200: {"content": {m: {} for m in MEDIA.values()}}})
def export(store: StoreDep,
           format: Annotated[Literal["graphml", "gexf", "json", "csv"], Query()] = "graphml") -> Response:
    text = export_graph(store, format)
    return Response(text, media_type=f"{MEDIA[format]}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="partnergraph.{format}"'})


@router.get("/health", response_model=HealthResponse, responses={503: {"model": ErrorResponse}},
            summary="Is the store reachable; what it holds")
def health(store: StoreDep) -> HealthResponse:
    return HealthResponse(status="ok", backend=store.backend, version=store.version(), counts=store.counts())
