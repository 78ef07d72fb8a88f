"""People's decisions, kept as files (data/decisions/*.jsonl, one JSON object a line) and re-applied on
every load, as OpenSanctions keeps its resolver decisions:

    {"link": "INTERNSHIP:elins:miet", "decision": "reject", "note": "…", "reviewer": "…", "at": "…"}
    {"id": "kamaz_ptc", "into": "kamaz", "note": "same plant", "reviewer": "…", "at": "…"}

A review decision sets a link's review state whatever its sources say; a merge decision makes two ids one
organisation: every input is read with the first id replaced by the second.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from graph.errors import InvalidRecord
from graph.model import Decision, Merge, StatementSet, link_id, parse_link_id
from ingest.records import invalid, read_text

REVIEWS_FILE = "reviews.jsonl"
MERGES_FILE = "merges.jsonl"


def read_decisions(path: Path) -> StatementSet:
    """The review and merge decisions of one file, in their order (a later decision on a link wins)."""
    decisions: list[Decision] = []
    merges: list[Merge] = []
    for line_no, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidRecord(str(path), f"not valid JSON ({exc.msg})", line=line_no,
                                expected="one JSON object a line") from exc
        try:
            if isinstance(record, dict) and "link" in record:
                decisions.append(Decision(**record))
                try:
                    parse_link_id(decisions[-1].link)
                except ValueError as exc:
                    raise InvalidRecord(str(path), str(exc), line=line_no, field="link", value=record["link"],
                                        expected="TYPE:source_id:target_id") from exc
            elif isinstance(record, dict) and "into" in record:
                merges.append(Merge(**record))
            else:
                raise InvalidRecord(str(path), "not a decision", line=line_no, value=line[:80],
                                    expected='{"link": …, "decision": "accept"|"reject"} or {"id": …, "into": …}')
        except ValidationError as exc:
            raise invalid(path, exc, line=line_no, record=str(record.get("link") or record.get("id"))) from exc
    return StatementSet(decisions=tuple(decisions), merges=tuple(merges))


def merge_map(merges: list[Merge]) -> dict[str, str]:
    """id -> the id it is finally merged into (chains followed; a cycle is an error)."""
    into = {m.id: m.into for m in merges}
    out = {}
    for start in into:
        seen, cur = {start}, into[start]
        while cur in into:
            if cur in seen:
                raise InvalidRecord(MERGES_FILE, "merge decisions go round in a circle", value=sorted(seen),
                                    expected="each chain of merges to end at one id")
            seen.add(cur)
            cur = into[cur]
        out[start] = cur
    return out


def _renamed_link(link: str, ids: dict[str, str]) -> str:
    rel_type, source, target = parse_link_id(link)
    return link_id(rel_type, ids.get(source, source), ids.get(target, target))


def rename(part: StatementSet, ids: dict[str, str]) -> StatementSet:
    """A statement set with merged-away ids replaced by the ids they were merged into (in its
    organisations, links, mentions and the links its decisions name)."""
    if part.decisions and ids:
        part = part.model_copy(update={"decisions": tuple(
            d.model_copy(update={"link": _renamed_link(d.link, ids)}) for d in part.decisions)})
    if not ids or not (set(ids) & ({e.id for e in part.entities} | {x for r in part.relations
                                                                      for x in (r.source, r.target)})):
        return part
    entities = tuple(e.model_copy(update={"id": ids.get(e.id, e.id)}) for e in part.entities)
    relations = tuple(r.model_copy(update={"source": ids.get(r.source, r.source), "target": ids.get(r.target, r.target)})
                      for r in part.relations)
    mentions: dict[str, dict[str, int]] = {}
    for org, per in part.mentions.items():
        mentions.setdefault(ids.get(org, org), {}).update(per)
    return part.model_copy(update={"entities": entities, "mentions": mentions,
                                   "relations": tuple(r for r in relations if r.source != r.target)})


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def append(folder: Path, record: Decision | Merge) -> Path:
    """Keep a decision in the decisions folder (reviews.jsonl or merges.jsonl), after those before it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (REVIEWS_FILE if isinstance(record, Decision) else MERGES_FILE)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record.model_dump(), ensure_ascii=False) + "\n")
    return path
