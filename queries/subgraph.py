"""Subgraphs to draw: around a centre, hop by hop, or the best-connected overview; capped.

Backend-neutral Cypher on top of `store.run`, shaped for what both stores plan well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.schema import ORGANISATION_TABLE, SCHEMA
from graph.store import GraphStore
from queries import resolve_org

_ROWS = 1_000_000
_FEW = 500  # up to this many ids, `WHERE x.id IN $ids`; beyond, `UNWIND $ids` and a primary-key lookup each
# (start label, end label) of every typed link, from the schema
_PAIRS = tuple(dict.fromkeys((ORGANISATION_TABLE, t.target_table) for t in SCHEMA.relationships.values()))
_ORG_PAIR = (ORGANISATION_TABLE, ORGANISATION_TABLE)  # links between organisations: what the overview draws
_RETURN = ("RETURN a.id AS s, a.name AS s_name, a.kind AS s_kind, b.id AS t, b.name AS t_name, b.kind AS t_kind, "
           "r.id AS link, r.review AS review, r.first_stated AS first_stated, r.last_stated AS last_stated, "
           "r.type AS type, r.tier AS tier, r.status AS status, size(r.quotes) AS n")




@dataclass(frozen=True)
class LinkFilter:
    """Which links a picture shows: never rejected ones; with `reviewed`, curated and accepted ones only;
    with `since`/`until` (as `date_bound` gives them), those stated in that time."""

    reviewed: bool = False
    since: str = ""
    until: str = ""

    WHERE = ("r.review <> 'rejected' AND (NOT $reviewed OR r.review IN ['curated', 'accepted']) "
             "AND ($since = '' OR r.last_stated >= $since) "
             "AND ($until = '' OR (r.first_stated <> '' AND r.first_stated <= $until))")

    @property
    def params(self) -> dict[str, Any]:
        return {"reviewed": self.reviewed, "since": self.since, "until": self.until}


@dataclass
class Subgraph:
    """Nodes (id, name, kind) and edges (id, source, target, type, tier, status, evidence_count) to draw."""

    center: str | None
    depth: int
    types: list[str]
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    omitted_nodes: int = 0  # reached (or in the graph, without a centre) but left out by the cap
    omitted_edges: int = 0  # found but left out because an end was left out


def _edge(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{row['s']}|{row['type']}|{row['t']}", "source": row["s"], "target": row["t"], "type": row["type"],
            "tier": row.get("tier"), "status": row.get("status"), "evidence_count": row.get("n") or 0,
            "link": row.get("link"), "review": row.get("review"), "first_stated": row.get("first_stated"),
            "last_stated": row.get("last_stated")}


def _node(id: str, name: str | None, kind: str | None) -> dict[str, Any]:
    return {"id": id, "name": name or id, "kind": kind or ""}


def _rel(types: list[str], pair: tuple[str, str]) -> str:
    """`r:T1|T2…`: the wanted types that can link this pair of labels ('' if none can). A typed pattern, not
    `WHERE r.type IN $types`: neither store then reads a property of every link it passes (Neo4j: 4 s -> 1 s for
    the degree of every organisation at 300,000 links). The types are checked names (parse_types)."""
    fits = [t for t in types if SCHEMA.relationships[t].target_table == pair[1]]
    return "r:" + "|".join(fits) if fits else ""


def _links(store: GraphStore, ids: list[str], types: list[str], shown: LinkFilter, ends: tuple[str, ...] = ("a", "b"),
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
                match = f"MATCH (a:{a})-[{rel}]->(b:{b}) WHERE {end}.id IN $ids AND {shown.WHERE}"
            else:
                pattern = f"(a:{a} {{id: i}})-[{rel}]->(b:{b})" if end == "a" else f"(a:{a})-[{rel}]->(b:{b} {{id: i}})"
                match = f"UNWIND $ids AS i MATCH {pattern} WHERE {shown.WHERE}"
            for row in store.run(f"{match} {_RETURN}", {"ids": ids, **shown.params}, limit=_ROWS).rows:
                rows[(row["s"], row["type"], row["t"])] = row
    return [rows[k] for k in sorted(rows)]


def around(store: GraphStore, center: str, depth: int, types: list[str], limit: int,
           shown: LinkFilter = LinkFilter()) -> Subgraph:
    """Nodes up to `depth` links from the centre, breadth first, at most `limit` of them."""
    org = resolve_org(store, center)
    nodes = {org["id"]: _node(org["id"], org["name"], org["kind"])}
    reached: set[str] = {org["id"]}
    edges: dict[str, dict[str, Any]] = {}
    frontier = [org["id"]]
    for _ in range(depth):
        if not frontier:
            break
        nxt: list[str] = []
        for row in _links(store, frontier, types, shown):
            for end in ("s", "t"):
                nid = row[end]
                if nid in reached:
                    continue
                reached.add(nid)
                if len(nodes) < limit:
                    nodes[nid] = _node(nid, row[f"{end}_name"], row[f"{end}_kind"])
                    nxt.append(nid)
            edge = _edge(row)
            edges[edge["id"]] = edge
        frontier = nxt
    kept = [e for e in edges.values() if e["source"] in nodes and e["target"] in nodes]
    omitted = len(reached) - len(nodes)
    return Subgraph(center=org["id"], depth=depth, types=types, nodes=list(nodes.values()), edges=kept,
                    omitted_nodes=omitted, omitted_edges=len(edges) - len(kept))


def overview(store: GraphStore, types: list[str], limit: int, shown: LinkFilter = LinkFilter()) -> Subgraph:
    """The best-connected organisations, the organisations linked to most of them, and the links between all these.

    A quarter of `limit` goes to the hubs (by degree), the rest to their partners, most-linked first, so the
    picture is connected even where hubs do not link to each other (universities with many industrial partners);
    then to the next hubs, then to any organisation, by id."""
    rel = _rel(types, _ORG_PAIR)
    # grouped by the node, not by its name and kind: those are read for the `limit` best only
    ranked = store.run(f"MATCH (o:Organization)-[{rel}]-(:Organization) WHERE {shown.WHERE} "
                       "WITH o, count(*) AS degree ORDER BY degree DESC, o.id LIMIT $limit "
                       "RETURN o.id AS id, o.name AS name, o.kind AS kind, degree", {"limit": limit, **shown.params},
                       limit=limit).rows if rel else []
    hubs = [r["id"] for r in ranked[:max(1, limit // 4)]]
    partners = store.run(f"MATCH (h:Organization)-[{rel}]-(o:Organization) WHERE h.id IN $ids AND {shown.WHERE} "
                         "WITH o, count(*) AS hubs ORDER BY hubs DESC, o.id LIMIT $limit "
                         "RETURN o.id AS id, o.name AS name, o.kind AS kind, hubs",
                         {"ids": hubs, "limit": 2 * limit, **shown.params}, limit=2 * limit).rows if hubs else []
    nodes: dict[str, dict[str, Any]] = {}
    for r in ranked[:len(hubs)] + partners + ranked[len(hubs):]:
        if len(nodes) < limit and r["id"] not in nodes:
            nodes[r["id"]] = _node(r["id"], r["name"], r["kind"])
    if len(nodes) < limit:
        for r in store.run("MATCH (o:Organization) RETURN o.id AS id, o.name AS name, o.kind AS kind "
                           "ORDER BY id LIMIT $limit", {"limit": limit}, limit=limit).rows:
            if len(nodes) < limit and r["id"] not in nodes:
                nodes[r["id"]] = _node(r["id"], r["name"], r["kind"])
    ids = list(nodes)
    edges = [_edge(r) for r in _links(store, ids, types, shown, ("a",), (_ORG_PAIR,)) if r["t"] in nodes]
    total_nodes = store.run("MATCH (o:Organization) RETURN count(o) AS n").rows[0]["n"]
    total_edges = store.run(f"MATCH (:Organization)-[{rel}]->(:Organization) WHERE {shown.WHERE} RETURN count(r) AS n",
                            shown.params).rows[0]["n"] if rel else 0
    omitted = max(0, total_nodes - len(nodes))
    return Subgraph(center=None, depth=0, types=types, nodes=list(nodes.values()), edges=edges,
                    omitted_nodes=omitted, omitted_edges=max(0, total_edges - len(edges)))


