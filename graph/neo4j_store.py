"""The Neo4j store, on the official driver: constraints on `id`, batched UNWIND … MERGE writes in one
transaction per load, reads in READ access mode with a time limit and a row cap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.errors import QueryFailed, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from graph.model import KIND_LABELS, StatementSet
from graph.readonly import check_read_only
from graph.schema import SCHEMA
from graph.store import REL_FIELDS, BaseStore, Progress, QueryResult, UpsertReport, clean_value, upsert_all

CONSTRAINTS = [
    *(f"CREATE CONSTRAINT {table.lower()}_id IF NOT EXISTS FOR (o:{table}) REQUIRE o.id IS UNIQUE"
      for table in SCHEMA.tables),
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
    "CREATE INDEX organization_kind IF NOT EXISTS FOR (o:Organization) ON (o.kind)",
]
_KIND_LABELS = ":".join(sorted({labels[1] for labels in KIND_LABELS.values() if len(labels) > 1}))
WRITE_SOURCES = "UNWIND $rows AS r MERGE (s:Source {id: r.id}) SET s += r"


def _target(rel_type: str) -> str:
    return SCHEMA.relationships[rel_type].target_table


class _Dialect:
    # Labels and types below come from the model's fixed lists, never from input.
    def write_nodes(self, kind: str) -> str:
        first, *rest = KIND_LABELS[kind]
        extra = "".join(f", o:{label}" for label in rest)
        return f"UNWIND $rows AS r MERGE (o:{first} {{id: r.id}}) SET o += r{extra}"

    def relabel(self, kind: str) -> str | None:
        return f"MATCH (o:Organization {{id: $id}}) REMOVE o:{_KIND_LABELS}"

    def fetch_rels(self, rel_type: str) -> str:
        cols = ", ".join(f"x.{f} AS {f}" for f in REL_FIELDS)
        return (f"UNWIND $keys AS k MATCH (a:Organization {{id: k.s}})-[x:{rel_type}]->(b:{_target(rel_type)} {{id: k.t}}) "
                f"RETURN a.id AS s, b.id AS t, {cols}")

    def write_rels(self, rel_type: str, new: bool) -> str:
        sets = ", ".join(f"x.{f} = r.{f}" for f in REL_FIELDS)
        pattern = f"(a:Organization {{id: r.s}})-[x:{rel_type}]->(b:{_target(rel_type)} {{id: r.t}})"
        if new:  # known absent (read in this transaction): CREATE skips MERGE's lookup
            return (f"UNWIND $rows AS r MATCH (a:Organization {{id: r.s}}) MATCH (b:{_target(rel_type)} {{id: r.t}}) "
                    f"CREATE (a)-[x:{rel_type}]->(b) SET {sets}")
        return f"UNWIND $rows AS r MATCH {pattern} SET {sets}"

    def write_sources(self) -> str:
        return WRITE_SOURCES

    def write_mentions(self, label: str) -> str:
        return (f"UNWIND $rows AS r MATCH (a:{label} {{id: r.s}}) MATCH (b:Source {{id: r.t}}) "
                "MERGE (a)-[x:MENTIONED_IN]->(b) SET x.count = r.count")


def _plain(value: Any) -> Any:
    """Driver graph objects as their properties, as the embedded store returns them."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node | Relationship):
        return dict(value)
    if isinstance(value, Path):
        return {"nodes": [dict(n) for n in value.nodes], "rels": [dict(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Tx:
    def __init__(self, tx: Any) -> None:
        self.tx = tx

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [r.data() for r in self.tx.run(query, params)]


class Neo4jStore(BaseStore):
    """A graph in a Neo4j database, reached over Bolt (`bolt://` one server, `neo4j://` a cluster or Aura)."""

    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, *, database: str = "neo4j",
                 timeout: float = 30.0, row_cap: int = 10_000) -> None:
        import neo4j
        from neo4j import exceptions as ne

        self.uri, self.database, self.timeout, self.row_cap = uri, database, timeout, row_cap
        self._neo4j = neo4j
        # the server's "property does not exist yet" notices are noise for a schemaless graph
        self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
        try:
            self._driver.verify_connectivity()
            for statement in CONSTRAINTS:
                self._driver.execute_query(statement, database_=database)
            info = self._driver.execute_query(
                "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition",
                database_=database, routing_=neo4j.RoutingControl.READ).records[0]
        except Exception as exc:
            self._driver.close()
            if isinstance(exc, ne.AuthError):
                raise StoreUnavailable(
                    f"Neo4j at {uri!r} refused the credentials of user {user!r}. "
                    "Set --neo4j-user/--neo4j-password (or PARTNERGRAPH_NEO4J_USER/PASSWORD).") from exc
            if isinstance(exc, ne.ServiceUnavailable | ne.DriverError | OSError | ValueError):
                raise StoreUnavailable(
                    f"Cannot reach Neo4j at {uri!r} ({exc}). Start it with `partnergraph neo4j start`, "
                    "or use --backend embedded.") from exc
            if isinstance(exc, ne.Neo4jError):
                raise StoreUnavailable(f"Neo4j at {uri!r} is not usable: {exc.message}") from exc
            raise
        self._version = f"{info['name']} {info['v']} {info['edition']}"

    def version(self) -> str:
        return self._version

    def _read(self, query: str, params: dict[str, Any] | None, timeout: float | None,
              limit: int | None) -> QueryResult:
        from neo4j import exceptions as ne

        limit = limit or self.row_cap
        try:
            with self._driver.session(database=self.database,
                                      default_access_mode=self._neo4j.READ_ACCESS) as session:
                @self._neo4j.unit_of_work(timeout=timeout or self.timeout)
                def work(tx: Any) -> QueryResult:
                    result = tx.run(query, params or {})
                    columns = list(result.keys())
                    rows: list[dict[str, Any]] = []
                    truncated = False
                    for record in result:
                        if len(rows) >= limit:
                            truncated = True
                            break
                        rows.append(dict(zip(columns, clean_value([_plain(v) for v in record.values()]))))
                    return QueryResult(columns, rows, truncated)

                return session.execute_read(work)
        except ne.ServiceUnavailable as exc:
            raise StoreUnavailable(f"Lost the connection to Neo4j at {self.uri!r}: {exc}") from exc
        except ne.Neo4jError as exc:
            if "TimedOut" in (exc.code or "") or "timeout" in (exc.message or "").lower():
                raise QueryTimeout(f"The query ran out of time ({timeout or self.timeout} s). "
                                  "Narrow it, or add a LIMIT.") from exc
            if exc.code and "AccessMode" in exc.code or "Forbidden" in (exc.code or ""):
                raise ReadOnlyViolation(f"Refused by Neo4j: {exc.message}") from exc
            raise QueryFailed(f"Neo4j rejected the query: {exc.message}") from exc

    def run(self, query: str, params: dict[str, Any] | None = None, *,
            timeout: float | None = None, limit: int | None = None) -> QueryResult:
        return self._read(query, params, timeout, limit)

    def run_readonly(self, query: str, params: dict[str, Any] | None = None, *,
                     timeout: float | None = None, limit: int | None = None) -> QueryResult:
        from neo4j import exceptions as ne

        check_read_only(query)
        # second line of defence: the planner's own verdict, without running anything
        try:
            summary = self._driver.execute_query(
                "EXPLAIN " + query, params or {}, database_=self.database,
                routing_=self._neo4j.RoutingControl.READ).summary
        except ne.Neo4jError as exc:
            raise QueryFailed(f"Neo4j rejected the query: {exc.message}") from exc
        if summary.query_type not in ("r", None):
            raise ReadOnlyViolation(f"Refused: Neo4j classifies this query as {summary.query_type!r} (it writes); "
                                    "this console is read-only.")
        return self._read(query, params, timeout, limit)

    def upsert_all(self, parts: Iterable[StatementSet], progress: Progress | None = None) -> UpsertReport:
        from neo4j import exceptions as ne

        try:
            with self._driver.session(database=self.database) as session:
                with session.begin_transaction() as tx:
                    report = upsert_all(_Tx(tx), _Dialect(), parts, progress)
                    tx.commit()
                    return report
        except ne.ServiceUnavailable as exc:
            raise StoreUnavailable(f"Lost the connection to Neo4j at {self.uri!r}: {exc}") from exc
        except ne.Neo4jError as exc:
            raise QueryFailed(f"Neo4j refused the load (nothing was written): {exc.message}") from exc

    def clear(self) -> None:
        while True:
            records = self._driver.execute_query(
                "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n", database_=self.database).records
            if records[0]["n"] == 0:
                return

    def close(self) -> None:
        self._driver.close()
