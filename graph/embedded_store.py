"""The embedded store: LadybugDB (the maintained fork of Kùzu), in-process, one path on disk.

LadybugDB has a fixed schema: one node table per label and one relationship table per type, so
every kind of organisation shares the `Organization` table and its `kind` column.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.errors import QueryFailed, QueryTimeout, StoreUnavailable
from graph.model import Source, StatementSet
from graph.readonly import check_read_only
from graph.schema import SCHEMA
from graph.store import NODE_FIELDS, REL_FIELDS, BaseStore, Progress, QueryResult, UpsertReport, clean_value, upsert_all

_COLUMN_TYPES = {"str": "STRING", "str?": "STRING", "kind": "STRING", "list": "STRING[]", "ints": "INT64[]",
                 "bool": "BOOLEAN"}
_NODE_SPEC = {**SCHEMA.organisation_fields, **SCHEMA.lookup_fields}
_NODE_COLUMNS = ", ".join(f"{f.name} {_COLUMN_TYPES[f.type]}" + (" PRIMARY KEY" if f.name == "id" else "")
                          for f in _NODE_SPEC.values())
_REL_COLUMNS = ", ".join(f"{f.name} {_COLUMN_TYPES[f.type]}" for f in SCHEMA.link_fields.values())
_SOURCE_COLUMNS = ", ".join(f"{f} STRING" + (" PRIMARY KEY" if f == "id" else "") for f in Source.model_fields)
SCHEMA_DDL = [
    *(f"CREATE NODE TABLE IF NOT EXISTS {table}({_NODE_COLUMNS})" for table in SCHEMA.tables),
    f"CREATE NODE TABLE IF NOT EXISTS Source({_SOURCE_COLUMNS})",
    *(f"CREATE REL TABLE IF NOT EXISTS {t.name}(FROM Organization TO {t.target_table}, {_REL_COLUMNS})"
      for t in SCHEMA.relationships.values()),
    "CREATE REL TABLE IF NOT EXISTS MENTIONED_IN(" + ", ".join(f"FROM {t} TO Source" for t in SCHEMA.tables)
    + ", count INT64)",
]


def _cast(field: str) -> str:
    # Parameters are typed from their values: an empty list reads as STRING[], a null as ANY.
    spec = _NODE_SPEC.get(field) or SCHEMA.link_fields[field]
    return f"CAST(r.{field} AS {_COLUMN_TYPES[spec.type]})"


_NODE_SET = ", ".join(f"o.{f} = {_cast(f)}" for f in NODE_FIELDS if f != "id")
_REL_SET = ", ".join(f"x.{f} = {_cast(f)}" for f in REL_FIELDS)
_REL_PROPS = ", ".join(f"{f}: {_cast(f)}" for f in REL_FIELDS)


class _Dialect:
    def write_nodes(self, kind: str) -> str:
        table = SCHEMA.table_of(kind)
        return f"UNWIND $rows AS r MERGE (o:{table} {{id: r.id}}) SET {_NODE_SET}"

    def relabel(self, kind: str) -> str | None:
        return None  # the kind is a column here

    def fetch_rels(self, rel_type: str) -> str:
        target = SCHEMA.relationships[rel_type].target_table
        cols = ", ".join(f"x.{f} AS {f}" for f in REL_FIELDS)
        return (f"UNWIND $keys AS k MATCH (a:Organization {{id: k.s}}) MATCH (b:{target} {{id: k.t}}) "
                f"MATCH (a)-[x:{rel_type}]->(b) RETURN a.id AS s, b.id AS t, {cols}")

    def write_rels(self, rel_type: str, new: bool) -> str:
        target = SCHEMA.relationships[rel_type].target_table
        # links known to be new are CREATEd (MERGE looks each one up); here and in fetch_rels the
        # ends are matched one after the other: one pattern for both plans a join, ~5x slower in 0.22
        if new:
            return (f"UNWIND $rows AS r MATCH (a:Organization {{id: r.s}}) MATCH (b:{target} {{id: r.t}}) "
                    f"CREATE (a)-[x:{rel_type} {{{_REL_PROPS}}}]->(b)")
        return (f"UNWIND $rows AS r MATCH (a:Organization {{id: r.s}}) MATCH (b:{target} {{id: r.t}}) "
                f"MATCH (a)-[x:{rel_type}]->(b) SET {_REL_SET}")

    def write_sources(self) -> str:
        return ("UNWIND $rows AS r MERGE (s:Source {id: r.id}) SET s.url = CAST(r.url AS STRING), "
                "s.title = CAST(r.title AS STRING), s.published = CAST(r.published AS STRING), "
                "s.publisher = CAST(r.publisher AS STRING), s.sha256 = CAST(r.sha256 AS STRING)")

    def write_mentions(self, label: str) -> str:
        return (f"UNWIND $rows AS r MATCH (a:{label} {{id: r.s}}) MATCH (b:Source {{id: r.t}}) "
                "MERGE (a)-[x:MENTIONED_IN]->(b) SET x.count = CAST(r.count AS INT64)")


class _Tx:
    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.store._execute(query, params, None, None).rows


class EmbeddedStore(BaseStore):
    """A graph in a LadybugDB database at `path` (created with its schema on first open)."""

    backend = "embedded"

    def __init__(self, path: str | Path, *, timeout: float = 30.0, row_cap: int = 10_000) -> None:
        import ladybug

        self.path, self.timeout, self.row_cap = str(path), timeout, row_cap
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(self.path)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            hint = " Another process holds it open: stop `partnergraph serve`, or use another --db." \
                if "lock" in str(exc).lower() else ""
            raise StoreUnavailable(f"Cannot open the embedded graph at {self.path!r}: {exc}.{hint}") from exc
        # one connection, used by one thread at a time: LadybugDB connections are not thread-safe
        self._lock = threading.RLock()
        for statement in SCHEMA_DDL:
            self._conn.execute(statement)
        self._version = ladybug.__version__

    def version(self) -> str:
        return f"LadybugDB {self._version}"

    def _execute(self, query: str, params: dict[str, Any] | None, timeout: float | None,
                 limit: int | None) -> QueryResult:
        with self._lock:
            self._conn.set_query_timeout(int((timeout or 0) * 1000))
            try:
                result = self._conn.execute(query, params or {})
            except RuntimeError as exc:
                msg = str(exc)
                if msg.startswith("Interrupted"):
                    raise QueryTimeout(f"The query ran out of time ({timeout} s). Narrow it, or add a LIMIT.") from exc
                raise QueryFailed(f"The embedded store rejected the query: {msg}") from exc
            if isinstance(result, list):  # several `;`-separated statements: every one has run
                for r in result:
                    r.close()
                raise QueryFailed("Send one statement at a time (no `;` between statements).")
            columns = result.get_column_names()
            rows: list[dict[str, Any]] = []
            truncated = False
            while result.has_next():
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append(dict(zip(columns, clean_value(result.get_next()))))
            result.close()
            return QueryResult(columns, rows, truncated)

    def run(self, query: str, params: dict[str, Any] | None = None, *,
            timeout: float | None = None, limit: int | None = None) -> QueryResult:
        return self._execute(query, params, timeout or self.timeout, limit or self.row_cap)

    def run_readonly(self, query: str, params: dict[str, Any] | None = None, *,
                     timeout: float | None = None, limit: int | None = None) -> QueryResult:
        check_read_only(query)
        with self._lock, self._transaction(read_only=True):
            return self.run(query, params, timeout=timeout, limit=limit)

    @contextmanager
    def _transaction(self, read_only: bool = False) -> Iterator[None]:
        with self._lock:
            self._conn.execute("BEGIN TRANSACTION READ ONLY" if read_only else "BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                try:
                    self._conn.execute("ROLLBACK")
                except RuntimeError:
                    pass  # a failed statement has already rolled the transaction back
                raise
            self._conn.execute("COMMIT")

    def upsert_all(self, parts: Iterable[StatementSet], progress: Progress | None = None) -> UpsertReport:
        with self._transaction():
            return upsert_all(_Tx(self), _Dialect(), parts, progress)

    def clear(self) -> None:
        with self._transaction():
            for label in (*SCHEMA.tables, "Source"):
                self._conn.execute(f"MATCH (o:{label}) DETACH DELETE o")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._db.close()
