"""A real Neo4j 5.26 server: assembled from Maven Central, started, queried with auth, stopped.

lib/ comes from the shared home (~/.cache/partnergraph/neo4j-<version> or
$PARTNERGRAPH_NEO4J_HOME), so only the first run downloads; conf/data/logs live in tmp_path.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from graph.errors import Neo4jServerError
from graph.neo4j_server import NEO4J_VERSION, ServerConfig, start, status, stop

neo4j = pytest.importorskip("neo4j")

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("java") and shutil.which("mvn")), reason="needs java and mvn"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_start_auth_write_read_stop(tmp_path: Path) -> None:
    cfg = ServerConfig(run_dir=tmp_path / "neo4j", port=_free_port(), password="s3cret-pass")
    try:
        st = start(cfg, log=lambda _msg: None)
        assert st.running and st.pid and st.uri == f"bolt://127.0.0.1:{cfg.port}"
        assert start(cfg, log=lambda _msg: None).pid == st.pid  # already running: same JVM

        bad = neo4j.GraphDatabase.driver(cfg.uri, auth=(cfg.user, "wrong-password"))
        with bad, pytest.raises(neo4j.exceptions.AuthError):
            bad.verify_connectivity()

        with neo4j.GraphDatabase.driver(cfg.uri, auth=(cfg.user, cfg.password)) as driver:
            driver.verify_connectivity()
            agent = driver.get_server_info().agent
            assert agent == f"Neo4j/{NEO4J_VERSION}"
            driver.execute_query(
                "CREATE (:Organisation {id: $id, name: $name})-[:PARTNERS_WITH]->(:Organisation {id: 'u1'})",
                id="c1", name="Acme", database_="neo4j",
            )
            records, _, _ = driver.execute_query(
                "MATCH (a:Organisation {id: 'c1'})-[:PARTNERS_WITH]->(b) RETURN a.name AS a, b.id AS b",
                database_="neo4j",
            )
            assert [(r["a"], r["b"]) for r in records] == [("Acme", "u1")]
    finally:
        was_running = stop(cfg)
    assert was_running
    after = status(cfg)
    assert not after.running and after.pid is None
    assert stop(cfg) is False


def test_port_in_use_fails_fast(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        cfg = ServerConfig(run_dir=tmp_path / "neo4j", port=s.getsockname()[1])
        with pytest.raises(Neo4jServerError, match="in use"):
            start(cfg, log=lambda _msg: None)
    assert not status(cfg).running


def test_jvm_exit_is_reported_with_log_tail(tmp_path: Path) -> None:
    cfg = ServerConfig(run_dir=tmp_path / "neo4j", port=_free_port(), heap="lots")  # -Xmxlots
    with pytest.raises(Neo4jServerError, match=r"(?s)exited with code 1 .*Invalid .*heap size"):
        start(cfg, timeout=60, log=lambda _msg: None)
    assert not status(cfg).running


def test_bad_setting_is_reported_before_launch(tmp_path: Path) -> None:
    cfg = ServerConfig(run_dir=tmp_path / "neo4j", port=_free_port(), pagecache="lots")
    with pytest.raises(Neo4jServerError, match=r"(?s)initial password failed.*'lots' is not a valid size"):
        start(cfg, log=lambda _msg: None)
