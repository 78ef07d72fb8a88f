"""Response and request models of the HTTP API, separate from the domain model in graph/model.py."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from graph.model import Organisation
from queries import EXAMPLE_CYPHER, NamedQuery


class ErrorResponse(BaseModel):
    """Every error: what went wrong, in one readable message, and close matches where there are any."""

    error: str = Field(examples=["UnknownEntity"])
    detail: str = Field(examples=["No organisation matches 'МИЕТТ'. Did you mean: miet (…)?"])
    suggestions: list[str] = []
    candidates: list[str] = []


class OrgSummary(BaseModel):
    """An organisation in a list of search hits."""

    id: str
    name: str
    kind: str
    short: list[str] = []
    match: str = Field("search", description="'exact' if the text is one of its names or its id, else 'search'")

    @classmethod
    def from_row(cls, row: dict[str, Any], match: str = "search") -> OrgSummary:
        return cls(id=row["id"], name=row["name"], kind=row["kind"], short=list(row.get("short") or []), match=match)


class SearchResponse(BaseModel):
    q: str
    kind: str
    results: list[OrgSummary]


def org_detail(row: dict[str, Any]) -> Organisation:
    """One organisation with every field of the schema (the response of /organizations/{org})."""
    return Organisation(**{k: v for k, v in row.items() if k in Organisation.model_fields and v is not None})


class EvidenceOut(BaseModel):
    """One source's statement of a link: the sentence, where it stands in the source, and the source."""

    quote: str
    source: str = ""
    url: str = ""
    title: str = ""
    start: int = -1
    end: int = -1
    tier: str = "explicit"
    status: str = ""
    date: str = ""


class LinkOut(BaseModel):
    """A link of an organisation, with the other end and every piece of evidence that states it."""

    type: str
    other: str
    other_name: str
    other_kind: str
    direction: str = Field(description="'out' if the organisation is the link's source (industry side), else 'in'")
    tier: str | None = None
    status: str | None = None
    attrs: dict[str, Any] = {}
    evidence: list[EvidenceOut] = []


class LinksResponse(BaseModel):
    organization: OrgSummary
    links: list[LinkOut]


class EdgeResponse(BaseModel):
    """One link between two organisations, with its evidence."""

    source: str
    target: str
    source_name: str
    target_name: str
    type: str
    tier: str | None = None
    status: str | None = None
    attrs: dict[str, Any] = {}
    evidence: list[EvidenceOut] = []
    id: str | None = Field(None, description="the link's id, TYPE:source_id:target_id")
    review: str | None = Field(None, description="curated, accepted, rejected or unreviewed")
    review_note: str | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None
    first_stated: str | None = None
    last_stated: str | None = None


class ParamInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: str | None = None
    min: int | None = None
    max: int | None = None


class QueryInfo(BaseModel):
    """A named query of the registry."""

    name: str
    title: str
    description: str
    url: str
    params: list[ParamInfo]

    @classmethod
    def from_domain(cls, q: NamedQuery) -> QueryInfo:
        return cls(name=q.name, title=q.title, description=q.description, url=f"/queries/{q.name}",
                   params=[ParamInfo(name=p.name, type=p.type, required=p.required, default=p.default,
                                     min=p.min, max=p.max) for p in q.params])


class QueryAnswer(BaseModel):
    """The rows of a named query, the parameters as run and the organisations names resolved to."""

    query: str
    title: str
    params: dict[str, Any]
    resolved: dict[str, dict[str, Any]] = {}
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False


class CypherRequest(BaseModel):
    """Read-only Cypher with parameters; writes are refused before anything runs."""

    query: str = Field(min_length=1, max_length=20_000,
                       examples=[EXAMPLE_CYPHER])
    params: dict[str, Any] = {}
    limit: int | None = Field(None, ge=1, description="Row cap (at most the server's cap)")
    timeout: float | None = Field(None, gt=0, description="Seconds (at most the server's limit)")


class CypherResponse(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="true if the row cap cut the answer")


class GraphNode(BaseModel):
    id: str
    name: str
    kind: str


class GraphEdge(BaseModel):
    id: str
    source: str
    target: str
    type: str
    tier: str | None = None
    status: str | None = None
    evidence_count: int = 0
    link: str | None = Field(None, description="the link's id, TYPE:source_id:target_id")
    review: str | None = None
    first_stated: str | None = None
    last_stated: str | None = None


class GraphResponse(BaseModel):
    """A subgraph for drawing, and how much the cap left out."""

    center: str | None = None
    depth: int
    types: list[str]
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    omitted_nodes: int = Field(0, description="nodes reached (or in the graph, without a center) but left out by the cap")
    omitted_edges: int = Field(0, description="links found but left out because an end was left out")
    truncated: bool = False


class HealthResponse(BaseModel):
    status: str
    backend: str
    version: str
    counts: dict[str, int]
