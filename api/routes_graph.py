"""A subgraph as JSON for drawing: around a centre, hop by hop, or the best-connected overview; capped."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from graph.errors import QueryParameterError
from graph.model import REL_TYPES
from graph.store import GraphStore

from api.routes_util import StoreDep, resolve
from api.schemas import ErrorResponse, GraphEdge, GraphNode, GraphResponse

router = APIRouter(tags=["graph"])
MAX_NODES = 5_000
MAX_DEPTH = 3
_ROWS = 1_000_000
_FEW = 500  # up to this many ids, `WHERE x.id IN $ids`; beyond, `UNWIND $ids` and a primary-key lookup each
# (start label, end label) of every typed link: programmes are only ever the end of PARTICIPATES_IN
_PAIRS = (("Organization", "Organization"), ("Organization", "Program"))
_TO_PROGRAM = "PARTICIPATES_IN"
_RETURN = ("RETURN a.id AS s, a.name AS s_name, a.kind AS s_kind, b.id AS t, b.name AS t_name, b.kind AS t_kind, "
           "r.type AS type, r.tier AS tier, r.status AS status, size(r.quotes) AS n")


def parse_types(raw: str | None) -> list[str]:
    items = [t.strip().upper() for t in (raw or "").split(",") if t.strip()]
    bad = [t for t in items if t not in REL_TYPES]
    if bad:
        raise QueryParameterError(f"Parameter 'types': unknown relationship type(s) {bad!r}; "
                                  f"expected a comma-separated list of {', '.join(REL_TYPES)}.")
    return items or list(REL_TYPES)


def _edge(row: dict[str, Any]) -> GraphEdge:
    return GraphEdge(id=f"{row['s']}|{row['type']}|{row['t']}", source=row["s"], target=row["t"], type=row["type"],
                     tier=row.get("tier"), status=row.get("status"), evidence_count=row.get("n") or 0)


def _rel(types: list[str], pair: tuple[str, str]) -> str:
    """`r:T1|T2…`: the wanted types that can link this pair of labels ('' if none can). A typed pattern, not
    `WHERE r.type IN $types`: neither store then reads a property of every link it passes (Neo4j: 4 s -> 1 s for
    the degree of every organisation at 300,000 links). The types are checked names (parse_types)."""
    fits = [t for t in types if (t == _TO_PROGRAM) == (pair[1] == "Program")]
    return "r:" + "|".join(fits) if fits else ""


def _links(store: GraphStore, ids: list[str], types: list[str], ends: tuple[str, ...] = ("a", "b"),
           pairs: tuple[tuple[str, str], ...] = _PAIRS) -> list[dict[str, Any]]:
    """Every link of the given types whose start (`a`) or end (`b`) is among `ids`, each once, by (source, type, target).

    One query per side: `WHERE a.id IN $ids OR b.id IN $ids` reads every link in the graph (~1.5 s at 300,000
    links on the embedded store, however few the ids). A few ids are matched with `IN`; many (where `IN` costs
    a list scan per node) are looked up one by one by primary key."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a, b in pairs:
        rel = _rel(types, (a, b))
        if not rel:
            continue
        for end in ends:
            if len(ids) <= _FEW:
                match = f"MATCH (a:{a})-[{rel}]->(b:{b}) WHERE {end}.id IN $ids"
            else:
                pattern = f"(a:{a} {{id: i}})-[{rel}]->(b:{b})" if end == "a" else f"(a:{a})-[{rel}]->(b:{b} {{id: i}})"
                match = f"UNWIND $ids AS i MATCH {pattern}"
            for row in store.run(f"{match} {_RETURN}", {"ids": ids}, limit=_ROWS).rows:
                rows[(row["s"], row["type"], row["t"])] = row
    return [rows[k] for k in sorted(rows)]


def around(store: GraphStore, center: str, depth: int, types: list[str], limit: int) -> GraphResponse:
    """Nodes up to `depth` links from the centre, breadth first, at most `limit` of them."""
    org = resolve(store, center)
    nodes = {org["id"]: GraphNode(id=org["id"], name=org["name"], kind=org["kind"])}
    reached: set[str] = {org["id"]}
    edges: dict[str, GraphEdge] = {}
    frontier = [org["id"]]
    for _ in range(depth):
        if not frontier:
            break
        nxt: list[str] = []
        for row in _links(store, frontier, types):
            for end in ("s", "t"):
                nid = row[end]
                if nid in reached:
                    continue
                reached.add(nid)
                if len(nodes) < limit:
                    nodes[nid] = GraphNode(id=nid, name=row[f"{end}_name"] or nid, kind=row[f"{end}_kind"] or "")
                    nxt.append(nid)
            edge = _edge(row)
            edges[edge.id] = edge
        frontier = nxt
    kept = [e for e in edges.values() if e.source in nodes and e.target in nodes]
    omitted = len(reached) - len(nodes)
    return GraphResponse(center=org["id"], depth=depth, types=types, nodes=list(nodes.values()), edges=kept,
                         omitted_nodes=omitted, omitted_edges=len(edges) - len(kept), truncated=omitted > 0)


def overview(store: GraphStore, types: list[str], limit: int) -> GraphResponse:
    """The best-connected organisations, the organisations linked to most of them, and the links between all these.

    A quarter of `limit` goes to the hubs (by degree), the rest to their partners, most-linked first, so the
    picture is connected even where hubs do not link to each other (universities with many industrial partners);
    then to the next hubs, then to any organisation, by id."""
    rel = _rel(types, _PAIRS[0])
    # grouped by the node, not by its name and kind: those are read for the `limit` best only
    ranked = store.run(f"MATCH (o:Organization)-[{rel}]-(:Organization) WITH o, count(*) AS degree "
                       "ORDER BY degree DESC, o.id LIMIT $limit "
                       "RETURN o.id AS id, o.name AS name, o.kind AS kind, degree", {"limit": limit},
                       limit=limit).rows if rel else []
    hubs = [r["id"] for r in ranked[:max(1, limit // 4)]]
    partners = store.run(f"MATCH (h:Organization)-[{rel}]-(o:Organization) WHERE h.id IN $ids "
                         "WITH o, count(*) AS hubs ORDER BY hubs DESC, o.id LIMIT $limit "
                         "RETURN o.id AS id, o.name AS name, o.kind AS kind, hubs", {"ids": hubs, "limit": 2 * limit},
                         limit=2 * limit).rows if hubs else []
    nodes: dict[str, GraphNode] = {}
    for r in ranked[:len(hubs)] + partners + ranked[len(hubs):]:
        if len(nodes) < limit and r["id"] not in nodes:
            nodes[r["id"]] = GraphNode(id=r["id"], name=r["name"] or r["id"], kind=r["kind"] or "")
    if len(nodes) < limit:
        for r in store.run("MATCH (o:Organization) RETURN o.id AS id, o.name AS name, o.kind AS kind "
                           "ORDER BY id LIMIT $limit", {"limit": limit}, limit=limit).rows:
            if len(nodes) < limit and r["id"] not in nodes:
                nodes[r["id"]] = GraphNode(id=r["id"], name=r["name"] or r["id"], kind=r["kind"] or "")
    ids = list(nodes)
    edges = [_edge(r) for r in _links(store, ids, types, ("a",), _PAIRS[:1]) if r["t"] in nodes]
    total_nodes = store.run("MATCH (o:Organization) RETURN count(o) AS n").rows[0]["n"]
    total_edges = store.run(f"MATCH (:Organization)-[{rel}]->(:Organization) RETURN count(r) AS n").rows[0]["n"] if rel else 0
    omitted = max(0, total_nodes - len(nodes))
    return GraphResponse(center=None, depth=0, types=types, nodes=list(nodes.values()), edges=edges,
                         omitted_nodes=omitted, omitted_edges=max(0, total_edges - len(edges)), truncated=omitted > 0)


@router.get("/graph", response_model=GraphResponse,
            responses={404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
            summary="A subgraph to draw: nodes with id/name/kind, edges with type, tier and evidence count")
def subgraph(store: StoreDep,
             center: Annotated[str | None, Query(max_length=300, description="Id or any name form; "
                                                 "without it, the best-connected organisations and their partners")] = None,
             depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
             types: Annotated[str | None, Query(description="Relationship types, comma-separated (default all)")] = None,
             limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="At most this many nodes")] = 300,
             ) -> GraphResponse:
    wanted = parse_types(types)
    if center and center.strip():
        return around(store, center, depth, wanted, limit)
    return overview(store, wanted, limit)
