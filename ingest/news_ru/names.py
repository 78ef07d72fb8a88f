"""Canonical names, kinds and ids for organisations the registry does not know.

The kind comes from the descriptor (завод → company, техникум → college, ОЭЗ → sez …); the
name is the head phrase put back in the nominative («Пермского авиационного техникума» →
«Пермский авиационный техникум»), with «имени …», numbers and quoted names kept as written;
the id is a transliterated slug of the folded name, so the same organisation named the same
way in another article gets the same id.
"""

from __future__ import annotations

import re

from graph import names as gnames
from ingest.news_ru.text import Token, morph

# descriptor lemma -> kind. Multi-word descriptors are matched on their last word plus a check.
DESCRIPTOR_KIND: dict[str, str] = {
    "университет": "university", "институт": "university", "академия": "university", "вуз": "university",
    "политех": "university", "консерватория": "university",
    "колледж": "college", "техникум": "college", "училище": "college",
    "школа": "school", "лицей": "school", "гимназия": "school",
    "завод": "company", "комбинат": "company", "фабрика": "company", "предприятие": "company",
    "компания": "company", "фирма": "company", "верфь": "company", "автозавод": "company",
    "производитель": "company", "разработчик": "company", "концерн": "company", "объединение": "company",
    "бюро": "company", "центр": "company", "филиал": "company", "стартап": "company",
    "разрез": "company", "рудник": "company", "шахта": "company",
    "корпорация": "holding", "госкорпорация": "holding", "холдинг": "holding", "группа": "holding",
    "оэз": "sez", "зона": "sez", "технопарк": "technopark", "индустриальный парк": "technopark",
    "министерство": "government", "департамент": "government", "правительство": "government",
    "администрация": "government", "комитет": "government", "агентство": "government", "минобрнауки": "government",
    "программа": "program", "проект": "program", "нацпроект": "program", "кластер": "program",
}
# legal forms and abbreviated descriptors written before a quoted name
LEGAL_KIND: dict[str, str] = {
    "ао": "company", "пао": "company", "ооо": "company", "оао": "company", "зао": "company", "нпп": "company",
    "нпо": "company", "нтц": "company", "нпц": "company", "окб": "company", "кб": "company", "фгуп": "company",
    "ип": "company", "по": "company", "цс": "company", "спо": "company", "гк": "holding", "ук": "company",
    "нии": "research_institute", "фгбоу": "university", "фгаоу": "university", "ниу": "university",
    "гбпоу": "college", "гапоу": "college", "огбпоу": "college", "гбоу": "school", "маоу": "school",
    "мбоу": "school", "оэз": "sez", "опк": "program", "фп": "program",
}
# nouns that name a unit inside an organisation, a field or an event, never an organisation
NOT_ORG_HEADS = {"кафедра", "лаборатория", "специальность", "направление", "отрасль", "конкурс", "премия",
                 "форум", "фестиваль", "выставка", "чемпионат", "олимпиада", "класс", "площадка", "курс",
                 "факультет", "профиль", "модуль", "стандарт", "квалификация", "профессия", "журнал",
                 "газета", "канал", "кафе", "улица", "проспект", "премии", "номинация", "акция", "смена"}

_GENDER = ("masc", "femn", "neut")


def kind_of(descriptor: str) -> str | None:
    d = descriptor.lower().replace("ё", "е")
    return LEGAL_KIND.get(d) or DESCRIPTOR_KIND.get(d)


def kind_of_abbr(abbr: str) -> str:
    """A guess from a bare abbreviation: МФТИ, УлГТУ, ИРНИТУ are higher schools; the rest companies."""
    if "-" in abbr:  # «КНИТУ-КАИ»: a higher school if any part is one
        parts = [kind_of_abbr(x) for x in abbr.split("-") if len(x) >= 2]
        if "university" in parts:
            return "university"
    a = abbr.upper().replace("-", "")
    if a.endswith(("ГУ", "ТУ", "ФУ", "ПУ", "ЭУ", "МУ", "ИУ", "ЮУ", "РУ")) or a.startswith(("НИУ", "НИТУ", "НИЯУ")):
        return "university"
    if a.endswith(("ТИ", "АИ", "ХИ", "ФИ", "ГИ", "ЭИ")) and len(a) <= 5:
        return "university"
    if a.startswith("НИИ"):
        return "research_institute"
    return "company"


def gender(tok: Token) -> str:
    for g in _GENDER:
        if g in tok.tags:
            return g
    return ""


def inflect_nominative(tokens: list[Token], head: int) -> str:
    """Tokens [0..head] (adjectives + head noun) in the nominative singular, the rest as written."""
    parts: list[str] = []
    head_tok = tokens[head]
    g = gender(head_tok) or "masc"
    for i, t in enumerate(tokens):
        word = t.text
        if i <= head and t.word and not t.abbr and re.search(r"[а-яё]", word.lower()):
            word = _nominative(word, is_head=i == head, gender=g)
        parts.append(word)
    return _join(tokens, parts)


def _nominative(word: str, *, is_head: bool, gender: str) -> str:
    if "-" in word:  # научно-исследовательского: only the last part inflects
        left, _, right = word.rpartition("-")
        return left + "-" + _nominative(right, is_head=is_head, gender=gender)
    m = morph()
    parses = m.parse(word.lower())
    want_pos = {"NOUN"} if is_head else {"ADJF", "PRTF"}
    for p in parses:
        if p.tag.POS in want_pos:
            if is_head:
                form = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})
            else:
                form = p.inflect({"nomn", "sing", gender}) or p.inflect({"nomn", "sing"})
            if form:
                out = form.word
                return _case_like(word, out)
    return word


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _join(tokens: list[Token], parts: list[str]) -> str:
    out = ""
    for i, (t, p) in enumerate(zip(tokens, parts)):
        if i and t.start > tokens[i - 1].end:
            out += " "
        out += p
    return out


def capitalise(name: str) -> str:
    name = name.strip()
    return name[:1].upper() + name[1:] if name else name


def tidy(name: str) -> str:
    """Quotes as «», spaces normalised, «№54» as «№ 54»."""
    name = re.sub(r"[“”„\"]([^“”„\"]+)[“”\"]", r"«\1»", name)
    name = re.sub(r"№\s*(\d)", r"№ \1", name)
    return " ".join(name.split())


def slug(name: str) -> str:
    """A stable ascii id from a name: transliterated, folded, underscores."""
    folded = gnames.fold(name)
    out = "".join(gnames._TRANSLIT.get(c, c) for c in folded)
    out = re.sub(r"[^a-z0-9]+", "_", out.replace("_", "")).strip("_")
    return (out[:60].rstrip("_") or "org")


_ABBR_SKIP = {"и", "по", "при", "в", "для", "of", "the"}
_CASE_ENDINGS = ("А", "У", "ОМ", "Е", "Ы", "а", "у", "ом", "е", "ы")


def abbr_fits(abbr: str, name: str) -> bool:
    """Whether `abbr` is built from the words of `name`, in order, each word giving at least
    its first letter: ТОГУ ← ТихООкеанский Государственный Университет, КнААЗ ← Комсомольский-на-Амуре
    Авиационный Завод, СПбПУ ← Санкт-Петербургский Политехнический Университет. Words after «имени» and
    quoted parts are left out; a case ending written in capitals («КнААЗА», «МИЭТА») is tolerated.
    A word may give up to two more of its letters (Тих-О-океанский → ТО, Санкт-ПетерБургский → СПб)."""
    name = re.split(r"\b(?:имени|им\.)", name)[0]
    name = re.sub(r"\([^)]*\)|«[^»]*»", " ", name)
    words = [w for w in re.findall(r"[А-ЯЁа-яёA-Za-z]+", name) if w.lower() not in _ABBR_SKIP]
    target = abbr.replace("-", "")
    if len(target) < 2 or not words or len(words) > 8:
        return False
    cands = [target] + [target[:-len(e)] for e in _CASE_ENDINGS if target.endswith(e) and len(target) - len(e) >= 2]
    return any(_fits(c.lower(), [w.lower() for w in words]) for c in cands)


def _fits(a: str, words: list[str]) -> bool:
    """Each word gives its first letter and at most two more of its letters, in order (Тих-О-океанский)."""
    if not words:
        return not a
    if not a or a[0] != words[0][0]:
        return False
    w = words[0]
    if _fits(a[1:], words[1:]):
        return True
    pos = 1
    for n in (2, 3):  # the word also gives a[1:n]
        if n > len(a):
            return False
        k = w.find(a[n - 1], pos)
        if k < 0:
            return False
        pos = k + 1
        if _fits(a[n:], words[1:]):
            return True
    return False
