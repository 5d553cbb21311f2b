"""Exercises are generated from solutions, never drift, and never lose a student's work."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from geopolitics import catalogue
from geopolitics.course import exercises
from geopolitics.course.exercises import BEGIN, END, ExerciseError, exercise_from_solution

ROOT = Path(__file__).resolve().parent.parent


def _notebook(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        maker = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(maker(source))
    return nb


def test_committed_exercises_match_their_solutions() -> None:
    assert exercises.drift(ROOT) == [], "run `make exercises` and commit the result"


def test_no_solution_line_survives_into_an_exercise() -> None:
    for solution_path in (lesson.solution for lesson in catalogue.lessons(ROOT)):
        solution = nbformat.read(solution_path, as_version=4)
        exercise = nbformat.read(ROOT / "exercises" / solution_path.name, as_version=4)
        exercise_text = "\n".join(c.source for c in exercise.cells)
        assert BEGIN not in exercise_text and END not in exercise_text
        for cell in solution.cells:
            inside = False
            for line in cell.source.split("\n"):
                if line.strip() == BEGIN:
                    inside = True
                elif line.strip() == END:
                    inside = False
                elif inside and sum(ch.isalnum() for ch in line) >= 3 and not (
                        line.strip().startswith("#")):  # a lone ")" gives nothing away
                    assert line not in exercise_text.split("\n"), (
                        f"{solution_path.name}: solution line leaked: {line!r}")


def test_block_becomes_placeholders_for_each_assigned_name() -> None:
    source = f"x = 1\n{BEGIN}\nanswer = x * 2\nchart, n = 3, 4\n{END}\ncheck('q', answer)"
    nb = _notebook(("code", source))
    out = exercise_from_solution(nb, "00_test.ipynb").cells[0].source
    assert out.split("\n") == ["x = 1", "# YOUR CODE HERE", "answer = ...", "chart = ...",
                               "n = ...", "check('q', answer)"]


def test_scaffold_replaces_the_block_uncommented() -> None:
    source = (f"{BEGIN}\nrows = df[df['app'] == 'TikTok']\n{END}\n### BEGIN SCAFFOLD\n"
              "# rows = df[df['app'] == ...]\n### END SCAFFOLD\nprint(rows)")
    out = exercise_from_solution(_notebook(("code", source)), "x.ipynb").cells[0].source
    assert out == "rows = df[df['app'] == ...]\nprint(rows)"


def test_markdown_answers_become_an_invitation_and_outputs_go() -> None:
    nb = _notebook(("markdown", f"Explain.\n\n{BEGIN}\nBecause.\n{END}"), ("code", "1 + 1"))
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="2")]
    out = exercise_from_solution(nb, "x.ipynb")
    assert "Because" not in out.cells[0].source and exercises.WRITE_HERE in out.cells[0].source
    assert out.cells[1].outputs == []


def test_unclosed_marker_is_reported_with_its_cell() -> None:
    with pytest.raises(ExerciseError, match="cell 1"):
        exercise_from_solution(_notebook(("code", f"{BEGIN}\nx = 1")), "x.ipynb")


def _kit_copy(tmp_path: Path) -> Path:
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy2(ROOT / "lessons.toml", tmp_path / "lessons.toml")
    return tmp_path


def test_a_students_edited_exercise_is_kept_not_overwritten(tmp_path: Path) -> None:
    root = _kit_copy(tmp_path)
    target = next((root / "exercises").glob("00_*.ipynb"))
    work = target.read_text().replace("# YOUR CODE HERE", "# my own attempt", 1)
    target.write_text(work)
    # The author changes a solution, so the exercise must be rewritten...
    solution = root / "solutions" / target.name
    solution.write_text(solution.read_text().replace("# Question", "# Q.", 1))
    said = exercises.write_exercises(root)
    kept = [p for p in (root / "exercises").glob("*.mine-*.ipynb")]
    assert len(kept) == 1 and kept[0].read_text() == work, said
    assert "my own attempt" not in target.read_text()


def test_fresh_copy_keeps_the_old_file_beside_it(tmp_path: Path) -> None:
    root = _kit_copy(tmp_path)
    target = next((root / "exercises").glob("00_*.ipynb"))
    original = target.read_text()
    exercises.write_exercises(root, only="00", force_fresh=True)
    exercises.write_exercises(root, only="00", force_fresh=True)
    kept = sorted((root / "exercises").glob("00_*.mine-*.ipynb"))
    assert len(kept) == 2 and all(k.read_text() == original for k in kept)
    assert target.read_text() == original


def test_unchanged_exercises_are_left_alone(tmp_path: Path) -> None:
    root = _kit_copy(tmp_path)
    assert exercises.write_exercises(root) == []
    assert not list((root / "exercises").glob("*.mine-*"))
