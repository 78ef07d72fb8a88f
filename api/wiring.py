"""What the command line and the app share: the registry the extractor resolves against."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.model import Organisation, StatementSet
from graph.registry import Registry
from graph.store import GraphStore

DATA_REGISTRY = Path("data/registry")
_FIELDS = ("id", "name", "kind", "short", "aliases", "name_en", "city", "region", "url")


def registry_from_store(store: GraphStore) -> Registry:
    """The curated organisations of the graph, as a registry to resolve names against."""
    cols = ", ".join(f"o.{f} AS {f}" for f in _FIELDS)
    rows = []
    for label in ("Organization", "Program"):
        rows += store.run(f"MATCH (o:{label}) WHERE o.curated = true RETURN {cols}", limit=10_000_000).rows
    return Registry(Organisation(**{k: v for k, v in r.items() if v is not None}, curated=True) for r in rows)


def extraction_registry(store: GraphStore) -> Registry:
    """The graph's curated organisations; on an empty graph, the registry shipped in ./data/registry."""
    registry = registry_from_store(store)
    if not len(registry) and DATA_REGISTRY.is_dir():
        from ingest.curated import read_curated

        registry = Registry(o for p in sorted(DATA_REGISTRY.glob("*.yaml")) for o in read_curated(p).entities)
    return registry


def document_reader(store: GraphStore, *, url: str = "") -> Callable[[Path, list[Organisation]], StatementSet]:
    """A reader of news articles, extracting against the graph's registry (built on first use).

    An article's source URL is `url`, or the one line of a sidecar file `ARTICLE.url`.
    """
    from ingest.news_ru import read_document

    registry: list[Registry] = []

    def read(path: Path, curated: list[Organisation] | None = None) -> StatementSet:
        if not registry:
            registry.append(registry_from_store(store) if curated else extraction_registry(store))
            for org in curated or []:
                registry[0].add(org)
        sidecar = path.with_suffix(".url")
        source_url = url or (sidecar.read_text(encoding="utf-8").strip() if sidecar.is_file() else "")
        return read_document(path, registry[0], url=source_url)

    return read
