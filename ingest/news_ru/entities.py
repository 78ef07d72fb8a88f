"""From candidate spans to the document's organisations: registry ids, new entities, every mention.

Order: registry gazetteer → descriptor patterns → NER backstop → resolve each candidate (registry
first, kinds must agree) → a second gazetteer pass with the names and abbreviations this
document introduced («КАМАЗа» after «ПАО "КАМАЗ"», «ТСиМ» after «… (ТСиМ)»).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import Organisation
from graph.registry import Registry
from ingest.news_ru import branches, patterns, units
from ingest.news_ru.mentions import Candidate, Gazetteer, _cand, span_key
from ingest.news_ru.names import abbr_fits, capitalise, inflect_nominative, kind_of_abbr, slug, tidy
from ingest.news_ru.text import Sentence, tokenize
from ingest.news_ru.vocab import INDUSTRY


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    short: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    registry: Organisation | None = None
    gender: str = ""
    count: int = 0


def _compatible(a: str | None, b: str) -> bool:
    if a is None or a == b:
        return True
    return {a, b} <= INDUSTRY or {a, b} <= {"university", "research_institute"}


_GAZ_CACHE: dict[int, tuple[Registry, Gazetteer]] = {}


def registry_gazetteer(registry: Registry) -> Gazetteer:
    cached = _GAZ_CACHE.get(id(registry))
    if cached and cached[0] is registry:
        return cached[1]
    import re

    gaz = Gazetteer()
    for org in registry:
        forms = list(org.forms)
        for f in list(forms):
            forms += re.findall(r"«([^«»]{4,})»", f)        # the quoted part of «Особая … «Липецк»»
            if "(" in f:
                forms.append(re.sub(r"\s*\([^)]*\)", "", f))
        for f in forms:
            gaz.add(f, org.id)
    _GAZ_CACHE.clear()
    _GAZ_CACHE[id(registry)] = (registry, gaz)
    return gaz


@lru_cache(maxsize=1)
def _ner():  # type: ignore[no-untyped-def]
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def ner_spans(text: str) -> list[tuple[int, int, str]]:
    from natasha import Doc

    seg, tagger = _ner()
    doc = Doc(text)
    doc.segment(seg)
    doc.tag_ner(tagger)
    return [(s.start, s.stop, s.type) for s in doc.spans]


class Resolver:
    def __init__(self, registry: Registry, text: str, sents: list[Sentence], use_ner: bool = True) -> None:
        self.registry = registry
        self.text = text
        self.gaz = registry_gazetteer(registry)
        self.sents = sents
        self.use_ner = use_ner
        self.entities: dict[str, Entity] = {}
        self.by_core: dict[tuple[str, ...], str] = {}
        self.mentions: list[Candidate] = []

    # -- candidates → ids
    def _registry_id(self, c: Candidate) -> str | None:
        from ingest.news_ru.mentions import ABBR_STOP

        if c.abbr in ABBR_STOP:
            c.abbr = ""
        forms = [c.text, c.core]
        if c.abbr:
            forms.append(c.abbr)
        for form in forms:
            ids = self.gaz.keys.get(span_key([t for t in tokenize(form) if t.word]))
            if ids and len(ids) == 1:
                org = self.registry.get(next(iter(ids)))
                if org is not None and _compatible(c.kind, org.kind):
                    return org.id
        for form in forms:
            found = self.registry.candidates(form)
            if len(found) == 1 and _compatible(c.kind, found[0].kind):
                return found[0].id
        return None

    def _new_name(self, c: Candidate) -> str:
        s = self.sents[c.sent]
        if c.head is not None:
            toks = s.tokens[c.i:c.j]
            cut = list(toks)
            if c.abbr:  # drop «(АББР)» from the name
                for k, t in enumerate(cut):
                    if t.text == "(" and k + 1 < len(cut) and cut[k + 1].text == c.abbr.split()[0]:
                        cut = cut[:k] + cut[k + 3:]
                        break
            return tidy(capitalise(inflect_nominative(cut, c.head - c.i)))
        if c.kind in ("sez", "technopark", "university", "college", "school") and c.core != c.text:
            desc = {"sez": "Особая экономическая зона", "technopark": "Технопарк"}.get(c.kind)
            if desc is None:  # «Государственного университета «Дубна»» → descriptor in the nominative
                toks = list(s.tokens[c.i:c.j])
                q = next((k for k, t in enumerate(toks) if t.text in "«“„\""), len(toks))
                head = max((k for k in range(q) if toks[k].pos == "NOUN"), default=None)
                if head is None:
                    return tidy(c.core)
                desc = capitalise(inflect_nominative(toks[:head + 1], head))
            return tidy(f"{desc} «{c.core}»")
        return tidy(c.core)

    def resolve(self, c: Candidate) -> str | None:
        if c.org is None:
            c.org = self._registry_id(c)
        if c.org is not None:
            org = self.registry.get(c.org)
            if org is None:
                return None
            ent = self.entities.get(org.id)
            if ent is None:
                ent = self.entities[org.id] = Entity(org.id, org.name, org.kind, list(org.short), [], org)
        else:
            key = span_key([t for t in tokenize(c.core) if t.word])
            if not key:
                return None
            org_id = self.by_core.get(key) or (self._described(key) if c.description else None) or (
                self._shortened(key) if c.head is not None else None)
            # one name, two organisations: «ОЭЗ «Лотос»» and its resident «завод «Лотос»», a programme named
            # like a school — a descriptor of another kind makes another entity (an untyped mention keeps the first)
            if org_id is not None and c.kind and c.how == "pattern" and not _compatible(
                    c.kind, self.entities[org_id].kind) and org_id in self.entities:
                key, org_id = key + ("#" + c.kind,), self.by_core.get(key + ("#" + c.kind,))
            if org_id is None:
                first = c.core.split()[0] if c.core.split() else ""
                kind = c.kind or (kind_of_abbr(first) if sum(ch.isupper() for ch in first) >= 2 else "company")
                name = self._new_name(c)
                org_id = slug(name)
                if org_id in self.entities and self.entities[org_id].kind != kind:
                    org_id = f"{org_id}_{kind}"
                self.by_core[key] = org_id
                for form in c.extra_forms:  # the short form of a merged «X при Y»
                    self.by_core.setdefault(span_key([t for t in tokenize(form) if t.word]), org_id)
                if org_id not in self.entities:
                    self.entities[org_id] = Entity(org_id, name, kind)
            c.org = org_id
            ent = self.entities[org_id]
        if c.abbr and c.abbr not in ent.short:
            ent.short.append(c.abbr)
        for form in (c.text, c.core) + ((c.abbr,) if c.abbr else ()):
            if form and form not in ent.aliases:
                ent.aliases.append(form)
        if not c.gender:
            c.gender, c.case = _morph_of(self.sents[c.sent], c)
        if c.gender and not ent.gender and not c.plural:
            ent.gender = c.gender
        if c.kind and ent.registry is None and c.how == "pattern" and ent.kind != c.kind and c.kind != "company":
            ent.kind = c.kind
        ent.count += 1
        return c.org

    def _described(self, key: tuple[str, ...]) -> str | None:
        """The one organisation named so far whose name contains these words («судостроительный завод»
        in «судостроительный завод «Лотос»»): a description of it, not a new organisation."""
        hits = {e.id for e in self.entities.values() for f in (e.name, *e.aliases)
                for k in [span_key([t for t in tokenize(f) if t.word])]
                if len(k) > len(key) and any(k[i:i + len(key)] == key for i in range(len(k)))}
        return hits.pop() if len(hits) == 1 else None

    def _shortened(self, key: tuple[str, ...]) -> str | None:
        """«Солнцевский разрез» after «Солнцевский угольный разрез»: the same first and last word with
        words left out is a short form of the one organisation named so (a longer form is not: a
        «Пермский авиационный техникум» is not the «Пермский техникум»)."""
        if len(key) < 2:
            return None
        hits = {v for k, v in self.by_core.items() if len(k) > len(key) and k[0] == key[0]
                and k[-1] == key[-1] and set(key) <= set(k)}
        return hits.pop() if len(hits) == 1 else None

    def _known(self, name: str) -> str | None:
        """The id of an organisation the registry or this document already names `name`, if exactly one."""
        key = span_key([t for t in tokenize(name) if t.word])
        if not key:
            return None
        ids = self.gaz.keys.get(key)
        if ids and len(ids) == 1:
            return next(iter(ids))
        return self.by_core.get(key)

    def _merge_pri(self, found: list[Candidate]) -> list[Candidate]:
        """«Морской инженерный колледж при МГУ имени Невельского» is one organisation (a college attached
        to a university), not two; its short form («Морского инженерного колледжа») stays an alias."""
        out: list[Candidate] = []
        for c in found:
            prev = out[-1] if out else None
            if (prev is not None and prev.sent == c.sent and prev.kind in ("college", "school") and prev.head is not None
                    and prev.org is None and c.i == prev.j + 1
                    and self.sents[c.sent].tokens[prev.j].text.lower() == "при"):
                merged = _cand(self.sents[c.sent], prev.i, c.j, kind=prev.kind, descriptor=prev.descriptor,
                               how="pattern", head=prev.head, abbr=prev.abbr)
                merged.gender, merged.case = prev.gender, prev.case
                merged.extra_forms = [prev.core]
                out[-1] = merged
                continue
            out.append(c)
        return out

    def _merge_abbreviations(self) -> None:
        """A bare abbreviation that spells the initials of a named organisation is that organisation."""
        bare = [e for e in self.entities.values() if e.registry is None and " " not in e.name
                and sum(ch.isupper() for ch in e.name) >= 2]
        for b in bare:
            letters = abbr_letters(b.name)
            fits = [e for e in self.entities.values() if e is not b and len(letters) >= 2 and (
                    (initials(e.name)[:len(letters)] == letters and len(initials(e.name)) <= len(letters) + 3)
                    or _city_dropped(letters, e.name))]
            if not fits:  # «ТОГУ» ← Тихоокеанский государственный университет, «КнААЗА» (case ending in capitals)
                fits = [e for e in self.entities.values() if e is not b and len(e.name.split()) >= 2
                        and (_compatible(e.kind, b.kind) or b.kind == "company") and abbr_fits(b.name, e.name)]
            if len(fits) == 1:
                self._absorb(b, fits[0])
        self._merge_dedicated()

    def _merge_dedicated(self) -> None:
        """«НГТУ им. Р.Е. Алексеева» and «НГТУ» in one article are one university, unless one sentence names
        both (a list «НГТУ им. Р.Е. Алексеева, НГТУ» means two namesakes)."""
        import re

        for e in list(self.entities.values()):
            m = re.match(r"(\S+)\s+(?:им\.|имени)\s", e.name)
            if e.registry is not None or not m or sum(ch.isupper() for ch in m.group(1)) < 2:
                continue
            base = span_key(tokenize(m.group(1)))
            fits = [x for x in self.entities.values() if x is not e and _compatible(x.kind, e.kind) and any(
                span_key(tokenize(f)) == base for f in [x.name, *x.short])]
            if len(fits) != 1:
                continue
            sents_e = {c.sent for c in self.mentions if c.org == e.id}
            if any(c.org == fits[0].id and c.sent in sents_e for c in self.mentions):
                continue
            self._absorb(e, fits[0])

    def _absorb(self, b: Entity, target: Entity) -> None:
        """Entity `b` is `target` under another name: move its mentions and names over."""
        for m in self.mentions:
            if m.org == b.id:
                m.org = target.id
        target.count += b.count
        if b.name not in target.short:
            target.short.append(b.name)
        target.aliases += [a for a in b.aliases if a not in target.aliases]
        for key, v in list(self.by_core.items()):
            if v == b.id:
                self.by_core[key] = target.id
        del self.entities[b.id]

    def run(self) -> list[Candidate]:
        gaz = self.gaz
        ner = ner_spans_by_sentence(self.text, self.sents) if self.use_ner else {}
        taken: dict[int, set[int]] = {s.index: set() for s in self.sents}
        found: list[Candidate] = []
        for s in self.sents:
            t = taken[s.index]
            for step in (patterns.quoted_names, patterns.headed_names, gaz.match):
                for c in step(s, t):
                    found.append(c)
                    t |= set(range(c.i, c.j))
            orgs = [(a, b) for a, b, typ in ner.get(s.index, []) if typ == "ORG"]
            for c in patterns.ner_names(s, orgs, t):
                found.append(c)
        found.sort(key=lambda c: c.start)
        found = self._merge_pri(found)
        for c in found:
            if self.resolve(c) is None:
                continue
            self.mentions.append(c)
        self._merge_abbreviations()
        for c in branches.find(self.sents, self.mentions, {k: e.kind for k, e in self.entities.items()}, taken):
            if self.resolve(c) is not None:
                self.mentions.append(c)
                ent = self.entities[c.org]  # type: ignore[index]
                ent.aliases += [f for f in c.extra_forms if f not in ent.aliases]
        # «СУЭК-классы»: a known organisation inside a unit's name
        for s in self.sents:
            for c in units.compound_mentions(s, taken[s.index], self._known):
                taken[s.index].add(c.i)
                if c.org in self.entities:
                    self.entities[c.org].count += 1
                else:
                    self.resolve(c)
                self.mentions.append(c)
        # second pass: names and abbreviations this document introduced
        dyn = Gazetteer()
        for ent in self.entities.values():
            if ent.registry is None:
                for f in [ent.name, *ent.short, *ent.aliases]:
                    dyn.add(f, ent.id)
            for c in [m for m in self.mentions if m.org == ent.id and m.abbr]:
                dyn.add(c.abbr, ent.id)
            # «Корпорация развития Нижегородской области» … «КРНО»; «Омский НПЗ» … «ОНПЗ» (even before it)
            abbr = initials(ent.name, keep_abbr=True)
            if ent.registry is None and len(abbr) >= 3 and len(ent.name.split()) >= 2 and abbr in self.text:
                dyn.add(abbr, ent.id)
        for s in self.sents:
            t = taken[s.index]
            for c in dyn.match(s, t):
                c.how = "dynamic"
                t |= set(range(c.i, c.j))
                self.resolve(c)
                self.mentions.append(c)
        self.mentions.sort(key=lambda c: c.start)
        return self.mentions


def initials(name: str, keep_abbr: bool = False) -> str:
    """«Грязинский технический колледж» → ГТК; «Санкт-Петербургский политехнический …» → СППУ…;
    with keep_abbr an abbreviation inside the name stays whole: «Омский НПЗ» → ОНПЗ."""
    import re

    name = re.sub(r"\([^)]*\)|«[^»]*»", " ", name)
    words = re.findall(r"[А-ЯЁа-яё]+", name)
    skip = ("и", "по", "при", "в", "на", "для", "имени", "им")
    return "".join(w if keep_abbr and len(w) > 1 and w.isupper() else w[0].upper()
                   for w in words if w.lower() not in skip)


def _city_dropped(letters: str, name: str) -> bool:
    """«Техникум информационных технологий» … «ТТИТ»: the first mention left out the city adjective
    that the abbreviation keeps (Томский). Only for a name that starts with its head noun."""
    first = name.split()[0].lower() if name.split() else ""
    return (len(letters) >= 3 and letters[1:] == initials(name)
            and first.rstrip("аеиоуыяю") in ("техникум", "колледж", "университет", "институт", "училищ", "академ"))


def abbr_letters(abbr: str) -> str:
    return "".join(ch for ch in abbr if ch.isupper())


def ner_spans_by_sentence(text: str, sents: list[Sentence]) -> dict[int, list[tuple[int, int, str]]]:
    if not sents:
        return {}
    out: dict[int, list[tuple[int, int, str]]] = {}
    # NER per paragraph keeps offsets simple and the model's context local
    by_para: dict[int, list[Sentence]] = {}
    for s in sents:
        by_para.setdefault(s.para, []).append(s)
    for group in by_para.values():
        a, b = group[0].start, group[-1].end
        for s0, e0, typ in ner_spans(text[a:b]):
            s0, e0 = s0 + a, e0 + a
            for s in group:
                if s.start <= s0 < s.end:
                    out.setdefault(s.index, []).append((s0, min(e0, s.end), typ))
                    break
    return out



def _morph_of(sent: Sentence, c: Candidate) -> tuple[str, str]:
    """Gender and case of a mention from its first noun outside quotes."""
    from ingest.news_ru.mentions import quote_role
    from ingest.news_ru.names import gender

    depth = 0
    for k in range(c.i, c.j):
        role = quote_role(sent, k)
        depth += role == "open"
        depth -= role == "close"
        t = sent.tokens[k]
        if depth == 0 and t.pos == "NOUN" and not t.abbr:
            case = next((cs for cs in ("nomn", "gent", "datv", "accs", "ablt", "loct") if cs in t.tags), "")
            return ("plur" if "plur" in t.tags else gender(t)), case
    return "", ""
