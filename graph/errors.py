"""Errors that partnergraph raises for conditions a user can fix.

    PartnergraphError
    ├── InvalidRecord        a source file or record is malformed (file, line, field, value, expected)
    ├── UnknownEntity        a name resolves to no organisation
    ├── AmbiguousName        a name resolves to several organisations
    ├── QueryNotFound        no named query by that name
    ├── QueryParameterError  a named query got a missing or bad parameter
    ├── ReadOnlyViolation    a read-only console was given a writing statement
    ├── QueryFailed          the store rejected a query
    │   └── QueryTimeout     … because it ran out of time
    ├── StoreUnavailable     the store cannot be reached or opened
    └── Neo4jServerError     the local Neo4j server could not be installed, started or stopped

HTTP statuses for these live in `api/`, not here.
"""

from __future__ import annotations


class PartnergraphError(Exception):
    """Base class of every error a user can act on."""


class InvalidRecord(PartnergraphError):
    """A source file or one of its records is malformed."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.record, self.field = file, line, record, field
        self.value, self.expected, self.hint = value, expected, hint
        where = file + (f", line {line}" if line is not None else "")
        where += f", record {record!r}" if record else ""
        parts = [f"{where}: {problem}"]
        if field is not None:
            parts.append(f"field {field!r} = {value!r}")
        if expected:
            parts.append(f"expected {expected}")
        message = "; ".join(parts) + "."
        if hint:
            message += f" {hint}"
        super().__init__(message)


class UnknownEntity(PartnergraphError):
    """A name resolves to no organisation."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name, self.suggestions = name, suggestions or []
        message = f"No organisation matches {name!r}."
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        else:
            message += " Look it up by part of its name with the `search` query."
        super().__init__(message)


class UnknownLink(PartnergraphError):
    """A link id names no link of the graph."""

    def __init__(self, link_id: str) -> None:
        super().__init__(f"No link {link_id!r} in the graph (ids are TYPE:source_id:target_id; "
                         "the review queue lists them).")


class AmbiguousName(PartnergraphError):
    """A name resolves to several organisations."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name, self.candidates = name, candidates
        super().__init__(
            f"{name!r} is ambiguous: it matches {', '.join(candidates)}. Use one of these ids instead."
        )


class QueryNotFound(PartnergraphError):
    """No named query by that name."""


class QueryParameterError(PartnergraphError):
    """A named query got a missing or malformed parameter."""


class ReadOnlyViolation(PartnergraphError):
    """A read-only console was given a statement that writes."""


class QueryFailed(PartnergraphError):
    """The store rejected a query."""


class QueryTimeout(QueryFailed):
    """A query ran longer than its time limit."""


class StoreUnavailable(PartnergraphError):
    """The store cannot be reached or opened."""


class Neo4jServerError(PartnergraphError):
    """The local Neo4j server could not be installed, started or stopped."""
