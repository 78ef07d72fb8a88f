"""The load pipeline: files and folders in, statement sets streamed into one transaction.

What a file holds is looked up in one table of formats (READERS): by its suffix, and by its content
where the suffix is ambiguous (`.json`: a list of curated records, or a statement set; `.txt`: an
annotated article of the corpus, or an article to extract). Decisions (`.jsonl`) are read first:
merges rename ids in everything read after them, and review decisions are applied last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InvalidRecord
from graph.model import Organisation, StatementSet
from graph.store import GraphStore, UpsertReport
from ingest.corpus import has_annotation, read_annotated
from ingest.curated import iter_curated
from ingest.decisions import merge_map, read_decisions, rename
from ingest.statements import read_statements

# A reader of documents (news articles), plugged in by the caller: it gets the curated
# organisations of the same load, so one `ingest registry/ articles/` resolves against both.
DocumentReader = Callable[[Path, list[Organisation]], StatementSet]
Sniff = Callable[[Path], bool]


@dataclass(frozen=True)
class Format:
    name: str  # curated | statements | annotated | document | decisions
    suffixes: tuple[str, ...]
    sniff: Sniff | None = None  # for a suffix several formats share: is the file one of this format?


def _starts_with(char: bytes) -> Sniff:
    def sniff(path: Path) -> bool:
        with path.open("rb") as fh:
            return fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == char
    return sniff


READERS = (
    Format("curated", (".yaml", ".yml", ".csv")),
    Format("curated", (".json",), _starts_with(b"[")),  # a JSON list of organisation or link records
    Format("statements", (".json",), _starts_with(b"{")),
    Format("annotated", (".txt",), has_annotation),  # an article with its gold annotation and meta sidecars
    Format("document", (".txt", ".html", ".htm")),
    Format("decisions", (".jsonl",)),
)
SUFFIXES = {s for f in READERS for s in f.suffixes}
# annotations and sidecars beside articles: read with them, never loaded on their own
SIDECARS = (".gold.json", ".meta.json")
EXPECTED = "organisations or links (.yaml, .yml, .csv, a JSON list), statement sets (a JSON object), " \
           "articles (.txt, .html), decisions (.jsonl)"


def format_of(path: Path) -> str:
    """Which format a file is in, from its suffix and, where that is ambiguous, its first bytes."""
    fits = [f for f in READERS if path.suffix.lower() in f.suffixes]
    if len(fits) > 1:
        fits = [f for f in fits if f.sniff is None or f.sniff(path)]
    if not fits:
        raise InvalidRecord(str(path), "unknown kind of file", field="extension", value=path.suffix,
                            expected=EXPECTED)
    return fits[0].name


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    upsert: UpsertReport = field(default_factory=UpsertReport)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the loadable files under folders named, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                          and not p.name.endswith(SIDECARS))
        elif path.is_file():
            out.append(path)
        else:
            raise InvalidRecord(str(path), "no such file or folder")
    return out


def read_file(path: Path, read_document: DocumentReader | None = None,
              curated: list[Organisation] | None = None, fmt: str | None = None) -> Iterator[StatementSet]:
    """The statement sets in one file (of format `fmt`, sniffed if not given), in chunks for big curated files."""
    fmt = fmt or format_of(path)
    if fmt == "curated":
        yield from iter_curated(path)
    elif fmt == "statements":
        yield read_statements(path)
    elif fmt == "annotated":
        yield read_annotated(path)
    elif fmt == "decisions":
        yield read_decisions(path)
    elif read_document is not None:
        yield read_document(path, curated or [])
    else:
        raise InvalidRecord(str(path), "articles cannot be read here", field="extension", value=path.suffix,
                            expected="organisations or links, or statement sets")


class _Checks:
    """What must hold across the files of one load: a curated id is defined once, and every link's
    ends exist in the input read so far or in the graph."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.curated_in: dict[str, Path] = {}
        self.curated: list[Organisation] = []
        self.defined: set[str] = set()

    def check(self, path: Path, part: StatementSet) -> None:
        for org in part.entities:
            if org.curated:
                if org.id in self.curated_in and self.curated_in[org.id] != path:
                    raise InvalidRecord(str(path), "duplicate id", record=org.id, field="id", value=org.id,
                                        expected=f"an id not already defined in {self.curated_in[org.id]}")
                self.curated_in[org.id] = path
                self.curated.append(org)
        self.defined |= {o.id for o in part.entities}
        wanted = {end for r in part.relations for end in (r.source, r.target)} - self.defined
        if wanted:
            self.defined |= {row["id"] for row in self.store.lookup(sorted(wanted), ids_only=True)}
        for rel in part.relations:
            for side, end in (("source", rel.source), ("target", rel.target)):
                if end not in self.defined:
                    raise InvalidRecord(str(path), "a link names an organisation that does not exist",
                                        record=f"{rel.type} {rel.source} -> {rel.target}", field=side, value=end,
                                        expected="the id of an organisation in this input or in the graph",
                                        hint="Check the spelling, or load the registry first.")


def load(store: GraphStore, paths: Iterable[Path], *, read_document: DocumentReader | None = None,
         progress: Callable[[Path], None] | None = None,
         write_progress: Callable[[int], None] | None = None) -> LoadReport:
    """Read, check and write every file in one transaction: all or nothing.

    Files stream through: each is read, checked and written before the next is read. Documents come
    last, so that they resolve against the curated records loaded with them. `progress(path)` follows
    the files, `write_progress(n)` the organisations and links written.
    """
    report = LoadReport()
    order = ("decisions", "curated", "statements", "annotated", "document")
    formats = {p: format_of(p) for p in expand(paths)}  # sniffed once: sniffing opens the file
    files = sorted(formats, key=lambda p: order.index(formats[p]))
    checks = _Checks(store)
    decided = [part for path in files if formats[path] == "decisions" for part in read_file(path, fmt="decisions")]
    decisions = StatementSet(decisions=tuple(d for p in decided for d in p.decisions),
                             merges=tuple(m for p in decided for m in p.merges))
    renames = merge_map(list(decisions.merges))

    def parts() -> Iterator[StatementSet]:
        for path in files:
            if formats[path] != "decisions":
                for part in read_file(path, read_document, checks.curated, formats[path]):
                    part = rename(part, renames)
                    checks.check(path, part)
                    yield part
            report.files.append(str(path))
            if progress:
                progress(path)
        if decisions.decisions or decisions.merges:
            yield rename(decisions, renames)

    report.upsert = store.upsert_all(parts(), write_progress)
    return report
