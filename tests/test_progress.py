"""A sheet's record of progress: best and latest result per question, kept beside the sheet,
surviving a restart, never inside the notebook, never shared by two sheets (issue 19)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from geopolitics import checks, progress
from geopolitics.checks import check, report

ROOT = Path(__file__).resolve().parent.parent
SHEET = "00_start_here.ipynb"


def _sheet(folder: Path, name: str = SHEET) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(ROOT / "exercises" / SHEET, folder / name))


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh kernel session: no results in memory, no record read yet."""
    monkeypatch.setattr(checks, "_RESULTS", {})
    monkeypatch.setattr(checks, "_SUBMITTED", {})
    progress.forget()
    yield
    progress.forget()


def _open(monkeypatch: pytest.MonkeyPatch, sheet: Path) -> None:
    """As Jupyter does: the kernel is told which notebook it runs."""
    monkeypatch.setenv("JPY_SESSION_NAME", str(sheet))


def _restart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "_RESULTS", {})
    monkeypatch.setattr(checks, "_SUBMITTED", {})
    progress.forget()


def test_only_exercise_sheets_keep_a_record(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path)
    lecture = Path(shutil.copyfile(ROOT / "notebooks" / SHEET, tmp_path / "lecture.ipynb"))
    assert progress.sheet_path({"JPY_SESSION_NAME": str(sheet)}) == sheet
    assert progress.sheet_path({"JPY_SESSION_NAME": str(lecture)}) is None
    assert progress.sheet_path({}) is None  # nbval, the grader: no notebook named
    assert progress.sheet_path({"JPY_SESSION_NAME": str(tmp_path / "gone.ipynb")}) is None
    (tmp_path / "broken.ipynb").write_text("{not json")
    assert progress.sheet_path({"JPY_SESSION_NAME": str(tmp_path / "broken.ipynb")}) is None


def test_a_pass_is_remembered_after_a_wrong_try_and_a_restart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: None) -> None:
    sheet = _sheet(tmp_path)
    notebook_before = sheet.read_bytes()
    _open(monkeypatch, sheet)
    assert check("q00_company_claim", "b").passed
    assert not check("q00_company_claim", "a").passed  # one more try, and a wrong one
    said = str(report("00"))
    assert "0 of 6 checked questions passed with your latest answers" in said
    assert "1 of 6 have passed at least once" in said
    assert "Not yet (passed earlier): q00_company_claim" in said
    assert f"Kept in 00_start_here{progress.SUFFIX}" in said

    _restart(monkeypatch)
    said = str(report("00"))
    assert "1 of 6 have passed at least once" in said, said
    assert "Not yet (passed earlier): q00_company_claim" in said
    assert "Not answered: q00_jump_multiple" in said
    assert check("q00_company_claim", "b").passed
    assert "1 of 6 checked questions passed with your latest answers." in str(report("00"))

    assert sheet.read_bytes() == notebook_before, "the record must never go into the notebook"
    kept = json.loads((tmp_path / f"00_start_here{progress.SUFFIX}").read_text())
    assert kept["questions"]["q00_company_claim"] == {"best": "correct", "latest": "correct",
                                                      "checks": 3}


def test_two_sheets_in_one_folder_keep_two_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: None) -> None:
    first, second = _sheet(tmp_path), _sheet(tmp_path, "homework.ipynb")
    _open(monkeypatch, first)
    check("q00_company_claim", "b")
    _restart(monkeypatch)
    _open(monkeypatch, second)
    check("q00_company_claim", "a")
    records = sorted(p.name for p in tmp_path.glob(f"*{progress.SUFFIX}"))
    assert records == [f"00_start_here{progress.SUFFIX}", f"homework{progress.SUFFIX}"]
    first_kept = json.loads((tmp_path / records[0]).read_text())["questions"]
    assert first_kept["q00_company_claim"]["best"] == "correct"


@pytest.mark.parametrize("damage", ["{not json", '{"questions": {"q00_company_claim": 7}}',
                                    '{"questions": {"q": {"best": "perfect", "latest": 1}}}',
                                    "[]", "x" * (progress.MAX_BYTES + 1)])
def test_a_damaged_record_starts_again_with_a_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: None, damage: str) -> None:
    sheet = _sheet(tmp_path)
    (tmp_path / f"00_start_here{progress.SUFFIX}").write_text(damage)
    _open(monkeypatch, sheet)
    assert check("q00_company_claim", "b").passed
    said = str(report("00"))
    assert "could not be read, so the record starts again" in said
    assert "Traceback" not in said
    kept = json.loads((tmp_path / f"00_start_here{progress.SUFFIX}").read_text())
    assert kept["questions"]["q00_company_claim"]["best"] == "correct"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_folder_that_cannot_be_written_costs_the_record_not_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: None) -> None:
    sheet = _sheet(tmp_path / "locked")
    (tmp_path / "locked").chmod(0o555)
    try:
        _open(monkeypatch, sheet)
        assert check("q00_company_claim", "b").passed
        said = str(report("00"))
        assert "could not be saved beside the sheet" in said and "1 of 6" in said
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_a_record_that_cannot_be_written_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: None) -> None:
    sheet = _sheet(tmp_path)
    (tmp_path / f"00_start_here{progress.SUFFIX}").mkdir()  # in the way, for root as well
    _open(monkeypatch, sheet)
    assert check("q00_company_claim", "b").passed
    said = str(report("00"))
    assert "could not be saved beside the sheet" in said and "until the kernel restarts" in said


def test_without_a_sheet_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: None) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    check("q00_company_claim", "b")
    check("q00_company_claim", "a")
    assert list(tmp_path.iterdir()) == []
    said = str(report("00"))
    assert "1 of 6 have passed at least once" in said and "Kept in" not in said


def test_a_real_kernel_restart_keeps_the_record(tmp_path: Path) -> None:
    """Two kernels on one sheet, as Jupyter starts them (it names the notebook in the kernel's
    environment): the second, after a "restart", reports what the first passed."""
    import nbformat
    from nbclient import NotebookClient

    sheet = _sheet(tmp_path)
    env = {**os.environ, "JPY_SESSION_NAME": str(sheet)}

    def run(*sources: str) -> str:
        book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        client = NotebookClient(book, kernel_name="python3", timeout=120,
                                resources={"metadata": {"path": str(tmp_path)}})
        client.km = client.create_kernel_manager()
        client.start_new_kernel(env=env)  # type: ignore[no-untyped-call]
        client.start_new_kernel_client()
        try:
            for index, cell in enumerate(book.cells):
                client.execute_cell(cell, index)
        finally:
            client._cleanup_kernel()
        return "".join(o.get("text", "") for o in book.cells[-1].outputs)

    run("from geopolitics import check, report", 'check("q00_company_claim", "b")',
        'check("q00_company_claim", "a")')
    said = run("from geopolitics import report", 'print(report("00"))')
    assert "1 of 6 have passed at least once" in said, said
    assert "Not yet (passed earlier): q00_company_claim" in said


def test_a_report_with_no_record_says_a_restart_will_forget(
        monkeypatch: pytest.MonkeyPatch, session: None) -> None:
    """A walk-through ran a sheet where the kernel was not told the notebook's name: report()
    then said "Not answered" after a restart, and nothing said that no record was kept."""
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert check("q00_company_claim", "b").passed
    said = str(report("00"))
    assert "No record is kept here, so a restart forgets these results" in said
    assert "Kept in" not in said
