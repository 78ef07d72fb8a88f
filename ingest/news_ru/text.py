"""Document text: paragraphs, sentences and tokens with offsets.

Every offset is a Python str index into the decoded text, so `text[start:end]` is always the
surface form. Lemmas and grammemes come from pymorphy3 (one best parse per word, cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class Token:
    text: str
    start: int
    end: int
    lemma: str
    pos: str = ""
    tags: frozenset[str] = frozenset()
    sent_start: bool = False

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def abbr(self) -> bool:
        """МИЭТ, СПбПУ, КНИТУ-КАИ, ТСиМ: two or more capitals, no long lowercase run."""
        t = self.text.replace("-", "")
        ups = sum(1 for c in t if c.isupper())
        return ups >= 2 and t.isalpha() and not re.search(r"[a-zа-яё]{3,}", t)

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    para: int
    index: int
    tokens: list[Token] = field(default_factory=list)


@lru_cache(maxsize=1)
def morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def analyse(word: str) -> tuple[str, str, frozenset[str]]:
    """(lemma, POS, grammemes) of a word's best parse; numbers and Latin words pass through."""
    low = word.lower().replace("ё", "е")
    if not re.search(r"[а-яё]", low):
        return low, "", frozenset()
    parses = morph().parse(low)
    p = parses[0]
    cases = {c for q in parses if q.tag.POS == p.tag.POS for c in ("nomn", "gent", "datv", "accs", "ablt", "loct")
             if c in q.tag.grammemes}
    return (str(p.normal_form).replace("ё", "е"), str(p.tag.POS or ""),
            frozenset(p.tag.grammemes) | {"~" + c for c in cases})


_TOKEN = re.compile(r"№|\d+(?:[.,]\d+)?|[A-Za-zА-Яа-яЁё]+(?:[-‑][A-Za-zА-Яа-яЁё0-9]+)*|\S")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        lemma, pos, tags = analyse(w) if w[0].isalpha() else (w.lower(), "", frozenset())
        out.append(Token(w, offset + m.start(), offset + m.end(), lemma, pos, tags))
    return out


_ABBR_DOT = re.compile(r"(?:\b(?:им|г|ул|д|т|адм|акад|проф|ст|с|пос|обл|р|гг|вв|т\.е|т\.к|т\.д|т\.п)|\b[А-ЯЁA-Z])\.$")


def sentences(text: str) -> list[Sentence]:
    """Sentences via razdel within paragraphs (a line break ends a paragraph), with offsets."""
    from razdel import sentenize

    out: list[Sentence] = []
    para = 0
    for m in re.finditer(r"[^\n]+", text):
        chunk = m.group()
        if not chunk.strip():
            continue
        pieces = [(s.start, s.stop) for s in sentenize(chunk)]
        merged: list[list[int]] = []
        for a, b in pieces:  # razdel splits after «им.» or an initial now and then: glue it back
            if merged and _ABBR_DOT.search(chunk[merged[-1][0]:merged[-1][1]]):
                merged[-1][1] = b
            else:
                merged.append([a, b])
        for a, b in merged:
            s = Sentence(m.start() + a, m.start() + b, chunk[a:b], para, len(out))
            s.tokens = tokenize(s.text, s.start)
            if s.tokens:
                s.tokens[0].sent_start = True
                if s.tokens[0].text in "«\"“„-–—" and len(s.tokens) > 1:
                    s.tokens[1].sent_start = True
            out.append(s)
        para += 1
    return out
