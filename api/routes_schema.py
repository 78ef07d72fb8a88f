"""The schema of the graph (kinds, relationship types, fields), as the explorer and clients read it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from graph.schema import SCHEMA

router = APIRouter(tags=["schema"])


@router.get("/schema", summary="Kinds (label, group, colour, shape), relationship types (from/to kinds, "
                               "partner or not, colour) and the fields of organisations and links")
def schema() -> dict[str, Any]:
    return SCHEMA.as_json()
