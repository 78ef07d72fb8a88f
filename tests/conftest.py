"""Fixtures: every store test runs on the embedded store and on a real Neo4j server.

Neo4j comes from PARTNERGRAPH_TEST_NEO4J_URI (+ _USER/_PASSWORD) if set, else a server this
run starts itself (graph/neo4j_server.py) on a free port, stopped at the end. Locally a
missing server skips the Neo4j tests with the reason; with CI=true it fails them.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.open import open_store
from graph.settings import Settings
from graph.store import GraphStore
from ingest.load import load

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
REGISTRY = ROOT / "data" / "registry"
SEED_GOLD = ROOT / "data" / "statements" / "seed.json"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BACKENDS = ["embedded", "neo4j"]


def pytest_report_header() -> list[str]:
    import ladybug
    import neo4j

    return [f"ladybug {ladybug.__version__}, neo4j driver {neo4j.__version__}, CI={IN_CI}"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Connection settings of a real Neo4j server for this test session."""
    uri = os.environ.get("PARTNERGRAPH_TEST_NEO4J_URI")
    if uri:
        yield {"uri": uri, "user": os.environ.get("PARTNERGRAPH_TEST_NEO4J_USER", "neo4j"),
               "password": os.environ.get("PARTNERGRAPH_TEST_NEO4J_PASSWORD", "partnergraph")}
        return
    from graph.errors import Neo4jServerError
    from graph.neo4j_server import ServerConfig, start, stop

    cfg = ServerConfig(run_dir=tmp_path_factory.mktemp("neo4j"), port=_free_port(), password="partnergraph-test")
    try:
        start(cfg, timeout=180, log=lambda m: None)
    except Neo4jServerError as exc:
        stop(cfg)
        message = f"Neo4j could not be started here ({exc}); set PARTNERGRAPH_TEST_NEO4J_URI"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield {"uri": cfg.uri, "user": cfg.user, "password": cfg.password}
    finally:
        stop(cfg)


def open_test_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    if backend == "embedded":
        return open_store(Settings(backend="embedded", db=tmp_path / "graph.lbdb"))
    server = request.getfixturevalue("neo4j_server")
    store = open_store(Settings(backend="neo4j", neo4j_uri=server["uri"], neo4j_user=server["user"],
                                neo4j_password=server["password"]))
    store.clear()
    return store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend."""
    s = open_test_store(request.param, request, tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(params=BACKENDS)
def loaded_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A store of each backend with the curated registry and the seed article's statements."""
    s = open_test_store(request.param, request, tmp_path)
    try:
        load(s, [REGISTRY, SEED_GOLD])
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def both_stores(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, GraphStore]]:
    """The same data in both backends, to compare answers (read-only: shared by a module)."""
    stores = [open_test_store(b, request, tmp_path_factory.mktemp("both")) for b in BACKENDS]
    try:
        for s in stores:
            load(s, [REGISTRY, SEED_GOLD])
        yield stores[0], stores[1]
    finally:
        for s in stores:
            s.close()
