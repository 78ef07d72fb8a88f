"""The domain model: organisations, sources, relations and their evidence. Data only, no I/O."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# kind -> Neo4j labels. Programmes are not organisations, so they get a label (and table) of their own.
KIND_LABELS: dict[str, tuple[str, ...]] = {
    "company": ("Organization", "Company"),
    "university": ("Organization", "University"),
    "college": ("Organization", "College"),
    "school": ("Organization", "School"),
    "research_institute": ("Organization", "ResearchInstitute"),
    "sez": ("Organization", "EconomicZone"),
    "technopark": ("Organization", "Technopark"),
    "holding": ("Organization", "Holding"),
    "government": ("Organization", "GovernmentBody"),
    "program": ("Program",),
}
KINDS = tuple(KIND_LABELS)
EDUCATION = frozenset({"university", "college", "school", "research_institute"})
ORGANISATIONS = frozenset(KINDS) - {"program"}
ZONES = frozenset({"sez", "technopark"})
INDUSTRY = frozenset({"company", "holding", "research_institute", "sez", "technopark", "government"})

# type -> (kinds allowed at the start, kinds allowed at the end); direction is industry -> education.
REL_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "PARTNERS_WITH": (ORGANISATIONS, EDUCATION | {"company", "sez", "technopark"}),
    "INTERNSHIP": (ORGANISATIONS, EDUCATION),
    "EMPLOYS_GRADUATES": (ORGANISATIONS, EDUCATION),
    "JOINT_UNIT": (ORGANISATIONS, EDUCATION),
    "RESIDENT_OF": (ORGANISATIONS - ZONES, ZONES),
    "SUBSIDIARY_OF": (ORGANISATIONS, frozenset({"holding", "company", "government"})),
    "PARTICIPATES_IN": (ORGANISATIONS, frozenset({"program"})),
}
PARTNER_TYPES = ("PARTNERS_WITH", "INTERNSHIP", "EMPLOYS_GRADUATES", "JOINT_UNIT")
TIERS = ("explicit", "implied")
STATUSES = ("", "planned", "offered")

Attr = str | int | float | bool


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Organisation(Model):
    """An organisation (or programme): a node of the graph, keyed by a stable ascii slug."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", max_length=120)
    name: str = Field(min_length=1)
    kind: Literal[
        "company", "university", "college", "school", "research_institute",
        "sez", "technopark", "holding", "government", "program",
    ]
    short: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    name_en: str | None = None
    city: str | None = None
    region: str | None = None
    wikidata: str | None = None
    inn: str | None = None
    ogrn: str | None = None
    ror: str | None = None
    url: str | None = None
    sources: tuple[str, ...] = ()
    curated: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        """Every name form: full name, abbreviations, aliases and the English name."""
        return (self.name, *self.short, *self.aliases, *((self.name_en,) if self.name_en else ()))

    @property
    def labels(self) -> tuple[str, ...]:
        return KIND_LABELS[self.kind]


class Source(Model):
    """A document that states facts: a news article or a curated file."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.:-]+$")
    url: str = ""
    title: str = ""
    published: str = ""
    publisher: str = ""
    sha256: str = ""


class Evidence(Model):
    """One source's statement of a link: the sentence, where it stands, and how sure it is."""

    source: str
    url: str = ""
    quote: str = ""
    start: int = -1
    end: int = -1
    tier: Literal["explicit", "implied"] = "explicit"
    status: Literal["", "planned", "offered"] = ""

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.source, self.start, self.end, self.quote)


class Relation(Model):
    """A typed link between two nodes, with every piece of evidence that states it."""

    type: str
    source: str
    target: str
    evidence: tuple[Evidence, ...] = ()
    attrs: dict[str, Attr] = Field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.source, self.target)

    @property
    def tier(self) -> str:
        """`explicit` if any source states both ends."""
        return "explicit" if any(e.tier == "explicit" for e in self.evidence) or not self.evidence else "implied"

    @property
    def status(self) -> str:
        """Empty if any source states the link as a fact, else the promise (planned/offered)."""
        statuses = {e.status for e in self.evidence}
        return "" if not statuses or "" in statuses else sorted(statuses)[0]


class StatementSet(Model):
    """What one load writes: organisations, the sources they come from, and relations."""

    entities: tuple[Organisation, ...] = ()
    relations: tuple[Relation, ...] = ()
    sources: tuple[Source, ...] = ()
    # (organisation id, source id) -> number of mentions; loaded as MENTIONED_IN
    mentions: dict[str, dict[str, int]] = Field(default_factory=dict)


def merge_evidence(old: tuple[Evidence, ...], new: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Evidence of both, each piece once, in a stable order."""
    seen = {e.key: e for e in old}
    for e in new:
        seen.setdefault(e.key, e)
    return tuple(sorted(seen.values(), key=lambda e: e.key))
