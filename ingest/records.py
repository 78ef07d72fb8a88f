"""Reading source files with their line numbers, and turning a bad value into an InvalidRecord."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph.errors import InvalidRecord

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def read_text(path: Path) -> str:
    """A file's text, or an InvalidRecord saying which encoding was expected."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidRecord(str(path), "the file is not UTF-8", line=line, field="byte",
                            value=data[exc.start : exc.start + 4], expected="UTF-8 text",
                            hint="Re-save it as UTF-8 (e.g. `iconv -f cp1251 -t utf-8`).") from exc


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(read_text(path), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidRecord(str(path), f"not valid YAML ({getattr(exc, 'problem', exc)})",
                            line=mark.line + 1 if mark else None) from exc


def invalid(path: Path | str, exc: ValidationError, *, line: int | None, record: str | None) -> InvalidRecord:
    """The first problem pydantic found, in the words of InvalidRecord."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or None
    expected = err["msg"]
    if err["type"] == "missing":
        return InvalidRecord(str(path), f"required field {field!r} is missing", line=line, record=record)
    if err["type"] == "extra_forbidden":
        return InvalidRecord(str(path), f"unknown field {field!r}", line=line, record=record, field=field,
                             value=err.get("input"), expected="one of the documented fields (see README)")
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        expected = f"one of {ctx['expected']}"
    elif "pattern" in ctx:
        expected = f"text matching {ctx['pattern']}"
    return InvalidRecord(str(path), "bad value", line=line, record=record, field=field,
                         value=err.get("input"), expected=expected)
