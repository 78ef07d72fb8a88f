"""API latency and throughput on a synthetic graph, and the explorer's time to a stable picture.

    python bench/bench_api.py                       # 100,000 organisations, 300,000 links, embedded store
    python bench/bench_api.py --orgs 5000 --links 15000 --clients 4 --seconds 5
    python bench/bench_api.py --neo4j-uri bolt://127.0.0.1:7687 --neo4j-password secret
    python bench/bench_api.py --db /tmp/bench.lbdb --phases explorer --screenshots artifacts/screenshots

Prints medians (p50), p99 and requests per second for common_partners and org_profile under N
concurrent clients (threads + httpx against uvicorn on loopback), then the explorer's time from
page load to a stable picture (positions fixed, first frame drawn) for 500 and 2,000 nodes in headless
Chromium, and how long one redraw of that picture takes (what a pan or zoom costs).
Every phase is bounded by a request count and a time limit, and the whole run by --deadline.
`--db PATH` keeps the embedded store on disk: a later run with the same sizes skips the load (so does a
Neo4j database that holds exactly that many organisations and links; any other is CLEARED first).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.background import serve_in_thread  # noqa: E402
from graph.model import PARTNER_TYPES, Evidence, Organisation, Relation, Source, StatementSet  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import GraphStore  # noqa: E402

CHUNK_NODES, CHUNK_LINKS = 20_000, 50_000
CHROMIUM = os.environ.get("PARTNERGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def sizes(store: GraphStore) -> tuple[int, int]:
    """How many organisations, and links between them, the store holds."""
    orgs = store.run("MATCH (o:Organization) RETURN count(o) AS n").rows[0]["n"]
    links = store.run("MATCH (:Organization)-[r]->(:Organization) RETURN count(r) AS n").rows[0]["n"]
    return int(orgs), int(links)


def synthetic(store: GraphStore, orgs: int, links: int, seed: int = 1) -> tuple[str, str, str]:
    """Fill the store: 75% companies, 15% universities, 10% colleges; links industry -> education, skewed."""
    rng = random.Random(seed)
    n_uni, n_col = max(2, orgs * 15 // 100), max(1, orgs // 10)
    n_comp = orgs - n_uni - n_col
    kinds = [("university", "u", n_uni), ("college", "c", n_col), ("company", "k", n_comp)]
    src = Source(id="bench", url="https://example.org/bench", title="synthetic")
    t0 = time.perf_counter()
    ents = [Organisation(id=f"{prefix}{i}", name=f"Синтетическая {kind} {i}", kind=kind,  # type: ignore[arg-type]
                         short=(f"S{prefix.upper()}{i}",)) for kind, prefix, n in kinds for i in range(n)]
    for i in range(0, len(ents), CHUNK_NODES):
        store.upsert(StatementSet(entities=tuple(ents[i:i + CHUNK_NODES]), sources=(src,) if i == 0 else ()))
    educ = [f"u{i}" for i in range(n_uni)] + [f"c{i}" for i in range(n_col)]
    seen: set[tuple[str, str, str]] = set()
    rels: list[Relation] = []
    while len(seen) < links:
        # a few universities get most links, as in the real graph
        key = (rng.choice(PARTNER_TYPES), f"k{rng.randrange(n_comp)}",
               educ[min(len(educ) - 1, int(rng.random() ** 3 * len(educ)))])
        if key in seen:
            continue
        seen.add(key)
        quote = f"Компания {key[1]} и {key[2]}: {key[0].lower()}."
        rels.append(Relation(type=key[0], source=key[1], target=key[2],
                             evidence=(Evidence(source="bench", url=src.url, quote=quote, start=0, end=len(quote)),)))
    for i in range(0, len(rels), CHUNK_LINKS):
        store.upsert(StatementSet(relations=tuple(rels[i:i + CHUNK_LINKS])))
    print(f"synthetic graph: {orgs:,} organisations, {len(rels):,} links loaded in {time.perf_counter() - t0:.1f} s")
    return "u0", "u1", "k0"


def hammer(base: str, paths: list[str], clients: int, seconds: float, max_requests: int) -> tuple[list[float], int, float]:
    """Latencies (ms) of `clients` threads requesting `paths` in turn, until the time or count bound."""
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(k: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            i = k
            while time.perf_counter() < stop:
                with lock:
                    if len(lat) >= max_requests:
                        return
                t = time.perf_counter()
                r = c.get(paths[i % len(paths)])
                dt = (time.perf_counter() - t) * 1000
                with lock:
                    lat.append(dt)
                    errors[0] += r.status_code != 200
                i += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors[0], time.perf_counter() - t0


def p(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] if s else float("nan")


def bench_api(base: str, a: str, b: str, company: str, args: argparse.Namespace, label: str) -> None:
    cases = {
        "common_partners": [f"/queries/common_partners?a={a}&b={b}", f"/queries/common_partners?a=u2&b={a}"],
        "org_profile": [f"/queries/org_profile?org={company}", f"/queries/org_profile?org={a}"],
    }
    for name, paths in cases.items():
        httpx.get(base + paths[0], timeout=120)  # warm up
        lat, errors, wall = hammer(base, paths, args.clients, args.seconds, args.max_requests)
        print(f"{label:9} {name:16} clients={args.clients:<3} n={len(lat):<6} p50={statistics.median(lat):8.1f} ms "
              f"p99={p(lat, 0.99):8.1f} ms  {len(lat) / wall:7.1f} req/s  errors={errors}")


FRAME_JS = """async () => {
  const times = []; let t0 = 0;
  const before = () => { t0 = performance.now(); }, after = () => { times.push(performance.now() - t0); };
  network.on('beforeDrawing', before); network.on('afterDrawing', after);
  for (let i = 0; i < 10; i++) {
    network.moveTo({ scale: network.getScale() * (i % 2 ? 1.25 : 0.8) });
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  network.off('beforeDrawing', before); network.off('afterDrawing', after);
  times.sort((a, b) => a - b);
  return times.length ? times[Math.floor(times.length / 2)] : null;
}"""


def bench_explorer(base: str, sizes: list[int], runs: int, shots: Path | None) -> None:
    if not Path(CHROMIUM).exists():
        print(f"explorer: skipped (no Chromium at {CHROMIUM})")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for n in sizes:
            total, layout, frame, fetched, computed, asked, answered = [], [], [], [], [], [], []
            shown = links = 0
            for run in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                t0 = time.perf_counter()
                page.goto(f"{base}/explore?limit={n}")
                page.wait_for_function("window.explorer && window.explorer.stable", timeout=180_000)
                total.append(time.perf_counter() - t0)
                t = page.evaluate("window.explorer.timings")
                layout.append(((t.get("stable") or 0) - (t.get("drawn") or 0)) / 1000)
                fetched.append((t.get("fetched") or float("nan")) / 1000)  # since navigation: page, /graph, JSON
                req = page.evaluate("(performance.getEntriesByType('resource').filter(e => e.name.includes('/graph?'))"
                                    ".map(e => [e.startTime, e.responseEnd]))[0] || [NaN, NaN]")
                asked.append(req[0] / 1000)  # the page is ready and asks for /graph
                answered.append((req[1] - req[0]) / 1000)  # the server's answer, transferred
                computed.append(((t.get("layout") or {}).get("ms") or float("nan")) / 1000)  # positions, before vis
                shown = page.evaluate("network.body.data.nodes.length")
                links = page.evaluate("network.body.data.edges.length")
                if shots and run == 0:
                    shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shots / f"bench_explorer_{n}.png"))
                frame.append(page.evaluate(FRAME_JS) or float("nan"))
                page.close()
            print(f"explorer  {shown:>5} nodes {links:>5} links: page to stable picture p50 "
                  f"{statistics.median(total):.2f} s (runs {', '.join(f'{x:.2f}' for x in total)}; page ready "
                  f"{statistics.median(asked):.2f} s, /graph {statistics.median(answered):.2f} s, data parsed at "
                  f"{statistics.median(fetched):.2f} s, positions {statistics.median(computed):.2f} s, vis until "
                  f"stable {statistics.median(layout):.2f} s); one redraw p50 {statistics.median(frame):.0f} ms")
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orgs", type=int, default=100_000)
    ap.add_argument("--links", type=int, default=300_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0, help="time bound per case")
    ap.add_argument("--max-requests", type=int, default=2_000, help="count bound per case")
    ap.add_argument("--phases", default="api,explorer", help="comma-separated: api, explorer")
    ap.add_argument("--explorer-sizes", default="500,2000")
    ap.add_argument("--explorer-runs", type=int, default=3)
    ap.add_argument("--screenshots", type=Path, help="save the explorer's picture at each size here")
    ap.add_argument("--db", type=Path, help="embedded store path, kept (default: a temporary one)")
    ap.add_argument("--deadline", type=float, default=3600.0, help="the whole run's time bound, seconds")
    ap.add_argument("--no-embedded", action="store_true", help="only the Neo4j store")
    ap.add_argument("--neo4j-uri")
    ap.add_argument("--neo4j-user", default="neo4j")
    ap.add_argument("--neo4j-password", default="partnergraph")
    args = ap.parse_args()
    phases = {x.strip() for x in args.phases.split(",") if x.strip()}

    def overdue() -> None:
        print(f"bench: deadline of {args.deadline:.0f} s reached, stopping", flush=True)
        os._exit(3)

    watchdog = threading.Timer(args.deadline, overdue)
    watchdog.daemon = True
    watchdog.start()

    from graph.embedded_store import EmbeddedStore

    stores: list[tuple[str, GraphStore]] = []
    tmp = tempfile.TemporaryDirectory()
    if not args.no_embedded:
        stores.append(("embedded", EmbeddedStore(args.db or Path(tmp.name) / "bench.lbdb", timeout=120)))
    if args.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        stores.append(("neo4j", Neo4jStore(args.neo4j_uri, args.neo4j_user, args.neo4j_password, timeout=120)))
    explored = False
    for label, store in stores:
        if sizes(store) != (args.orgs, args.links):
            store.clear()
            a, b, company = synthetic(store, args.orgs, args.links)
        else:
            a, b, company = "u0", "u1", "k0"
            print(f"{label}: reusing the {args.orgs:,} organisations and {args.links:,} links already in the store")
        base, server, thread = serve_in_thread(create_app(Settings(), store=store))
        try:
            if "api" in phases:
                bench_api(base, a, b, company, args, label)
            if "explorer" in phases and not explored:
                explored = True
                bench_explorer(base, [int(s) for s in args.explorer_sizes.split(",") if s], args.explorer_runs,
                               args.screenshots)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
