"""The command line as a user runs it: loads, answers, exports, and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from api.cli import cli
from tests.conftest import REGISTRY, SEED_GOLD


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "g.lbdb"
    code, out = run(path, "ingest", str(REGISTRY), str(SEED_GOLD))
    assert code == 0, out
    return path


def test_ingest_reports_and_is_idempotent(db: Path) -> None:
    _, before = run(db, "export", "--format", "json")
    code, out = run(db, "ingest", str(REGISTRY), str(SEED_GOLD))
    assert code == 0, out
    assert "0 organisations added, 175 merged" in out or "0 organisations added" in out
    assert "0 links added" in out and "(0 new pieces of evidence)" in out
    assert run(db, "export", "--format", "json")[1] == before


def test_query_contract_json(db: Path) -> None:
    code, out = run(db, "query", "common_partners", "--param", "a=МИЭТ", "--param", "b=МАИ", "--format", "json")
    assert code == 0, out
    rows = json.loads(out)
    assert {r["id"] for r in rows} == {"elins", "tkk"} and all("name" in r for r in rows)


def test_query_csv_and_table(db: Path) -> None:
    code, out = run(db, "query", "residents_of", "-p", "zone=ОЭЗ «Технополис Москва»", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("id,name,kind") and "goodwin" in out
    code, out = run(db, "query", "partners_of", "-p", "org=РТУ МИРЭА")
    assert code == 0 and "СИБУР ПолиЛаб" in out


def test_cypher_refuses_writes(db: Path) -> None:
    code, out = run(db, "cypher", "MATCH (n) DETACH DELETE n")
    assert code == 1 and "read-only" in out and "Traceback" not in out
    code, out = run(db, "cypher", "MATCH (o:Organization) RETURN count(*) AS n", "--format", "json")
    assert json.loads(out)[0]["n"] > 100


def test_export_graphml_opens_in_networkx(db: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "g.graphml"
    code, out = run(db, "export", "--format", "graphml", "-o", str(out_file))
    assert code == 0, out
    g = nx.read_graphml(out_file)
    assert g.number_of_nodes() >= 148 and g.has_edge("elins", "miet")
    code, out = run(db, "export", "--format", "gexf")
    assert code == 0 and nx.read_gexf(io.BytesIO(out.encode())).has_node("miet")


BAD = {
    "missing_field.yaml": ("- id: x1\n  kind: company\n", "required field 'name' is missing"),
    "unknown_kind.yaml": ("- id: x1\n  kind: factory\n  name: Завод\n", "field 'kind' = 'factory'"),
    "bad_id.yaml": ("- id: Завод-1\n  kind: company\n  name: Завод\n", "field 'id'"),
    "duplicate.yaml": ("- id: x1\n  kind: company\n  name: A\n- id: x1\n  kind: company\n  name: B\n", "duplicate id"),
    "links.csv": ("type,source,target\nPARTNERS_WITH,elins,miet\nFRIENDS_WITH,elins,miet\n", "FRIENDS_WITH"),
    "dangling.csv": ("type,source,target\nPARTNERS_WITH,elins,no_such_org\n", "no_such_org"),
    "not_yaml.yaml": ("- id: x1\n  kind: [company\n", "not valid YAML"),
    "broken.json": ('{"entities": [', "not valid JSON"),
    "cp1251.yaml": ("- id: x1\n  kind: company\n  name: Завод\n".encode("cp1251"), "not UTF-8"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_one_clear_line_and_changes_nothing(db: Path, tmp_path: Path, name: str) -> None:
    content, message = BAD[name]
    bad = tmp_path / name
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    good = tmp_path / "good.yaml"
    good.write_text("- id: new_plant\n  kind: company\n  name: Новый завод\n", encoding="utf-8")
    _, before = run(db, "export", "--format", "json")
    code, out = run(db, "ingest", str(good), str(bad))
    assert code == 1, out
    assert message in out and name in out, out
    errors = [line for line in out.splitlines() if line.startswith("Error")]
    assert "Traceback" not in out and len(errors) == 1, out
    assert run(db, "export", "--format", "json")[1] == before


def test_line_numbers_point_at_the_record(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "orgs.yaml"
    bad.write_text("- id: a1\n  kind: company\n  name: A\n- id: a2\n  kind: plant\n  name: B\n", encoding="utf-8")
    code, out = run(db, "ingest", str(bad))
    assert code == 1 and "line 4" in out and "'a2'" in out and "expected one of" in out, out


def test_unknown_organisation_suggests(db: Path) -> None:
    code, out = run(db, "query", "partners_of", "-p", "org=Московский авиационный инстиут")
    assert code == 1 and "mai" in out and "Traceback" not in out


def test_neo4j_unreachable_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--backend", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:1", "queries"])
    assert result.exit_code == 0  # listing queries needs no store
    result = CliRunner().invoke(cli, ["--backend", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:1",
                                      "query", "search", "-p", "text=маи"])
    assert result.exit_code == 1 and "Cannot reach Neo4j" in result.output and "Traceback" not in result.output
