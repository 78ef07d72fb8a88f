"""The real map: annotated articles load as accepted links with dates; people's decisions (reject, accept,
merge) live in the graph and in files, survive reloads, and shape what queries, /graph and the API show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import cli
from graph.errors import InvalidRecord
from graph.settings import Settings
from graph.store import GraphStore
from ingest.corpus import articles, check, split_of
from ingest.load import load
from queries import get_query, run_named
from queries.stats import stats
from tests.conftest import REGISTRY, ROOT

TEXT = ("АО «Уральский турбинный завод» заключило соглашение с Уральским федеральным университетом. "
        "Студенты УрФУ будут проходить практику на заводе.")


def _article(folder: Path, name: str, text: str, url: str, published: str, relations: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(json.dumps(
        {"url": url, "publisher": "Пример (example.ru)", "published": published, "region": "Свердловская область"},
        ensure_ascii=False), encoding="utf-8")
    gold = {"entities": [
        {"id": "utz", "name": "Уральский турбинный завод", "kind": "company", "aliases": ["Уральский турбинный завод"],
         "city": "Екатеринбург", "region": "Свердловская область"},
        {"id": "urfu_x", "name": "Уральский федеральный университет", "kind": "university",
         "aliases": ["Уральским федеральным университетом"], "region": "Свердловская область"}],
        "relations": relations}
    (folder / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


PARTNER = {"type": "PARTNERS_WITH", "source": "utz", "target": "urfu_x", "tier": "explicit",
           "evidence": TEXT.split(". ")[0] + "."}
PRACTICE = {"type": "INTERNSHIP", "source": "utz", "target": "urfu_x", "tier": "implied",
            "evidence": TEXT.split(". ")[1], "status": "planned"}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _article(root / "b", "a1", TEXT, "https://example.ru/1", "2021-03-04", [PARTNER, PRACTICE])
    _article(root / "b", "a2", TEXT, "https://example.ru/2", "2024", [PARTNER])
    return root


def _links(store: GraphStore) -> dict[str, dict]:
    rows = store.run("MATCH (a)-[r]->(b) WHERE r.type IS NOT NULL AND a.id = 'utz' RETURN r.id AS id, "
                     "r.review AS review, r.first_stated AS first, r.last_stated AS last, r.dates AS dates, "
                     "r.review_note AS note").rows
    return {r["id"]: r for r in rows}


def test_annotated_articles_load_as_accepted_links_with_dates(store: GraphStore, corpus: Path) -> None:
    load(store, [REGISTRY, corpus])
    links = _links(store)
    partner = links["PARTNERS_WITH:utz:urfu_x"]
    assert partner["review"] == "accepted" and partner["first"] == "2021-03-04" and partner["last"] == "2024"
    assert sorted(partner["dates"]) == ["2021-03-04", "2024"]
    assert links["INTERNSHIP:utz:urfu_x"]["review"] == "accepted"
    [org] = store.run("MATCH (o:Organization {id: 'utz'}) RETURN o.region AS region, o.federal_district AS fd, "
                      "o.sources AS sources").rows
    assert org["fd"] == "Уральский" and set(org["sources"]) == {"https://example.ru/1", "https://example.ru/2"}


def test_a_bad_annotation_names_its_file(tmp_path: Path, store: GraphStore, corpus: Path) -> None:
    bad = dict(PARTNER, evidence="Этой фразы нет в тексте.")
    _article(corpus / "b", "a3", TEXT, "https://example.ru/3", "2022", [bad])
    with pytest.raises(InvalidRecord, match=r"a3\.gold\.json.*not an exact substring"):
        load(store, [REGISTRY, corpus])
    assert store.lookup(["utz"], ids_only=True) == []


def test_rejected_stays_rejected_and_decisions_survive_a_rebuild(store: GraphStore, corpus: Path,
                                                                   tmp_path: Path) -> None:
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    (decisions / "reviews.jsonl").write_text(json.dumps(
        {"link": "INTERNSHIP:utz:urfu_x", "decision": "reject", "note": "only a plan", "reviewer": "t"}) + "\n",
        encoding="utf-8")
    load(store, [REGISTRY, corpus, decisions])
    assert _links(store)["INTERNSHIP:utz:urfu_x"]["review"] == "rejected"
    # a later article states it again: still rejected
    _article(corpus / "c", "a9", TEXT, "https://example.ru/9", "2025", [PRACTICE])
    load(store, [corpus])
    link = _links(store)["INTERNSHIP:utz:urfu_x"]
    assert link["review"] == "rejected" and link["note"] == "only a plan" and link["last"] == "2025"
    # rejected links leave the named queries
    answer = run_named(store, get_query("partners_of"), {"org": "utz"})
    assert {r["type"] for r in answer.result.rows} == {"PARTNERS_WITH"}
    # until someone accepts it
    (decisions / "reviews.jsonl").write_text(
        (decisions / "reviews.jsonl").read_text() + json.dumps(
            {"link": "INTERNSHIP:utz:urfu_x", "decision": "accept", "note": "confirmed", "reviewer": "t"}) + "\n",
        encoding="utf-8")
    load(store, [decisions])
    assert _links(store)["INTERNSHIP:utz:urfu_x"]["review"] == "accepted"


def test_since_until_and_reviewed(store: GraphStore, corpus: Path) -> None:
    load(store, [REGISTRY, corpus, ROOT / "data" / "statements" / "seed.json"])
    q = get_query("partners_of")
    in_2021 = run_named(store, q, {"org": "utz", "since": "2021", "until": "2021"}).result.rows
    assert {r["type"] for r in in_2021} == {"PARTNERS_WITH", "INTERNSHIP"}
    assert run_named(store, q, {"org": "utz", "since": "2022"}).result.rows[0]["type"] == "PARTNERS_WITH"
    assert run_named(store, q, {"org": "utz", "until": "2020-12"}).result.rows == []
    # the seed's statement set has no review decision yet: `reviewed` leaves its links out
    assert run_named(store, q, {"org": "miet", "reviewed": "true"}).result.rows == []
    assert run_named(store, q, {"org": "miet"}).result.rows


def _same_university_other_id(folder: Path) -> Path:
    """An article that an annotator gave the university another id in: `urfu`."""
    _article(folder, "z1", TEXT, "https://example.ru/z", "2023", [PARTNER])
    gold = json.loads((folder / "z1.gold.json").read_text(encoding="utf-8"))
    gold["entities"][1]["id"] = "urfu"
    gold["relations"][0]["target"] = "urfu"
    (folder / "z1.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def test_merge_decisions_make_one_organisation(store: GraphStore, corpus: Path, tmp_path: Path) -> None:
    other = _same_university_other_id(tmp_path / "other")
    decisions = tmp_path / "d"
    decisions.mkdir()
    (decisions / "merges.jsonl").write_text(json.dumps({"id": "urfu_x", "into": "urfu"}) + "\n", encoding="utf-8")
    load(store, [REGISTRY, corpus, other, decisions])
    assert store.lookup(["urfu_x"], ids_only=True) == []
    links = _links(store)
    assert set(links) == {"PARTNERS_WITH:utz:urfu", "INTERNSHIP:utz:urfu"}
    assert len(links["PARTNERS_WITH:utz:urfu"]["dates"]) == 3


def test_cli_review_round_trip(tmp_path: Path, corpus: Path) -> None:
    db, decisions = tmp_path / "g.lbdb", tmp_path / "decisions"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(db), "--decisions", str(decisions), *args])
        assert result.exit_code == 0, result.output
        return result.output

    other = _same_university_other_id(tmp_path / "other")
    run("ingest", str(REGISTRY), str(corpus), str(other))
    assert "PARTNERS_WITH:utz:urfu_x" in run("review", "list", "--status", "accepted", "--org", "Уральский турбинный завод")
    out = runner.invoke(cli, ["--db", str(db), "review", "reject", "PARTNERS_WITH:utz:urfu_x"])
    assert out.exit_code != 0 and "--note" in out.output  # a rejection says why
    run("review", "reject", "PARTNERS_WITH:utz:urfu_x", "--note", "wrong pair", "--reviewer", "ann")
    assert "wrong pair" not in run("review", "list", "--status", "accepted")
    kept = json.loads((decisions / "reviews.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert kept["decision"] == "reject" and kept["reviewer"] == "ann" and kept["at"]
    run("review", "merge", "urfu_x", "urfu", "--note", "one university")
    # a fresh graph built from the same files, decisions included, answers the same
    db = tmp_path / "fresh.lbdb"
    run("ingest", str(REGISTRY), str(corpus), str(other), str(decisions))
    listed = json.loads(run("review", "list", "--status", "rejected", "--format", "json"))
    assert [r["id"] for r in listed] == ["PARTNERS_WITH:utz:urfu"] and listed[0]["note"] == "wrong pair"
    assert json.loads(run("stats", "--format", "json"))["links"]["by_review"] == {"accepted": 1, "rejected": 1,
                                                                                   "curated": 11}
    assert "urfu_x" not in run("review", "list", "--status", "any", "--limit", "1000")
    bad = runner.invoke(cli, ["--db", str(db), "review", "accept", "NOT_A_TYPE:a:b"])
    assert bad.exit_code != 0 and "not a link id" in bad.output


def test_api_review_needs_the_token(loaded_store: GraphStore, tmp_path: Path) -> None:
    link = "INTERNSHIP:elins:miet"
    body = {"decision": "reject", "note": "test"}
    closed = TestClient(create_app(Settings(decisions=tmp_path), store=loaded_store))
    assert closed.post(f"/links/{link}/review", json=body).status_code == 403
    app = TestClient(create_app(Settings(decisions=tmp_path, review_token="s3cret"), store=loaded_store))
    assert app.post(f"/links/{link}/review", json=body).status_code == 401
    wrong = app.post(f"/links/{link}/review", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    auth = {"Authorization": "Bearer s3cret"}
    assert app.post(f"/links/{link}/review", json={"decision": "reject"}, headers=auth).status_code == 422
    assert app.post("/links/INTERNSHIP:elins:nowhere/review", json=body, headers=auth).status_code == 404
    done = app.post(f"/links/{link}/review", json=body, headers=auth)
    assert done.status_code == 200 and done.json()["review"] == "rejected"
    assert json.loads((tmp_path / "reviews.jsonl").read_text(encoding="utf-8"))["link"] == link
    [edge] = [e for e in app.get("/edges", params={"source": "elins", "target": "miet"}).json()
              if e["type"] == "INTERNSHIP"]
    assert edge["review"] == "rejected" and edge["review_note"] == "test"
    graph = app.get("/graph", params={"center": "miet"}).json()
    assert link not in {e["link"] for e in graph["edges"]} and graph["edges"]
    assert app.get("/graph", params={"center": "miet", "reviewed": "true"}).json()["edges"] == []
    assert app.get("/graph", params={"center": "miet", "since": "20x"}).status_code == 422
    # every other write stays refused
    assert app.post("/cypher", json={"query": "MATCH (o) DETACH DELETE o"}, headers=auth).status_code == 400


def test_stats_count_what_is_there(loaded_store: GraphStore) -> None:
    found = stats(loaded_store)
    assert found["organisations"]["with_a_link"] > 20 and found["links"]["by_review"]["curated"] == 11
    assert found["sources"]["total"] >= 1


# ---------------------------------------------------------------- the shipped corpus

CORPUS = ROOT / "data" / "corpus"


def test_every_corpus_article_follows_the_guide() -> None:
    problems = {str(a.txt): p for a in articles(CORPUS) if (p := check(a))}
    assert not problems


def test_the_corpus_is_large_and_spread() -> None:
    metas = [a.meta() for a in articles(CORPUS)]
    assert len(metas) >= 500
    assert len({m["region"] for m in metas}) >= 60
    test_ids = {line for line in (CORPUS / "test-split.list").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")}
    assert test_ids == {a.stem for a in articles(CORPUS) if split_of(a.meta()["url"]) == "test"}
    assert len(test_ids) >= 100
    assert len({m["url"] for m in metas}) == len(metas), "one file per URL"
