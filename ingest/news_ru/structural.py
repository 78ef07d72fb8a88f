"""RESIDENT_OF, SUBSIDIARY_OF and PARTICIPATES_IN: who is where, who belongs to whom.

Read per sentence from the positions of the mentions around a trigger («резидент», «входит в»,
«на предприятиях холдинга X», «вошел в проект»), independently of the partnership triggers.
"""

from __future__ import annotations

from ingest.news_ru.text import Sentence, Token
from ingest.news_ru.vocab import (
    INDUSTRY,
    JOIN_PROGRAM,
    PARTICIPATE,
    RESIDENT,
    SUB_NOUNS,
    SUBSIDIARY,
    ZONES,
    Found,
    Ref,
)


def structural(s: Sentence, rs: list[Ref], kind: dict[str, str]) -> list[Found]:
    """RESIDENT_OF, SUBSIDIARY_OF and PARTICIPATES_IN: who is where, who belongs to whom."""
    toks = s.tokens
    out: list[Found] = []
    lem = [t.lemma for t in toks]
    # «Кировский филиал АО «Апатит» (входит в группу «ФосАгро»)»: the remark is about the name next to it
    owners = [r for r in rs if kind[r.org] in INDUSTRY]
    rs = [r for r in rs if not r.nested]
    firms = [r for r in rs if kind[r.org] in INDUSTRY | {"government"} and not r.anaphor]
    allfirms = [r for r in rs if kind[r.org] in INDUSTRY]
    zones = [r for r in rs if kind[r.org] in ZONES]
    for k, t in enumerate(toks):
        if t.lemma in RESIDENT and zones:
            zone = min(zones, key=lambda z: abs(z.pos - t.start) + (0 if z.pos > t.start else 1000))
            before = [r for r in allfirms if r.pos < t.start and t.start - r.pos < 120
                      and "." not in s.text[r.pos - s.start:t.start - s.start]]
            after = [r for r in allfirms if r.pos > zone.pos]
            src = before[-1:] if before and _apposition(s, before[-1], t) else after[:1]
            for r in src:
                out.append(Found("RESIDENT_OF", r.org, zone.org, s.index))
        if t.lemma in SUBSIDIARY and k + 1 < len(toks) and toks[k + 1].text.lower() in ("в", "во"):
            tgt = [r for r in rs if r.pos > t.start and kind[r.org] in ("holding", "company", "government")
                   and r.pos - t.end < 40]
            if not tgt:
                continue
            parent = tgt[0]
            before = [r for r in owners if r.pos < t.start and r.org != parent.org]
            after = [r for r in allfirms if r.pos > parent.pos and r.org != parent.org]
            src = before[-1:] if before and (t.lemma == "входить" or not after) else after[:1]
            for r in src:
                out.append(Found("SUBSIDIARY_OF", r.org, parent.org, s.index))
    # «на фабриках холдинга X: на предприятиях A и B», «предприятием ОСК Севмашем»
    holdings = [r for r in rs if kind[r.org] == "holding" and not r.anaphor]
    for h in holdings:
        at = next((i for i, t in enumerate(toks) if t.start == h.pos), None)
        if at is None:
            continue
        k = at
        prev = toks[k - 1].lemma if k else ""
        members = [r for r in firms if r.org != h.org and kind[r.org] == "company"]
        if prev in SUB_NOUNS and "plur" in toks[k - 1].tags:
            for r in members:
                out.append(Found("SUBSIDIARY_OF", r.org, h.org, s.index))
        elif prev in SUB_NOUNS | {""}:
            nxt = [r for r in members if r.pos > h.pos and r.pos - h.pos <= len(toks[k].text) + 6]
            for r in nxt[:1]:
                out.append(Found("SUBSIDIARY_OF", r.org, h.org, s.index))
    programs = [r for r in rs if kind[r.org] == "program"]
    for k, t in enumerate(toks):  # «колледж, который вошел в проект «Профессионалитет»»: the nearest org before
        if t.lemma in JOIN_PROGRAM and k + 1 < len(toks) and toks[k + 1].text.lower() in ("в", "во", "к"):
            prog = [p for p in programs if 0 < p.pos - t.end < 40]
            before = [r for r in rs if r.pos < t.start and kind[r.org] != "program"]
            if prog and before:
                out.append(Found("PARTICIPATES_IN", before[-1].org, prog[0].org, s.index))
    if any(f.type == "PARTICIPATES_IN" for f in out):
        return out
    if programs and set(lem) & PARTICIPATE:
        for p in programs:
            parents = {f.target for f in out if f.type == "SUBSIDIARY_OF"}
            members = [r for r in rs if kind[r.org] not in ("program",) and r.org not in parents]
            for r in members:
                out.append(Found("PARTICIPATES_IN", r.org, p.org, s.index))
    return out


def _apposition(s: Sentence, r: Ref, trigger: Token) -> bool:
    between = s.text[r.pos - s.start:trigger.start - s.start]
    return " и " not in between[-40:] and between.count(",") <= 2
