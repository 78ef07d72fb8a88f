"""Branches: «Заполярный филиал ГМК «Норильский никель»», «филиала САФУ в Северодвинске».

A branch is an organisation of its own (it signs agreements, takes interns), of its parent's kind
(a university's branch teaches, a company's branch produces), and part of its parent
(SUBSIDIARY_OF, which the relation step reads from `Candidate.parent`). The parent's name inside
the branch name is still a mention of the parent (it counts), but it is `nested`: the sentence is
about the branch, so relations pair the branch, not its parent.

Shape: [capitalised adjectives] филиал <parent mention> [в (г./городе) <City>]. Later bare
mentions («Заполярного филиала») reach the branch through its alias «Заполярный филиал».
"""

from __future__ import annotations

from ingest.news_ru.mentions import Candidate, _cand
from ingest.news_ru.names import capitalise, inflect_nominative, tidy
from ingest.news_ru.text import Sentence

BRANCH_NOUNS = {"филиал"}
# a branch takes its parent's kind; a holding's branch is a company (an enterprise of the group)
BRANCH_KIND = {"university": "university", "college": "college", "school": "school",
               "research_institute": "research_institute", "company": "company", "holding": "company"}
_CITY_WORDS = {"г", "город", "гор"}


def find(sents: list[Sentence], mentions: list[Candidate], kinds: dict[str, str],
         taken: dict[int, set[int]]) -> list[Candidate]:
    """Branch candidates around already resolved parent mentions (which get `nested`)."""
    out: list[Candidate] = []
    for m in mentions:
        if not m.org or m.org not in kinds or kinds[m.org] not in BRANCH_KIND or m.i == 0:
            continue
        s = sents[m.sent]
        toks = s.tokens
        f = m.i - 1
        if toks[f].lemma not in BRANCH_NOUNS or "plur" in toks[f].tags or (f in taken[s.index] and f < m.i - 1):
            continue
        i = f
        while i > 0 and toks[i - 1].word and toks[i - 1].pos in ("ADJF", "PRTF") and toks[i - 1].cap and i > f - 3:
            i -= 1
        j, city = _city_tail(s, m.j)
        c = _cand(s, i, j, kind=BRANCH_KIND[kinds[m.org]], descriptor="филиал", how="pattern", head=f)
        c.parent = m.org
        c.gender, c.case = "masc", next((x for x in ("nomn", "gent", "datv", "accs", "ablt", "loct")
                                         if x in toks[f].tags), "")
        # the name: «Заполярный филиал ГМК …» in the nominative; the adjective + «филиал» is an alias
        # that later mentions use on their own
        # «в городе Невинномысске» and «в Невинномысске» name the same branch: the city word is dropped
        c.core = tidy(capitalise(inflect_nominative(toks[i:m.j], f - i)) + (f" в {city}" if city else ""))
        if i < f:
            c.extra_forms = [inflect_nominative(toks[i:f + 1], f - i)]
        m.nested = True
        taken[s.index] |= set(range(i, j))
        out.append(c)
    return out


def _city_tail(s: Sentence, j: int) -> tuple[int, str]:
    """«… в Северодвинске», «… в г. Кировске», «… в городе Кировске»: the branch's city belongs to its name.
    Returns the new end and the city as written."""
    toks = s.tokens
    if j + 1 >= len(toks) or toks[j].text.lower() != "в":
        return j, ""
    k = j + 1
    if toks[k].text.lower() in _CITY_WORDS or toks[k].lemma == "город":
        k += 1
        if k < len(toks) and toks[k].text == ".":
            k += 1
    if k < len(toks) and toks[k].cap and toks[k].word and not toks[k].abbr and "~loct" in toks[k].tags:
        return k + 1, toks[k].text
    return j, ""
