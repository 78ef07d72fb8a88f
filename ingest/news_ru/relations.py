"""Relations from sentences: trigger vocabulary (data, below), sides, distribution, tier, status.

One sentence with a trigger links every industry-side organisation it names (or refers to) with
every education-side one: «A и B имеют базовые кафедры в X и Y» gives four links. A sentence
that names only one side («Здесь прошли практику 30 студентов») takes the other from the last
link stated in the same paragraph for that organisation (or the article's only school), and the
link is `implied`. Narrowings: when one sentence states both an internship and hiring, each firm goes
with its nearest trigger; «сотрудничество с сотрудниками» and negated triggers do not count; a list
sentence («Это завод «A» и …») inherits the partner/zone announced by the sentence before it, and
«стороны» the parties of the last agreement.
"""

from __future__ import annotations

import re

from ingest.news_ru import units
from ingest.news_ru.anaphora import Anaphor
from ingest.news_ru.entities import Entity
from ingest.news_ru.mentions import Candidate
from ingest.news_ru.structural import structural
from ingest.news_ru.text import Sentence, Token
from ingest.news_ru.vocab import (
    AGREEMENT,
    COOPERATE,
    EDUCATION,
    EMPLOY,
    EMPLOY_WORK,
    GRADUATE,
    INDUSTRY,
    INTERN,
    JOIN_VERBS,
    LIST_LEADS,
    NUM_WORDS,
    OFFERED,
    PARTIES,
    PARTNER,
    PEOPLE,
    PLANNED,
    RESIDENT,
    STEMS,
    UNIT_ADJ,
    UNIT_NOUNS,
    UNIT_VERB,
    ZONES,
    Found,
    Ref,
)


def _people_object(toks: list[Token], k: int) -> bool:
    """«сотрудничество с (потенциальными) сотрудниками»: the trigger's partner is people."""
    if k + 1 >= len(toks) or toks[k + 1].text.lower() not in ("с", "со"):
        return False
    for t in toks[k + 2:k + 5]:
        if t.lemma in PEOPLE:
            return True
        if t.pos != "ADJF" and t.pos != "PRTF":
            return False
    return False


def _negated(toks: list[Token], k: int) -> bool:
    return k > 0 and toks[k - 1].text.lower() == "не"


def _types(toks: list[Token]) -> set[str]:
    lem = [t.lemma for t in toks]
    low = [t.text.lower() for t in toks]
    out = {typ for w in low for stem, typ in STEMS.items() if w.startswith(stem)}
    partner = [k for k, l in enumerate(lem) if l in PARTNER and not _negated(toks, k)
               and not (l in COOPERATE and _people_object(toks, k))]
    lem += [part for t in toks if "-" in t.text for part in t.lemma.split("-")]
    hyph = {part for t in toks if "-" in t.text for part in t.lemma.split("-")}
    if partner or hyph & PARTNER or ("базовый" in lem and "заведение" in lem):
        out.add("PARTNERS_WITH")
    for k, l in enumerate(lem):
        # «применить знания на практике» is an idiom, not an internship
        if l in INTERN and not (k < len(toks) and low[k] == "практике" and k and low[k - 1] in ("на", "в")):
            out.add("INTERNSHIP")
    employ = [k for k, l in enumerate(lem[:len(toks)]) if l in EMPLOY | EMPLOY_WORK and not _negated(toks, k)]
    if any(lem[k] in EMPLOY for k in employ) or (any(l in GRADUATE for l in lem) and employ):
        out.add("EMPLOYS_GRADUATES")
    for k, l in enumerate(lem):  # «остались работать», «приходят … на работу», «переходят к работе»
        if l in ("работать", "работа") and set(lem[max(0, k - 5):k]) & JOIN_VERBS:
            out.add("EMPLOYS_GRADUATES")
    base = any(low[k] == "базе" and k and low[k - 1] == "на" for k in range(len(toks)))
    for k, t in enumerate(toks):
        if not units.is_unit_word(t):
            continue
        if "-" in t.text and t.text[:1].isupper():  # «СУЭК-класс»: a company-named unit is a joint one
            out.add("JOINT_UNIT")
            continue
        # «инженерный судостроительный класс», «создать … кафедры», «лаборатория будет работать»,
        # «класс на базе школы»; a «центр» needs an adjective or a creating verb before it
        adj = any(x in UNIT_ADJ for x in lem[max(0, k - 3):k])
        verb_before = any(v in UNIT_VERB for v in lem[max(0, k - 4):k])
        verb_after = any(v in UNIT_VERB for v in lem[k + 1:k + 5])
        if adj or verb_before or (t.lemma != "центр" and (verb_after or base)):
            out.add("JOINT_UNIT")
    return out


def _status(toks: list[Token]) -> str:
    lem = {t.lemma for t in toks}
    # «будут готовить», «создадут», «откроют»: a verb in the future tense is a promise, not a fact
    if lem & PLANNED or any("futr" in t.tags and t.pos == "VERB" for t in toks):
        return "planned"
    if lem & OFFERED:
        return "offered"
    return ""


def _number_before(toks: list[Token], k: int) -> object | None:
    for m in range(k - 1, max(-1, k - 4), -1):
        t = toks[m]
        if t.text.isdigit():
            return int(t.text)
        if t.lemma in NUM_WORDS:
            return NUM_WORDS[t.lemma]
    return None


def _attrs(sent: Sentence, typ: str, target_ref: Ref | None) -> dict[str, object]:
    toks, text = sent.tokens, sent.text
    a: dict[str, object] = {}
    m = re.search(r"\b(?:в|с)\s+((?:19|20)\d\d)\s+год", text)
    if m:
        a["year"] = int(m.group(1))
    m = re.search(r"[Зз]а последние [\w-]+ (?:лет|года)", text)
    if m:
        a["period"] = m.group(0).lower()
    if typ in ("INTERNSHIP", "EMPLOYS_GRADUATES"):
        nouns = ("выпускник", "человек", "студент") if typ == "EMPLOYS_GRADUATES" else (
            "студент", "учащийся", "практикант", "стажер", "человек", "первокурсник")
        for k, t in sorted(enumerate(toks), key=lambda kt: (kt[1].lemma not in nouns[:1], kt[0])):
            if t.lemma in nouns:
                n = _number_before(toks, k)
                if n is not None:
                    a["students" if typ == "INTERNSHIP" else "count"] = n
                    break
    if typ == "JOINT_UNIT":
        for k, t in enumerate(toks):
            if t.lemma in UNIT_NOUNS:
                prev = toks[k - 1].lemma if k else ""
                a["unit_type"] = (toks[k - 1].text.lower() + " " if prev in UNIT_ADJ else "") + t.lemma
                q = re.match(r"\s*[«“\"„]([^»”\"“]+)[»”\"“]", text[t.end - sent.start:])
                if q:
                    a["unit"] = q.group(1)
                break
        if target_ref is not None:  # «в МФТИ (кафедра микро- и наноэлектроники)»
            rest = text[target_ref.pos - sent.start:]
            p = re.match(r"[^()]{0,80}?\((кафедр[^()]+)\)", rest)
            if p:
                a["unit"] = p.group(1)
    if typ == "PARTNERS_WITH":
        m = re.search(r"(?:соглашени\w*|договор\w*|меморандум\w*)(?: о [\w-]+(?: [\w-]+)?)?", text, re.I)
        if m:
            a["form"] = m.group(0).lower()
    return a


PARTNER_LINKS = ("PARTNERS_WITH", "INTERNSHIP", "EMPLOYS_GRADUATES", "JOINT_UNIT")
MULTIPARTY = {"трехсторонний", "четырехсторонний", "многосторонний", "между"}


def extract(sents: list[Sentence], mentions: list[Candidate], anaphors: list[Anaphor],
            entities: dict[str, Entity]) -> list[Found]:
    """Two passes: the first finds the explicit links; the second may also give a sentence that names
    only a company the education partners the article links to that company elsewhere — «обучаются на
    базовых кафедрах ПАО «Микрон» и проходят там практику» before «Микрон имеет кафедры в МФТИ и МИЭТ»."""
    first = _extract(sents, mentions, anaphors, entities, {})
    doc_focus: dict[str, list[str]] = {}
    for f in first:
        if f.type in PARTNER_LINKS and f.tier == "explicit" and entities[f.target].kind in EDUCATION \
                and entities[f.source].kind in INDUSTRY and f.target not in doc_focus.setdefault(f.source, []):
            doc_focus[f.source].append(f.target)
    # «when unambiguous»: a company linked to many schools does not say which one a sentence means
    doc_focus = {k: v for k, v in doc_focus.items() if len(v) <= 3}
    return _extract(sents, mentions, anaphors, entities, doc_focus) if doc_focus else first


def _extract(sents: list[Sentence], mentions: list[Candidate], anaphors: list[Anaphor],
             entities: dict[str, Entity], doc_focus: dict[str, list[str]]) -> list[Found]:
    refs: dict[int, list[Ref]] = {}
    for m in mentions:
        if m.org:
            refs.setdefault(m.sent, []).append(Ref(m.org, m.start, end=m.end, nested=m.nested))
    for an in anaphors:
        for o in an.orgs:
            refs.setdefault(an.sent, []).append(Ref(o, an.start, True, an.end))
    # an article about one school: a link whose education side is unstated can only mean that one
    doc_edu = {r.org for rs in refs.values() for r in rs if entities[r.org].kind in EDUCATION}
    only_edu = next(iter(doc_edu)) if len(doc_edu) == 1 else None
    out: list[Found] = []
    focus: dict[str, list[str]] = {}   # industry id -> education ids linked earlier in the paragraph
    para = -1
    prev_partner_edu: list[Ref] = []
    prev_resident_zone: str | None = None
    parties: list[tuple[str, str]] = []  # the last agreement's (industry, education) pairs, document-wide
    seen_zones: list[str] = []
    for m in mentions:  # «Заполярный филиал ГМК «Норильский никель»»: a branch is part of its parent
        if m.org and m.parent and m.parent != m.org:
            out.append(Found("SUBSIDIARY_OF", m.org, m.parent, m.sent))
    for s in sents:
        if s.para != para:
            focus, para, prev_partner_edu, prev_resident_zone = {}, s.para, [], None
        rs_all = sorted(refs.get(s.index, []), key=lambda r: r.pos)
        rs = [r for r in rs_all if not r.nested]
        kind = {r.org: entities[r.org].kind for r in rs_all}
        types = _types(s.tokens)
        status = _status(s.tokens)
        lem = {t.lemma for t in s.tokens}
        out += structural(s, rs_all, kind)
        ind = [r for r in rs if kind[r.org] in INDUSTRY]
        subs = {f.target for f in out if f.sent == s.index and f.type == "SUBSIDIARY_OF"}
        if any(kind[r.org] == "company" for r in ind):
            ind = [r for r in ind if not (kind[r.org] == "holding" and r.org in subs)]
        edu = [r for r in rs if kind[r.org] in EDUCATION]
        gov = [r for r in rs if kind[r.org] == "government"]
        zones = [r for r in rs if kind[r.org] in ZONES]
        seen_zones += [z.org for z in zones if z.org not in seen_zones]
        lead = s.text.lower().lstrip("-–— ")[:30]
        listing = lead.startswith(LIST_LEADS) and ind and not edu
        if listing and prev_partner_edu:
            edu, types = prev_partner_edu, types | {"PARTNERS_WITH"}
        if listing and prev_resident_zone:
            for r in ind:
                out.append(Found("RESIDENT_OF", r.org, prev_resident_zone, s.index))
        here_edu = bool(edu)
        if types and not ind and not edu and _parties_subject(s.tokens):
            for a_id, b_id in parties:  # «стороны планируют создать кафедры»
                for typ in sorted(types):
                    out.append(Found(typ, a_id, b_id, s.index, "implied", status if typ != "PARTNERS_WITH" else ""))
        for typ in sorted(types):
            src = list(ind) or (list(zones) if typ in ("EMPLOYS_GRADUATES", "INTERNSHIP") else [])
            if typ == "PARTNERS_WITH" and lem & AGREEMENT:
                src += gov
            tier = "explicit"
            tgt = edu
            if src and not tgt:
                tgt = [Ref(e, -1) for r in src for e in focus.get(r.org, [])]
                if not tgt and only_edu and typ != "PARTNERS_WITH":
                    tgt = [Ref(only_edu, -1)]
                if not tgt and typ != "PARTNERS_WITH":
                    tgt = [Ref(e, -1) for r in src if not r.anaphor for e in doc_focus.get(r.org, [])]
                tier = "implied"
            if tgt and not src and typ != "PARTNERS_WITH":
                src = [Ref(i, -1) for i, es in focus.items() if any(t.org in es for t in tgt)]
                tier = "implied"
            if typ == "JOINT_UNIT" and tier == "explicit":  # the unit's host, not every school named
                tgt = units.hosts(s, tgt) or tgt
            src = _nearest_to_trigger(s, typ, types, src)
            if typ == "PARTNERS_WITH" and lem & AGREEMENT and len({r.org for r in edu}) >= 2 and (
                    not ind or lem & MULTIPARTY):
                # «ТОГУ заключил соглашение с МАИ», «трехстороннее соглашение между заводом, школой и
                # САФУ»: schools are parties too, the first named towards the others
                src = src + [edu[0]]
            for a in src:
                for b in tgt:
                    if a.org == b.org or _other_clause(s, a, b, ind, edu):
                        continue
                    st = status if typ in ("PARTNERS_WITH", "INTERNSHIP", "EMPLOYS_GRADUATES", "JOINT_UNIT") else ""
                    out.append(Found(typ, a.org, b.org, s.index, tier, st, _attrs(s, typ, b if b.pos >= 0 else None)))
                    if tier == "explicit":
                        lst = focus.setdefault(a.org, [])
                        if b.org not in lst:
                            lst.append(b.org)
        pairs = [(f.source, f.target) for f in out if f.sent == s.index and f.type == "PARTNERS_WITH"]
        if pairs and lem & AGREEMENT:
            parties = list(dict.fromkeys(pairs))
        if "PARTNERS_WITH" in types and here_edu and not ind:
            prev_partner_edu = edu
        elif rs:
            prev_partner_edu = []
        # «предприятия-резиденты особой экономической зоны …» with no firm named: the next sentence lists them
        resident = any(t.lemma in RESIDENT or set(t.lemma.split("-")) & RESIDENT for t in s.tokens)
        zone = zones[-1].org if zones else (seen_zones[0] if len(seen_zones) == 1 else None)
        prev_resident_zone = zone if resident and not ind else (prev_resident_zone if not rs else None)
    return out


def _other_clause(s: Sentence, a: Ref, b: Ref, ind: list[Ref], edu: list[Ref]) -> bool:
    """«на базе школы № 3 с участием завода «А»; на базе лицея № 1 — компании «Б»»: when «;» splits a
    sentence into clauses that each name both sides, a pair is made inside one clause only."""
    cuts = [t.start for t in s.tokens if t.text == ";"]
    if not cuts or a.pos < 0 or b.pos < 0:
        return False

    def clause(pos: int) -> int:
        return sum(c < pos for c in cuts)

    ca, cb = clause(a.pos), clause(b.pos)
    if ca == cb:
        return False
    return any(clause(r.pos) == ca for r in edu if r.pos >= 0) or any(clause(r.pos) == cb for r in ind if r.pos >= 0)


def _parties_subject(toks: list[Token]) -> bool:
    """«Стороны планируют …» refers to an agreement's parties; «со стороны вузов», «с другой стороны» do not."""
    for k, t in enumerate(toks):
        if t.lemma in PARTIES and t.text.lower() in ("стороны", "сторонам", "сторонами", "партнеры", "партнерам"):
            prev = toks[k - 1].text.lower() if k else ""
            if prev not in ("со", "с", "одной", "другой", "обе", "обеих", "той", "этой", "нашей", "их", "его"):
                return True
    return False


# trigger lemmas per type, to find where in the sentence each type is stated
_TRIGGERS = {"INTERNSHIP": INTERN, "EMPLOYS_GRADUATES": EMPLOY | EMPLOY_WORK}


def _nearest_to_trigger(s: Sentence, typ: str, types: set[str], src: list[Ref]) -> list[Ref]:
    """«проходят практику на предприятиях компании и переходят к работе на ОНПЗ»: when a sentence states
    both an internship and hiring and names several firms, each firm goes with the trigger nearest to it."""
    rivals = [t for t in _TRIGGERS if t in types]
    if typ not in _TRIGGERS or len(rivals) < 2 or len({r.org for r in src}) < 2 or any(r.pos < 0 for r in src):
        return src
    at = {t: [tok.start for tok in s.tokens if tok.lemma in _TRIGGERS[t]] for t in rivals}
    if not all(at.values()):
        return src

    def owner(r: Ref) -> str:
        return min(rivals, key=lambda t: min(abs(p - r.pos) for p in at[t]))

    mine = [r for r in src if owner(r) == typ]
    return mine or src
