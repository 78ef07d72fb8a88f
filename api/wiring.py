"""What the command line and the app share: the registry and the extractor that articles are read with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.model import Organisation, StatementSet
from graph.registry import Registry
from graph.store import GraphStore
from ingest.curated import registry_from_folder
from ingest.extractors import DEFAULT, get_extractor

DATA_REGISTRY = Path("data/registry")


def extraction_registry(store: GraphStore) -> Registry:
    """The graph's curated organisations; on an empty graph, the registry shipped in ./data/registry."""
    registry = Registry(store.curated())
    if not len(registry) and DATA_REGISTRY.is_dir():
        registry = registry_from_folder(DATA_REGISTRY)
    return registry


def document_reader(store: GraphStore, *, url: str = "",
                    extractor: str = DEFAULT) -> Callable[[Path, list[Organisation]], StatementSet]:
    """A reader of news articles, extracting with the named extractor against the graph's registry
    (built on first use, with the curated organisations of the same load).

    An article's source URL is `url`, or the one in its sidecar (`ARTICLE.meta.json` or `ARTICLE.url`).
    """
    from ingest.documents import read_document

    registry: list[Registry] = []
    chosen = get_extractor(extractor)

    def read(path: Path, curated: list[Organisation] | None = None) -> StatementSet:
        if not registry:
            registry.append(Registry(store.curated()) if curated else extraction_registry(store))
            for org in curated or []:
                registry[0].add(org)
        return read_document(path, registry[0], chosen, url=url)

    return read
