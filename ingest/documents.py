"""Documents: the bytes of an article file to text (UTF-8, cp1251, UTF-16; HTML stripped), checked,
with the source it comes from (URL, title, date, publisher from its sidecar), then extracted.

Sidecars beside `ARTICLE.txt`: `ARTICLE.url` (one line, the URL) or `ARTICLE.meta.json`
(`url`, `title`, `publisher`, `published`), as in the corpus (data/ANNOTATION.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from graph.errors import InvalidRecord
from graph.model import Source, StatementSet
from graph.registry import Registry
from ingest.extractors import Extractor

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

    def handle_starttag(self, tag: str, attrs: list) -> None:
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



def source_id(text: str) -> str:
    """A document's id: stable for the same text wherever it is loaded from."""
    return "doc_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_text_document(path: Path) -> tuple[str, str]:
    """A document's text (decoded, HTML stripped) and its title, or an InvalidRecord saying why not."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidRecord(str(path), f"cannot read the file ({exc.strerror})") from exc
    if size > MAX_BYTES:
        raise InvalidRecord(str(path), f"the file is too large for one article ({size:,} bytes)",
                            expected=f"at most {MAX_BYTES:,} bytes", hint="Split it into one file per article.")
    text = decode(path.read_bytes(), str(path))
    title = ""
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        text, title = strip_html(text)
    if not text.strip():
        raise InvalidRecord(str(path), "the file is empty", expected="the text of a Russian news article")
    return text, title


def sidecar_meta(path: Path) -> dict[str, str]:
    """What the sidecar of an article says about its source: url, title, publisher, published."""
    meta_path = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return {k: str(meta[k]) for k in ("url", "title", "publisher", "published") if meta.get(k)}
    url_path = path.with_suffix(".url")
    return {"url": url_path.read_text(encoding="utf-8").strip()} if url_path.is_file() else {}


def document_source(text: str, **meta: str) -> Source:
    """The Source node of a document's text."""
    return Source(id=source_id(text), sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                  **{k: v for k, v in meta.items() if v})


def read_document(path: Path, registry: Registry, extractor: Extractor, *, url: str = "") -> StatementSet:
    """Extract a statement set from a .txt or .html article file, with its source's metadata."""
    text, title = read_text_document(path)
    meta = {"title": title, **sidecar_meta(Path(path))}
    if url:
        meta["url"] = url
    return extractor.extract(text, registry, document_source(text, **meta))
