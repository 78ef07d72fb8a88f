"""Choose the backend: the one place that branches on it."""

from __future__ import annotations

from graph.settings import Settings
from graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    """Open the store the settings name (the embedded one by default)."""
    if settings.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
                          database=settings.neo4j_database, timeout=settings.query_timeout,
                          row_cap=settings.row_cap)
    from graph.embedded_store import EmbeddedStore

    return EmbeddedStore(settings.db, timeout=settings.query_timeout, row_cap=settings.row_cap)
