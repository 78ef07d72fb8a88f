"""The house rules: one schema, one direction of imports, no Cypher in the API, pluggable readers and extractors."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.cli import cli
from graph.errors import InvalidRecord, PartnergraphError
from graph.schema import SCHEMA
from ingest.curated import iter_curated
from ingest.extractors import get_extractor
from ingest.load import format_of, load
from queries import NamedQuery, load_queries
from tests.conftest import ROOT

PACKAGES = ("graph", "ingest", "queries", "api")
# what each package may import of ours (DESIGN.md): graph nothing, ingest and queries graph, api all three
ALLOWED = {"graph": {"graph"}, "ingest": {"graph", "ingest"}, "queries": {"graph", "queries"},
           "api": set(PACKAGES)}


def _imports() -> dict[str, set[str]]:
    """module -> the modules of ours it imports at module level (not inside functions)."""
    out: dict[str, set[str]] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            mod = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            found = set()
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES:
                    found.add(node.module)
                    found |= {f"{node.module}.{a.name}" for a in node.names}
                elif isinstance(node, ast.Import):
                    found |= {a.name for a in node.names if a.name.split(".")[0] in PACKAGES}
            out[mod] = found
    return {m: {i for i in deps if i in out and i != m} for m, deps in out.items()}


def test_imports_point_one_way() -> None:
    for mod, deps in _imports().items():
        for dep in deps:
            assert dep.split(".")[0] in ALLOWED[mod.split(".")[0]], f"{mod} imports {dep}"


def test_no_import_cycles() -> None:
    graph = _imports()
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in graph[m]:
            # a package importing its own submodules is how packages work, not a cycle
            if d.startswith(m + "."):
                continue
            assert state.get(d) != 1, "import cycle: " + " -> ".join([*path, m, d])
            if d not in state:
                visit(d, [*path, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_no_cypher_in_the_api() -> None:
    for path in (ROOT / "api").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert "MATCH" not in code, path


def test_explorer_names_no_kind_or_type() -> None:
    js = (ROOT / "api" / "static" / "explorer.js").read_text(encoding="utf-8")
    for name in [*SCHEMA.kinds, *SCHEMA.relationships]:
        assert not re.search(rf"\b{name}\b", js), name


def test_schema_endpoint(tmp_path: Path) -> None:
    from api.app import create_app
    from graph.open import open_store
    from graph.settings import Settings

    with open_store(Settings(db=tmp_path / "g.lbdb")) as store:
        body = TestClient(create_app(store=store)).get("/schema").json()
    assert set(body["kinds"]) == set(SCHEMA.kinds)
    assert body["relationships"]["RESIDENT_OF"]["targets"] == ["sez", "technopark"]
    assert "company" in body["relationships"]["INTERNSHIP"]["sources"]
    assert body["kinds"]["university"]["labels"] == ["Organization", "University"]


def test_every_relationship_ends_at_one_table() -> None:
    for t in SCHEMA.relationships.values():
        assert {SCHEMA.table_of(k) for k in t.targets} == {t.target_table}


def test_a_query_picks_its_backend_sibling() -> None:
    q = load_queries()["path_between"]
    assert "ALL SHORTEST" in q.text_for("embedded") and "allShortestPaths" in q.text_for("neo4j")
    third = NamedQuery("x", "t", "", "MATCH (n) RETURN n", (), {"memgraph": "MATCH (m) RETURN m"})
    assert third.text_for("memgraph") == "MATCH (m) RETURN m" and third.text_for("neo4j") == "MATCH (n) RETURN n"
    assert load_queries() is load_queries()  # read once


def test_json_is_sniffed(tmp_path: Path) -> None:
    records = tmp_path / "orgs.json"
    records.write_text(json.dumps([{"id": "a", "kind": "company", "name": "А"}]), encoding="utf-8")
    statements = tmp_path / "set.json"
    statements.write_text(json.dumps({"entities": [], "relations": []}), encoding="utf-8")
    other = tmp_path / "x.json"
    other.write_text('"just a string"', encoding="utf-8")
    assert format_of(records) == "curated" and format_of(statements) == "statements"
    with pytest.raises(InvalidRecord, match="unknown kind of file"):
        format_of(other)


def test_curated_files_stream_in_chunks(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_text("id,kind,name\n" + "".join(f"o{i},company,Фирма {i}\n" for i in range(25)), encoding="utf-8")
    parts = list(iter_curated(path, chunk=10))
    assert [len(p.entities) for p in parts] == [10, 10, 5]
    report = load(store, [path])
    assert report.upsert.nodes_added == 25


def test_a_bad_row_in_a_later_file_loads_nothing(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.csv").write_text("id,kind,name\na,company,А\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("type,source,target\nINTERNSHIP,a,nowhere\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match="nowhere"):
        load(store, [tmp_path])
    assert store.lookup(["a"], ids_only=True) == []


def test_extractor_by_name() -> None:
    assert get_extractor("rules").name == "rules"
    with pytest.raises(PartnergraphError, match="No extractor 'llm'"):
        get_extractor("llm")
    result = CliRunner().invoke(cli, ["--extractor", "llm", "extract", str(ROOT / "data" / "articles" /
                                                                         "seed_rambler_stazhirovki.txt")])
    assert result.exit_code != 0 and "No extractor 'llm'" in result.output


def test_cli_options_come_from_settings() -> None:
    from graph.settings import Settings

    options = {p.name for p in cli.params}
    assert options == set(Settings.model_fields)
