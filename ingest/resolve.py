"""Organisations resolved across articles: the same organisation, annotated in many articles under
different ids, becomes one node through merge decisions (data/decisions/merges.jsonl).

    python -m ingest.resolve data/corpus [--registry data/registry] [--decisions data/decisions]

proposes a merge for every pair of ids whose canonical names have the same lemmas, in the same
region and kind group and not in two different towns (a college never merges into a company), or whose canonical name the registry
resolves to one organisation of the same group. Aliases and abbreviations alone never merge: «КФУ»
is Kazan's and Crimea's, «политехнический колледж» is in every town. Proposals are written with the
resolver as reviewer; decisions people made (any other reviewer) are kept as they are.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from graph import names
from graph.errors import AmbiguousName, UnknownEntity
from graph.model import Merge
from graph.schema import SCHEMA
from ingest.corpus import articles
from ingest.curated import registry_from_folder
from ingest.decisions import MERGES_FILE, now, read_decisions

RESOLVER = "resolver (same lemmatised name)"


def _group(kind: str) -> str:
    return SCHEMA.kinds[kind].group if kind in SCHEMA.kinds else kind


def propose(corpus: Path, registry_dir: Path) -> list[Merge]:
    """Merges that make each organisation of the corpus one id."""
    registry = registry_from_folder(registry_dir)
    seen: dict[str, list[dict]] = defaultdict(list)
    for article in articles(corpus):
        if article.gold_path.is_file():
            for e in article.gold()["entities"]:
                seen[e["id"]].append(e)
    parent = {i: i for i in seen}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    into_registry: dict[str, str] = {}
    for org_id, records in seen.items():
        kind = Counter(r["kind"] for r in records).most_common(1)[0][0]
        if org_id in registry:
            continue
        for r in records:
            try:
                hit = registry.resolve(r["name"])
            except (UnknownEntity, AmbiguousName):
                hit = None
            if hit is not None and _group(hit.kind) == _group(kind) and hit.region in (None, r.get("region")):
                into_registry.setdefault(org_id, hit.id)
            city = r.get("city") or ""
            for key in names.keys([r["name"]]):
                if key.startswith("l:"):
                    same = by_key[(_group(kind), r.get("region") or "", key)]
                    # one name in two towns is two organisations; a town left out is no evidence either way
                    for other, other_city in same:
                        if other != org_id and (not city or not other_city or city == other_city):
                            parent[find(org_id)] = find(other)
                    same.append((org_id, city))
    clusters: dict[str, list[str]] = defaultdict(list)
    for org_id in seen:
        clusters[find(org_id)].append(org_id)
    merges = []
    for members in clusters.values():
        targets = {into_registry[m] for m in members if m in into_registry} | {m for m in members if m in registry}
        if len(targets) > 1:
            continue  # the registry tells them apart: leave them for a person
        count = Counter({m: len(seen[m]) for m in members})
        into = targets.pop() if targets else min(members, key=lambda m: (-count[m], len(m), m))
        for m in sorted(members):
            if m != into:
                merges.append(Merge(id=m, into=into, note=f"same organisation as {into} by name", reviewer=RESOLVER,
                                    at=now()))
    return merges


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--registry", type=Path, default=Path("data/registry"))
    ap.add_argument("--decisions", type=Path, default=Path("data/decisions"))
    a = ap.parse_args(argv)
    path = a.decisions / MERGES_FILE
    kept = [m for m in read_decisions(path).merges if m.reviewer != RESOLVER] if path.is_file() else []
    decided = {m.id for m in kept}
    merges = kept + [m for m in propose(a.corpus, a.registry) if m.id not in decided]
    a.decisions.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(m.model_dump(), ensure_ascii=False) + "\n" for m in merges), encoding="utf-8")
    print(f"{len(merges)} merge decisions in {path} ({len(kept)} made by people, kept)")


if __name__ == "__main__":
    main()
