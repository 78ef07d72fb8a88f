"""Refuse writing Cypher before it runs: the guard in front of every read-only console.

The stores add their own second line (a READ transaction; EXPLAIN's query type in Neo4j), but
LadybugDB's read-only mode still reads and writes files (COPY … TO, LOAD FROM, EXPORT DATABASE),
so the text itself is checked first, the same way for both backends.
"""

from __future__ import annotations

import re

from graph.errors import ReadOnlyViolation

_STRINGS = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"(?<![.$\w])([A-Za-z_]\w*)")

WRITE_WORDS = {
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "RENAME", "FOREACH",
    "LOAD", "COPY", "EXPORT", "IMPORT", "INSTALL", "UNINSTALL", "ATTACH", "USE", "CHECKPOINT",
    "BEGIN", "COMMIT", "ROLLBACK", "GRANT", "REVOKE", "DENY", "START", "STOP", "TERMINATE", "ENABLE",
    "TRUNCATE", "INSERT", "UPDATE", "UPSERT", "PERIODIC",
}
# Procedures that only read. Everything else behind CALL is refused: apoc.create.*, db.create.*, …
READ_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "dbms.components",
    "show_tables", "table_info", "show_connection", "db.indexes", "db.constraints",
}
_CALL = re.compile(r"\bCALL\s*(\{|[\w.]+)", re.I)


def check_read_only(query: str) -> None:
    """Raise ReadOnlyViolation if the Cypher could write anything (data, schema or files)."""
    text = _COMMENTS.sub(" ", _STRINGS.sub("''", query))
    if ";" in text.strip().rstrip(";"):
        raise ReadOnlyViolation("Only one statement at a time: remove the ';' between statements.")
    for word in _WORD.findall(text):
        if word.upper() in WRITE_WORDS:
            raise ReadOnlyViolation(
                f"Refused: {word.upper()} writes to the graph (or to files), and this console is read-only. "
                "Load data with `partnergraph ingest` instead.")
    for target in _CALL.findall(text):
        if target != "{" and target.lower() not in READ_PROCEDURES:
            raise ReadOnlyViolation(
                f"Refused: CALL {target} is not a known read-only procedure. "
                f"Allowed: {', '.join(sorted(READ_PROCEDURES))}.")
