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
# (start label, end label) of every typed link: programmes are only ever the end of PARTICIPATES_IN
_PAIRS = (("Organization", "Organization"), ("Organization", "Program"))
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


def _links(store: GraphStore, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for a, b in _PAIRS:
        rows += store.run(f"MATCH (a:{a})-[r]->(b:{b}) WHERE r.type IN $types AND ({where}) {_RETURN} "
                          "ORDER BY s, type, t", params, limit=_ROWS).rows
    return rows


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
        for row in _links(store, "a.id IN $ids OR b.id IN $ids", {"ids": frontier, "types": types}):
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
    """The `limit` best-connected organisations and the links between them."""
    ranked = store.run("MATCH (o:Organization)-[r]-(c:Organization) WHERE r.type IN $types "
                       "RETURN o.id AS id, o.name AS name, o.kind AS kind, count(*) AS degree "
                       "ORDER BY degree DESC, id LIMIT $limit", {"types": types, "limit": limit}, limit=limit).rows
    if len(ranked) < limit:
        ranked += store.run("MATCH (o:Organization) RETURN o.id AS id, o.name AS name, o.kind AS kind "
                            "ORDER BY id LIMIT $limit", {"limit": limit}, limit=limit).rows
    nodes: dict[str, GraphNode] = {}
    for r in ranked:
        if len(nodes) < limit and r["id"] not in nodes:
            nodes[r["id"]] = GraphNode(id=r["id"], name=r["name"] or r["id"], kind=r["kind"] or "")
    ids = list(nodes)
    rows = store.run("MATCH (a:Organization)-[r]->(b:Organization) WHERE r.type IN $types AND a.id IN $ids "
                     f"AND b.id IN $ids {_RETURN} ORDER BY s, type, t", {"ids": ids, "types": types}, limit=_ROWS).rows
    total_nodes = store.run("MATCH (o:Organization) RETURN count(o) AS n").rows[0]["n"]
    total_edges = store.run("MATCH (a:Organization)-[r]->(b:Organization) WHERE r.type IN $types "
                            "RETURN count(r) AS n", {"types": types}).rows[0]["n"]
    edges = [_edge(r) for r in rows]
    omitted = max(0, total_nodes - len(nodes))
    return GraphResponse(center=None, depth=0, types=types, nodes=list(nodes.values()), edges=edges,
                         omitted_nodes=omitted, omitted_edges=max(0, total_edges - len(edges)), truncated=omitted > 0)


@router.get("/graph", response_model=GraphResponse,
            responses={404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
            summary="A subgraph to draw: nodes with id/name/kind, edges with type, tier and evidence count")
def subgraph(store: StoreDep,
             center: Annotated[str | None, Query(max_length=300, description="Id or any name form; "
                                                 "without it, the best-connected organisations")] = None,
             depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
             types: Annotated[str | None, Query(description="Relationship types, comma-separated (default all)")] = None,
             limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="At most this many nodes")] = 300,
             ) -> GraphResponse:
    wanted = parse_types(types)
    if center and center.strip():
        return around(store, center, depth, wanted, limit)
    return overview(store, wanted, limit)
