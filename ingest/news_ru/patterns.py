"""Descriptor patterns for organisation names the registry does not know.

A. descriptor … «quoted name»: `завода «Гермес-Липецк»`, `АО «НИИПП»`, `центр прикладных
   разработок в области полимеров «СИБУР ПолиЛаб»`, one plural descriptor shared by several
   quoted names (`на предприятиях «Красный Октябрь» и «Рот Фронт»`), an abbreviation between
   (`особой экономической зоны (ОЭЗ) «Технополис Москва»`).
B. adjectives + head + tail: `Пермского авиационного техникума`, `северодвинским техникумом
   судостроения и машиностроения (ТСиМ)`, `Технического колледжа им. В.Д. Поташова`,
   `правительством Архангельской области`, with «имени …», «№ 54» and a parenthesis kept.
"""

from __future__ import annotations

from ingest.news_ru.mentions import (
    EDU_HEADS,
    FIRM_HEADS,
    GENERIC_ADJ,
    GOV_HEADS,
    Candidate,
    _cand,
    _paren_abbr,
    quote_role,
    quoted_spans,
)
from ingest.news_ru.names import DESCRIPTOR_KIND, LEGAL_KIND, NOT_ORG_HEADS, gender
from ingest.news_ru.text import Sentence, Token

_ADJ = {"ADJF", "PRTF"}
_GEO_NOUNS = {"область", "край", "республика", "округ", "район", "город", "федерация"}
_PREP_OK = {"в", "по", "области", "сфере"}
_TITLES = {"адмирал", "академик", "герой", "генерал", "маршал", "профессор", "святой", "император", "князь",
           "космонавт", "летчик", "летчик-космонавт", "композитор", "писатель", "поэт", "советский", "союз",
           "россия", "россии", "ссср", "социалистического", "труда"}


def _descriptor_kind(toks: list[Token], k: int) -> str | None:
    t = toks[k]
    low = t.text.lower()
    # legal forms are written in capitals (АО, ПО, НИИ): the lowercase preposition «по» is not «ПО»
    if low in LEGAL_KIND and t.text.isupper() and (t.abbr or len(low) <= 3):
        return LEGAL_KIND[low]
    if t.abbr:
        return None
    kind = DESCRIPTOR_KIND.get(t.lemma)
    if kind is None:
        return None
    prev = toks[k - 1].lemma if k else ""
    if t.lemma == "зона" and prev != "экономический":
        return None
    if t.lemma == "институт" and prev == "научно-исследовательский":
        return "research_institute"
    if t.lemma == "группа":
        nxt = toks[k + 1].lemma if k + 1 < len(toks) else ""
        return "holding" if nxt == "компания" else None
    if t.lemma == "центр" and prev in ("учебный", "образовательный", "ресурсный"):
        return None
    return kind


def quoted_names(sent: Sentence, taken: set[int]) -> list[Candidate]:
    toks = sent.tokens
    out: list[Candidate] = []
    group = None
    shared: tuple[str, str, str] | None = None  # kind, descriptor, gender of a plural descriptor
    last_end = -1
    for a, b in quoted_spans(sent):
        if b - a < 2 or any(k in taken for k in range(a, b + 1)):
            continue
        first = toks[a + 1]
        if not (first.text[:1].isupper() or first.text[:1].isdigit()):
            continue
        core = sent.text[toks[a + 1].start - sent.start:toks[b - 1].end - sent.start]
        # a shared plural descriptor: «A» и «B»
        if shared and last_end >= 0 and all(t.text in (",", "и") for t in toks[last_end + 1:a]):
            kind, desc, g = shared
            c = _cand(sent, a, b + 1, core=core, kind=kind, descriptor=desc, how="pattern", group=group)
            c.core, c.gender = core, g
            out.append(c)
            last_end = b
            continue
        shared = None
        k = a - 1
        abbr = ""
        if k >= 2 and toks[k].text == ")":
            pa = _paren_abbr(toks, k - 2) if k >= 2 else None
            if pa and pa[1] == a:
                abbr, k = pa[0], k - 3
        found = None
        steps = 0
        while k >= 0 and steps < 7:
            t = toks[k]
            if not t.word:
                break
            if t.lemma in NOT_ORG_HEADS:
                break
            head_kind = _descriptor_kind(toks, k)
            if head_kind:
                found = (k, head_kind)
                break
            if t.cap and not t.abbr and steps > 0:
                break
            if t.pos not in _ADJ | {"NOUN", "PREP"} and t.text.lower() not in _PREP_OK:
                break
            k -= 1
            steps += 1
        if found is None:
            continue
        k, kind = found
        d = toks[k]
        if d.lemma in ("программа", "проект", "нацпроект", "кластер") and kind == "program":
            pass
        i = k
        while i > 0 and toks[i - 1].pos in _ADJ and toks[i - 1].word and i > k - 3:
            i -= 1
        c = _cand(sent, i, b + 1, core=core, kind=kind, descriptor=d.lemma if not d.abbr else d.text.lower(),
                  how="pattern", abbr=abbr)
        c.gender = gender(d) if not d.abbr else ""
        c.plural = "plur" in d.tags
        c.case = next((cs for cs in ("nomn", "gent", "datv", "accs", "ablt", "loct") if cs in d.tags), "")
        out.append(c)
        # a trailing «(АББР)» after the quotes defines an abbreviation too
        pa = _paren_abbr(toks, b + 1)
        if pa and not c.abbr:
            c.abbr = pa[0]
        if c.plural and not d.abbr:
            group = sent.index * 1000 + a
            c.group = group
            shared = (kind, c.descriptor, c.gender)
        last_end = b
    return out


def _tail(sent: Sentence, j: int, gov: bool) -> tuple[int, str, bool]:
    """Extend a head over its tail; returns (new end, abbreviation, whether the tail is proper)."""
    toks = sent.tokens
    abbr, proper = "", False
    n = len(toks)
    gen = 0
    while j < n and gen < 6:  # lowercase genitive complement: «нефти и газа», «информационных технологий»
        t = toks[j]
        if (t.word and not t.cap and "~gent" in t.tags and t.pos in ("NOUN", "ADJF") and t.lemma not in NOT_ORG_HEADS
                and t.text.lower() not in ("имени", "им")):
            j += 1
            gen += 1
        elif t.text in ("и", ",") and j + 1 < n and not toks[j + 1].cap and "~gent" in toks[j + 1].tags and gen:
            j += 1
        else:
            break
    for _ in range(3):
        if j >= n:
            break
        t = toks[j]
        pa = _paren_abbr(toks, j)
        if pa:
            abbr, j, proper = pa[0], pa[1], True
            continue
        if t.text == "(":  # «(национальный исследовательский университет)», «(Приволжский)»
            close = next((k for k in range(j + 1, min(n, j + 8)) if toks[k].text == ")"), None)
            inner = toks[j + 1:close] if close else []
            # «(входит в Госкорпорацию Ростех)» is a remark about the organisation, not part of its name;
            # so is a town: «техникумом (Шахтёрск)» («(Приволжский)» is an adjective of the name)
            town = len(inner) == 1 and inner[0].cap and not inner[0].abbr and inner[0].pos != "ADJF"
            if close and not town and not any(x.pos in ("VERB", "INFN", "PRTS") for x in inner) and any(
                    x.lemma in ("университет", "национальный", "филиал", "федеральный") or x.cap for x in inner):
                j = close + 1
                continue
            break
        if t.text.lower() in ("имени", "им") or t.text == "№":
            k = j + 1
            if k < n and toks[k].text == ".":
                k += 1
            last_cap = None
            while k < n and k < j + 10:
                tk = toks[k]
                if tk.text == "." or (tk.word and (tk.cap or tk.text.isdigit() or tk.lemma in _TITLES)):
                    if tk.word and (tk.cap or tk.text.isdigit()):
                        last_cap = k
                    k += 1
                else:
                    break
            if last_cap is None:
                break
            j, proper = last_cap + 1, True
            continue
        geo_adj = (t.pos == "ADJF" and j + 1 < n and toks[j + 1].lemma in _GEO_NOUNS)
        if t.word and t.cap and not t.abbr and "gent" in t.tags and (geo_adj or "Geox" in t.tags) and not (
                t.tags & {"Name", "Surn", "Patr"}):
            k = j  # «Архангельской области», «Дубны», «Петра Великого», «Российской Федерации»
            while k < n and toks[k].word and "~gent" in toks[k].tags and (toks[k].cap or toks[k].pos == "NOUN") and k < j + 3:
                k += 1
            j, proper = k, True
            continue
        if gov and t.text in ("РФ", "России"):
            j, proper = j + 1, True
            continue
        break
    return j, abbr, proper


def headed_names(sent: Sentence, taken: set[int]) -> list[Candidate]:
    toks = sent.tokens
    out: list[Candidate] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        lemma = t.lemma
        if k in taken or not t.word or "plur" in t.tags or lemma not in EDU_HEADS | GOV_HEADS | FIRM_HEADS:
            k += 1
            continue
        gov = lemma in GOV_HEADS
        i = k
        while i > 0 and toks[i - 1].word and toks[i - 1].pos in _ADJ and (i - 1) not in taken and k - i < 5:
            i -= 1
        adjs = toks[i:k]
        if lemma == "комплекс" and not any(a.lemma == "образовательный" for a in adjs):
            k += 1
            continue
        j, abbr, proper = _tail(sent, k + 1, gov)
        if any(x in taken for x in range(i, j)):
            k += 1
            continue
        cap_adj = any(a.cap and (not a.sent_start or a.lemma not in GENERIC_ADJ) for a in adjs)
        head_cap = t.cap and not t.sent_start
        ok = cap_adj or (proper and (adjs or gov or t.cap)) or (gov and head_cap and j > k + 1)
        tail_words = {x.text.lower() for x in toks[k + 1:j]}
        if lemma in EDU_HEADS and not ok and j > k + 1:
            # «школы № 20», «колледж имени Вострухина»: a number or a dedication makes a name by itself;
            # «Техникум информационных технологий»: a capitalised head with its genitive complement
            ok = bool(tail_words & {"№", "имени", "им"}) or (t.cap and not proper and lemma != "школа")
        # «Судостроительный завод – является резидентом»: capitalised only because it opens the sentence,
        # dictionary adjectives + «завод» may describe a plant named earlier (Resolver.resolve decides)
        described = all(a.sent_start or not a.cap for a in adjs) and not proper and all(
            a.tags & {"Geox", "Name", "Surn"} == set() for a in adjs)
        if lemma in FIRM_HEADS:
            ok = (cap_adj and len(adjs) >= 1) or (head_cap and proper and j > k + 1)
        if not ok:
            k += 1
            continue
        kind = DESCRIPTOR_KIND.get(lemma, "company")
        if lemma == "институт" and any(a.lemma == "научно-исследовательский" for a in adjs):
            kind = "research_institute"
        if lemma == "комплекс":
            kind = "college"
        if lemma in ("корпорация",) and any(a.lemma == "государственный" for a in adjs):
            kind = "holding"
        c = _cand(sent, i, j, kind=kind, descriptor=lemma, how="pattern", abbr=abbr, head=k)
        c.description = lemma in FIRM_HEADS and described
        c.gender, c.plural = gender(t), False
        c.case = next((cs for cs in ("nomn", "gent", "datv", "accs", "ablt", "loct") if cs in t.tags), "")
        out.append(c)
        taken |= set(range(i, j))
        k = j
    return out


def ner_names(sent: Sentence, spans: list[tuple[int, int]], taken: set[int]) -> list[Candidate]:
    """ORG spans from natasha that no rule found, cleaned and filtered."""
    from graph.names import fold
    from ingest.news_ru.mentions import ABBR_STOP, ORG_STOP, is_common_word

    toks = sent.tokens
    out = []
    for s, e in spans:
        idx = [k for k, t in enumerate(toks) if t.start >= s and t.end <= e]
        if not idx or any(k in taken for k in idx):
            continue
        i, j = idx[0], idx[-1] + 1
        # balance quotes: extend to a closing quote, or drop a dangling opening one
        roles = [quote_role(sent, k) for k in range(i, j)]
        if roles.count("open") > roles.count("close"):
            close = next((k for k in range(j, min(len(toks), j + 4)) if quote_role(sent, k) == "close"), None)
            if close is not None:
                j = close + 1
        while j > i and not toks[j - 1].word and quote_role(sent, j - 1) != "close":
            j -= 1
        while i < j and not toks[i].word and quote_role(sent, i) != "open":
            i += 1
        while i < j - 1 and toks[i].pos in ("PREP", "CONJ"):  # «Между ТПУ»: NER keeps a capitalised preposition
            i += 1
        words = [t for t in toks[i:j] if t.word]
        if not words or fold(sent.text[toks[i].start - sent.start:toks[j - 1].end - sent.start]) in ORG_STOP:
            continue
        if len(words) == 1:
            w = words[0]
            if w.text in ABBR_STOP or (not w.abbr and (is_common_word(w) or not w.cap)):
                continue
        elif not any(t.abbr or (t.cap and not t.sent_start) for t in words[1:]) and is_common_word(words[0]):
            continue
        if any(t.lemma in NOT_ORG_HEADS for t in words[:1]):
            continue
        quoted = [k for k in range(i, j) if quote_role(sent, k) == "open"]
        core = None
        if quoted:
            a = quoted[0]
            b = next((k for k in range(a + 1, j) if quote_role(sent, k) == "close"), j)
            core = sent.text[toks[a + 1].start - sent.start:toks[b - 1].end - sent.start] if b > a + 1 else None
        kind = None
        if words[0].text.lower() in LEGAL_KIND:
            kind = LEGAL_KIND[words[0].text.lower()]
        c = _cand(sent, i, j, kind=kind, how="ner")
        if core:
            c.core = core
        out.append(c)
        taken |= set(range(i, j))
    return out
