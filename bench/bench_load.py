"""Bulk-load a synthetic graph into each store: rows/s and peak memory. Run on demand.

    .venv/bin/python bench/bench_load.py --orgs 100000 --links 500000 [--neo4j-uri bolt://127.0.0.1:7687]

Also times loading the shipped sample (data/registry + data/articles, with extraction).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.model import PARTNER_TYPES, Evidence, Organisation, Relation, Source, StatementSet
from graph.store import GraphStore

WORDS = ["Северный", "Уральский", "Технический", "Машиностроительный", "Химический", "Приборный", "Энергетический",
         "Сибирский", "Волжский", "Инновационный", "Аграрный", "Морской", "Оптический", "Лазерный", "Цифровой"]
KINDS = ["company"] * 6 + ["university", "college", "college", "school"]


def synthetic(n_orgs: int, n_links: int, seed: int = 7) -> StatementSet:
    """A graph of realistic shape: mostly companies, links industry -> education, a few hubs."""
    rnd = random.Random(seed)
    orgs = []
    for i in range(n_orgs):
        kind = rnd.choice(KINDS)
        head = {"company": "завод", "university": "университет", "college": "колледж", "school": "школа"}[kind]
        name = f"{rnd.choice(WORDS)} {head} № {i}"
        orgs.append(Organisation(id=f"o{i}", name=name, kind=kind, short=(f"СО{i}",)))
    industry = [o.id for o in orgs if o.kind == "company"]
    education = [o.id for o in orgs if o.kind != "company"]
    src = Source(id="bench", url="https://example.org/bench")
    rels, seen = [], set()
    while len(rels) < n_links:
        # a power-law-ish choice of education partners: hubs get most links
        s = rnd.choice(industry)
        t = education[min(int(rnd.paretovariate(1.2)) - 1, len(education) - 1)] if rnd.random() < 0.3 else rnd.choice(education)
        key = (rnd.choice(PARTNER_TYPES), s, t)
        if key in seen:
            continue
        seen.add(key)
        ev = Evidence(source="bench", url=src.url, quote=f"{s} сотрудничает с {t}.", start=0, end=10)
        rels.append(Relation(type=key[0], source=s, target=t, evidence=(ev,)))
    return StatementSet(entities=tuple(orgs), relations=tuple(rels), sources=(src,))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_store(name: str, open_store, data: StatementSet) -> None:  # type: ignore[no-untyped-def]
    store: GraphStore = open_store()
    store.clear()
    before = peak_mb()
    t = time.perf_counter()
    report = store.upsert(data)
    first = time.perf_counter() - t
    t = time.perf_counter()
    store.upsert(data)  # the same input again: every row is a merge
    again = time.perf_counter() - t
    rows = len(data.entities) + len(data.relations)
    print(f"{name:9} load {first:7.1f} s  {rows / first:9.0f} rows/s   reload (all merges) {again:7.1f} s "
          f"{rows / again:9.0f} rows/s   peak RSS {peak_mb():6.0f} MB (+{peak_mb() - before:.0f})  "
          f"added {report.nodes_added} nodes, {report.relations_added} links")
    store.close()


def bench_sample(runs: int) -> None:
    from api.wiring import document_reader
    from graph.embedded_store import EmbeddedStore
    from ingest.load import load

    root = Path(__file__).resolve().parent.parent / "data"
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as d:
            store = EmbeddedStore(Path(d) / "g.lbdb")
            t = time.perf_counter()
            load(store, [root / "registry", root / "articles"], read_document=document_reader(store))
            times.append(time.perf_counter() - t)
            store.close()
    print(f"sample (registry + seed article, with extraction) into embedded: median {statistics.median(times):.2f} s "
          f"over {runs} runs (first, with model loading: {times[0]:.2f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orgs", type=int, default=100_000)
    ap.add_argument("--links", type=int, default=500_000)
    ap.add_argument("--neo4j-uri", default=None)
    ap.add_argument("--neo4j-user", default="neo4j")
    ap.add_argument("--neo4j-password", default="partnergraph")
    ap.add_argument("--sample-runs", type=int, default=3)
    args = ap.parse_args()

    bench_sample(args.sample_runs)
    t = time.perf_counter()
    data = synthetic(args.orgs, args.links)
    print(f"synthetic graph: {args.orgs} organisations, {args.links} links, built in {time.perf_counter() - t:.1f} s")
    from graph.embedded_store import EmbeddedStore

    with tempfile.TemporaryDirectory() as d:
        bench_store("embedded", lambda: EmbeddedStore(Path(d) / "g.lbdb"), data)
    if args.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        bench_store("neo4j", lambda: Neo4jStore(args.neo4j_uri, args.neo4j_user, args.neo4j_password), data)


if __name__ == "__main__":
    main()
