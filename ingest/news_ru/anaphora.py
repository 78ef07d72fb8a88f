"""Anaphora: «она», «компания», «вуз», «здесь», «на заводе» … resolved to an entity, or left alone.

Pronouns and generic nouns (компания, предприятие, организация, здесь) look back within the
paragraph only, nearest first, with gender and number agreement. Nouns that name one kind of
organisation (вуз, колледж, техникум, ОЭЗ, технопарк) may also take the only organisation of
that kind the article has named so far — a definite description with a unique referent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.news_ru import vocab
from ingest.news_ru.entities import Entity
from ingest.news_ru.mentions import Candidate
from ingest.news_ru.text import Sentence

INDUSTRY = tuple(sorted(vocab.INDUSTRY))
# noun lemma -> kinds it may refer to, and whether a unique document-wide referent is acceptable
NOUNS: dict[str, tuple[tuple[str, ...], bool]] = {
    "компания": (INDUSTRY, False), "предприятие": (INDUSTRY, False), "организация": (INDUSTRY, False),
    "завод": (("company",), False), "автозавод": (("company",), False), "фабрика": (("company",), False),
    "комбинат": (("company",), False), "концерн": (("company",), False), "производитель": (("company",), False),
    "корпорация": (("holding", "company"), False), "госкорпорация": (("holding",), True),
    "холдинг": (("holding",), True), "вуз": (("university",), True), "университет": (("university",), True),
    "политех": (("university",), True), "институт": (("university",), False), "академия": (("university",), False),
    "колледж": (("college",), True), "техникум": (("college",), True), "училище": (("college",), True),
    "школа": (("school",), False), "лицей": (("school",), True), "гимназия": (("school",), True),
    "оэз": (("sez",), True), "технопарк": (("technopark",), True),
}
PLACE = {"здесь", "там", "тут"}
PRONOUNS = {"он": "masc", "она": "femn", "оно": "neut", "они": "plur"}


@dataclass
class Anaphor:
    sent: int
    start: int
    end: int
    text: str
    orgs: list[str]
    how: str  # noun | place | pronoun


def resolve(sents: list[Sentence], mentions: list[Candidate], entities: dict[str, Entity]) -> list[Anaphor]:
    by_sent: dict[int, list[Candidate]] = {}
    for m in mentions:
        by_sent.setdefault(m.sent, []).append(m)
    out: list[Anaphor] = []
    seen_kind: dict[str, list[str]] = {}  # kind -> ids named so far in the document
    for s in sents:
        own = by_sent.get(s.index, [])
        covered = {k for m in own for k in range(m.i, m.j)}
        for k, t in enumerate(s.tokens):
            if k in covered or not t.word:
                continue
            before = [m for m in own if m.j <= k]
            prior = _paragraph_before(sents, by_sent, s) + before
            low = t.text.lower()
            found: list[str] = []
            how = ""
            if t.lemma in NOUNS and "plur" not in t.tags and not _names_follow(s, k):
                kinds, unique_ok = NOUNS[t.lemma]
                if t.lemma == "оэз" and not t.abbr:
                    continue
                cand = [m.org for m in reversed(prior) if m.org and entities[m.org].kind in kinds]
                described = _described(s, k, entities, seen_kind, kinds)
                if described:  # «Судостроительный завод» after «судостроительный завод «Лотос»»
                    found, how = [described], "noun"
                elif cand:
                    found, how = [cand[0]], "noun"
                elif unique_ok:
                    ids = {i for kd in kinds for i in seen_kind.get(kd, [])}
                    if len(ids) == 1:
                        found, how = [ids.pop()], "noun"
            elif low in PLACE:
                cand = [m.org for m in reversed(prior) if m.org and entities[m.org].kind in INDUSTRY]
                if cand:
                    found, how = [cand[0]], "place"
            elif low in PRONOUNS and t.lemma == low:
                found, how = _pronoun(sents, by_sent, s, before, PRONOUNS[low], entities), "pronoun"
            if found:
                out.append(Anaphor(s.index, t.start, t.end, t.text, found, how))
        for m in own:
            if m.org:
                lst = seen_kind.setdefault(entities[m.org].kind, [])
                if m.org not in lst:
                    lst.append(m.org)
    return out


def _described(s: Sentence, k: int, entities: dict[str, Entity], seen: dict[str, list[str]],
               kinds: tuple[str, ...]) -> str | None:
    """The one organisation named so far whose name or alias contains this adjective + noun."""
    from ingest.news_ru.mentions import span_key
    from ingest.news_ru.text import tokenize

    adjs: list[str] = []
    for t in reversed(s.tokens[max(0, k - 2):k]):
        if t.pos not in ("ADJF", "PRTF"):
            break
        adjs.insert(0, t.lemma)
    if not adjs:
        return None
    want = tuple(adjs + [s.tokens[k].lemma])
    hits = set()
    for kd in kinds:
        for org in seen.get(kd, []):
            for form in (entities[org].name, *entities[org].aliases):
                key = span_key(tokenize(form))
                if any(key[i:i + len(want)] == want for i in range(len(key))):
                    hits.add(org)
    return hits.pop() if len(hits) == 1 else None


def _names_follow(s: Sentence, k: int) -> bool:
    """«компании «Ви Фрай»»: the noun is a descriptor of a name, not an anaphor."""
    n = s.tokens[k + 1] if k + 1 < len(s.tokens) else None
    return n is not None and (n.text in "«“„\"" or n.abbr)


def _paragraph_before(sents: list[Sentence], by_sent: dict[int, list[Candidate]], s: Sentence) -> list[Candidate]:
    out: list[Candidate] = []
    for p in sents[: s.index]:
        if p.para == s.para:
            out += by_sent.get(p.index, [])
    return out


def _pronoun(sents: list[Sentence], by_sent: dict[int, list[Candidate]], s: Sentence, before: list[Candidate],
             g: str, entities: dict[str, Entity]) -> list[str]:
    if before:  # the pronoun's own sentence already names something: too risky
        return []
    prev = sents[s.index - 1] if s.index else None
    if prev is None or prev.para != s.para:
        return []
    ms = [(m, m.org) for m in by_sent.get(prev.index, []) if m.org]
    if g == "plur":
        groups: dict[int, list[str]] = {}
        for m, org in ms:
            if m.group is not None:
                groups.setdefault(m.group, []).append(org)
        if groups:
            return list(dict.fromkeys(list(groups.values())[-1]))
        ind = list(dict.fromkeys(org for _, org in ms if entities[org].kind in ("company",)))
        return ind if len(ind) >= 2 else []
    fits = [(m, org) for m, org in ms if not m.plural and (entities[org].gender or m.gender) == g]
    nom = [(m, org) for m, org in fits if m.case == "nomn"]
    pick = nom or fits
    ids = list(dict.fromkeys(org for _, org in pick))
    return [ids[0]] if ids else []
