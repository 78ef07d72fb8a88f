"""The learned extractor: a relation classifier over pairs of organisations in an article.

The rules find the organisations (registry matching, name patterns, anaphora); every ordered pair of
them that some relationship type can join is a candidate, described by the kinds of its ends, how
close and how often they are mentioned together, how many organisations of each kind the article
names, the words of the sentences around them and what the rules say of the pair. A logistic
regression per type (one model, the type as a feature crossed with the rest) gives each candidate a
probability; links at or above the threshold chosen on the training part are kept, with it as their
`confidence` (in attrs).

    python -m ingest.learned train [--corpus data/corpus] [--registry data/registry]   (make train)

trains on the corpus's train part only (never the test part: ingest.corpus.split_of), with a fixed
seed, and writes ingest/models/relations.joblib and its card (relations.json: data, threshold, scores).
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph.model import REL_TYPES, Source, StatementSet
from graph.registry import Registry
from ingest.extractors import Statement, assemble
from ingest.news_ru import anaphora, organisations, relations
from ingest.news_ru.entities import Entity, Resolver
from ingest.news_ru.text import Sentence, sentences

MODEL = "relations.joblib"
CARD = "relations.json"
SEED = 20261202
# the threshold is the one of best F1 among those whose held-out links are at least this often right
MIN_PRECISION = 0.7


@dataclass
class Candidate:
    source: str
    target: str
    types: list[str]
    features: dict[str, int]
    sentence: int  # the sentence that states it best: both named, else the closest mention of the target
    together: bool  # both named (not only referred to) in that sentence


def _analyse(text: str, registry: Registry) -> tuple[list[Sentence], dict[str, Entity], dict[str, list[int]],
                                                    dict[str, set[int]], dict[tuple[str, str], set[str]]]:
    sents = sentences(text)
    resolver = Resolver(registry, text, sents)
    mentions = resolver.run()
    ents = resolver.entities
    anas = anaphora.resolve(sents, mentions, ents)
    found = relations.extract(sents, mentions, anas, ents)
    named: dict[str, list[int]] = defaultdict(list)  # org -> sentences naming it
    for m in mentions:
        if m.org and not m.nested:
            named[m.org].append(m.sent)
    referred: dict[str, set[int]] = defaultdict(set)  # org -> sentences naming or referring to it
    for org, where in named.items():
        referred[org] |= set(where)
    for a in anas:
        for org in a.orgs:
            referred[org].add(a.sent)
    rule: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in found:
        rule[(f.source, f.target)].add(f.type)
    return sents, ents, named, referred, rule


def candidates(text: str, registry: Registry) -> tuple[list[Sentence], dict[str, Entity], list[Candidate]]:
    """Every ordered pair of organisations of the article that a relationship type can join, described."""
    sents, ents, named, referred, rule = _analyse(text, registry)
    live = [e for e in ents.values() if e.count and e.id in referred]
    kinds = Counter(e.kind for e in live)
    out = []
    for a in live:
        for b in live:
            types = [t for t, (fr, to) in REL_TYPES.items() if a.kind in fr and b.kind in to]
            if a.id == b.id or not types:
                continue
            sa, sb = referred[a.id], referred[b.id]
            both = sa & sb
            gap = min(abs(x - y) for x in sa for y in sb)
            f = {f"ka={a.kind}": 1, f"kb={b.kind}": 1, f"kab={a.kind}|{b.kind}": 1,
                 f"co={min(len(both), 3)}": 1, f"gap={min(gap, 5)}": 1,
                 f"n_{b.kind}={min(kinds[b.kind], 4)}": 1, f"n_{a.kind}={min(kinds[a.kind], 4)}": 1,
                 f"ma={min(len(sa), 4)}": 1, f"mb={min(len(sb), 4)}": 1,
                 f"firsta={int(min(sa) == 0)}": 1, f"firstb={int(min(sb) == 0)}": 1, f"norgs={min(len(live), 8)}": 1}
            for t in rule[(a.id, b.id)]:
                f["rule=" + t] = 1
            window = both or {x for x in sa | sb if min(abs(x - y) for y in (sb if x in sa else sa)) <= 1}
            for si in window:
                for tok in sents[si].tokens:
                    f["w=" + tok.lemma] = 1
            together = set(named[a.id]) & set(named[b.id])
            best = min(together or both or sb, key=lambda s: (min(abs(s - x) for x in sa), s))
            out.append(Candidate(a.id, b.id, types, f, best, bool(together)))
    return sents, ents, out


def _typed(features: dict[str, int], rel_type: str) -> dict[str, int]:
    return {**features, "T=" + rel_type: 1, **{f"{rel_type}|{k}": v for k, v in features.items()}}


@cache
def _model() -> dict[str, Any]:
    import joblib

    path = importlib.resources.files("ingest") / "models" / MODEL
    with importlib.resources.as_file(path) as file:
        model: dict[str, Any] = joblib.load(file)
    return model


class LearnedExtractor:
    """Organisations by the rules, links by the relation classifier, each with its confidence."""

    name = "learned"

    def extract(self, text: str, registry: Registry, source: Source) -> StatementSet:
        model = _model()
        sents, ents, cands = candidates(text, registry)
        items = [(c, t) for c in cands for t in c.types]
        statements = []
        if items:
            probs = model["classifier"].predict_proba(model["vectorizer"].transform(
                [_typed(c.features, t) for c, t in items]))[:, 1]
            for (c, t), p in zip(items, probs):
                if p >= model["threshold"]:
                    s = sents[c.sentence]
                    statements.append(Statement(type=t, source=c.source, target=c.target, start=s.start, end=s.end,
                                                quote=s.text, tier="explicit" if c.together else "implied",
                                                attrs={"confidence": round(float(p), 3)}))
        return assemble(source, organisations(ents), statements, {e.id: e.count for e in ents.values()})


# ---------------------------------------------------------------- training


def _examples(docs: Iterable[tuple[list[Candidate], set[tuple[str, str, str]], dict[str, str]]]
              ) -> tuple[list[dict[str, int]], list[int]]:
    xs, ys = [], []
    for cands, gold, mapping in docs:
        for c in cands:
            for t in c.types:
                xs.append(_typed(c.features, t))
                ys.append(int((t, mapping.get(c.source), mapping.get(c.target)) in gold))
    return xs, ys


def train(corpus: Path, registry_dir: Path, out: Path, c: float = 0.1) -> dict[str, Any]:
    import joblib
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from ingest.corpus import articles, split_of
    from ingest.curated import registry_from_folder
    from ingest.evaluate import match_entities

    registry = registry_from_folder(registry_dir)
    docs = []
    for art in articles(corpus):
        if not art.gold_path.is_file() or split_of(art.meta()["url"]) != "train":
            continue
        gold = art.gold()
        _, ents, cands = candidates(art.text(), registry)
        pred = [{"id": e.id, "name": e.name, "short": list(e.short), "aliases": list(e.aliases)}
                for e in ents.values() if e.count]
        mapping = match_entities(pred, gold["entities"])
        docs.append((cands, {(r["type"], r["source"], r["target"]) for r in gold["relations"]}, mapping,
                     art.stem, len(gold["relations"])))
    # the threshold: the lowest at which links of 5-fold held-out training articles are 80% right
    random.Random(SEED).shuffle(docs)
    folds = [docs[i::5] for i in range(5)]
    scored: list[tuple[float, int]] = []
    gold_total = 0
    for k in range(5):
        fit = [d[:3] for j, f in enumerate(folds) if j != k for d in f]
        vec = DictVectorizer()
        xs, ys = _examples(fit)
        clf = LogisticRegression(C=c, max_iter=3000).fit(vec.fit_transform(xs), ys)
        xs, ys = _examples([d[:3] for d in folds[k]])
        if xs:
            scored += list(zip(clf.predict_proba(vec.transform(xs))[:, 1], ys, strict=True))
        gold_total += sum(d[4] for d in folds[k])
    scored.sort(key=lambda t: -t[0])
    threshold, best_f1, right = 0.5, 0.0, 0
    curve = {}
    for n, (p, y) in enumerate(scored, 1):
        right += y
        precision, recall = right / n, right / gold_total
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        if precision >= MIN_PRECISION and f1 > best_f1:
            threshold, best_f1 = float(p), f1
        step = f"{int(p * 10) / 10:.1f}"
        curve[step] = {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3)}
    vec = DictVectorizer()
    xs, ys = _examples(d[:3] for d in docs)
    clf = LogisticRegression(C=c, max_iter=3000).fit(vec.fit_transform(xs), ys)
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump({"vectorizer": vec, "classifier": clf, "threshold": threshold}, out / MODEL, compress=3)
    card = {"trained_on": "the train part of the corpus (ingest.corpus.split_of), never the test part",
            "articles": len(docs), "candidates": len(ys), "positives": sum(ys), "gold_links": sum(d[4] for d in docs),
            "features": len(vec.vocabulary_), "C": c, "seed": SEED, "threshold": round(threshold, 4),
            "cross_validated_f1_at_threshold": round(best_f1, 3), "min_precision": MIN_PRECISION,
            "cross_validated_curve_by_threshold": curve,
            "test_score": "python -m ingest.evaluate --corpus data/corpus --split test --extractor learned"}
    (out / CARD).write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return card


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["train"])
    ap.add_argument("--corpus", type=Path, default=Path("data/corpus"))
    ap.add_argument("--registry", type=Path, default=Path("data/registry"))
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "models")
    a = ap.parse_args(argv)
    print(json.dumps(train(a.corpus, a.registry, a.out), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
