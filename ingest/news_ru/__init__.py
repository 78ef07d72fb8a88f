"""Russian news → statement set, by rules: the `rules` extractor (DESIGN.md contract).

Steps: sentences (text.py) → mentions (mentions.py, patterns.py, entities.py) → anaphora
(anaphora.py) → relations (relations.py, structural.py). Decoding files and assembling the
statement set are the pipeline's (ingest/documents.py, ingest/extractors.py); nothing here
touches a store.
"""

from __future__ import annotations

from graph.model import Organisation, Source, StatementSet
from graph.registry import Registry
from ingest.documents import document_source
from ingest.extractors import Statement, assemble
from ingest.news_ru import anaphora, relations
from ingest.news_ru.entities import Entity, Resolver
from ingest.news_ru.text import sentences

__all__ = ["RuleExtractor", "extract"]


class RuleExtractor:
    """Registry matching, name patterns, anaphora within a paragraph and trigger words around mentions."""

    name = "rules"

    def __init__(self, use_ner: bool = True) -> None:
        self.use_ner = use_ner

    def extract(self, text: str, registry: Registry, source: Source) -> StatementSet:
        sents = sentences(text)
        resolver = Resolver(registry, text, sents, use_ner=self.use_ner)
        mentions = resolver.run()
        ents = resolver.entities
        anas = anaphora.resolve(sents, mentions, ents)
        found = relations.extract(sents, mentions, anas, ents)
        statements = [Statement(type=f.type, source=f.source, target=f.target, start=sents[f.sent].start,
                                end=sents[f.sent].end, quote=sents[f.sent].text, tier=f.tier, status=f.status,
                                attrs=f.attrs) for f in found]
        return assemble(source, organisations(ents), statements, {e.id: e.count for e in ents.values()})


def organisations(ents: dict[str, Entity]) -> list[Organisation]:
    """The organisations an article names, as statement-set records: a registry entry with the forms
    seen added, or a new organisation with its nominative name."""
    orgs = []
    for e in ents.values():
        if not e.count:
            continue
        aliases = tuple(dict.fromkeys(a for a in e.aliases if a))
        if e.registry is not None:
            orgs.append(e.registry.model_copy(
                update={"aliases": tuple(dict.fromkeys(e.registry.aliases + aliases)), "curated": False}))
        else:
            orgs.append(Organisation(id=e.id, name=e.name, kind=e.kind,
                                     short=tuple(dict.fromkeys(e.short)), aliases=aliases))
    return orgs


def extract(text: str, registry: Registry, *, url: str = "", title: str = "", use_ner: bool = True) -> StatementSet:
    """The organisations and relations a Russian news text states, with evidence offsets into `text`."""
    return RuleExtractor(use_ner).extract(text, registry, document_source(text, url=url, title=title))
