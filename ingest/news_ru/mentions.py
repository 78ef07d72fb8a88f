"""Organisation mentions in sentences: gazetteer matches, descriptor patterns, NER backstop.

A `Candidate` is a span that names one organisation, with what the text says about it: the
core name (quoted or full), the descriptor and the kind it implies, an abbreviation it defines
(«X (АББР)»), and a group number when one descriptor is shared («на предприятиях «A» и «B»»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.news_ru.names import DESCRIPTOR_KIND, LEGAL_KIND
from ingest.news_ru.text import Sentence, Token, morph

OPEN_Q, CLOSE_Q, AMBI_Q = "«„", "»", "\"“”"
LEGAL = set(LEGAL_KIND) | {"фгбоу", "во", "гбпоу", "ано", "гбу", "мбоу", "фгбну", "фгуп", "гуп", "мгуп"}
SKIP_IN_KEY = {"ао", "пао", "ооо", "оао", "зао", "фгбоу", "фгаоу", "гбпоу", "гапоу", "во", "спо_", "ано"}
_ABBR_END = re.compile(r"^([A-ZА-ЯЁ]{2,}[A-ZА-ЯЁ0-9-]*)([a-zа-яё]{0,3})$")
# heads that make a name with adjectives before them (and a genitive or «имени» after)
EDU_HEADS = {"университет", "институт", "академия", "колледж", "техникум", "училище", "лицей", "гимназия",
             "школа", "консерватория", "комплекс"}
GOV_HEADS = {"министерство", "департамент", "правительство", "администрация", "комитет", "агентство"}
# mining enterprises are named like plants: «Солнцевский угольный разрез», «Кировский рудник»
FIRM_HEADS = {"завод", "комбинат", "фабрика", "корпорация", "компания", "верфь", "объединение", "разрез", "рудник"}
GENERIC_ADJ = {"ведущий", "крупный", "новый", "местный", "профильный", "технический", "государственный",
               "федеральный", "региональный", "национальный", "исследовательский", "один", "этот", "наш",
               "высокий", "другой", "каждый", "любой", "весь", "свой", "российский", "московский", "отечественный",
               "столичный", "городской", "областной", "краевой", "районный", "муниципальный", "частный",
               "опорный", "базовый", "профессиональный", "образовательный", "средний", "общеобразовательный",
               "первый", "второй", "лучший", "следующий", "такой", "иной", "промышленный", "партнерский"}
ORG_STOP = {"вконтакте", "telegram", "телеграм", "twitter", "youtube", "rutube", "дзен", "одноклассники",
            "top mail ru", "whatsapp", "max", "vk", "тасс", "риа новости", "интерфакс", "рбк"}
ABBR_STOP = {"РФ", "РАН", "США", "СССР", "ЧПУ", "КБ", "ВУЗ", "ВУЗы", "СПО", "ВО", "ИТ", "IT", "ЕГЭ", "ОГЭ", "НИОКР",
             "СМИ", "ЦФО", "ПФО", "СЗФО", "ДФО", "УФО", "ЮФО", "СКФО", "СФО", "ВПК", "ОПК", "ЖКХ", "АПК", "ТЭК",
             "ИИ", "ПО", "НПЗ", "ЦОД", "ФП", "МО", "НКО", "ТВ", "АО", "ПАО", "ООО", "ОАО", "ЗАО", "НИИ", "ОЭЗ"}


@dataclass
class Candidate:
    sent: int
    i: int                    # first token (index in the sentence)
    j: int                    # one past the last token
    start: int
    end: int
    text: str
    core: str                 # the name proper: quoted content, or the whole phrase
    kind: str | None = None
    descriptor: str = ""      # lemma of the descriptor word, if any
    head: int | None = None   # token index of the head noun to inflect (pattern names)
    abbr: str = ""            # abbreviation defined in parentheses
    org: str | None = None    # resolved id
    how: str = ""             # registry | pattern | quoted | ner | dynamic
    group: int | None = None  # shared-descriptor group
    gender: str = ""
    plural: bool = False
    case: str = ""
    extra_forms: list[str] = field(default_factory=list)
    parent: str | None = None  # a branch's parent organisation (branches.py)
    nested: bool = False       # the parent's name inside a branch name: counted, but not a relation end
    description: bool = False  # «Судостроительный завод» at a sentence start: maybe a plant named earlier


def key_of(tok: Token) -> str | None:
    """The lookup key of one word: its lemma; an abbreviation without its case ending."""
    if not tok.word:
        return None
    m = _ABBR_END.match(tok.text)
    if m and sum(c.isupper() for c in m.group(1)) >= 2:
        return m.group(1).lower().replace("ё", "е")
    lemma = tok.lemma
    if lemma in ("им", "им.") or lemma == "имя" and tok.text.lower() in ("имени", "им"):
        return "имени"
    if lemma in SKIP_IN_KEY:
        return ""
    return lemma


def span_key(tokens: list[Token]) -> tuple[str, ...]:
    return tuple(k for k in (key_of(t) for t in tokens) if k)


def is_common_word(tok: Token) -> bool:
    """A dictionary word that is not a proper name: «Элемент», «Слава», «Экономика»."""
    low = tok.text.lower()
    if tok.abbr or not re.fullmatch(r"[а-яё-]+", low):
        return False
    if not morph().word_is_known(low):
        return False
    return not (tok.tags & {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def quote_role(sent: Sentence, k: int) -> str:
    t = sent.tokens[k]
    if t.text in OPEN_Q:
        return "open"
    if t.text in CLOSE_Q:
        return "close"
    if t.text not in AMBI_Q:
        return ""
    before = sent.tokens[k - 1] if k else None
    after = sent.tokens[k + 1] if k + 1 < len(sent.tokens) else None
    glued_before = before is not None and before.end == t.start and before.text not in "(«„—-"
    glued_after = after is not None and after.start == t.end and after.text not in ".,;:)»!?"
    if t.text == "”" or (glued_before and not glued_after):
        return "close"
    if glued_after and not glued_before:
        return "open"
    return "close" if glued_before else "open"


def quoted_spans(sent: Sentence) -> list[tuple[int, int]]:
    """Top-level quoted names as (index of opening quote, index of closing quote)."""
    out, stack = [], []
    for k in range(len(sent.tokens)):
        role = quote_role(sent, k)
        if role == "open":
            stack.append(k)
        elif role == "close" and stack:
            a = stack.pop()
            if not stack:
                out.append((a, k))
    if stack:  # «Консорциум … «Росатом»  — an unclosed outer quote: take the inner ones
        pass
    return out


def _paren_abbr(toks: list[Token], k: int) -> tuple[str, int] | None:
    """`( АББР )` starting at k: the abbreviation and the index after the closing parenthesis."""
    if k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")" and toks[k + 1].abbr:
        return toks[k + 1].text, k + 3
    if k + 3 < len(toks) and toks[k].text == "(" and toks[k + 3].text == ")" and toks[k + 1].abbr and toks[k + 2].abbr:
        return toks[k + 1].text + " " + toks[k + 2].text, k + 4
    return None


def _cand(sent: Sentence, i: int, j: int, **kw) -> Candidate:  # type: ignore[no-untyped-def]
    toks = sent.tokens
    start, end = toks[i].start, toks[j - 1].end
    text = sent.text[start - sent.start:end - sent.start]
    kw.setdefault("core", text)
    return Candidate(sent.index, i, j, start, end, text, **kw)


# ---------------------------------------------------------------- gazetteer

class Gazetteer:
    """Lemma-sequence lookup of name forms → ids, matched over a sentence's words."""

    MAXLEN = 14

    def __init__(self) -> None:
        self.keys: dict[tuple[str, ...], set[str]] = {}
        self.abbr_keys: set[tuple[str, ...]] = set()
        self.single_common: set[tuple[str, ...]] = set()

    def add(self, form: str, org_id: str) -> None:
        from ingest.news_ru.text import tokenize

        toks = [t for t in tokenize(form) if t.word]
        key = span_key(toks)
        if not key or key in {(d,) for d in DESCRIPTOR_KIND} or key in {(d,) for d in LEGAL}:
            return
        if len(key) == 1 and toks and toks[-1].text.upper() in ABBR_STOP:
            return
        self.keys.setdefault(key, set()).add(org_id)
        if len(toks) == 1 and toks[0].abbr:
            self.abbr_keys.add(key)

    def match(self, sent: Sentence, taken: set[int]) -> list[Candidate]:
        toks = sent.tokens
        words = [k for k, t in enumerate(toks) if t.word]
        out: list[Candidate] = []
        w = 0
        while w < len(words):
            best = None
            if words[w] in taken:
                w += 1
                continue
            for v in range(min(len(words), w + self.MAXLEN), w, -1):
                i, j = words[w], words[v - 1] + 1
                if any(k in taken for k in range(i, j)) or not self._contiguous(toks, i, j):
                    continue
                key = span_key(toks[i:j])
                ids = self.keys.get(key)
                if ids and len(ids) == 1 and self._plausible(sent, i, j, key):
                    best = (v, i, j, next(iter(ids)))
                    break
            if best and best[2] < len(toks) and toks[best[2]].text.lower() in ("имени", "им") and len(
                    [t for t in toks[best[1]:best[2]] if t.word]) == 1:
                best = None  # «МГУ имени Невельского» is not «МГУ»
            if best:
                v, i, j, org = best
                if sum(t.text == "(" for t in toks[i:j]) > sum(t.text == ")" for t in toks[i:j]):
                    if j < len(toks) and toks[j].text == ")":
                        j += 1
                    else:
                        j = next(k for k in range(i, j) if toks[k].text == "(")
                # extend over quotes around the match
                if i > 0 and quote_role(sent, i - 1) == "open" and j < len(toks) and quote_role(sent, j) == "close":
                    i, j = i - 1, j + 1
                out.append(_cand(sent, i, j, org=org, how="registry"))
                w = v
            else:
                w += 1
        return out

    @staticmethod
    def _contiguous(toks: list[Token], i: int, j: int) -> bool:
        return all(t.word or t.text in "«»“”„\"().-–—№" for t in toks[i:j]) and toks[i].word

    def _plausible(self, sent: Sentence, i: int, j: int, key: tuple[str, ...]) -> bool:
        toks = [t for t in sent.tokens[i:j] if t.word]
        if key in self.abbr_keys:
            return toks[0].abbr
        if len(toks) == 1:
            t = toks[0]
            if t.abbr:
                return True
            if not t.cap:
                return False
            quoted = i > 0 and quote_role(sent, i - 1) == "open"
            return quoted or not is_common_word(t)
        return any(t.abbr or (t.cap and not t.sent_start) for t in toks) or (
            toks[0].cap and not is_common_word(toks[0]))
