"""The explorer in real headless Chromium, offline: every request to a host other than this server is blocked."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from api.app import create_app
from graph.embedded_store import EmbeddedStore
from graph.settings import Settings
from ingest.load import load

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("PARTNERGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ELINS_SENTENCE = "За последние пять лет программы стажировок"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_in_thread(app: Any) -> tuple[str, Any, threading.Thread]:
    """Run the app with uvicorn on a free loopback port; return its base URL once it answers."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = EmbeddedStore(tmp_path_factory.mktemp("explorer") / "g.lbdb")
    load(store, [ROOT / "data" / "registry", ROOT / "data" / "statements" / "seed.json"])
    url, server, thread = serve_in_thread(create_app(Settings(), store=store))
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}; apt-get install -y chromium chromium-driver")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed; pip install playwright (no `playwright install` needed)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """What a page asked for that it should not have, or that failed."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []

    def check(self) -> None:
        assert not self.failed, f"local requests failed: {self.failed}"
        assert not self.errors, f"page errors: {self.errors}"


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[tuple[Any, Watch]]:
    watch = Watch()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            watch.blocked.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("requestfailed", lambda r: watch.failed.append(r.url) if urlparse(r.url).hostname == "127.0.0.1" else None)
    pg.on("response", lambda r: watch.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    try:
        yield pg, watch
    finally:
        context.close()


def _open(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_function("window.network && window.explorer && window.explorer.stable && window.explorer.busy === 0",
                         timeout=30_000)


def _ids(pg: Any) -> set[str]:
    return set(pg.evaluate("network.body.data.nodes.getIds()"))


def _dom_point(pg: Any, canvas_xy_js: str, arg: Any) -> tuple[float, float]:
    """Page coordinates of a point the page computes in canvas space."""
    pt = pg.evaluate(f"(arg) => network.canvasToDOM({canvas_xy_js})", arg)
    box = pg.locator("#network").bounding_box()
    return box["x"] + pt["x"], box["y"] + pt["y"]


def _shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))


def test_offline_page_shows_focus_and_neighbours(page: tuple[Any, Watch], base_url: str) -> None:
    pg, watch = page
    _open(pg, f"{base_url}/explore?focus=miet&depth=1")
    ids = _ids(pg)
    assert {"miet", "elins", "tkk"} <= ids, ids
    assert pg.evaluate("typeof window.network.getPositions === 'function'")
    assert pg.locator("#legend input[data-kind]").count() >= 9
    assert "focus=miet" in pg.url and "depth=1" in pg.url
    _shot(pg, "focus_miet")
    watch.check()


def test_overview_and_shared_url(page: tuple[Any, Watch], base_url: str) -> None:
    pg, watch = page
    _open(pg, f"{base_url}/explore?focus=MIET&depth=2&types=INTERNSHIP")
    assert "focus=miet" in pg.url and "types=INTERNSHIP" in pg.url
    types = set(pg.evaluate("network.body.data.edges.get().map(e => e.type)"))
    assert types == {"INTERNSHIP"}, types
    _open(pg, f"{base_url}/explore")
    assert len(_ids(pg)) > 20
    watch.check()


def test_search_finds_miet(page: tuple[Any, Watch], base_url: str) -> None:
    pg, watch = page
    _open(pg, f"{base_url}/explore")
    pg.fill("#search", "МИЭТ")
    pg.press("#search", "Enter")
    item = pg.locator("#results li[data-id='miet']")
    item.wait_for(timeout=10_000)
    assert "электронной техники" in item.inner_text()
    item.click()
    pg.wait_for_function("window.explorer.busy === 0 && window.explorer.state.focus === 'miet'", timeout=10_000)
    assert "focus=miet" in pg.url
    assert "miet" in _ids(pg)
    _shot(pg, "search_miet")
    watch.check()


def test_click_node_expands_neighbours(page: tuple[Any, Watch], base_url: str) -> None:
    pg, watch = page
    _open(pg, f"{base_url}/explore?focus=miet&depth=1")
    before = _ids(pg)
    assert "mai" not in before
    x, y = _dom_point(pg, "network.getPositions([arg])[arg]", "elins")
    pg.mouse.click(x, y)
    pg.wait_for_function(f"network.body.data.nodes.length > {len(before)} && window.explorer.busy === 0",
                         timeout=10_000)
    after = _ids(pg)
    assert before < after and "mai" in after, after - before
    assert "focus=elins" in pg.url
    _shot(pg, "expand_elins")
    watch.check()


def test_click_edge_shows_evidence(page: tuple[Any, Watch], base_url: str) -> None:
    pg, watch = page
    _open(pg, f"{base_url}/explore?focus=miet&depth=1")
    edge = "elins|INTERNSHIP|miet"
    assert edge in pg.evaluate("network.body.data.edges.getIds()")
    # the middle of the drawn (curved) edge, where a person would click it
    x, y = _dom_point(pg, "network.body.edges[arg].edgeType.getPoint(0.5)", edge)
    pg.mouse.click(x, y)
    pg.locator("#info .evidence").first.wait_for(timeout=10_000)
    text = pg.locator("#info").inner_text()
    assert ELINS_SENTENCE in text, text
    links = pg.locator("#info .evidence a")
    assert links.first.get_attribute("href").startswith("https://news.rambler.ru/")
    _shot(pg, "edge_evidence")
    watch.check()
