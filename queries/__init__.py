"""Named queries: one `.cypher` file per question, listed, typed and run with resolved parameters.

File shape: the first `//` line is the title, further `//` lines the description, and
`// param: NAME TYPE [= DEFAULT] [(MIN..MAX)]` lines declare parameters. Types:
`org` (any name form, resolved to an id before the query runs), `text` (folded for search),
`kind`, `types` (relationship types, comma-separated; `partner` = the schema's partner types,
`all` = every type), `int`, `str`, `bool`, `since` and `until` (a year, a month or a day, compared
with the links' first and last statement dates; `until` 2024 means up to the end of 2024). A sibling `NAME.BACKEND.cypher` (e.g. `NAME.embedded.cypher`)
holds a backend's own dialect where it differs; the store's `backend` picks it.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graph import names
from graph.errors import AmbiguousName, QueryNotFound, QueryParameterError, UnknownEntity
from graph.model import KINDS, PARTNER_TYPES, REL_TYPES
from graph.store import GraphStore, QueryResult

EXAMPLE_CYPHER = "MATCH (o:Organization) RETURN o.id AS id, o.name AS name LIMIT 5"  # for the API's docs
PARAM_TYPES = ("org", "text", "kind", "types", "int", "str", "bool", "since", "until")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# names for sets of relationship types, usable as a `types` value or default
TYPE_SETS = {"PARTNER": PARTNER_TYPES, "ALL": tuple(REL_TYPES)}
_PARAM = re.compile(r"^//\s*param:\s*(\w+)\s+(\w+)(?:\s*=\s*([^(]*?))?\s*(?:\((-?\d+)\.\.(-?\d+)\))?\s*$")
_USED = re.compile(r"\$(\w+)")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    min: int | None = None
    max: int | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...]
    dialects: dict[str, str] = field(default_factory=dict)  # backend -> its own text

    def text_for(self, backend: str) -> str:
        return self.dialects.get(backend, self.text)


@dataclass
class Answer:
    query: NamedQuery
    params: dict[str, Any]
    result: QueryResult
    resolved: dict[str, dict[str, Any]] = field(default_factory=dict)


def _parse(name: str, text: str) -> tuple[str, str, tuple[Param, ...]]:
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("//")]
    title = comments[0].lstrip("/ ").strip() if comments else name
    description, params = [], []
    for line in comments[1:]:
        m = _PARAM.match(line)
        if m:
            pname, ptype, default, lo, hi = m.groups()
            if ptype not in PARAM_TYPES:
                raise ValueError(f"queries/{name}.cypher: parameter {pname!r} has unknown type {ptype!r}")
            default = default.strip().strip("'\"") if default is not None else None
            params.append(Param(pname, ptype, default, int(lo) if lo else None, int(hi) if hi else None))
        else:
            description.append(line.lstrip("/ ").strip())
    body = _STRINGS.sub("''", "\n".join(l for l in text.splitlines() if not l.strip().startswith("//")))
    used, declared = set(_USED.findall(body)), {p.name for p in params}
    if used != declared:
        raise ValueError(f"queries/{name}.cypher: parameters used {sorted(used)} but declared {sorted(declared)}")
    return title, " ".join(description), tuple(params)


@cache
def load_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in this package, by name (read once)."""
    files = {f.name.removesuffix(".cypher"): f.read_text(encoding="utf-8")
             for f in importlib.resources.files(__name__).iterdir() if f.name.endswith(".cypher")}
    out = {}
    for name, text in sorted(files.items()):
        if "." in name:
            continue  # a dialect sibling, read with its query
        title, description, params = _parse(name, text)
        dialects = {}
        for sibling, other in files.items():
            base, _, backend = sibling.partition(".")
            if base == name and backend:
                if _parse(name, other)[2] != params:
                    raise ValueError(f"queries/{sibling}.cypher declares other parameters than {name}.cypher")
                dialects[backend] = other
        out[name] = NamedQuery(name, title, description, text, params, dialects)
    return out


def resolve_org(store: GraphStore, name: str) -> dict[str, Any]:
    """The one organisation (or programme) in the graph that a name form means."""
    name = name.strip()
    exact = store.lookup([name], ids_only=True)
    if exact:
        return exact[0]
    keys = names.query_keys(name)
    rows = store.lookup(keys)
    for key in keys:  # strictest key first: exact text, then lemmas, then Latin
        hits = [r for r in rows if key in (r.get("keys") or [])]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise AmbiguousName(name, [f"{r['id']} ({r['name']})" for r in hits])
    raise UnknownEntity(name, _near(store, names.fold(name)))


def _near(store: GraphStore, folded: str) -> list[str]:
    """Close matches for an unknown name: a typo usually sits at the end, so try shorter beginnings.

    Each try scans every organisation, so they are bounded: the last few letters one by one, then
    whole words from the end.
    """
    words = folded.split()
    tries = [folded[:cut] for cut in range(len(folded), max(2, len(folded) - 6), -1)]
    tries += [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
    for text in dict.fromkeys(t for t in tries if len(t) >= 3):
        rows = store.run("MATCH (o:Organization) WHERE o.search_text CONTAINS $t RETURN o.id AS id, "
                         "o.name AS name ORDER BY size(o.name), id LIMIT 5", {"t": text}).rows
        if rows:
            return [f"{r['id']} ({r['name']})" for r in rows]
    return []


def date_bound(bound: str, name: str, raw: Any) -> str:
    """A `since` or `until` value as compared with links' dates: '' for none; `until` 2024 is 2024-12-31."""
    text = str(raw or "").strip()
    if text and not _DATE.match(text):
        raise QueryParameterError(f"Parameter {name!r}: {raw!r} is not a year or a date (YYYY, YYYY-MM or YYYY-MM-DD).")
    if bound == "until" and text:
        text += ("-12-31", "-31", "")[text.count("-")]  # the end of that year or month
    return text


def coerce(store: GraphStore, param: Param, raw: Any) -> tuple[Any, dict[str, Any] | None]:
    """A parameter's value as the query needs it, and the organisation it resolved to (for `org`)."""
    if raw is None or raw == "":
        if param.required:
            raise QueryParameterError(f"Missing parameter {param.name!r} ({param.type}). "
                                      f"Pass it as --param {param.name}=VALUE.")
        raw = param.default
    if param.type == "org":
        org = resolve_org(store, str(raw))
        return org["id"], org
    if param.type == "text":
        return names.fold(str(raw)), None
    if param.type == "kind":
        if raw and raw not in KINDS:
            raise QueryParameterError(f"Parameter {param.name!r}: unknown kind {raw!r}; expected one of {', '.join(KINDS)}.")
        return str(raw or ""), None
    if param.type == "types":
        items = raw if isinstance(raw, list) else [t.strip().upper() for t in str(raw).split(",") if t.strip()]
        items = [t for item in items for t in TYPE_SETS.get(item, (item,))]
        bad = [t for t in items if t not in REL_TYPES]
        if bad or not items:
            raise QueryParameterError(f"Parameter {param.name!r}: unknown relationship type(s) {bad or raw!r}; "
                                      f"expected a comma-separated list of {', '.join(REL_TYPES)}, "
                                      "or 'partner' or 'all'.")
        return items, None
    if param.type == "bool":
        text = str(raw).strip().lower()
        if text not in ("true", "false", "1", "0", "yes", "no"):
            raise QueryParameterError(f"Parameter {param.name!r}: {raw!r} is not true or false.")
        return text in ("true", "1", "yes"), None
    if param.type in ("since", "until"):
        return date_bound(param.type, param.name, raw), None
    if param.type == "int":
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise QueryParameterError(f"Parameter {param.name!r}: {raw!r} is not a whole number.") from None
        if (param.min is not None and value < param.min) or (param.max is not None and value > param.max):
            raise QueryParameterError(f"Parameter {param.name!r}: {value} is out of range {param.min}..{param.max}.")
        return value, None
    return str(raw), None


def run_named(store: GraphStore, query: NamedQuery, raw: dict[str, Any], *,
              timeout: float | None = None, limit: int | None = None) -> Answer:
    """Run a named query: check and resolve its parameters, then run the backend's text."""
    unknown = set(raw) - {p.name for p in query.params}
    if unknown:
        raise QueryParameterError(f"{query.name} takes no parameter {', '.join(sorted(unknown))}; "
                                  f"it takes {', '.join(p.name for p in query.params) or 'none'}.")
    params, resolved = {}, {}
    for p in query.params:
        params[p.name], org = coerce(store, p, raw.get(p.name))
        if org is not None:
            resolved[p.name] = {"id": org["id"], "name": org["name"], "kind": org["kind"]}
    result = store.run(query.text_for(store.backend), params, timeout=timeout, limit=limit)
    return Answer(query, params, result, resolved)


def get_query(name: str) -> NamedQuery:
    queries = load_queries()
    if name not in queries:
        raise QueryNotFound(f"No named query {name!r}. Known: {', '.join(queries)}.")
    return queries[name]
