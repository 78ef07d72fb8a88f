"""What the command line and the app share: the registry the extractor resolves against."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.errors import PartnergraphError
from graph.model import Organisation, StatementSet
from graph.registry import Registry
from graph.store import GraphStore

_FIELDS = ("id", "name", "kind", "short", "aliases", "name_en", "city", "region", "url")


def registry_from_store(store: GraphStore) -> Registry:
    """The curated organisations of the graph, as a registry to resolve names against."""
    cols = ", ".join(f"o.{f} AS {f}" for f in _FIELDS)
    rows = []
    for label in ("Organization", "Program"):
        rows += store.run(f"MATCH (o:{label}) WHERE o.curated = true RETURN {cols}", limit=10_000_000).rows
    return Registry(Organisation(**{k: v for k, v in r.items() if v is not None}, curated=True) for r in rows)


def document_reader(store: GraphStore, *, url: str = "", title: str = "") -> Callable[[Path], StatementSet]:
    """A reader of news articles, extracting against the graph's registry (built on first use)."""
    registry: list[Registry] = []

    def read(path: Path) -> StatementSet:
        try:
            from ingest.news_ru import read_document
        except ImportError as exc:  # pragma: no cover - the extractor ships with the package
            raise PartnergraphError("The news extractor is not installed.") from exc
        if not registry:
            registry.append(registry_from_store(store))
        return read_document(path, registry[0], url=url, title=title)

    return read
