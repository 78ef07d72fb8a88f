"""The store contract, on both backends."""

from __future__ import annotations

import pytest

from graph.errors import InvalidRecord, QueryFailed, ReadOnlyViolation
from graph.model import Evidence, Organisation, Relation, Source, StatementSet
from graph.store import GraphStore


def _orgs() -> list[Organisation]:
    return [
        Organisation(id="plant", name="Завод «Пример»", kind="company", short=("Пример",)),
        Organisation(id="uni", name="Примерный государственный университет", kind="university", short=("ПГУ",),
                     curated=True),
        Organisation(id="prog", name="Профессионалитет", kind="program"),
    ]


def _set(*evidence: Evidence, attrs: dict | None = None) -> StatementSet:
    return StatementSet(
        entities=tuple(_orgs()),
        relations=(Relation(type="INTERNSHIP", source="plant", target="uni", evidence=evidence, attrs=attrs or {}),
                   Relation(type="PARTICIPATES_IN", source="uni", target="prog")),
        sources=(Source(id="doc_a", url="https://a.example/1"), Source(id="doc_b", url="https://b.example/2")),
        mentions={"plant": {"doc_a": 2}},
    )


EV_A = Evidence(source="doc_a", url="https://a.example/1", quote="Студенты ПГУ проходят практику на заводе.",
                start=10, end=52)
EV_B = Evidence(source="doc_b", url="https://b.example/2", quote="Завод принимает на практику студентов ПГУ.",
                start=0, end=42, tier="implied")


def test_upsert_then_read(store: GraphStore) -> None:
    report = store.upsert(_set(EV_A))
    assert (report.nodes_added, report.relations_added, report.evidence_added, report.sources_added) == (3, 2, 1, 2)
    counts = store.counts()
    assert counts["company"] == 1 and counts["university"] == 1 and counts["program"] == 1
    assert counts["INTERNSHIP"] == 1 and counts["PARTICIPATES_IN"] == 1 and counts["MENTIONED_IN"] == 1
    rows = store.run("MATCH (a:Organization)-[r:INTERNSHIP]->(b:Organization) RETURN a.id AS a, b.id AS b, "
                     "r.quotes AS q, r.quote_starts AS s, r.tier AS tier").rows
    assert rows == [{"a": "plant", "b": "uni", "q": [EV_A.quote], "s": [10], "tier": "explicit"}]


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    before = store.dump(), store.counts()
    again = store.upsert(_set(EV_A))
    assert (again.nodes_added, again.relations_added, again.evidence_added) == (0, 0, 0)
    assert (store.dump(), store.counts()) == before


def test_a_second_source_adds_evidence_not_a_link(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    report = store.upsert(_set(EV_B, attrs={"students": 12}))
    assert report.relations_added == 0 and report.evidence_added == 1
    [link] = [link for link in store.dump()[1] if link["type"] == "INTERNSHIP"]
    assert link["source_ids"] == ["doc_a", "doc_b"] and link["tiers"] == ["explicit", "implied"]
    assert link["tier"] == "explicit" and '"students": 12' in link["attrs"]


def test_curated_record_wins_and_name_forms_accumulate(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    extracted = Organisation(id="uni", name="Примерный университет", kind="university", aliases=("Примерным университетом",))
    store.upsert(StatementSet(entities=(extracted,)))
    [row] = store.run("MATCH (o:Organization {id: 'uni'}) RETURN o.name AS name, o.aliases AS aliases, "
                      "o.curated AS curated").rows
    assert row == {"name": "Примерный государственный университет", "aliases": ["Примерным университетом"],
                   "curated": True}
    assert [r["id"] for r in store.lookup(["l:примерный университет"])] == ["uni"]


def test_a_failed_load_leaves_the_graph_as_it_was(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    before = store.dump(), store.counts()
    bad = StatementSet(
        entities=(Organisation(id="new_co", name="Новая компания", kind="company"),),
        relations=(Relation(type="PARTNERS_WITH", source="new_co", target="nowhere"),),
    )
    with pytest.raises(InvalidRecord, match="nowhere"):
        store.upsert(bad)
    assert (store.dump(), store.counts()) == before


def test_wrong_kinds_for_a_type_are_refused(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    with pytest.raises(InvalidRecord, match="RESIDENT_OF"):
        store.upsert(StatementSet(relations=(Relation(type="RESIDENT_OF", source="plant", target="uni"),)))


def test_row_cap_truncates(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    result = store.run("MATCH (o:Organization) RETURN o.id AS id ORDER BY id", limit=1)
    assert result.rows == [{"id": "plant"}] and result.truncated


def test_time_limit(store: GraphStore) -> None:
    with pytest.raises(QueryFailed, match="out of time"):
        store.run("UNWIND range(1, 300000000) AS x RETURN sum(x % 7) AS n", timeout=0.5)


WRITES = [
    "CREATE (o:Organization {id: 'x'})",
    "MERGE (o:Organization {id: 'x'}) RETURN o",
    "MATCH (o:Organization) SET o.name = 'x'",
    "MATCH (o:Organization) DELETE o",
    "MATCH (o) DETACH DELETE o",
    "MATCH (o:Organization) REMOVE o.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL apoc.create.node(['X'], {}) YIELD node RETURN node",
    "CALL db.createLabel('X')",
    "CREATE INDEX x FOR (o:Organization) ON (o.name)",
    "DROP CONSTRAINT organization_id",
    "COPY Organization TO '/tmp/leak.csv'",
    "MATCH (o) RETURN o; MATCH (o) DETACH DELETE o",
    "match (o) detach delete o",
    "MATCH (o) WITH o CALL { WITH o DETACH DELETE o } RETURN 1",
]


@pytest.mark.parametrize("query", WRITES)
def test_console_refuses_writes_before_running(store: GraphStore, query: str) -> None:
    store.upsert(_set(EV_A))
    before = store.dump(), store.counts()
    with pytest.raises(ReadOnlyViolation):
        store.run_readonly(query)
    assert (store.dump(), store.counts()) == before


def test_console_reads(store: GraphStore) -> None:
    store.upsert(_set(EV_A))
    rows = store.run_readonly("MATCH (o:Organization) WHERE o.name CONTAINS $t RETURN o.id AS id, "
                              "'SET and CREATE in a string' AS s", {"t": "Завод"}).rows
    assert rows == [{"id": "plant", "s": "SET and CREATE in a string"}]
