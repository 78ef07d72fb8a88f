"""The domain model: organisations, sources, relations and their evidence. Data only, no I/O."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from graph.schema import SCHEMA
from graph.schema import Field as SchemaField

# Derived from the schema (graph/schema.yaml); nothing here names a kind or a type.
KIND_LABELS: dict[str, tuple[str, ...]] = {k.name: k.labels for k in SCHEMA.kinds.values()}
KINDS = tuple(SCHEMA.kinds)
ORGANISATIONS = SCHEMA.organisation_kinds
# type -> (kinds allowed at the start, kinds allowed at the end); direction is industry -> education.
REL_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    t.name: (t.sources, t.targets) for t in SCHEMA.relationships.values()}
PARTNER_TYPES = tuple(t.name for t in SCHEMA.relationships.values() if t.partner)
TIERS = ("explicit", "implied")
STATUSES = ("", "planned", "offered")
# review states, strongest first; a load never lowers one, and `rejected` stays until a decision accepts
REVIEWS = ("rejected", "curated", "accepted", "unreviewed")

Attr = str | int | float | bool


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OrganisationBase(Model):
    """What every organisation has beyond its fields, which come from the schema."""

    @property
    def forms(self) -> tuple[str, ...]:
        """Every name form: full name, abbreviations, aliases and the English name."""
        return (self.name, *self.short, *self.aliases, *((self.name_en,) if self.name_en else ()))

    @property
    def labels(self) -> tuple[str, ...]:
        return KIND_LABELS[self.kind]

    if TYPE_CHECKING:  # the fields are built from the schema below; to a type checker they are Any
        def __getattr__(self, name: str) -> Any: ...


def _pydantic_field(f: SchemaField) -> tuple[Any, Any]:
    constraints: dict[str, Any] = {k: v for k, v in (("pattern", f.pattern), ("min_length", f.min_length),
                                     ("max_length", f.max_length)) if v is not None}
    kinds: Any = Literal[KINDS]
    return {
        "str": (str, Field(**constraints)),
        "str?": (str | None, Field(None, **constraints)),
        "list": (tuple[str, ...], ()),
        "ints": (tuple[int, ...], ()),
        "bool": (bool, False),
        "kind": (kinds, Field()),
    }[f.type]


if TYPE_CHECKING:
    class Organisation(OrganisationBase):
        """An organisation (or programme): a node of the graph, keyed by a stable ascii slug."""

        def __init__(self, **fields: Any) -> None: ...
else:
    Organisation = create_model(
        "Organisation", __base__=OrganisationBase, __doc__=OrganisationBase.__doc__,
        **{f.name: _pydantic_field(f) for f in SCHEMA.organisation_fields.values()})
    Organisation.__doc__ = "An organisation (or programme): a node of the graph, keyed by a stable ascii slug."


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
    date: str = ""  # the source's publication date

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
    review: Literal["rejected", "curated", "accepted", "unreviewed"] = "unreviewed"
    review_note: str | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.source, self.target)

    @property
    def id(self) -> str:
        return link_id(self.type, self.source, self.target)

    @property
    def first_stated(self) -> str | None:
        return min((e.date for e in self.evidence if e.date), default=None)

    @property
    def last_stated(self) -> str | None:
        return max((e.date for e in self.evidence if e.date), default=None)

    def reviewed_as(self, other: Relation) -> Relation:
        """This link with the stronger review of the two (see REVIEWS): a load never lowers a review."""
        strongest = min((self, other), key=lambda r: REVIEWS.index(r.review))
        return self.model_copy(update={k: getattr(strongest, k) for k in REVIEW_FIELDS})

    @property
    def tier(self) -> str:
        """`explicit` if any source states both ends."""
        return "explicit" if any(e.tier == "explicit" for e in self.evidence) or not self.evidence else "implied"

    @property
    def status(self) -> str:
        """Empty if any source states the link as a fact, else the promise (planned/offered)."""
        statuses = {e.status for e in self.evidence}
        return "" if not statuses or "" in statuses else sorted(statuses)[0]


REVIEW_FIELDS = ("review", "review_note", "reviewer", "reviewed_at")


def link_id(rel_type: str, source: str, target: str) -> str:
    """The stable id of a link: TYPE:source_id:target_id."""
    return f"{rel_type}:{source}:{target}"


def parse_link_id(value: str) -> tuple[str, str, str]:
    """(type, source, target) of a link id; ValueError if it is not one."""
    parts = value.split(":")
    if len(parts) != 3 or parts[0] not in REL_TYPES or not all(parts):
        raise ValueError(f"{value!r} is not a link id (TYPE:source_id:target_id, TYPE one of {', '.join(REL_TYPES)})")
    return parts[0], parts[1], parts[2]


class Decision(Model):
    """A person's decision on a link: accept or reject it, with why, who and when."""

    link: str
    decision: Literal["accept", "reject"]
    note: str = ""
    reviewer: str = ""
    at: str = ""

    @property
    def review(self) -> str:
        return "accepted" if self.decision == "accept" else "rejected"


class Merge(Model):
    """A person's decision that two ids are one organisation: `id` is merged into `into`."""

    id: str
    into: str
    note: str = ""
    reviewer: str = ""
    at: str = ""


class StatementSet(Model):
    """What one load writes: organisations, the sources they come from, relations, and decisions."""

    entities: tuple[Organisation, ...] = ()
    relations: tuple[Relation, ...] = ()
    sources: tuple[Source, ...] = ()
    # (organisation id, source id) -> number of mentions; loaded as MENTIONED_IN
    mentions: dict[str, dict[str, int]] = Field(default_factory=dict)
    merges: tuple[Merge, ...] = ()  # applied to the graph after the rest of the set
    decisions: tuple[Decision, ...] = ()  # applied last: they override what any source says


def merge_evidence(old: tuple[Evidence, ...], new: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Evidence of both, each piece once, in a stable order."""
    seen = {e.key: e for e in old}
    for e in new:
        seen.setdefault(e.key, e)
    return tuple(sorted(seen.values(), key=lambda e: e.key))
