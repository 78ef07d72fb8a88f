"""Settings: which store to open and how to reach it (PARTNERGRAPH_* environment variables)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the graph lives. Built by the CLI or the app, then passed down as plain values."""

    model_config = SettingsConfigDict(env_prefix="PARTNERGRAPH_", extra="ignore")

    backend: Literal["embedded", "neo4j"] = Field("embedded", description="Where the graph lives.")
    db: Path = Field(Path("partnergraph.lbdb"), description="Path of the embedded database.")
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", description="Neo4j: bolt:// for one server, neo4j:// for a cluster.")
    neo4j_user: str = Field("neo4j", description="Neo4j user.")
    neo4j_password: SecretStr = Field(SecretStr("partnergraph"),
                                      description="Neo4j password (default: the local server's, see `neo4j start`).")
    neo4j_database: str = Field("neo4j", description="Neo4j database.")
    query_timeout: float = Field(30.0, description="Seconds a query may run.")
    row_cap: int = Field(10_000, description="Rows a query may return.")
    extractor: str = Field("rules", description="Extractor that reads articles (see ingest/extractors.py).")
    decisions: Path = Field(Path("data/decisions"),
                            description="Folder where review and merge decisions are kept (and re-applied by ingest).")
    review_token: SecretStr | None = Field(None, description="Bearer token the API requires for review decisions "
                                                              "(without it the API takes none).")
