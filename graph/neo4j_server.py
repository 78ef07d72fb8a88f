"""Assemble Neo4j 5.26 Community from Maven Central and run it on 127.0.0.1 with auth on.

Verified on Debian 12, OpenJDK 17.0.15, Maven 3.8.7, 2 cores (2026-11):
- Newest 5.26.x on Maven Central: 5.26.30 (no 5.26.27). `org.neo4j:neo4j` + `org.neo4j.app:neo4j-server`
  resolve to 213 jars, 123 MB in lib/ (+~130 MB in ~/.m2); copy-dependencies takes ~45 s cold.
- Main class `org.neo4j.server.CommunityEntryPoint` (in neo4j-<v>.jar), args `--home-dir --config-dir
  --console-mode`, classpath `lib/*`: the same command `Neo4jCommand console --dry-run` prints.
- Java 17: without `--add-opens java.base/java.nio` the page cache falls back (WARN); without java.io and
  sun.nio.ch every tx-log fadvise warns "Incorrect file descriptor". `server.memory.heap.*` is read
  only by the launcher script, hence -Xms/-Xmx.
- Initial password: `org.neo4j.cli.AdminTool dbms set-initial-password` (the JVM that
  `Neo4jAdminCommand` forks) with NEO4J_HOME/NEO4J_CONF set; it writes data/dbms/auth.ini in ~1.5 s.
- start() on a new store: ~14 s (password 1.5 s, ~9 s to "Started", then Bolt + RETURN 1).
  SIGTERM stops it in <1 s with the Bolt quiet period at 0 (12 s otherwise).
"""

from __future__ import annotations

import fcntl
import importlib.resources
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Neo4jServerError

NEO4J_VERSION = "5.26.30"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
JVM_FLAGS = [  # as in the distribution's neo4j.conf; the add-opens silence debug.log fallbacks
    "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true", "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
]
_MARKER = ".complete"  # written last by install(), so a half-copied lib/ is never trusted
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}  # polled (so reaped) and never GC'd while running


def _default_home() -> Path:
    env = os.environ.get("PARTNERGRAPH_NEO4J_HOME")
    return Path(env) if env else Path.home() / ".cache" / "partnergraph" / f"neo4j-{NEO4J_VERSION}"


@dataclass(frozen=True)
class ServerConfig:
    """Where the server's jars and its instance live, and how it listens."""

    home: Path = field(default_factory=_default_home)  # holds lib/, shareable between instances
    run_dir: Path | None = None  # this instance's conf/data/logs; None means home/run
    port: int = 7687
    user: str = "neo4j"
    password: str = "partnergraph"  # the initial password, set before the first start
    heap: str = "1g"
    pagecache: str = "256m"

    def __post_init__(self) -> None:
        # Absolute: these go into the JVM's command line, which status() matches against.
        object.__setattr__(self, "home", Path(self.home).expanduser().absolute())
        if self.run_dir is not None:
            object.__setattr__(self, "run_dir", Path(self.run_dir).expanduser().absolute())

    @property
    def uri(self) -> str:
        """Bolt URI of this server."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def instance(self) -> Path:
        """Directory holding this instance's conf, data, logs and pid file."""
        return self.run_dir or self.home / "run"

    @property
    def log_path(self) -> Path:
        """The JVM's stdout/stderr (Neo4j's user log, in console mode)."""
        return self.instance / "logs" / "console.log"


@dataclass(frozen=True)
class ServerStatus:
    """What status() found."""

    running: bool
    pid: int | None
    uri: str
    version: str
    home: Path
    log_path: Path


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        raise Neo4jServerError("Java not found: Neo4j 5.26 needs Java 17 or 21; install openjdk-17-jre-headless.")
    out = subprocess.run([java, "-version"], check=False, capture_output=True, text=True).stderr
    major = out.split('"')[1].split(".")[0] if '"' in out else "?"
    if major not in ("17", "21"):
        raise Neo4jServerError(f"{java} is Java {major}, but Neo4j {NEO4J_VERSION} needs Java 17 or 21: "
                               "install openjdk-17-jre-headless or point JAVA_HOME at one.")
    return java


def _installed(lib: Path) -> bool:
    return (lib / _MARKER).is_file() and (lib / _MARKER).read_text().strip() == NEO4J_VERSION


def install(cfg: ServerConfig, log: Callable[[str], object] = print) -> None:
    """Copy Neo4j's jars from Maven Central into home/lib, unless they are already complete."""
    lib = cfg.home / "lib"
    if _installed(lib):
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("Maven not found: it downloads Neo4j's jars; install maven (apt-get install maven).")
    cfg.home.mkdir(parents=True, exist_ok=True)
    with open(cfg.home / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be installing into the same home
        if _installed(lib):
            return
        log(f"Downloading Neo4j {NEO4J_VERSION} Community from Maven Central (~125 MB) into {lib} ...")
        pom = importlib.resources.files("graph").joinpath("neo4j_pom.xml").read_text()
        with tempfile.TemporaryDirectory(dir=cfg.home) as tmp:  # mvn may write target/ beside the pom
            Path(tmp, "pom.xml").write_text(pom)
            staged = Path(tmp, "lib")
            cmd = [mvn, "-B", "-ntp", "-Dstyle.color=never", "-f", f"{tmp}/pom.xml", "dependency:copy-dependencies",
                   "-DincludeScope=runtime", f"-Dneo4j.version={NEO4J_VERSION}", f"-DoutputDirectory={staged}"]
            done = subprocess.run(cmd, check=False, capture_output=True, text=True)
            if done.returncode != 0 or not (staged / f"neo4j-{NEO4J_VERSION}.jar").is_file():
                out = (done.stdout + done.stderr).splitlines()
                tail = "\n".join([ln for ln in out if ln.startswith("[ERROR] ") and ln[8:].strip()][:1] or out[-15:])
                raise Neo4jServerError(f"Maven could not download Neo4j {NEO4J_VERSION} (exit {done.returncode}); "
                                       f"check access to Maven Central and ~/.m2/settings.xml:\n{tail}")
            (staged / _MARKER).write_text(NEO4J_VERSION + "\n")
            shutil.rmtree(lib, ignore_errors=True)
            staged.rename(lib)
    log(f"Neo4j {NEO4J_VERSION} installed in {lib}")


def _write_conf(cfg: ServerConfig) -> Path:
    dirs = ("data", "logs", "run", "import", "plugins")
    for d in ("conf", *dirs):
        (cfg.instance / d).mkdir(parents=True, exist_ok=True)
    settings = {  # strict validation is on: an unknown or repeated key makes the server exit
        **{f"server.directories.{d}": str(cfg.instance / d) for d in dirs},
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{cfg.port}",
        "server.bolt.advertised_address": f"127.0.0.1:{cfg.port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "server.memory.pagecache.size": cfg.pagecache,
        "db.tx_log.preallocate": "false",  # no point reserving disk on a dev/CI machine
        "dbms.usage_report.enabled": "false",  # it would phone home; there is no network here
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",  # SIGTERM 10 s faster
    }
    (cfg.instance / "conf" / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    return cfg.instance / "conf"


def _alive(pid: int, cfg: ServerConfig) -> bool:
    if pid in _CHILDREN:  # started by this process: poll() also reaps it, so no zombie lingers
        return _CHILDREN[pid].poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    cmdline = Path(f"/proc/{pid}/cmdline")  # a reused pid (or a zombie) is not our server
    return not cmdline.exists() or str(cfg.instance / "conf").encode() in cmdline.read_bytes()


def status(cfg: ServerConfig) -> ServerStatus:
    """Whether this instance's JVM is running, from its pid file."""
    try:
        pid: int | None = int((cfg.instance / "neo4j.pid").read_text())
    except (OSError, ValueError):
        pid = None
    running = pid is not None and _alive(pid, cfg)
    return ServerStatus(running, pid if running else None, cfg.uri, NEO4J_VERSION, cfg.home, cfg.log_path)


def _tail(path: Path, n: int = 25) -> str:
    lines = path.read_text(errors="replace").splitlines() if path.exists() else ["(no log)"]
    return "\n".join([*lines[-n:], f"(full log: {path})"])


def start(cfg: ServerConfig, timeout: float = 120.0, log: Callable[[str], object] = print) -> ServerStatus:
    """Install if needed, start the server detached and wait until it answers with the password."""
    if (st := status(cfg)).running:
        return st
    java = _java()
    with socket.socket() as s:  # fail fast: the JVM would start and only then die on bind
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", cfg.port))
        except OSError:
            raise Neo4jServerError(f"port {cfg.port} is in use by another process: pass --port or stop it.") from None
    install(cfg, log)
    conf = _write_conf(cfg)
    cp = str(cfg.home / "lib" / "*")
    env = {**os.environ, "NEO4J_HOME": str(cfg.home), "NEO4J_CONF": str(conf)}
    data = cfg.instance / "data"
    if not (data / "dbms" / "auth.ini").exists() and not (data / "databases" / "system").exists():
        cmd = [java, "-Xmx256m", *JVM_FLAGS, "-cp", cp, ADMIN_CLASS, "dbms", "set-initial-password", cfg.password]
        done = subprocess.run(cmd, env=env, check=False, capture_output=True, text=True)
        if done.returncode != 0:  # e.g. a password under 8 characters, or a bad setting value
            why = "\n".join([ln for ln in (done.stdout + done.stderr).splitlines() if not ln.startswith("\t")][:6])
            raise Neo4jServerError(f"setting the initial password failed (exit {done.returncode}):\n{why}")
    cmd = [java, f"-Xms{cfg.heap}", f"-Xmx{cfg.heap}", *JVM_FLAGS, "-cp", cp, MAIN_CLASS,
           f"--home-dir={cfg.home}", f"--config-dir={conf}", "--console-mode"]
    log(f"Starting Neo4j {NEO4J_VERSION} on {cfg.uri} (log: {cfg.log_path})")
    with open(cfg.log_path, "ab") as out:  # own session: survives the caller and its Ctrl-C
        proc = subprocess.Popen(cmd, cwd=cfg.instance, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    _CHILDREN[proc.pid] = proc
    (cfg.instance / "neo4j.pid").write_text(f"{proc.pid}\n")
    try:
        _wait_ready(cfg, proc, time.monotonic() + timeout)
    except BaseException:
        stop(cfg)  # we launched it, so a failed start leaves nothing running
        raise
    log(f"Neo4j is ready on {cfg.uri}")
    return status(cfg)


def _wait_ready(cfg: ServerConfig, proc: subprocess.Popen[bytes], deadline: float) -> None:
    from neo4j import GraphDatabase  # lazy: the embedded store must not need the driver
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    while proc.poll() is None:
        try:
            with GraphDatabase.driver(cfg.uri, auth=(cfg.user, cfg.password)) as driver:
                driver.verify_connectivity()
                driver.execute_query("RETURN 1", database_="neo4j")
                return
        except AuthError:
            raise Neo4jServerError(f"Neo4j at {cfg.uri} refused user {cfg.user!r}: the store in {cfg.instance}/data "
                                   "has another password; pass that one, or delete the directory.") from None
        except (OSError, DriverError, Neo4jError):
            pass  # not listening yet, or the database is still coming online
        if time.monotonic() > deadline:
            raise Neo4jServerError(f"Neo4j did not answer on {cfg.uri} in time (pass a longer timeout):\n"
                                   + _tail(cfg.log_path))
        time.sleep(0.5)
    raise Neo4jServerError(f"Neo4j exited with code {proc.returncode} while starting:\n{_tail(cfg.log_path)}")


def stop(cfg: ServerConfig, timeout: float = 60.0) -> bool:
    """Stop the server (SIGTERM, then SIGKILL after timeout); True if it was running."""
    st = status(cfg)
    if st.pid is None:
        (cfg.instance / "neo4j.pid").unlink(missing_ok=True)
        return False
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.kill(st.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while _alive(st.pid, cfg) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not _alive(st.pid, cfg):
            break
    else:
        raise Neo4jServerError(f"Neo4j (pid {st.pid}) survived SIGKILL; check it with `ps -p {st.pid}`.")
    _CHILDREN.pop(st.pid, None)
    (cfg.instance / "neo4j.pid").unlink(missing_ok=True)
    return True
