"""Scoring any extractor against gold statement sets: entity and relation precision/recall/F1.

Entities match by id, or by any shared lookup key (graph.names.keys) of their name forms (name,
short, aliases), one to one. Relations match on (type, mapped source, mapped target). `tier`
restricts the gold to that tier, and the prediction to the same tier (a predicted explicit link
that matches an implied gold link counts neither way).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph import names
from graph.registry import Registry
from ingest.extractors import DEFAULT, EXTRACTORS, Extractor, get_extractor

Doc = dict[str, Any]


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _forms(e: Doc) -> list[str]:
    return [e.get("name", ""), *(e.get("short") or []), *(e.get("aliases") or [])]


def match_entities(pred: list[Doc], gold: list[Doc]) -> dict[str, str]:
    """Predicted id -> gold id, one to one: ids first, then shared name keys."""
    mapping: dict[str, str] = {}
    gold_ids = {g["id"] for g in gold}
    for p in pred:
        if p["id"] in gold_ids:
            mapping[p["id"]] = p["id"]
    used = set(mapping.values())
    gkeys = {g["id"]: set(names.keys(_forms(g))) for g in gold}
    # best pairs first: a predicted duplicate («колледж имени X») must not take the gold entity
    # that the full name («Уральский … колледж имени X») matches better
    pairs = sorted(((len(pk & gk), p["id"], gid) for p in pred if p["id"] not in mapping
                    for pk in [set(names.keys(_forms(p)))] for gid, gk in gkeys.items() if pk & gk),
                   key=lambda t: -t[0])
    for _, pid, gid in pairs:
        if pid not in mapping and gid not in used:
            mapping[pid] = gid
            used.add(gid)
    return mapping


def score(pred: Doc, gold: Doc, tier: str | None = None) -> dict[str, Any]:
    """Scores of one predicted statement-set document against one gold document."""
    mapping = match_entities(pred.get("entities", []), gold.get("entities", []))
    ent = prf(len(mapping), len(pred.get("entities", [])) - len(mapping),
              len(gold.get("entities", [])) - len(mapping))
    g_all = {(r["type"], r["source"], r["target"]): r.get("tier", "explicit") for r in gold.get("relations", [])}
    p_all: dict[tuple[str, str, str], str] = {}
    for r in pred.get("relations", []):
        key = (r["type"], mapping.get(r["source"], "?" + r["source"]), mapping.get(r["target"], "?" + r["target"]))
        t = r.get("tier", "explicit")
        p_all[key] = "explicit" if "explicit" in (t, p_all.get(key)) else t
    if tier:
        g = {k for k, t in g_all.items() if t == tier}
        p = {k for k, t in p_all.items() if t == tier and not (k in g_all and k not in g)}
    else:
        g, p = set(g_all), set(p_all)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for k in p:
        per[k[0]][0 if k in g else 1] += 1
    for k in g - p:
        per[k[0]][2] += 1
    tp, fp, fn = len(p & g), len(p - g), len(g - p)
    return {"entities": ent, "relations": prf(tp, fp, fn),
            "per_type": {t: prf(*v) for t, v in sorted(per.items())},
            "missed": sorted(g - p), "spurious": sorted(p - g)}


def total(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro-averaged totals over several documents."""
    def add(key: str) -> dict[str, float | int]:
        return prf(sum(s[key]["tp"] for s in scores), sum(s[key]["fp"] for s in scores),
                   sum(s[key]["fn"] for s in scores))
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in scores:
        for t, v in s["per_type"].items():
            per[t][0] += v["tp"]
            per[t][1] += v["fp"]
            per[t][2] += v["fn"]
    return {"entities": add("entities"), "relations": add("relations"),
            "per_type": {t: prf(*v) for t, v in sorted(per.items())}}


def load_gold(path: Path) -> Doc:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def format_scores(s: dict[str, Any], title: str = "") -> str:
    lines = [title] if title else []
    for part in ("entities", "relations"):
        v = s[part]
        lines.append(f"{part:<20} P {v['p']:.2f}  R {v['r']:.2f}  F1 {v['f1']:.2f}  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")
    for t, v in s["per_type"].items():
        lines.append(f"  {t:<18} P {v['p']:.2f}  R {v['r']:.2f}  F1 {v['f1']:.2f}  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")
    return "\n".join(lines)


def evaluate_file(gold_path: Path, doc_path: Path, registry: Registry, tier: str | None = None,
                  extractor: Extractor | None = None) -> dict[str, Any]:
    """Extract `doc_path` (an article, or an already extracted .json) and score it against `gold_path`."""
    from ingest.documents import document_source, read_text_document
    from ingest.statements import dump_statements

    doc_path = Path(doc_path)
    if doc_path.suffix.lower() == ".json":
        pred = json.loads(doc_path.read_text(encoding="utf-8"))
    else:
        text, title = read_text_document(doc_path)
        found = (extractor or get_extractor()).extract(text, registry, document_source(text, title=title))
        pred = dump_statements(found)
    return score(pred, load_gold(Path(gold_path)), tier=tier)


def main(argv: list[str] | None = None) -> None:
    """python -m ingest.evaluate GOLD.json FILE | --devset DIR | --corpus DIR --split test  [--tier T] [--extractor NAME]"""
    import argparse

    from ingest.curated import registry_from_folder

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("gold", nargs="?")
    ap.add_argument("file", nargs="?")
    ap.add_argument("--tier", choices=["explicit", "implied"])
    ap.add_argument("--devset", type=Path, help="score every *.txt with its *.gold.json in this folder")
    ap.add_argument("--corpus", type=Path, help="score the annotated articles of this corpus folder (recursively)")
    ap.add_argument("--split", choices=["train", "test", "all"], default="test",
                    help="with --corpus: which part (test: the articles no rule or training may read)")
    ap.add_argument("--quiet", "-q", action="store_true", help="print the total only")
    ap.add_argument("--registry", type=Path, default=Path("data/registry"))
    ap.add_argument("--extractor", choices=sorted(EXTRACTORS), default=DEFAULT)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    reg = registry_from_folder(a.registry)
    extractor = get_extractor(a.extractor)
    if a.corpus:
        from ingest.corpus import articles, split_of

        pairs = [(art.gold_path, art.txt) for art in articles(a.corpus) if art.gold_path.is_file()
                 and a.split in ("all", split_of(art.meta()["url"]))]
    else:
        pairs = ([(Path(a.gold), Path(a.file))] if a.gold else
                 [(p.with_suffix("").with_suffix(".gold.json"), p) for p in sorted(a.devset.glob("*.txt"))
                  if p.with_suffix("").with_suffix(".gold.json").exists()])
    scores = []
    for gold, doc in pairs:
        s = evaluate_file(gold, doc, reg, tier=a.tier, extractor=extractor)
        scores.append(s)
        if a.quiet:
            continue
        print(format_scores(s, f"== {doc.name}" + (f" (tier {a.tier})" if a.tier else "")))
        if a.verbose:
            print("  missed:  ", s["missed"])
            print("  spurious:", s["spurious"])
    if len(scores) > 1:
        print(format_scores(total(scores), f"== TOTAL over {len(scores)} documents" + (f" (tier {a.tier})" if a.tier else "")))


if __name__ == "__main__":
    main()
