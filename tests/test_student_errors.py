"""What a student sees in a notebook when a data file is damaged: a sentence, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent


def _run(cells: list[str]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, kernel_name="python3", timeout=120)
    with pytest.raises(CellExecutionError):
        client.execute()
    return notebook


def test_a_damaged_csv_shows_one_clear_message(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "data"
    shutil.copytree(ROOT / "data", damaged)
    lines = (damaged / "app_metrics.csv").read_text(encoding="utf-8").split("\n")
    cells = lines[3].split(",")
    cells[4] = "lots"  # the value column
    lines[3] = ",".join(cells)
    (damaged / "app_metrics.csv").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("GEOPOLITICS_DATA", str(damaged))

    notebook = _run(["from geopolitics import load\nmetrics = load('app_metrics')",
                     "print('this cell must not run')"])
    outputs = notebook.cells[0].outputs
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                    for o in outputs)
    assert "app_metrics.csv, line 4, column 'value'" in shown and "'lots'" in shown
    assert all(o.output_type != "error" for o in outputs), "a traceback was shown"
    assert "Traceback" not in shown
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "DataError" in html and "role=\"alert\"" in html
    assert notebook.cells[1].outputs == [], "Run All should stop at the broken cell"


def test_other_errors_keep_their_traceback() -> None:
    notebook = _run(["import geopolitics\n1 / 0"])
    assert any(o.output_type == "error" and o.ename == "ZeroDivisionError"
               for o in notebook.cells[0].outputs)
