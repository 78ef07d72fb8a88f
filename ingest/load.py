"""The load pipeline: files and folders in, one statement set, one transaction out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InvalidRecord
from graph.model import Organisation, Relation, StatementSet
from graph.store import GraphStore, UpsertReport
from ingest.curated import read_curated
from ingest.statements import read_statements

CURATED = {".yaml", ".yml", ".csv"}
STATEMENTS = {".json"}
DOCUMENTS = {".txt", ".html", ".htm"}

# A reader of documents (news articles), plugged in by the caller: it gets the curated
# organisations of the same load, so one `ingest registry/ articles/` resolves against both.
DocumentReader = Callable[[Path, list[Organisation]], StatementSet]


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    upsert: UpsertReport = field(default_factory=UpsertReport)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the loadable files under folders named, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CURATED | STATEMENTS | DOCUMENTS
                          and not p.name.endswith(".gold.json"))
        elif path.is_file():
            out.append(path)
        else:
            raise InvalidRecord(str(path), "no such file or folder")
    return out


def read_file(path: Path, read_document: DocumentReader | None = None,
              curated: list[Organisation] | None = None) -> StatementSet:
    suffix = path.suffix.lower()
    if suffix in CURATED:
        return read_curated(path)
    if suffix in STATEMENTS:
        return read_statements(path)
    if suffix in DOCUMENTS and read_document is not None:
        return read_document(path, curated or [])
    raise InvalidRecord(str(path), "unknown kind of file", field="extension", value=path.suffix,
                        expected="organisations or links (.yaml, .yml, .csv), statement sets (.json)"
                        + (", articles (.txt, .html)" if read_document else ""))


def combine(parts: list[tuple[Path, StatementSet]]) -> StatementSet:
    """One statement set from many; a curated id defined in two files is an error."""
    entities: list[Organisation] = []
    relations: list[Relation] = []
    curated_in: dict[str, Path] = {}
    mentions: dict[str, dict[str, int]] = {}
    sources = {}
    for path, part in parts:
        for org in part.entities:
            if org.curated:
                if org.id in curated_in:
                    raise InvalidRecord(str(path), "duplicate id", record=org.id, field="id", value=org.id,
                                        expected=f"an id not already defined in {curated_in[org.id]}")
                curated_in[org.id] = path
        entities += part.entities
        relations += part.relations
        sources.update({s.id: s for s in part.sources})
        for org_id, per in part.mentions.items():
            mentions.setdefault(org_id, {}).update(per)
    return StatementSet(entities=tuple(entities), relations=tuple(relations),
                        sources=tuple(sources.values()), mentions=mentions)


def check_links(parts: list[tuple[Path, StatementSet]], store: GraphStore) -> None:
    """Every link's ends exist in the input or the graph; else name the file and the link."""
    defined = {o.id for _, part in parts for o in part.entities}
    wanted = {end for _, part in parts for r in part.relations for end in (r.source, r.target)} - defined
    if wanted:
        defined |= {row["id"] for row in store.lookup(sorted(wanted), ids_only=True)}
    for path, part in parts:
        for rel in part.relations:
            for side, end in (("source", rel.source), ("target", rel.target)):
                if end not in defined:
                    raise InvalidRecord(str(path), "a link names an organisation that does not exist",
                                        record=f"{rel.type} {rel.source} -> {rel.target}", field=side, value=end,
                                        expected="the id of an organisation in this input or in the graph",
                                        hint="Check the spelling, or load the registry first.")


def load(store: GraphStore, paths: Iterable[Path], *, read_document: DocumentReader | None = None,
         progress: Callable[[Path], None] | None = None,
         write_progress: Callable[[int, int], None] | None = None) -> LoadReport:
    """Read every file, check it all, then write it in one transaction: all or nothing.

    `progress(path)` follows the reading, `write_progress(done, total)` the writing.
    """
    report = LoadReport()
    parts = []
    files = expand(paths)
    # documents last, so that they resolve against the curated records loaded with them
    for path in sorted(files, key=lambda p: p.suffix.lower() in DOCUMENTS):
        curated = [o for _, part in parts for o in part.entities if o.curated]
        parts.append((path, read_file(path, read_document, curated)))
        report.files.append(str(path))
        if progress:
            progress(path)
    check_links(parts, store)
    statements = combine(parts)
    total, done = len(statements.entities) + len(statements.relations), [0]

    def step(n: int) -> None:
        done[0] += n
        if write_progress:
            write_progress(done[0], total)

    report.upsert = store.upsert(statements, step)
    if write_progress:  # links stated twice in the input were written once
        write_progress(total, total)
    return report
