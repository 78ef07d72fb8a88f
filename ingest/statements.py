"""Statement sets in the extraction JSON contract (DESIGN.md), read and written.

The same reader takes the hand-made gold files, so a reviewed annotation can be loaded as is:
relations without offsets get them from their evidence sentence, and `source_url` stands in
for `source.url`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.errors import InvalidRecord
from graph.model import REL_TYPES, Evidence, Organisation, Relation, Source, StatementSet
from ingest.documents import source_id
from ingest.records import invalid, read_text

ENTITY_FIELDS = set(Organisation.model_fields) - {"curated"}


def _article_text(path: Path, doc: dict[str, Any]) -> str | None:
    name = doc.get("article") or (doc.get("source") or {}).get("article")
    if name and (path.parent / name).is_file():
        return read_text(path.parent / name)
    return None


def parse_statements(path: Path, doc: Any) -> StatementSet:
    """A statement-set document (already parsed JSON) as model objects."""
    where = str(path)
    if not isinstance(doc, dict) or "entities" not in doc:
        raise InvalidRecord(where, "not a statement set", field="top level", value=type(doc).__name__,
                            expected='an object with "entities" and "relations" (see DESIGN.md)')
    text = _article_text(path, doc)
    src = dict(doc.get("source") or {})
    src.setdefault("url", doc.get("source_url", ""))
    src.setdefault("title", doc.get("title") or "")
    if text is not None:
        src.setdefault("sha256", hashlib.sha256(text.encode("utf-8")).hexdigest())
        src.setdefault("id", source_id(text))
    src.setdefault("id", "doc_" + hashlib.sha256(where.encode()).hexdigest()[:16])
    src = {k: str(v) for k, v in src.items() if k in Source.model_fields and v is not None}
    try:
        source = Source(**src)
    except ValidationError as exc:
        raise invalid(path, exc, line=None, record="source") from exc

    entities = []
    for i, ent in enumerate(doc.get("entities") or []):
        if not isinstance(ent, dict):
            raise InvalidRecord(where, "an entity is not an object", record=f"entities[{i}]")
        data = {k: v for k, v in ent.items() if k in ENTITY_FIELDS}
        try:
            entities.append(Organisation(**data))
        except ValidationError as exc:
            raise invalid(path, exc, line=None, record=f"entities[{i}] {ent.get('id', '')}") from exc

    relations = []
    # every entity is mentioned at least once; gold files list each mention
    counted = Counter(m.get("entity") for m in doc.get("mentions") or [] if isinstance(m, dict))
    mentions = {e.id: {source.id: max(counted[e.id], 1)} for e in entities}
    for i, rel in enumerate(doc.get("relations") or []):
        record = f"relations[{i}] {rel.get('type')} {rel.get('source')} -> {rel.get('target')}"
        if rel.get("type") not in REL_TYPES:
            raise InvalidRecord(where, "unknown relationship type", record=record, field="type",
                                value=rel.get("type"), expected=f"one of {', '.join(REL_TYPES)}")
        quote = rel.get("evidence") or ""
        start, end = rel.get("start"), rel.get("end")
        if start is None and text is not None and quote and quote in text:
            start = text.index(quote)
            end = start + len(quote)
        if text is not None and start is not None and text[start:end] != quote:
            raise InvalidRecord(where, "evidence does not match the text at its offsets", record=record,
                                field="start/end", value=[start, end], expected="text[start:end] == evidence")
        status = rel.get("status") or (rel.get("attrs") or {}).get("status") or ""
        attrs = {k: v for k, v in (rel.get("attrs") or {}).items()
                 if k != "status" and isinstance(v, str | int | float | bool)}
        try:
            ev = Evidence(source=source.id, url=source.url, quote=quote, start=-1 if start is None else start,
                          end=-1 if end is None else end, tier=rel.get("tier") or "explicit", status=status)
            relations.append(Relation(type=rel["type"], source=rel.get("source") or "",
                                      target=rel.get("target") or "", evidence=(ev,), attrs=attrs))
        except ValidationError as exc:
            raise invalid(path, exc, line=None, record=record) from exc
    return StatementSet(entities=tuple(entities), relations=tuple(relations), sources=(source,), mentions=mentions)


def read_statements(path: Path) -> StatementSet:
    """A statement-set JSON file as model objects."""
    try:
        doc = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InvalidRecord(str(path), f"not valid JSON ({exc.msg})", line=exc.lineno) from exc
    return parse_statements(path, doc)


def dump_statements(statements: StatementSet, text: str | None = None) -> dict[str, Any]:
    """A statement set in the JSON contract: what `partnergraph extract` prints."""
    source = statements.sources[0] if statements.sources else None
    return {
        "source": source.model_dump() if source else {},
        "entities": [e.model_dump(exclude_defaults=True, exclude={"curated"}) | {"kind": e.kind} for e in statements.entities],
        "relations": [
            {"type": r.type, "source": r.source, "target": r.target, "tier": e.tier,
             **({"status": e.status} if e.status else {}),
             "evidence": e.quote, "start": e.start, "end": e.end, **({"attrs": r.attrs} if r.attrs else {})}
            for r in statements.relations for e in (r.evidence or (Evidence(source=""),))
        ],
    }
