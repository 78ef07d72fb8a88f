"""The explorer page: vis-network, served with every script and style sheet from api/static (works offline)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse

router = APIRouter(tags=["explorer"])
PAGE = Path(__file__).parent / "static" / "explorer.html"


@router.get("/explore", response_class=HTMLResponse, summary="The graph explorer (a browser page)")
def explore() -> HTMLResponse:
    """Search, expand, filter, read evidence; `?focus=miet&depth=2&types=INTERNSHIP` opens a shared view."""
    return HTMLResponse(PAGE.read_text(encoding="utf-8"))


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/explore")
