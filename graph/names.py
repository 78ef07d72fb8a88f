"""Name forms to lookup keys: inflection, case, ё/е, quotes and Latin transliteration all fold away.

Every organisation stores the keys of all its name forms; a query name is turned into keys the
same way and matched exactly, so «Московским авиационным институтом», «МАИ», «MAI» and
"Moscow Aviation Institute" all reach one node, in either store, without fuzzy guessing.
Keys carry a prefix saying how loose they are: `f:` folded text, `l:` lemmas, `t:` Latin.
"""

from __future__ import annotations

import re
from functools import lru_cache

_QUOTES = re.compile(r"[«»“”„\"'`’‘]")
_NON_WORD = re.compile(r"[^\w№]+")
_ABBREV = re.compile(r"^([A-ZА-ЯЁ]{2,}[A-ZА-ЯЁ0-9-]*)([a-zа-яё]{0,3})$")  # МИЭТ, МИЭТа, РТУ-МИРЭА
_PAREN = re.compile(r"\([^)]*\)")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
    )
)
# Latin spellings of Russian vary (Gubkin/Goubkin aside): fold the common variants together.
_LATIN_VARIANTS = [("shch", "sch"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("iy", "y"), ("yi", "y"),
                   ("ii", "i"), ("j", "y"), ("x", "ks"), ("w", "v"), ("ye", "e"), ("yo", "e")]
# Words that carry no identity: legal forms and the honorific «имени» (им.)
_STOP = {"им", "имени", "имя", "ооо", "ао", "пао", "зао", "оао", "фгбоу", "фгаоу", "гбпоу", "гбоу", "во", "спо",
         "the", "of", "named", "after", "ltd", "llc", "jsc", "im", "imeni"}


def fold(text: str) -> str:
    """Case, ё/е, quotes and punctuation folded away; words separated by single spaces."""
    text = _QUOTES.sub(" ", text.replace("ё", "е").replace("Ё", "Е"))
    return " ".join(_NON_WORD.sub(" ", text).lower().split())


@lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    low = word.lower().replace("ё", "е")
    if len(word) == 1 or low in _STOP:  # initials (Д.И.) and legal forms stay as they are
        return low
    m = _ABBREV.match(word)
    if m:  # abbreviations keep their letters; a lowercase case ending (МИЭТа) is dropped
        return m.group(1).lower().replace("ё", "е")
    if not _CYRILLIC.search(low) or any(c.isdigit() for c in low):
        return low
    return str(_morph().parse(low)[0].normal_form).replace("ё", "е")


def _words(text: str) -> list[str]:
    return _NON_WORD.sub(" ", _QUOTES.sub(" ", text)).split()


def lemmas(text: str) -> str:
    """The words of a name in their dictionary form, without legal forms: inflection folds away."""
    return " ".join(w for w in (_lemma(w) for w in _words(text)) if w not in _STOP)


def latin(text: str) -> str:
    """A Latin skeleton of a name, the same for Cyrillic and its usual transliterations."""
    folded = fold(text)
    out = "".join(_TRANSLIT.get(c, c) for c in folded).replace("_", "")
    for a, b in _LATIN_VARIANTS:
        out = out.replace(a, b)
    return " ".join(w for w in out.split() if w not in _STOP)


def keys(forms: list[str] | tuple[str, ...]) -> list[str]:
    """The lookup keys of an organisation's name forms, sorted."""
    out: set[str] = set()
    # «Московский авиационный институт (национальный исследовательский университет)» is also
    # asked for without its parenthesis
    forms = [*forms, *(_PAREN.sub(" ", f) for f in forms if "(" in f)]
    for form in forms:
        if not form.strip():
            continue
        out.add("f:" + fold(form))
        out.add("l:" + lemmas(form))
        out.add("t:" + latin(form))
    out.discard("f:")
    out.discard("l:")
    out.discard("t:")
    return sorted(out)


def query_keys(name: str) -> list[str]:
    """Keys for a name a user typed, strictest first."""
    found = [k for k in ("f:" + fold(name), "l:" + lemmas(name)) if len(k) > 2]
    t = latin(name)
    if t:
        found.append("t:" + t)
    return found


def search_text(forms: list[str] | tuple[str, ...]) -> str:
    """Folded forms plus their Latin skeletons, for substring search."""
    parts = [fold(f) for f in forms if f.strip()] + [latin(f) for f in forms if f.strip() and _CYRILLIC.search(f)]
    return " | ".join(dict.fromkeys(p for p in parts if p))

