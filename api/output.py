"""Rows to text: an aligned table for people, JSON and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
import shutil
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def to_table(rows: list[dict[str, Any]], columns: list[str] | None = None, width: int | None = None) -> str:
    """A plain table, long cells cut to fit the terminal (use json or csv for the full text)."""
    columns = columns or (list(rows[0]) if rows else [])
    if not rows:
        return "(no rows)"
    width = width or shutil.get_terminal_size((160, 20)).columns
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    budget = max(20, (width - 2 * len(columns)) // max(1, len(columns)))
    widths = [min(w, max(budget, 12)) for w in widths]

    def fmt(values: list[str]) -> str:
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()

    lines = [fmt(columns), fmt(["-" * w for w in widths])]
    lines += [fmt(row) for row in cells]
    return "\n".join(lines)


def with_evidence(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A table of the links, each followed by its evidence sentences and their sources, in full."""
    shown = [c for c in columns if c not in ("evidence", "urls")]
    lines = to_table(rows, shown).splitlines()
    out = lines[:2]
    for line, row in zip(lines[2:], rows):
        out.append(line)
        for quote, url in zip(row.get("evidence") or [], (row.get("urls") or []) + [""] * 99):
            out.append(f"    «{quote}»" + (f"  — {url}" if url else ""))
    return "\n".join(out)


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> str:
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    columns = columns or (list(rows[0]) if rows else [])
    if rows and "evidence" in columns:
        return with_evidence(rows, columns)
    return to_table(rows, columns)
