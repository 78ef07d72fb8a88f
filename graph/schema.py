"""The schema of the graph, read from schema.yaml: kinds, relationship types and fields.

Everything that names a kind, a type or a field derives from here; nothing else lists them.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

import yaml

ORGANISATION_TABLE = "Organization"


@dataclass(frozen=True)
class Kind:
    name: str
    table: str  # the node label/table every node of the kind has
    label: str | None  # the extra Neo4j label (Company, University …)
    group: str
    sides: tuple[str, ...]
    colour: str
    shape: str
    ru: str
    ru_plural: str

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.table, self.label) if self.label else (self.table,)


@dataclass(frozen=True)
class RelType:
    name: str
    sources: frozenset[str]  # kinds allowed at the start
    targets: frozenset[str]  # kinds allowed at the end
    target_table: str
    partner: bool
    colour: str
    ru: str


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str | str? | list | ints | bool | kind
    doc: str
    evidence: str | None = None  # the Evidence attribute a link's list holds, one per source
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None

    @property
    def optional(self) -> bool:
        return self.type.endswith("?")


@dataclass(frozen=True)
class Schema:
    kinds: dict[str, Kind]
    relationships: dict[str, RelType]
    organisation_fields: dict[str, Field]
    lookup_fields: dict[str, Field]
    link_fields: dict[str, Field]

    def group(self, *groups: str) -> frozenset[str]:
        """The kinds of these groups."""
        return frozenset(k.name for k in self.kinds.values() if k.group in groups)

    def side(self, side: str) -> frozenset[str]:
        """The kinds that can stand on this side (industry, education) of a partner link."""
        return frozenset(k.name for k in self.kinds.values() if side in k.sides)

    @property
    def organisation_kinds(self) -> frozenset[str]:
        return frozenset(k.name for k in self.kinds.values() if k.table == ORGANISATION_TABLE)

    @property
    def tables(self) -> tuple[str, ...]:
        """Node tables of organisations and programmes, in a stable order."""
        return tuple(dict.fromkeys(k.table for k in self.kinds.values()))

    def table_of(self, kind: str) -> str:
        return self.kinds[kind].table

    def as_json(self) -> dict[str, Any]:
        """The schema as plain data (GET /schema)."""

        def plain(value: Any) -> Any:
            if isinstance(value, frozenset | set):
                return sorted(value)
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return {
            "kinds": {k: plain({**asdict(v), "labels": list(v.labels)}) for k, v in self.kinds.items()},
            "relationships": {k: plain(asdict(v)) for k, v in self.relationships.items()},
            "organisation_fields": {k: asdict(v) for k, v in self.organisation_fields.items()},
            "link_fields": {k: asdict(v) for k, v in self.link_fields.items()},
        }


def _fields(raw: dict[str, Any]) -> dict[str, Field]:
    return {name: Field(name=name, **spec) for name, spec in raw.items()}


def _parse(raw: dict[str, Any]) -> Schema:
    kinds = {name: Kind(name=name, table=spec.get("table", ORGANISATION_TABLE), label=spec.get("label"),
                        group=spec["group"], sides=tuple(spec.get("sides") or ()), colour=spec["colour"],
                        shape=spec["shape"], ru=spec["ru"], ru_plural=spec["ru_plural"])
             for name, spec in raw["kinds"].items()}

    def expand(names: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for n in names:
            if n == "organisation":
                out |= {k.name for k in kinds.values() if k.table == ORGANISATION_TABLE}
            elif n in kinds:
                out.add(n)
            else:
                found = {k.name for k in kinds.values() if k.group == n}
                if not found:
                    raise ValueError(f"schema.yaml: {n!r} is neither a kind nor a group")
                out |= found
        return frozenset(out)

    rels = {}
    for name, spec in raw["relationships"].items():
        targets = expand(spec["to"])
        tables = {kinds[k].table for k in targets}
        if len(tables) != 1:
            raise ValueError(f"schema.yaml: {name} ends at kinds of several tables {sorted(tables)}")
        rels[name] = RelType(name=name, sources=expand(spec["from"]), targets=targets, target_table=tables.pop(),
                             partner=bool(spec["partner"]), colour=spec["colour"], ru=spec["ru"])
    return Schema(kinds, rels, _fields(raw["organisation_fields"]), _fields(raw["lookup_fields"]),
                  _fields(raw["link_fields"]))


@cache
def schema() -> Schema:
    """The schema shipped with the package."""
    text = importlib.resources.files(__package__).joinpath("schema.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))


SCHEMA = schema()
