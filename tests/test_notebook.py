"""The researcher's walkthrough runs top to bottom on a fresh graph."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT


def test_walkthrough_runs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    nb = nbformat.read(ROOT / "notebooks" / "walkthrough.ipynb", as_version=4)
    monkeypatch.setenv("PARTNERGRAPH_DB", str(tmp_path / "nb.lbdb"))
    monkeypatch.setenv("PARTNERGRAPH_DATA", str(ROOT / "data"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                      for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", []))
    assert "ЭЛИНС" in outputs and "Технологии кварцевых кристаллов" in outputs
    assert (tmp_path / "partnergraph.html").is_file()
