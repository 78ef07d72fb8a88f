"""The annotated news corpus (data/corpus/): one article = ID.txt + ID.meta.json + ID.gold.json.

`python -m ingest.corpus check DIR… [--fix]` checks every article against the annotation guide
(data/ANNOTATION.md) and, with --fix, fills each relation's `start`/`end` from its evidence.
Loading an annotated article loads its annotation (reviewed) instead of extracting it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.errors import InvalidRecord
from graph.model import KINDS, REL_TYPES, STATUSES, TIERS, Evidence, Organisation, Relation, StatementSet
from graph.regions import REGIONS
from ingest.documents import document_source, source_id
from ingest.records import invalid
from ingest.statements import ENTITY_FIELDS

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


def split_of(url: str) -> str:
    """`test` for about one article in five, chosen by its URL's hash before any training or rule saw the
    corpus (so it is spread over regions, years and batches, and stays put as the corpus grows); else `train`."""
    return "test" if hashlib.sha256(url.encode("utf-8")).digest()[0] % 5 == 0 else "train"


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
        elif "start" in r and text[r["start"]:r.get("end", 0)] != evidence:
            errors.append(f"{where}: start/end do not frame the evidence (run with --fix)")
    if fix and not errors:
        article.gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return errors


def agreement(first: Path, second: Path) -> dict[str, Any]:
    """How far two readers' annotations of the same articles agree: the second scored against the first
    (relations on type, source and target; entities matched by id or name keys), per article and in all."""
    from ingest.evaluate import score, total

    scores = {}
    for article in articles(second):
        other = first / article.gold_path.name
        if article.gold_path.is_file() and other.is_file():
            scores[article.stem] = score(article.gold(), json.loads(other.read_text(encoding="utf-8")))
    return {"articles": len(scores), **total(list(scores.values())),
            "disagreements": {k: {"only_first": s["missed"], "only_second": s["spurious"]}
                              for k, s in scores.items() if s["missed"] or s["spurious"]}}


def main(argv: list[str]) -> int:
    if argv[:1] == ["agree"] and len(argv) == 3:
        result = agreement(Path(argv[1]), Path(argv[2]))
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    fix = "--fix" in argv
    roots = [Path(a) for a in argv if a != "--fix"]
    if not roots or argv[:1] != ["check"]:
        print("usage: python -m ingest.corpus check DIR… [--fix] | agree FIRST_DIR SECOND_DIR", file=sys.stderr)
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


# ---------------------------------------------------------------- loading: an annotated article is reviewed

ANNOTATION_REVIEWER = "annotation (data/ANNOTATION.md)"


def has_annotation(path: Path) -> bool:
    """An article with a gold annotation and a meta sidecar beside it."""
    article = Article(path)
    return path.suffix == ".txt" and article.gold_path.is_file() and article.meta_path.is_file()


def read_annotated(path: Path) -> StatementSet:
    """An annotated article as a statement set: its links are accepted (a person read the text), each
    with its evidence sentence (and the further sentences of `alt_evidence`) and the source's date."""
    article = Article(path)
    problems = check(article)
    if problems:
        raise InvalidRecord(str(article.gold_path), problems[0], hint="Run `python -m ingest.corpus check` on it.")
    text, meta, gold = article.text(), article.meta(), article.gold()
    source = document_source(text, url=meta["url"], title=meta.get("title", ""), publisher=meta["publisher"],
                             published=str(meta["published"]))
    # two outlets printing the same text are two sources of the same links
    source = source.model_copy(update={"id": source_id(meta["url"] + "\n" + text)})
    entities = []
    for e in gold["entities"]:
        fields = {k: v for k, v in e.items() if k in ENTITY_FIELDS and v not in (None, "", [])}
        try:
            entities.append(Organisation(**fields, sources=(meta["url"],)))
        except ValidationError as exc:
            raise invalid(article.gold_path, exc, line=None, record=f"entity {e.get('id')}") from exc
    relations = []
    for r in gold["relations"]:
        sentences = [r["evidence"], *(q for q in r.get("alt_evidence") or [] if q in text)]
        evidence = tuple(Evidence(source=source.id, url=source.url, quote=q, start=text.index(q),
                                  end=text.index(q) + len(q), tier=r["tier"], status=r.get("status") or "",
                                  date=source.published) for q in sentences)
        attrs = {k: v for k, v in (r.get("attrs") or {}).items() if isinstance(v, str | int | float | bool)}
        relations.append(Relation(type=r["type"], source=r["source"], target=r["target"], evidence=evidence,
                                  attrs=attrs, review="accepted", reviewer=ANNOTATION_REVIEWER))
    return StatementSet(entities=tuple(entities), relations=tuple(relations), sources=(source,),
                        mentions={e.id: {source.id: 1} for e in entities})
