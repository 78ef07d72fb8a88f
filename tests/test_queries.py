"""Every named query on both stores over the same data, with identical answers; the seed's questions."""

from __future__ import annotations

import json

import pytest

from graph.errors import QueryParameterError, UnknownEntity
from graph.store import GraphStore
from queries import load_queries, run_named
from tests.conftest import SEED_GOLD

QUERIES = load_queries()
CASES = {
    "common_partners": [{"a": "МИЭТ", "b": "МАИ"}, {"a": "MIET", "b": "mai", "types": "PARTNERS_WITH"}],
    "partners_of": [{"org": "СИБУР ПолиЛаб"}, {"org": "РХТУ", "types": "PARTNERS_WITH"}],
    "residents_of": [{"zone": "Технополис Москва"}, {"zone": "Ньютон Плаза"}],
    "path_between": [{"a": "МАИ", "b": "РХТУ им. Д.И. Менделеева"}, {"a": "ЭЛИНС", "b": "СИБУР ПолиЛаб", "max_hops": "6"}],
    "org_profile": [{"org": "ЭЛИНС"}, {"org": "МФТИ"}],
    "search": [{"text": "университет", "kind": "university", "limit": "5"}, {"text": "miet"}],
    "top_connected": [{}, {"kind": "university", "limit": "3"}],
}


def test_every_query_has_cases() -> None:
    assert set(CASES) == set(QUERIES)


@pytest.mark.neo4j
@pytest.mark.parametrize("name, params", [(n, p) for n, ps in CASES.items() for p in ps])
def test_identical_answers_on_both_stores(both_stores: tuple[GraphStore, GraphStore], name: str,
                                          params: dict[str, str]) -> None:
    embedded, neo4j = (run_named(s, QUERIES[name], params).result for s in both_stores)
    assert embedded.columns == neo4j.columns
    assert embedded.rows == neo4j.rows
    assert embedded.rows, f"{name}{params} found nothing: the case tests too little"


def test_common_partners_of_miet_and_mai(loaded_store: GraphStore) -> None:
    rows = run_named(loaded_store, QUERIES["common_partners"], {"a": "МИЭТ", "b": "МАИ"}).result.rows
    assert sorted({r["id"] for r in rows}) == ["elins", "tkk"]
    assert all(r["evidence"] and r["urls"][0].startswith("https://") for r in rows)


def test_parameters_are_checked(loaded_store: GraphStore) -> None:
    with pytest.raises(QueryParameterError, match="max_hops"):
        run_named(loaded_store, QUERIES["path_between"], {"a": "МАИ", "b": "МИЭТ", "max_hops": "99"})
    with pytest.raises(QueryParameterError, match="FRIENDS"):
        run_named(loaded_store, QUERIES["partners_of"], {"org": "МАИ", "types": "FRIENDS"})
    with pytest.raises(QueryParameterError, match="Missing"):
        run_named(loaded_store, QUERIES["partners_of"], {})
    with pytest.raises(UnknownEntity):
        run_named(loaded_store, QUERIES["partners_of"], {"org": "Хогвартс"})


def test_injection_is_data(loaded_store: GraphStore) -> None:
    rows = run_named(loaded_store, QUERIES["search"], {"text": "' OR 1=1 //"}).result.rows
    assert rows == []


# The seed's questions, each as Cypher in the common subset; answers from the gold file.
QUESTIONS = [
    "MATCH (c:Organization)-[r:PARTNERS_WITH]->(:Organization {id: 'miet'}), (c)-[:PARTNERS_WITH]->(:Organization {id: 'mai'}) RETURN DISTINCT c.id AS id",
    "MATCH (c:Organization)-[r1]->(:Organization {id: 'miet'}), (c)-[r2]->(:Organization {id: 'mai'}) WHERE r1.type IS NOT NULL AND r2.type IS NOT NULL RETURN DISTINCT c.id AS id",
    "MATCH (c:Organization)-[:RESIDENT_OF]->(:Organization {id: 'sez_technopolis_moscow'}) RETURN DISTINCT c.id AS id",
    "MATCH (:Organization {id: 'sibur_polylab'})-[:PARTNERS_WITH]->(u:Organization) RETURN DISTINCT u.id AS id",
    "MATCH (c:Organization)-[:PARTNERS_WITH]->(:Organization {id: 'rhtu'}) RETURN DISTINCT c.id AS id",
    "MATCH (c:Organization)-[:SUBSIDIARY_OF]->(:Organization {id: 'ok_holding'}) RETURN DISTINCT c.id AS id",
    "MATCH (:Organization {id: 'ok_holding'})<-[:SUBSIDIARY_OF]-(c:Organization)-[:PARTNERS_WITH]->(e:Organization) RETURN DISTINCT e.id AS id",
    "MATCH (:Organization {id: 'elins'})-[:INTERNSHIP]->(u:Organization) RETURN DISTINCT u.id AS id",
    "MATCH (:Organization {id: 'sez_technopolis_moscow'})<-[:RESIDENT_OF]-(c:Organization)-[r]->(e:Organization) WHERE e.kind = 'college' AND r.type IS NOT NULL RETURN DISTINCT e.id AS id",
    "MATCH (:Organization {id: 'itelma'})-[:RESIDENT_OF]->(z:Organization) RETURN DISTINCT z.id AS id",
    "MATCH (c:Organization)-[:EMPLOYS_GRADUATES]->(e:Organization) WHERE e.kind = 'college' RETURN DISTINCT c.id AS id",
    "MATCH (c:Organization)-[:PARTNERS_WITH]->(:Organization {id: 'mirea'}) RETURN DISTINCT c.id AS id",
]
GOLD_QUESTIONS = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["questions"]


@pytest.mark.parametrize("i", range(len(GOLD_QUESTIONS)))
def test_seed_questions(loaded_store: GraphStore, i: int) -> None:
    rows = loaded_store.run_readonly(QUESTIONS[i]).rows
    assert sorted(r["id"] for r in rows) == sorted(GOLD_QUESTIONS[i]["a"]), GOLD_QUESTIONS[i]["q"]


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def extracted_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo's graph: the registry plus the seed article as extracted (not the gold copy)."""
    from api.wiring import document_reader
    from ingest.load import load
    from tests.conftest import REGISTRY, ROOT, open_test_store

    store = open_test_store(request.param, request, tmp_path_factory.mktemp("extracted"))
    try:
        load(store, [REGISTRY, ROOT / "data" / "articles"], read_document=document_reader(store))
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("i", range(len(GOLD_QUESTIONS)))
def test_seed_questions_from_extraction(extracted_store: GraphStore, i: int) -> None:
    rows = extracted_store.run_readonly(QUESTIONS[i]).rows
    assert sorted(r["id"] for r in rows) == sorted(GOLD_QUESTIONS[i]["a"]), GOLD_QUESTIONS[i]["q"]
