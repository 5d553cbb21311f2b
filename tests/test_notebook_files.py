"""Every notebook the kit ships is a valid nbformat 4 file.

JupyterLab opens a slightly broken file without complaint, but nbclient (which runs the
lectures and sheets for `make slides`, `make site` and `make grade`) refuses it, so a
hand-edited pinned output that lost a required field would only fail far from where it was
made.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from geopolitics import catalogue

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [path for lesson in catalogue.lessons(ROOT)
             for path in (lesson.lecture, lesson.solution, lesson.exercise)]


def test_there_are_notebooks_to_check() -> None:
    assert len(NOTEBOOKS) >= 15


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_valid(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        pytest.fail(f"{path.relative_to(ROOT)} is not a valid notebook: {error.message}")
