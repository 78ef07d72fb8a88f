"""Every hand-made gold file (seed, dev set, held-out set) is consistent with its article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.model import KINDS, REL_TYPES, TIERS
from tests.conftest import ROOT

GOLD = sorted([*(ROOT / "tests" / "devset").glob("*.gold.json"), *(ROOT / "tests" / "heldout").glob("*.gold.json"),
               ROOT / "tests" / "fixtures" / "extract" / "000_75386cdba1da3c37.gold.json"])


def test_sets_are_large_enough() -> None:
    assert len(list((ROOT / "tests" / "devset").glob("*.gold.json"))) >= 15


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name)
def test_gold_file(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / gold["article"]).read_text(encoding="utf-8")
    assert gold.get("source_url", "").startswith("http"), "every article keeps its URL"
    ids = {e["id"] for e in gold["entities"]}
    assert len(ids) == len(gold["entities"]), "entity ids are unique"
    for e in gold["entities"]:
        assert e["kind"] in KINDS, e
        for alias in e.get("aliases") or []:
            assert alias in text, f"{e['id']}: alias {alias!r} is not in the text"
    for r in gold["relations"]:
        assert r["type"] in REL_TYPES and r["tier"] in TIERS, r
        assert r["source"] in ids and r["target"] in ids, r
        assert r["evidence"] in text, f"evidence not in the text: {r['evidence'][:60]!r}"
        if "start" in r:
            assert text[r["start"]:r["end"]] == r["evidence"]
        assert r.get("status", "") in ("", "planned", "offered"), r
