"""Curated records: organisations (YAML or CSV) and links (CSV or YAML), as model objects.

Organisation files hold a list of mappings with the fields of `graph.model.Organisation`,
plus `parent` (the id of a holding, loaded as SUBSIDIARY_OF). Link files hold rows of
`type, source, target[, evidence, url, tier, status, attrs]`; `attrs` is a JSON object.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.errors import InvalidRecord
from graph.model import REL_TYPES, Evidence, Organisation, Relation, Source, StatementSet
from graph.registry import Registry
from ingest.records import LINE, invalid, read_text, read_yaml

ORG_COLUMNS = {"id", "kind", "name"}
LINK_COLUMNS = {"type", "source", "target"}


def curated_source(path: Path) -> Source:
    return Source(id=f"curated:{path.name}", title=f"curated file {path.name}")


def organisation(path: Path, data: dict[str, Any], line: int | None) -> tuple[Organisation, str | None]:
    """An organisation record and the id of its parent, if any."""
    data = {k: v for k, v in data.items() if k != LINE and v not in (None, "")}
    parent = data.pop("parent", None)
    for key in ("short", "aliases", "sources"):
        if isinstance(data.get(key), str):  # CSV cells list forms as "a; b"
            data[key] = [s.strip() for s in data[key].split(";") if s.strip()]
    for key in ("inn", "ogrn"):
        if isinstance(data.get(key), int):
            raise InvalidRecord(str(path), "identifiers must be quoted strings (leading zeros matter)",
                                line=line, record=data.get("id"), field=key, value=data[key],
                                expected=f'"{data[key]}"')
    try:
        return Organisation(**data, curated=True), parent
    except ValidationError as exc:
        raise invalid(path, exc, line=line, record=data.get("id")) from exc


def link(path: Path, data: dict[str, Any], line: int | None) -> Relation:
    """A curated link; its evidence is the record itself (its note, its URL)."""
    record = f"{data.get('type')} {data.get('source')} -> {data.get('target')}"
    for key in ("type", "source", "target"):
        if not data.get(key):
            raise InvalidRecord(str(path), f"required field {key!r} is missing", line=line, record=record)
    if data["type"] not in REL_TYPES:
        raise InvalidRecord(str(path), "unknown relationship type", line=line, record=record, field="type",
                            value=data["type"], expected=f"one of {', '.join(REL_TYPES)}")
    attrs = data.get("attrs") or {}
    if isinstance(attrs, str):
        try:
            attrs = json.loads(attrs)
        except json.JSONDecodeError as exc:
            raise InvalidRecord(str(path), "attrs is not a JSON object", line=line, record=record,
                                field="attrs", value=attrs, expected='e.g. {"students": 30}') from exc
    try:
        ev = Evidence(source=curated_source(path).id, url=data.get("url") or "", quote=data.get("evidence") or "",
                      tier=data.get("tier") or "explicit", status=data.get("status") or "")
        return Relation(type=data["type"], source=data["source"], target=data["target"], evidence=(ev,), attrs=attrs,
                        review="curated")
    except ValidationError as exc:
        raise invalid(path, exc, line=line, record=record) from exc


def _rows(path: Path) -> tuple[list[tuple[int | None, dict[str, Any]]], str]:
    """The records of a file with their lines, and whether they are organisations or links."""
    rows: list[tuple[int | None, dict[str, Any]]]
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(read_text(path)))
        columns = set(reader.fieldnames or [])
        rows = [(reader.line_num, dict(r)) for r in reader]
        rows = [(i + 2, r) for i, (_, r) in enumerate(rows)]  # header is line 1
    else:
        data = read_yaml(path)
        if data is None:
            return [], "organisations"
        if isinstance(data, dict):
            data = data.get("organizations") or data.get("links") or data
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidRecord(str(path), "expected a list of records (one mapping per organisation or link)")
        rows = [(r.get(LINE), r) for r in data]
        columns = set().union(*(r.keys() for r in data)) if data else set()
    if LINK_COLUMNS <= columns:
        return rows, "links"
    if ORG_COLUMNS & columns or not rows:
        return rows, "organisations"
    raise InvalidRecord(str(path), "cannot tell what the records are", field="columns", value=sorted(columns),
                        expected="organisations (id, kind, name, …) or links (type, source, target, …)")


def iter_curated(path: Path, chunk: int = 5_000) -> Iterator[StatementSet]:
    """A curated YAML/CSV file as statement sets of at most `chunk` records each (parents and links
    become relations), so that a big file is never one object in memory."""
    rows, what = _rows(path)
    source = curated_source(path)
    seen: dict[str, int | None] = {}
    for start in range(0, max(len(rows), 1), chunk):
        orgs: list[Organisation] = []
        rels: list[Relation] = []
        for line, row in rows[start:start + chunk]:
            if what == "links":
                rels.append(link(path, row, line))
                continue
            org, parent = organisation(path, row, line)
            if org.id in seen:
                raise InvalidRecord(str(path), "duplicate id", line=line, record=org.id, field="id", value=org.id,
                                    expected=f"an id not used before (first used on line {seen[org.id]})")
            seen[org.id] = line
            orgs.append(org)
            if parent:
                ev = Evidence(source=source.id, url=(org.sources or ("",))[0], quote="", tier="explicit")
                rels.append(Relation(type="SUBSIDIARY_OF", source=org.id, target=str(parent), evidence=(ev,),
                                     review="curated"))
        yield StatementSet(entities=tuple(orgs), relations=tuple(rels), sources=(source,))


def read_curated(path: Path) -> StatementSet:
    """A curated YAML/CSV file as one statement set."""
    parts = list(iter_curated(path))
    return StatementSet(entities=tuple(o for p in parts for o in p.entities),
                        relations=tuple(r for p in parts for r in p.relations), sources=parts[0].sources)


def registry_from_folder(folder: Path) -> Registry:
    """A registry of the curated organisations in the YAML and CSV files of a folder."""
    return Registry(o for p in sorted(folder.iterdir()) if p.suffix.lower() in (".yaml", ".yml", ".csv")
                    for o in read_curated(p).entities)
