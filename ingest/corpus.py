"""The annotated news corpus (data/corpus/): one article = ID.txt + ID.meta.json + ID.gold.json.

`python -m ingest.corpus check DIR… [--fix]` checks every article against the annotation guide
(data/ANNOTATION.md) and, with --fix, fills each relation's `start`/`end` from its evidence.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.model import KINDS, REL_TYPES, STATUSES, TIERS
from graph.regions import REGIONS

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Article:
    txt: Path

    @property
    def stem(self) -> str:
        return self.txt.name[: -len(".txt")]

    @property
    def meta_path(self) -> Path:
        return self.txt.with_name(self.stem + ".meta.json")

    @property
    def gold_path(self) -> Path:
        return self.txt.with_name(self.stem + ".gold.json")

    def text(self) -> str:
        return self.txt.read_text(encoding="utf-8")

    def meta(self) -> dict:
        return json.loads(self.meta_path.read_text(encoding="utf-8"))

    def gold(self) -> dict:
        return json.loads(self.gold_path.read_text(encoding="utf-8"))


def articles(*roots: Path) -> Iterator[Article]:
    """Every article under the given folders, in a stable order."""
    for root in roots:
        for txt in sorted(root.rglob("*.txt")):
            yield Article(txt)


def check(article: Article, fix: bool = False) -> list[str]:
    """What is wrong with one annotated article (empty when nothing is); fills offsets when fix."""
    errors: list[str] = []
    for path in (article.meta_path, article.gold_path):
        if not path.exists():
            return [f"{path.name}: missing"]
    text = article.text()
    try:
        meta, gold = article.meta(), article.gold()
    except json.JSONDecodeError as exc:
        return [f"invalid JSON: {exc}"]
    if not str(meta.get("url", "")).startswith("http"):
        errors.append(f"meta url: {meta.get('url')!r}, expected an http(s) URL")
    if not meta.get("publisher"):
        errors.append("meta publisher: missing")
    if not DATE.match(str(meta.get("published", ""))):
        errors.append(f"meta published: {meta.get('published')!r}, expected YYYY, YYYY-MM or YYYY-MM-DD")
    if meta.get("region") not in REGIONS:
        errors.append(f"meta region: {meta.get('region')!r}, expected a name from graph/regions.py")
    kinds: dict[str, str] = {}
    for e in gold.get("entities", []):
        where = f"entity {e.get('id')!r}"
        if not ID.match(str(e.get("id", ""))):
            errors.append(f"{where}: id must match [a-z0-9_]+")
        if e.get("id") in kinds:
            errors.append(f"{where}: id given twice")
        if e.get("kind") not in KINDS:
            errors.append(f"{where}: kind {e.get('kind')!r}, expected one of {', '.join(KINDS)}")
        if not e.get("name"):
            errors.append(f"{where}: name missing")
        if e.get("region") is not None and e["region"] not in REGIONS:
            errors.append(f"{where}: region {e['region']!r}, expected a name from graph/regions.py")
        for alias in e.get("aliases") or []:
            if alias not in text:
                errors.append(f"{where}: alias {alias!r} is not in the text")
        kinds[e.get("id", "")] = e.get("kind", "")
    for i, r in enumerate(gold.get("relations", [])):
        where = f"relation {i} {r.get('type')} {r.get('source')}->{r.get('target')}"
        allowed = REL_TYPES.get(r.get("type", ""))
        if allowed is None:
            errors.append(f"{where}: type, expected one of {', '.join(REL_TYPES)}")
            continue
        if r.get("source") not in kinds or r.get("target") not in kinds:
            errors.append(f"{where}: source and target must be entity ids of this file")
            continue
        if kinds[r["source"]] not in allowed[0] or kinds[r["target"]] not in allowed[1]:
            errors.append(f"{where}: kinds {kinds[r['source']]}->{kinds[r['target']]} not allowed "
                          f"(from {sorted(allowed[0])} to {sorted(allowed[1])}); check the direction")
        if r.get("tier") not in TIERS:
            errors.append(f"{where}: tier {r.get('tier')!r}, expected explicit or implied")
        if r.get("status", "") not in STATUSES:
            errors.append(f"{where}: status {r.get('status')!r}, expected planned, offered or none")
        evidence = r.get("evidence", "")
        start = text.find(evidence) if evidence else -1
        if start < 0:
            errors.append(f"{where}: evidence is not an exact substring of the text: {evidence[:60]!r}")
        elif fix:
            r["start"], r["end"] = start, start + len(evidence)
        elif text[r.get("start", 0):r.get("end", 0)] != evidence:
            errors.append(f"{where}: start/end do not frame the evidence (run with --fix)")
    if fix and not errors:
        article.gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return errors


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    roots = [Path(a) for a in argv if a != "--fix"]
    if not roots or argv[:1] != ["check"]:
        print("usage: python -m ingest.corpus check DIR… [--fix]", file=sys.stderr)
        return 2
    bad = total = 0
    for article in articles(*roots[1:]):
        total += 1
        for error in check(article, fix):
            bad += 1
            print(f"{article.txt}: {error}")
    print(f"{total} articles, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
