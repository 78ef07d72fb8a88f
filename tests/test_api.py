"""The HTTP API, in-process, on both stores loaded with the registry and the seed article."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from graph.store import GraphStore

with warnings.catch_warnings():
    # starlette 1.x warns that its TestClient moves to httpx2; the client still works
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

ELINS_SENTENCE = "За последние пять лет программы стажировок зеленоградского научно-технического центра «ЭЛИНС»"


@pytest.fixture
def client(loaded_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=loaded_store), raise_server_exceptions=False) as c:
        yield c


def _ok(r: Any) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


def test_health(client: TestClient) -> None:
    body = _ok(client.get("/health"))
    assert body["status"] == "ok"
    assert body["backend"] in ("embedded", "neo4j")
    assert body["counts"]["university"] > 10 and body["counts"]["INTERNSHIP"] > 0


@pytest.mark.parametrize("q", ["МИЭТ", "MIET", "miet", "Московский институт электронной техники", "миэт"])
def test_search_any_name_form(client: TestClient, q: str) -> None:
    results = _ok(client.get("/organizations", params={"q": q}))["results"]
    assert results and results[0]["id"] == "miet", results
    assert results[0]["match"] == "exact"


def test_search_kind_and_limit(client: TestClient) -> None:
    results = _ok(client.get("/organizations", params={"q": "университет", "kind": "university", "limit": 3}))["results"]
    assert 0 < len(results) <= 3 and {r["kind"] for r in results} == {"university"}
    assert client.get("/organizations", params={"q": "x", "kind": "planet"}).status_code == 422


def test_organisation_and_404_with_suggestions(client: TestClient) -> None:
    body = _ok(client.get("/organizations/МИЭТ"))
    assert body["id"] == "miet" and "МИЭТ" in body["short"]
    r = client.get("/organizations/МИЭТТ")
    assert r.status_code == 404, r.text
    err = r.json()
    assert err["error"] == "UnknownEntity" and "МИЭТТ" in err["detail"]
    assert any(s.startswith("miet") for s in err["suggestions"]), err


def test_links_carry_evidence(client: TestClient) -> None:
    body = _ok(client.get("/organizations/miet/links"))
    internship = [link for link in body["links"] if link["other"] == "elins" and link["type"] == "INTERNSHIP"]
    assert internship and internship[0]["direction"] == "in"
    ev = internship[0]["evidence"][0]
    assert ev["quote"].startswith(ELINS_SENTENCE)
    assert ev["url"].startswith("https://") and ev["title"] and ev["end"] > ev["start"] >= 0
    assert ev["tier"] == "explicit"


def test_edges(client: TestClient) -> None:
    links = _ok(client.get("/edges", params={"source": "elins", "target": "МИЭТ", "type": "INTERNSHIP"}))
    assert len(links) == 1 and links[0]["evidence"][0]["quote"].startswith(ELINS_SENTENCE)


def test_queries_registry(client: TestClient) -> None:
    body = _ok(client.get("/queries"))
    by_name = {q["name"]: q for q in body}
    assert {"common_partners", "org_profile", "search"} <= set(by_name)
    params = {p["name"]: p for p in by_name["common_partners"]["params"]}
    assert params["a"]["type"] == "org" and params["a"]["required"]
    schema = _ok(client.get("/openapi.json"))
    assert "/queries/common_partners" in schema["paths"]


def test_common_partners_with_evidence(client: TestClient) -> None:
    body = _ok(client.get("/queries/common_partners", params={"a": "МИЭТ", "b": "МАИ"}))
    assert {r["id"] for r in body["rows"]} == {"elins", "tkk"}, body["rows"]
    assert body["resolved"]["a"]["id"] == "miet" and body["resolved"]["b"]["id"] == "mai"
    assert all(r["evidence"] for r in body["rows"])
    assert any(q.startswith(ELINS_SENTENCE) for r in body["rows"] for q in r["evidence"])


def test_query_errors(client: TestClient) -> None:
    r = client.get("/queries/search", params={"text": "м", "limit": "0"})
    assert r.status_code == 422 and r.json()["error"] == "QueryParameterError", r.text
    r = client.get("/queries/search", params={"text": "м", "limit": "many"})
    assert r.status_code == 422, r.text
    r = client.get("/queries/common_partners", params={"a": "МИЭТ"})
    assert r.status_code == 422 and "'b'" in r.json()["detail"], r.text
    r = client.get("/queries/common_partners", params={"a": "МИЭТ", "b": "МАИ", "bogus": "1"})
    assert r.status_code == 422, r.text
    r = client.get("/queries/no_such_query")
    assert r.status_code == 404 and r.json()["error"] == "QueryNotFound", r.text
    r = client.get("/queries/partners_of", params={"org": "nobody at all"})
    assert r.status_code == 404 and r.json()["error"] == "UnknownEntity", r.text


def test_csv(client: TestClient) -> None:
    r = client.get("/queries/common_partners", params={"a": "МИЭТ", "b": "МАИ", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["id"] for row in rows} == {"elins", "tkk"}
    r = client.get("/organizations", params={"q": "МИЭТ"}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv") and "miet" in r.text
    r = client.get("/organizations/miet/links", params={"format": "csv"})
    assert "За последние пять лет" in r.text


def test_cypher_reads_and_caps(client: TestClient) -> None:
    body = _ok(client.post("/cypher", json={"query": "MATCH (o:Organization) RETURN o.id AS id ORDER BY id", "limit": 5}))
    assert body["columns"] == ["id"] and len(body["rows"]) == 5 and body["truncated"] is True
    body = _ok(client.post("/cypher", json={"query": "MATCH (o:Organization {id: $id}) RETURN o.name AS name",
                                            "params": {"id": "miet"}}))
    assert body["truncated"] is False and "электронной техники" in body["rows"][0]["name"]


def test_cypher_refuses_writes(client: TestClient) -> None:
    before = _ok(client.get("/health"))["counts"]
    for query in ["CREATE (o:Organization {id: 'evil', name: 'x', kind: 'company'}) RETURN o",
                  "MATCH (o:Organization) DETACH DELETE o",
                  "MATCH (o:Organization {id: 'miet'}) SET o.name = 'x' RETURN o"]:
        r = client.post("/cypher", json={"query": query})
        assert r.status_code == 400 and r.json()["error"] == "ReadOnlyViolation", r.text
    assert _ok(client.get("/health"))["counts"] == before
    assert client.get("/organizations/evil").status_code == 404
    r = client.post("/cypher", json={"query": "MATCH (o:Nonsense RETURN"})
    assert r.status_code == 400 and r.json()["error"] == "QueryFailed", r.text
    assert client.post("/cypher", json={"params": {}}).status_code == 422


def test_graph_around_and_overview(client: TestClient) -> None:
    body = _ok(client.get("/graph", params={"center": "МИЭТ", "depth": 1}))
    ids = {n["id"] for n in body["nodes"]}
    assert {"miet", "elins", "tkk"} <= ids and body["center"] == "miet"
    edge = next(e for e in body["edges"] if e["source"] == "elins" and e["target"] == "miet" and e["type"] == "INTERNSHIP")
    assert edge["evidence_count"] == 1 and edge["tier"] == "explicit"
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    narrow = _ok(client.get("/graph", params={"center": "miet", "depth": 2, "types": "INTERNSHIP"}))
    assert {e["type"] for e in narrow["edges"]} == {"INTERNSHIP"}
    capped = _ok(client.get("/graph", params={"center": "miet", "depth": 2, "limit": 2}))
    assert len(capped["nodes"]) == 2 and capped["omitted_nodes"] > 0 and capped["truncated"]
    overview = _ok(client.get("/graph", params={"limit": 10}))
    assert len(overview["nodes"]) == 10 and overview["omitted_nodes"] > 0
    assert client.get("/graph", params={"types": "FRIENDS_WITH"}).status_code == 422
    assert client.get("/graph", params={"depth": 9}).status_code == 422


def test_export(client: TestClient) -> None:
    r = client.get("/export", params={"format": "graphml"})
    assert r.status_code == 200, r.text
    g = nx.read_graphml(io.BytesIO(r.content))
    assert g.has_edge("elins", "miet") and g.number_of_nodes() > 100
    for fmt in ("gexf", "json", "csv"):
        assert client.get("/export", params={"format": fmt}).status_code == 200
    assert client.get("/export", params={"format": "xls"}).status_code == 422


def test_explorer_page_is_self_contained(client: TestClient) -> None:
    page = client.get("/explore")
    assert page.status_code == 200 and "vis-network.min.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    for asset in ("/static/vendor/vis-network.min.js", "/static/vendor/vis-network.css", "/static/explorer.js",
                  "/static/explorer.css"):
        assert client.get(asset).status_code == 200, asset


def test_unknown_route_is_json(client: TestClient) -> None:
    r = client.get("/nowhere")
    assert r.status_code == 404 and set(r.json()) >= {"error", "detail"}


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=_text, limit=st.integers(-5, 2000), depth=st.integers(-1, 5), kind=st.sampled_from(["", "company", "x"]))
def test_no_server_errors(client: TestClient, q: str, limit: int, depth: int, kind: str) -> None:
    calls = [
        client.get("/organizations", params={"q": q, "limit": limit, **({"kind": kind} if kind else {})}),
        client.get(f"/organizations/{quote(q, safe='')}") if q else None,
        client.get("/graph", params={"center": q, "depth": depth, "limit": max(limit, 1)}),
        client.get("/queries/search", params={"text": q, "limit": limit}),
        client.get("/queries/partners_of", params={"org": q, "types": q}),
    ]
    for r in calls:
        if r is not None:
            assert r.status_code < 500, (r.request.url, r.text)
            assert "Traceback" not in r.text


def test_cypher_time_limit_is_a_504(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "UNWIND range(1, 300000000) AS x RETURN sum(x % 7) AS n", "timeout": 0.5})
    assert r.status_code == 504, r.text
    assert r.json()["error"] == "QueryTimeout" and "out of time" in r.json()["detail"]
