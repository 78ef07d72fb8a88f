"""Settings: which store to open and how to reach it (PARTNERGRAPH_* environment variables)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the graph lives. Built by the CLI or the app, then passed down as plain values."""

    model_config = SettingsConfigDict(env_prefix="PARTNERGRAPH_", extra="ignore")

    backend: Literal["embedded", "neo4j"] = "embedded"
    db: Path = Path("partnergraph.lbdb")
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("partnergraph")
    neo4j_database: str = "neo4j"
    query_timeout: float = 30.0
    row_cap: int = 10_000
