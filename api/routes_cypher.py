"""Read-only Cypher: writes are refused before anything runs; a time limit and a row cap apply."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder

from api.routes_util import SettingsDep, StoreDep
from api.schemas import CypherRequest, CypherResponse, ErrorResponse

router = APIRouter(tags=["cypher"])
DEFAULT_ROWS = 1_000
MAX_TIMEOUT = 30.0


@router.post("/cypher", response_model=CypherResponse,
             responses={400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 504: {"model": ErrorResponse}},
             summary="Run read-only Cypher")
def cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> Any:
    """Refuses CREATE, MERGE, SET, DELETE, file access and unknown procedures; `truncated` says if the cap cut rows."""
    cap = min(body.limit or DEFAULT_ROWS, settings.row_cap)
    timeout = min(body.timeout or settings.query_timeout, settings.query_timeout, MAX_TIMEOUT)
    result = store.run_readonly(body.query, body.params, timeout=timeout, limit=cap)
    return CypherResponse(columns=result.columns, rows=jsonable_encoder(result.rows), truncated=result.truncated)
