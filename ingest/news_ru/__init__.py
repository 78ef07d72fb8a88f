"""Russian news → statement set: organisations, relations and their evidence (DESIGN.md contract).

    extract(text, registry, url=..., title=...) -> StatementSet
    read_document(path, registry) -> StatementSet     (decoding, HTML, size and binary checks)

Steps: sentences (text.py) → mentions (mentions.py, patterns.py, entities.py) → anaphora
(anaphora.py) → relations (relations.py). Nothing here touches a store.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from graph.errors import InvalidRecord
from graph.model import REL_TYPES, Evidence, Organisation, Relation, Source, StatementSet
from graph.registry import Registry
from ingest.news_ru import anaphora, relations
from ingest.news_ru.entities import Resolver
from ingest.news_ru.text import MAX_BYTES, decode, looks_like_html, sentences, strip_html

__all__ = ["extract", "read_document", "MAX_BYTES"]


def extract(text: str, registry: Registry, *, url: str = "", title: str = "", use_ner: bool = True) -> StatementSet:
    """The organisations and relations a Russian news text states, with evidence offsets into `text`."""
    from ingest.statements import source_id

    source = Source(id=source_id(text), url=url, title=title,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    sents = sentences(text)
    resolver = Resolver(registry, text, sents, use_ner=use_ner)
    mentions = resolver.run()
    ents = resolver.entities
    anas = anaphora.resolve(sents, mentions, ents)
    found = relations.extract(sents, mentions, anas, ents)

    merged: dict[tuple[str, str, str], Relation] = {}
    for f in found:
        kinds = REL_TYPES[f.type]
        if ents[f.source].kind not in kinds[0] or ents[f.target].kind not in kinds[1] or f.source == f.target:
            continue
        s = sents[f.sent]
        ev = Evidence(source=source.id, url=url, quote=s.text, start=s.start, end=s.end, tier=f.tier,  # type: ignore[arg-type]
                      status=f.status)  # type: ignore[arg-type]
        key = (f.type, f.source, f.target)
        old = merged.get(key)
        if old is None:
            merged[key] = Relation(type=f.type, source=f.source, target=f.target, evidence=(ev,),
                                   attrs={k: v for k, v in f.attrs.items() if isinstance(v, str | int | float | bool)})
        elif ev.key not in {e.key for e in old.evidence}:
            attrs = {**{k: v for k, v in f.attrs.items() if isinstance(v, str | int | float | bool)}, **old.attrs}
            merged[key] = old.model_copy(update={"evidence": old.evidence + (ev,), "attrs": attrs})

    orgs = []
    for e in ents.values():
        if not e.count:
            continue
        aliases = tuple(dict.fromkeys(a for a in e.aliases if a))
        if e.registry is not None:
            orgs.append(e.registry.model_copy(update={"aliases": tuple(dict.fromkeys(e.registry.aliases + aliases)),
                                                      "curated": False}))
        else:
            orgs.append(Organisation(id=e.id, name=e.name, kind=e.kind,  # type: ignore[arg-type]
                                     short=tuple(dict.fromkeys(e.short)), aliases=aliases))
    mentions_count = {e.id: {source.id: e.count} for e in ents.values() if e.count}
    return StatementSet(entities=tuple(orgs), relations=tuple(merged.values()), sources=(source,),
                        mentions=mentions_count)


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


def read_document(path: Path, registry: Registry, *, url: str = "") -> StatementSet:
    """Extract a statement set from a .txt or .html article file."""
    text, title = read_text_document(path)
    return extract(text, registry, url=url, title=title)
