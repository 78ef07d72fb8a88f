"""The store protocol, and the backend-neutral half of loading: merging what is new with what is there.

A load reads the nodes and links it touches, merges them in Python (union of name forms and of
evidence, curated facts win) and writes whole rows back, all in one transaction. The two
backends only supply a transaction and their own Cypher; the rules live here, once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graph import names
from graph.errors import InvalidRecord, PartnergraphError
from graph.model import (
    REL_TYPES,
    REVIEW_FIELDS,
    Decision,
    Evidence,
    Merge,
    Organisation,
    Relation,
    StatementSet,
    merge_evidence,
    parse_link_id,
)
from graph.regions import DISTRICT_OF
from graph.schema import ORGANISATION_TABLE, SCHEMA

BATCH = 5_000
Progress = Callable[[int], None]

# the stored properties, from the schema
ORG_FIELDS = tuple(SCHEMA.organisation_fields)
NODE_FIELDS = (*ORG_FIELDS, *SCHEMA.lookup_fields)
EVIDENCE = {f.name: f.evidence for f in SCHEMA.link_fields.values() if f.evidence}  # list on the link -> Evidence field
EVIDENCE_FIELDS = tuple(EVIDENCE)
REL_FIELDS = tuple(SCHEMA.link_fields)
# every stored property of a node but the derived lookup keys; the same Cypher in both stores
NODE_COLUMNS = ", ".join(f"o.{f} AS {f}" for f in ORG_FIELDS)
FETCH_NODES = " UNION ALL ".join(f"UNWIND $ids AS i MATCH (o:{table} {{id: i}}) RETURN {NODE_COLUMNS}"
                                 for table in SCHEMA.tables)


@dataclass
class QueryResult:
    """Rows of a read, with the columns in order and whether the row cap cut it."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False


@dataclass
class UpsertReport:
    """What a load changed."""

    nodes_added: int = 0
    nodes_merged: int = 0
    relations_added: int = 0
    relations_merged: int = 0
    evidence_added: int = 0
    sources_added: int = 0
    merged_away: int = 0  # organisations merged into another by a merge decision
    decisions_applied: int = 0  # review decisions that found their link

    def add(self, other: UpsertReport) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


class GraphStore(Protocol):
    """A graph of organisations and their links, in one backend."""

    backend: str

    def upsert(self, statements: StatementSet, progress: Progress | None = None) -> UpsertReport:
        """Merge organisations, sources and relations into the graph in one transaction.

        `progress(n)` is called as each batch of n organisations or links is written.
        """

    def upsert_all(self, parts: Iterable[StatementSet], progress: Progress | None = None) -> UpsertReport:
        """Merge statement sets one after the other, all in one transaction: a failure anywhere,
        in a write or in the iterable that produces them, leaves the graph as it was."""

    def curated(self) -> list[Organisation]:
        """The curated organisations (and programmes) of the graph."""

    def run(self, query: str, params: dict[str, Any] | None = None, *,
            timeout: float | None = None, limit: int | None = None) -> QueryResult:
        """Run a trusted read query (a named query) with parameters, a time limit and a row cap."""

    def run_readonly(self, query: str, params: dict[str, Any] | None = None, *,
                     timeout: float | None = None, limit: int | None = None) -> QueryResult:
        """Run untrusted Cypher, refusing any write before it runs."""

    def lookup(self, keys: Sequence[str], *, ids_only: bool = False) -> list[dict[str, Any]]:
        """Organisations (and programmes) with these ids or (unless ids_only) any of these name keys."""

    def dump(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every node and every link (with its evidence), for export."""

    def counts(self) -> dict[str, int]:
        """Number of nodes per kind and of links per type."""

    def version(self) -> str:
        """The backend's name and version."""

    def clear(self) -> None:
        """Delete everything."""

    def close(self) -> None:
        """Release the connection."""


class Tx(Protocol):
    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


class Dialect(Protocol):
    """The Cypher a backend writes with; everything else of loading is shared."""

    def write_nodes(self, kind: str) -> str: ...
    def relabel(self, kind: str) -> str | None: ...
    def fetch_rels(self, rel_type: str) -> str: ...
    def write_rels(self, rel_type: str, new: bool) -> str: ...
    def write_sources(self) -> str: ...
    def write_mentions(self, label: str) -> str: ...


def batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def node_row(org: Organisation) -> dict[str, Any]:
    row = org.model_dump(mode="json")
    row["federal_district"] = row.get("federal_district") or DISTRICT_OF.get(row.get("region") or "")
    row["keys"] = names.keys(org.forms)
    row["search_text"] = names.search_text(org.forms)
    return {k: row.get(k) for k in NODE_FIELDS}


def _merge_node(old: dict[str, Any], new: Organisation) -> Organisation:
    """Union of name forms; a curated record overrides, an extracted one only fills gaps."""
    base = {k: v for k, v in old.items() if k in Organisation.model_fields and v not in (None, [], "")}
    incoming = new.model_dump(exclude_defaults=True)
    merged = {**base, **incoming} if new.curated or not old.get("curated") else {**incoming, **base}
    if old.get("curated") and not new.curated:
        merged["kind"] = old["kind"]
    for k in ("short", "aliases", "sources"):
        merged[k] = tuple(dict.fromkeys([*(old.get(k) or ()), *getattr(new, k)]))
    merged["curated"] = bool(old.get("curated")) or new.curated
    return Organisation(**merged)


def rel_row(rel: Relation) -> dict[str, Any]:
    ev = rel.evidence
    return {
        "s": rel.source, "t": rel.target, "id": rel.id, "type": rel.type, "tier": rel.tier, "status": rel.status,
        "attrs": json.dumps(rel.attrs, ensure_ascii=False, sort_keys=True),
        **{field: [getattr(e, attr) for e in ev] for field, attr in EVIDENCE.items()},
        **{k: getattr(rel, k) or "" for k in REVIEW_FIELDS},
        "first_stated": rel.first_stated or "", "last_stated": rel.last_stated or "",
    }


def row_evidence(row: dict[str, Any]) -> tuple[Evidence, ...]:
    """The evidence stored as parallel lists on a link, back as objects (a list missing from an older
    link is taken as empty values)."""
    cols = {attr: row.get(field) or [] for field, attr in EVIDENCE.items()}
    n = len(cols["quote"])
    return tuple(Evidence(**{attr: values[i] for attr, values in cols.items() if i < len(values)})
                 for i in range(n))


def row_relation(row: dict[str, Any], rel_type: str, source: str, target: str) -> Relation:
    """A stored link row (REL_FIELDS) back as a Relation between `source` and `target`."""
    review = {k: row.get(k) or None for k in REVIEW_FIELDS}
    return Relation(type=rel_type, source=source, target=target, evidence=row_evidence(row),
                    attrs=json.loads(row.get("attrs") or "{}"), **{**review, "review": review["review"] or "unreviewed"})


def _dedupe_relations(rels: Iterable[Relation]) -> dict[tuple[str, str, str], Relation]:
    out: dict[tuple[str, str, str], Relation] = {}
    for r in rels:
        if r.key in out:
            old = out[r.key]
            r = Relation(type=r.type, source=r.source, target=r.target,
                         evidence=merge_evidence(old.evidence, r.evidence), attrs={**old.attrs, **r.attrs},
                         ).reviewed_as(old.reviewed_as(r))
        out[r.key] = r
    return out


def upsert_all(tx: Tx, dialect: Dialect, parts: Iterable[StatementSet], progress: Progress | None = None) -> UpsertReport:
    """Merge statement sets, one after the other, through one open transaction."""
    report = UpsertReport()
    for part in parts:
        report.add(upsert(tx, dialect, part, progress))
    return report


def upsert(tx: Tx, dialect: Dialect, statements: StatementSet, progress: Progress | None = None) -> UpsertReport:
    """Merge a statement set into the graph through one open transaction."""
    report = UpsertReport()
    step = progress or (lambda n: None)
    orgs: dict[str, Organisation] = {}
    for org in statements.entities:
        orgs[org.id] = _merge_node(orgs[org.id].model_dump(), org) if org.id in orgs else org
    known = _fetch_nodes(tx, sorted(set(orgs) | {i for r in statements.relations for i in (r.source, r.target)}
                                             | set(statements.mentions)))
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for org in orgs.values():
        old = known.get(org.id)
        if old is None:
            report.nodes_added += 1
            merged = org
        else:
            if (old["kind"] == "program") != (org.kind == "program"):
                raise PartnergraphError(
                    f"{org.id!r} is a {old['kind']} in the graph and a {org.kind} in this input; "
                    "a programme cannot become an organisation or back. Use another id.")
            report.nodes_merged += 1
            merged = _merge_node(old, org)
            if merged.kind != old["kind"] and (q := dialect.relabel(merged.kind)):
                tx.run(q, {"id": merged.id})
        known[org.id] = {"kind": merged.kind}
        by_kind[merged.kind].append(node_row(merged))
    for kind, rows in by_kind.items():
        for chunk in batches(rows):
            tx.run(dialect.write_nodes(kind), {"rows": list(chunk)})
            step(len(chunk))

    if statements.sources:
        rows = [s.model_dump() for s in statements.sources]
        existing = {r["id"] for r in tx.run("UNWIND $ids AS i MATCH (s:Source {id: i}) RETURN s.id AS id",
                                             {"ids": [r["id"] for r in rows]})}
        report.sources_added = sum(r["id"] not in existing for r in rows)
        tx.run(dialect.write_sources(), {"rows": rows})

    rels = _dedupe_relations(statements.relations)
    by_type: dict[str, list[Relation]] = defaultdict(list)
    for rel in rels.values():
        for end in (rel.source, rel.target):
            if end not in known:
                raise InvalidRecord("<statement set>", "a link names an organisation that is neither in this input "
                                    "nor in the graph", record=f"{rel.type} {rel.source} -> {rel.target}",
                                    field="id", value=end, expected="the id of a known organisation",
                                    hint="Load the registry first, or add the organisation to the input.")
        allowed_from, allowed_to = REL_TYPES[rel.type]
        if known[rel.source]["kind"] not in allowed_from or known[rel.target]["kind"] not in allowed_to:
            raise InvalidRecord("<statement set>", "link between kinds this type does not join",
                                record=f"{rel.type} {rel.source} -> {rel.target}", field="kinds",
                                value=f"{known[rel.source]['kind']} -> {known[rel.target]['kind']}",
                                expected=f"{sorted(allowed_from)} -> {sorted(allowed_to)}")
        by_type[rel.type].append(rel)
    for rel_type, group in by_type.items():
        for chunk in batches(group):
            old_rows = {(r["s"], r["t"]): r for r in tx.run(
                dialect.fetch_rels(rel_type), {"keys": [{"s": r.source, "t": r.target} for r in chunk]})}
            writes: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
            for rel in chunk:
                old = old_rows.get((rel.source, rel.target))
                if old is None:
                    report.relations_added += 1
                    report.evidence_added += len(rel.evidence)
                else:
                    report.relations_merged += 1
                    stored = row_relation(old, rel.type, rel.source, rel.target)
                    evidence = merge_evidence(stored.evidence, rel.evidence)
                    report.evidence_added += len(evidence) - len(stored.evidence)
                    updated = stored.model_copy(update={"evidence": evidence, "attrs": {**stored.attrs, **rel.attrs}}
                                                ).reviewed_as(rel)
                    if updated == stored and old.get("id"):
                        continue  # nothing new: a reload writes nothing
                    rel = updated
                writes[old is None].append(rel_row(rel))
            for new, batch in writes.items():
                if batch:
                    tx.run(dialect.write_rels(rel_type, new), {"rows": batch})
            step(len(chunk))

    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for org_id, per_source in statements.mentions.items():
        end_kind = known.get(org_id, {}).get("kind")
        label = SCHEMA.table_of(end_kind) if end_kind else ORGANISATION_TABLE
        mentions[label] += [{"s": org_id, "t": src, "count": n} for src, n in per_source.items()]
    for label, rows in mentions.items():
        for chunk in batches(rows):
            tx.run(dialect.write_mentions(label), {"rows": list(chunk)})
    for merge in statements.merges:
        report.add(_merge_nodes(tx, dialect, merge))
    for decision in statements.decisions:
        report.decisions_applied += _decide(tx, decision)
    return report


def _merge_nodes(tx: Tx, dialect: Dialect, merge: Merge) -> UpsertReport:
    """Move every link and mention of `merge.id` to `merge.into`, keep its name forms there, delete it."""
    known = _fetch_nodes(tx, [merge.id, merge.into])
    if merge.id not in known:
        return UpsertReport()  # merged before, or never loaded
    if merge.into not in known:
        raise InvalidRecord("<merge decision>", "the organisation to merge into is not in the graph",
                            record=f"{merge.id} -> {merge.into}", field="into", value=merge.into,
                            expected="the id of an organisation in the graph")
    old, new = known[merge.id], known[merge.into]
    forms = tuple(f for f in (old["name"], *(old.get("short") or ()), *(old.get("aliases") or ())) if f)
    moved = Organisation(id=merge.into, name=new["name"], kind=new["kind"], aliases=forms)
    rels: list[Relation] = []
    for rel_type in REL_TYPES:
        for row in tx.run(_links_of(rel_type), {"id": merge.id}):
            s, t = (merge.into if e == merge.id else e for e in (row["s"], row["t"]))
            if s != t:
                rels.append(row_relation(row, rel_type, s, t))
    table = SCHEMA.table_of(old["kind"])
    mentions = {merge.into: {r["source"]: r["n"] for r in tx.run(
        f"MATCH (o:{table} {{id: $id}})-[m:MENTIONED_IN]->(s:Source) RETURN s.id AS source, m.count AS n",
        {"id": merge.id})}}
    report = upsert(tx, dialect, StatementSet(entities=(moved,), relations=tuple(rels), mentions=mentions))
    tx.run(f"MATCH (o:{table} {{id: $id}}) DETACH DELETE o", {"id": merge.id})
    report.merged_away += 1
    return report


def _links_of(rel_type: str) -> str:
    cols = ", ".join(f"x.{f} AS {f}" for f in REL_FIELDS)
    return (f"MATCH (a:Organization)-[x:{rel_type}]->(b:{SCHEMA.relationships[rel_type].target_table}) "
            f"WHERE a.id = $id OR b.id = $id RETURN a.id AS s, b.id AS t, {cols}")


def _decide(tx: Tx, decision: Decision) -> int:
    """Set a link's review from a decision: 1 if the link is in the graph, else 0 (it applies when it comes)."""
    rel_type, source, target = parse_link_id(decision.link)
    found = tx.run(f"MATCH (a:Organization {{id: $s}})-[x:{rel_type}]->(b:{SCHEMA.relationships[rel_type].target_table} "
                   "{id: $t}) SET x.review = $review, x.review_note = $note, x.reviewer = $reviewer, "
                   "x.reviewed_at = $at RETURN count(x) AS n",
                   {"s": source, "t": target, "review": decision.review, "note": decision.note,
                    "reviewer": decision.reviewer, "at": decision.at})
    return int(found[0]["n"]) if found else 0


def _fetch_nodes(tx: Tx, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for chunk in batches(ids):
        for row in tx.run(FETCH_NODES, {"ids": list(chunk)}):
            found[row["id"]] = row
    return found



def clean_value(value: Any) -> Any:
    """A query value as plain data: nodes and links become their properties, the same in both stores."""
    if isinstance(value, dict):
        return {k: clean_value(v) for k, v in value.items() if not k.startswith("_") and v is not None}
    if isinstance(value, list | tuple):
        return [clean_value(v) for v in value]
    return value


_REL_COLUMNS = ", ".join(f"r.{f} AS {f}" for f in REL_FIELDS)


class BaseStore:
    """Reads that both dialects write the same way, on top of a backend's `run`."""

    backend = "base"

    def run(self, query: str, params: dict[str, Any] | None = None, *,
            timeout: float | None = None, limit: int | None = None) -> QueryResult:
        raise NotImplementedError

    def lookup(self, keys: Sequence[str], *, ids_only: bool = False) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        cols = "o.id AS id, o.name AS name, o.kind AS kind, o.short AS short, o.keys AS keys"
        for label in SCHEMA.tables:
            # ids through the primary key first: a user usually names an organisation by its id
            out += self.run(f"UNWIND $keys AS k MATCH (o:{label} {{id: k}}) RETURN {cols} ORDER BY o.id",
                            {"keys": list(keys)}).rows
            if not ids_only:
                # name keys need a scan (neither store indexes list elements); a parameter inside
                # any(…) trips LadybugDB 0.22's binder, bound by WITH it works in both
                out += self.run(f"WITH $keys AS ks MATCH (o:{label}) WHERE any(k IN o.keys WHERE k IN ks) "
                                f"AND NOT o.id IN ks RETURN {cols} ORDER BY o.id", {"keys": list(keys)}).rows
        return out

    def curated(self) -> list[Organisation]:
        rows: list[dict[str, Any]] = []
        for label in SCHEMA.tables:
            rows += self.run(f"MATCH (o:{label}) WHERE o.curated = true RETURN {NODE_COLUMNS}", limit=10_000_000).rows
        return [Organisation(**{k: v for k, v in r.items() if v is not None}) for r in rows]

    def upsert(self, statements: StatementSet, progress: Progress | None = None) -> UpsertReport:
        return self.upsert_all([statements], progress)  # type: ignore[attr-defined]

    def dump(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        nodes: list[dict[str, Any]] = []
        for label in SCHEMA.tables:
            nodes += self.run(f"MATCH (o:{label}) RETURN {NODE_COLUMNS} ORDER BY o.id").rows
        links: list[dict[str, Any]] = []
        for t in REL_TYPES:
            links += self.run(f"MATCH (a)-[r:{t}]->(b) RETURN a.id AS source, b.id AS target, {_REL_COLUMNS} "
                              "ORDER BY source, target").rows
        return nodes, links

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.run("MATCH (o:Organization) RETURN o.kind AS kind, count(*) AS n ORDER BY kind").rows:
            out[row["kind"]] = row["n"]
        for kind in SCHEMA.kinds.values():  # kinds with a table of their own: programmes
            if kind.table != ORGANISATION_TABLE:
                out[kind.name] = self.run(f"MATCH (o:{kind.table}) RETURN count(*) AS n").rows[0]["n"]
        out["source"] = self.run("MATCH (s:Source) RETURN count(*) AS n").rows[0]["n"]
        for t in [*REL_TYPES, "MENTIONED_IN"]:
            out[t] = self.run(f"MATCH ()-[r:{t}]->() RETURN count(r) AS n").rows[0]["n"]
        return out

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]
