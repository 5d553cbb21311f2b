"""The one notebook runner: a run's ending, its errors and limits, its environment and folder.

Each test starts a real kernel (a few seconds each), so the notebooks are tiny.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from geopolitics.course import runner
from geopolitics.course.runner import CellError, Ending, Session


def _notebook(*sources: str) -> object:
    cells = [new_markdown_cell("# A heading")] + [new_code_cell(s) for s in sources]
    return new_notebook(cells=cells)


def test_a_notebook_that_completes_keeps_its_outputs_in_its_folder_and_environment(
        tmp_path: Path) -> None:
    book = _notebook("import os\nprint(os.getcwd())",
                     "print(os.environ.get('GEOPOLITICS_RUNNER_PROBE'))", "6 * 7")
    asked: list[str | None] = []

    async def after_cell(session: Session, index: int) -> None:
        asked.append(await session.evaluate("40 + 2", wait=10))

    env = {**os.environ, "GEOPOLITICS_RUNNER_PROBE": "from the caller"}
    done = runner.run(book, cwd=tmp_path, env=env, cell_timeout=60, after_cell=after_cell)
    assert done.ending is Ending.COMPLETED and done.completed
    assert done.stopped_at is None and done.errors == [] and done.error is None
    outputs = [cell.get("outputs", []) for cell in book.cells]
    assert outputs[1][0]["text"].strip() == str(tmp_path)
    assert outputs[2][0]["text"].strip() == "from the caller"
    assert outputs[3][0]["data"]["text/plain"] == "42"
    assert [cell.get("execution_count") for cell in book.cells[1:]] == [1, 2, 3]
    assert book.metadata["language_info"]["name"] == "python"
    assert asked == ["42", "42", "42"], "the hook runs after each code cell, kernel alive"
    assert len(done.cell_seconds) == 4 and done.cell_seconds[0] == 0.0
    assert done.startup_seconds > 0 and done.seconds > 0 and done.output_bytes > 0


def test_a_cell_that_raises_stops_the_run_and_is_named(tmp_path: Path) -> None:
    book = _notebook("1 / 0", "after = True")
    done = runner.run(book, cwd=tmp_path, cell_timeout=60)
    assert done.ending is Ending.CELL_ERROR
    assert done.stopped_at == 1
    assert done.error == CellError(1, "ZeroDivisionError", "division by zero")
    assert book.cells[2].get("execution_count") is None, "the next cell must not run"


def test_allowed_errors_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    book = _notebook("1 / 0", "undefined_name", "print('still here')")
    done = runner.run(book, cwd=tmp_path, allow_errors=True, keep_outputs=False,
                      total_timeout=60)
    assert done.ending is Ending.COMPLETED
    assert [(e.index, e.ename) for e in done.errors] == [(1, "ZeroDivisionError"),
                                                         (2, "NameError")]
    assert all(cell.get("outputs", []) == [] for cell in book.cells), "outputs not kept"
    assert done.output_bytes > len("still here"), "but counted"


@pytest.mark.parametrize("limits", [{"cell_timeout": 2}, {"total_timeout": 3}])
def test_a_run_past_its_time_limit_is_stopped_where_it_was(
        tmp_path: Path, limits: dict[str, float]) -> None:
    book = _notebook("x = 1", "import time\ntime.sleep(60)", "y = 2")
    done = runner.run(book, cwd=tmp_path, **limits)
    assert done.ending is Ending.TIMED_OUT
    assert done.stopped_at == 2
    assert done.seconds < 30


def test_a_kernel_that_exits_is_reported_as_dead(tmp_path: Path) -> None:
    book = _notebook("import os\nos._exit(3)", "y = 2")
    done = runner.run(book, cwd=tmp_path, cell_timeout=60)
    assert done.ending is Ending.KERNEL_DIED
    assert done.stopped_at == 1


def test_a_kernel_that_cannot_start_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    done = runner.run(_notebook("x = 1"), cwd=tmp_path, kernel_name="no-such-kernel")
    assert done.ending is Ending.KERNEL_FAILED
    assert "no-such-kernel" in done.detail


def test_a_hooks_own_error_reaches_its_caller(tmp_path: Path) -> None:
    async def broken(session: Session) -> None:
        raise LookupError("the caller's bug")

    with pytest.raises(LookupError, match="the caller's bug"):
        runner.run(_notebook("x = 1"), cwd=tmp_path, before_shutdown=broken)


def test_a_kernel_that_fails_to_start_is_started_once_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A port taken between choosing and binding it kills a starting kernel; no cell has run,
    so the runner starts another (and only one more)."""
    real, starts = runner._run_once, []

    async def first_start_fails(notebook, **options):  # type: ignore[no-untyped-def]
        starts.append(options)
        if len(starts) == 1:
            return runner.Execution(notebook, ending=Ending.KERNEL_FAILED,
                                    detail="ZMQError: Address already in use")
        return await real(notebook, **options)

    monkeypatch.setattr(runner, "_run_once", first_start_fails)
    done = runner.run(new_notebook(cells=[new_code_cell("x = 1")]), cwd=tmp_path)
    assert done.completed and len(starts) == 2

    starts.clear()
    monkeypatch.setattr(runner, "_run_once", lambda nb, **o: _failed(nb, starts))
    assert runner.run(new_notebook(cells=[]), cwd=tmp_path).ending is Ending.KERNEL_FAILED
    assert len(starts) == 2, "a kernel that never starts is tried twice, not forever"


async def _failed(notebook, starts):  # type: ignore[no-untyped-def]
    starts.append(1)
    return runner.Execution(notebook, ending=Ending.KERNEL_FAILED)
