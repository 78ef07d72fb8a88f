"""Document text: decoding bytes, stripping HTML, paragraphs, sentences and tokens with offsets.

Every offset is a Python str index into the decoded text, so `text[start:end]` is always the
surface form. Lemmas and grammemes come from pymorphy3 (one best parse per word, cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from graph.errors import InvalidRecord

MAX_BYTES = 2_000_000  # a news article is ~2–20 kB; anything above 2 MB is not one article
MIN_CYRILLIC = 0.5     # share of letters that must be Cyrillic for a cp1251 guess to be trusted

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "blockquote", "header", "footer", "ul", "ol", "table", "title"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


def decode(data: bytes, where: str = "<bytes>") -> str:
    """Bytes to text: BOMs first, then UTF-8, then cp1251 if it reads as mostly Cyrillic."""
    if len(data) > MAX_BYTES:
        raise InvalidRecord(where, f"the file is too large for one article ({len(data):,} bytes)",
                            expected=f"at most {MAX_BYTES:,} bytes", hint="Split it into one file per article.")
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(data[3:].decode("utf-8", errors="strict"), where)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), where)
        except UnicodeDecodeError as exc:
            raise InvalidRecord(where, "the file starts with a UTF-16 mark but does not decode as UTF-16") from exc
    if b"\x00" in data:
        raise InvalidRecord(where, "the file is binary (it contains NUL bytes)",
                            expected="a text or HTML article in UTF-8, UTF-16 (with BOM) or cp1251")
    try:
        return _check_text(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    letters = [c for c in text if c.isalpha()]
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if letters and cyr / len(letters) >= MIN_CYRILLIC and "\ufffd" not in text:
        return _check_text(text, where)
    raise InvalidRecord(where, "the file is neither UTF-8, UTF-16 with a BOM, nor Russian cp1251 text",
                        expected="a Russian news article as text or HTML",
                        hint="Re-save it as UTF-8 (e.g. `iconv -f cp1251 -t utf-8`).")


def _check_text(text: str, where: str) -> str:
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    if bad > max(3, len(text) // 100):
        raise InvalidRecord(where, "the file looks binary (control characters)", expected="a text or HTML article")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.parts.append(" ".join(data.split()) if data.strip() else " ")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(!doctype html|html|body|p|div|head|br|article)\b", head))


def strip_html(text: str) -> tuple[str, str]:
    """Visible text of an HTML page with paragraph breaks kept, and its <title>."""
    parser = _Stripper()
    parser.feed(text)
    parser.close()
    body = "".join(parser.parts)
    body = re.sub(r"[ \t]+", " ", body)
    body = re.sub(r" *\n *", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return body, " ".join("".join(parser.title).split())


# ---------------------------------------------------------------- tokens and sentences

@dataclass
class Token:
    text: str
    start: int
    end: int
    lemma: str
    pos: str = ""
    tags: frozenset[str] = frozenset()
    sent_start: bool = False

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def abbr(self) -> bool:
        """МИЭТ, СПбПУ, КНИТУ-КАИ, ТСиМ: two or more capitals, no long lowercase run."""
        t = self.text.replace("-", "")
        ups = sum(1 for c in t if c.isupper())
        return ups >= 2 and t.isalpha() and not re.search(r"[a-zа-яё]{3,}", t)

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    para: int
    index: int
    tokens: list[Token] = field(default_factory=list)


@lru_cache(maxsize=1)
def morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def analyse(word: str) -> tuple[str, str, frozenset[str]]:
    """(lemma, POS, grammemes) of a word's best parse; numbers and Latin words pass through."""
    low = word.lower().replace("ё", "е")
    if not re.search(r"[а-яё]", low):
        return low, "", frozenset()
    parses = morph().parse(low)
    p = parses[0]
    cases = {c for q in parses if q.tag.POS == p.tag.POS for c in ("nomn", "gent", "datv", "accs", "ablt", "loct")
             if c in q.tag.grammemes}
    return (str(p.normal_form).replace("ё", "е"), str(p.tag.POS or ""),
            frozenset(p.tag.grammemes) | {"~" + c for c in cases})


_TOKEN = re.compile(r"№|\d+(?:[.,]\d+)?|[A-Za-zА-Яа-яЁё]+(?:[-‑][A-Za-zА-Яа-яЁё0-9]+)*|\S")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        lemma, pos, tags = analyse(w) if w[0].isalpha() else (w.lower(), "", frozenset())
        out.append(Token(w, offset + m.start(), offset + m.end(), lemma, pos, tags))
    return out


_ABBR_DOT = re.compile(r"(?:\b(?:им|г|ул|д|т|адм|акад|проф|ст|с|пос|обл|р|гг|вв|т\.е|т\.к|т\.д|т\.п)|\b[А-ЯЁA-Z])\.$")


def sentences(text: str) -> list[Sentence]:
    """Sentences via razdel within paragraphs (a line break ends a paragraph), with offsets."""
    from razdel import sentenize

    out: list[Sentence] = []
    para = 0
    for m in re.finditer(r"[^\n]+", text):
        chunk = m.group()
        if not chunk.strip():
            continue
        pieces = [(s.start, s.stop) for s in sentenize(chunk)]
        merged: list[list[int]] = []
        for a, b in pieces:  # razdel splits after «им.» or an initial now and then: glue it back
            if merged and _ABBR_DOT.search(chunk[merged[-1][0]:merged[-1][1]]):
                merged[-1][1] = b
            else:
                merged.append([a, b])
        for a, b in merged:
            s = Sentence(m.start() + a, m.start() + b, chunk[a:b], para, len(out))
            s.tokens = tokenize(s.text, s.start)
            if s.tokens:
                s.tokens[0].sent_start = True
                if s.tokens[0].text in "«\"“„-–—" and len(s.tokens) > 1:
                    s.tokens[1].sent_start = True
            out.append(s)
        para += 1
    return out
