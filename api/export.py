"""The whole graph as GraphML (Gephi, networkx), GEXF, JSON or CSV."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from graph.store import GraphStore

FORMATS = ("graphml", "gexf", "json", "csv")


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Nodes with their properties, links with their type and evidence (lists joined for GraphML)."""
    nodes, links = store.dump()
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(n["id"], **{k: _flat(v) for k, v in n.items() if k != "id" and v is not None})
    for link in links:
        attrs = {k: _flat(v) for k, v in link.items() if k not in ("source", "target") and v is not None}
        g.add_edge(link["source"], link["target"], key=link["type"], **attrs)
    return g


def _flat(value: Any) -> Any:
    # GraphML and GEXF hold scalars only: lists become one string, items split by " | "
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return value


def export(store: GraphStore, fmt: str) -> str:
    """The graph in one of FORMATS, as text."""
    if fmt == "json":
        nodes, links = store.dump()
        for link in links:
            link["attrs"] = json.loads(link.get("attrs") or "{}")
        return json.dumps({"nodes": nodes, "links": links}, ensure_ascii=False, indent=1)
    if fmt == "csv":
        from api.output import to_csv

        return to_csv(store.dump()[1])
    g = to_networkx(store)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buf, encoding="utf-8")
    else:
        nx.write_gexf(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")
