"""The extractor seam: (text, registry, source) -> statement set, and the implementations by name.

An implementation finds the organisations a text names and the links it states, as `Statement`s
with offsets into the text; `assemble` turns them into a statement set the same way for all of
them (kinds checked against the schema, one relation per (type, source, target) with every
sentence as evidence). `PARTNERGRAPH_EXTRACTOR` / `--extractor` chooses one by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from graph.errors import PartnergraphError
from graph.model import REL_TYPES, Attr, Evidence, Organisation, Relation, Source, StatementSet
from graph.registry import Registry

# name -> "module:class"; imported on first use (an extractor may load models)
EXTRACTORS = {"rules": "ingest.news_ru:RuleExtractor", "learned": "ingest.learned:LearnedExtractor"}
DEFAULT = "rules"


class Extractor(Protocol):
    name: str

    def extract(self, text: str, registry: Registry, source: Source) -> StatementSet:
        """The organisations and relations `text` states, with evidence offsets into `text`."""
        ...


@dataclass(frozen=True)
class Statement:
    """One sentence's statement of one link, as an extractor finds it."""

    type: str
    source: str
    target: str
    start: int
    end: int
    quote: str
    tier: str = "explicit"
    status: str = ""
    attrs: Mapping[str, object] = field(default_factory=dict)


def get_extractor(name: str = DEFAULT) -> Extractor:
    """The extractor of that name."""
    if name not in EXTRACTORS:
        raise PartnergraphError(f"No extractor {name!r}. Known: {', '.join(EXTRACTORS)} "
                                "(set PARTNERGRAPH_EXTRACTOR or --extractor).")
    module, _, cls = EXTRACTORS[name].partition(":")
    extractor: Extractor = getattr(importlib.import_module(module), cls)()
    return extractor


def _plain(attrs: Mapping[str, object]) -> dict[str, Attr]:
    return {k: v for k, v in attrs.items() if isinstance(v, str | int | float | bool)}


def assemble(source: Source, entities: Iterable[Organisation], statements: Iterable[Statement],
             mentions: Mapping[str, int]) -> StatementSet:
    """A statement set from what an extractor found: links between kinds the schema allows, each once."""
    orgs = {o.id: o for o in entities}
    merged: dict[tuple[str, str, str], Relation] = {}
    for st in statements:
        allowed_from, allowed_to = REL_TYPES[st.type]
        ends = orgs.get(st.source), orgs.get(st.target)
        if ends[0] is None or ends[1] is None or st.source == st.target \
                or ends[0].kind not in allowed_from or ends[1].kind not in allowed_to:
            continue
        ev = Evidence(source=source.id, url=source.url, quote=st.quote, start=st.start, end=st.end,
                      tier=st.tier, status=st.status)
        key = (st.type, st.source, st.target)
        old = merged.get(key)
        if old is None:
            merged[key] = Relation(type=st.type, source=st.source, target=st.target, evidence=(ev,),
                                   attrs=_plain(st.attrs))
        elif ev.key not in {e.key for e in old.evidence}:
            merged[key] = old.model_copy(update={"evidence": old.evidence + (ev,),
                                                 "attrs": {**_plain(st.attrs), **old.attrs}})
    return StatementSet(entities=tuple(orgs.values()), relations=tuple(merged.values()), sources=(source,),
                        mentions={org: {source.id: n} for org, n in mentions.items() if n})
