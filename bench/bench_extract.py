"""Extraction speed: articles/s and chars/s for extraction alone and for extract + load (median of runs).

    .venv/bin/python bench/bench_extract.py [--runs 5] [--no-load] [FILES_OR_DIRS…]

Defaults to tests/devset/*.txt plus the seed. The load half writes into a throwaway embedded
store (graph.open.open_store with a temporary path) if it can be opened; otherwise it is skipped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.registry import Registry  # noqa: E402
from ingest.curated import read_curated  # noqa: E402
from ingest.news_ru import extract  # noqa: E402


def files(args: list[str]) -> list[Path]:
    paths = [Path(a) for a in args] or [ROOT / "tests" / "devset", ROOT / "tests" / "fixtures" / "extract"]
    out: list[Path] = []
    for p in paths:
        out += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    return out


def open_temp_store(path: Path):  # type: ignore[no-untyped-def]
    try:
        from graph.embedded_store import EmbeddedStore

        return EmbeddedStore(str(path / "db"))
    except Exception as exc:
        print(f"(load skipped: cannot open an embedded store: {exc})")
        return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-load", action="store_true")
    a = ap.parse_args()
    reg = Registry(o for p in sorted((ROOT / "data" / "registry").glob("*.yaml")) for o in read_curated(p).entities)
    texts = [p.read_text(encoding="utf-8") for p in files(a.paths)]
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    extract(texts[0], reg)  # warm-up: models, morphology, gazetteer
    print(f"warm-up (model load + first article): {time.perf_counter() - t0:.2f} s")
    runs = []
    for _ in range(a.runs):
        t = time.perf_counter()
        for text in texts:
            extract(text, reg)
        runs.append(time.perf_counter() - t)
    med = statistics.median(runs)
    print(f"extract: {len(texts)} articles, {chars:,} chars, median of {a.runs} runs {med:.3f} s"
          f" -> {len(texts) / med:.1f} articles/s, {chars / med:,.0f} chars/s")
    if a.no_load:
        return
    runs = []
    for _ in range(a.runs):
        with tempfile.TemporaryDirectory() as tmp:
            store = open_temp_store(Path(tmp))
            if store is None:
                return
            t = time.perf_counter()
            for text in texts:
                ss = extract(text, reg)
                store.upsert(ss)  # type: ignore[attr-defined]
            runs.append(time.perf_counter() - t)
            store.close()
    med = statistics.median(runs)
    print(f"extract+load: median of {a.runs} runs {med:.3f} s -> {len(texts) / med:.1f} articles/s, "
          f"{chars / med:,.0f} chars/s")


if __name__ == "__main__":
    main()
