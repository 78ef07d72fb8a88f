"""Joint units (классы, кафедры, лаборатории, полигоны, центры): which company, which school hosts it.

Two genre facts, neither tied to a phrase:
- a company's name is often part of the unit's name: «СУЭК-классы», «Росатом-класс» (a hyphen
  compound), «класс Севмаша», «базовая кафедра «Газпром нефти»» (a genitive or quoted name after
  the unit noun). The company is a party; the unit is not an organisation. `compound_mentions`
  finds the company inside a hyphen compound when the document or the registry knows the name.
- the unit sits in one education organisation — «на базе школы № 5», «классы школы № 20»,
  «кафедры в МФТИ и МИЭТ» — while other schools the sentence names are partners, not hosts.
  `hosts` picks those, so «проект завода и университета по созданию классов в школе» links the
  unit to the school only.
"""

from __future__ import annotations

import re

from ingest.news_ru.mentions import Candidate
from ingest.news_ru.text import Sentence, Token

UNIT_STEMS = ("класс", "кафедр", "лаборатор", "полигон", "центр", "мастерск")
_HOST_PREP = {"в", "во", "при"}
_JOIN = re.compile(r"^(?:\s*\([^()]*\))?\s*(?:,|и|а также)?\s*$")


def is_unit_word(tok: Token) -> bool:
    low = tok.text.lower()
    last = low.rsplit("-", 1)[-1]
    return last.startswith(UNIT_STEMS) and not low.startswith(("классическ", "центральн"))


def compound_mentions(sent: Sentence, taken: set[int], lookup) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """«СУЭК-классы», «Купол-классах»: the first part of a hyphen compound whose last part is a unit
    noun, as a mention of the organisation `lookup(name)` knows (None: not an organisation)."""
    out = []
    for k, t in enumerate(sent.tokens):
        if k in taken or "-" not in t.text.replace("‑", "-") or not is_unit_word(t):
            continue
        first = re.split(r"[-‑]", t.text)[0]
        if not first[:1].isupper():
            continue
        org = lookup(first)
        if org is None:
            continue
        c = Candidate(sent.index, k, k + 1, t.start, t.start + len(first), first, first, org=org, how="compound")
        out.append(c)
    return out


def hosts(sent: Sentence, edu: list) -> list:
    """The education refs that host a unit the sentence names: the first one right after a unit noun
    (genitive, «в/при X»), or after «на базе», and those coordinated with it («в X и Y»). Empty: no host
    is marked, every education organisation of the sentence stays a candidate."""
    toks = sent.tokens
    by_start = {r.pos: r for r in edu if r.pos >= 0}
    firsts = []  # one per unit noun or «на базе» («…на базе школы № 5 …; на базе лицея № 2 …»)
    for k, t in enumerate(toks):
        unit = is_unit_word(t)
        base = t.text.lower() == "базе" and k and toks[k - 1].text.lower() == "на"
        if not unit and not base:
            continue
        m = k + 1
        steps = 0
        while m < len(toks) and steps < 4:  # «классы судостроительного профиля школы», «кафедру в МФТИ»
            if toks[m].start in by_start:
                if by_start[toks[m].start] not in firsts:
                    firsts.append(by_start[toks[m].start])
                break
            x = toks[m]
            if not (x.text.lower() in _HOST_PREP or (x.word and "~gent" in x.tags and not x.cap) or x.text in "«“\""):
                break
            m += 1
            steps += 1
    out = list(firsts)
    for first in firsts:  # «в МФТИ (кафедра …) и НИУ МИЭТ»: hosts coordinated with a host
        cur = first
        for r in sorted((r for r in edu if r.pos > first.pos), key=lambda r: r.pos):
            gap = sent.text[max(cur.end, cur.pos) - sent.start:r.pos - sent.start]
            if not _JOIN.match(gap.replace("«", "").replace("»", "")):
                break
            if r not in out:
                out.append(r)
            cur = r
    return out
