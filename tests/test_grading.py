"""`make grade`: every submission gets a clear row, and no submission harms the kit or another.

One class folder of hostile and ordinary submissions is graded once (a module fixture) and
the assertions read the gradebook it wrote. The correct, blank and wrong answers are made
from the kit's own lesson 00 notebooks; the hostile ones are in tests/fixtures/submissions.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from geopolitics import checks
from geopolitics.charts import audit
from geopolitics.checks import Status
from geopolitics.course.gradebook import (
    COLUMNS,
    Outcome,
    _safe_cell,
    rows_for,
    summarise,
    summary_chart,
    write_gradebook,
)
from geopolitics.course.grading import DEFAULT_JOBS, main
from geopolitics.course.kernel_answers import Answers, parse_answers
from geopolitics.course.submissions import (
    Run,
    Submission,
    lesson_from_name,
    lesson_of,
    read_submission,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "submissions"
LESSON = "00"
#: Seconds per notebook. The endless loop costs this much; a lesson-00 sheet runs in 1-3 s
#: once its kernel is up (measured on two cores), so 15 leaves room for a loaded machine.
TIMEOUT = 15
PROBE = ROOT / "data" / "zz-grading-probe.txt"
SANDBOX_POSSIBLE = (os.name == "posix" and os.geteuid() == 0
                    and all(shutil.which(c) for c in ("unshare", "setpriv", "mount")))


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _place(sample: str, target: Path, *, other: Path | None = None,
           kit_probe: bool = True) -> Path:
    """Copy a sample into a class folder, filling in the path it attacks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = (SAMPLES / f"{sample}.ipynb.sample").read_bytes()
    if other is not None or not kit_probe:
        book = nbformat.reads(raw.decode(), as_version=4)
        if not kit_probe:
            book.cells = [c for c in book.cells if "kit-probe" not in c.source]
        for cell in book.cells:
            cell.source = cell.source.replace("__OTHER_SUBMISSION__", str(other))
        raw = nbformat.writes(book).encode()
    target.write_bytes(raw)
    return target


def _from_kit(kind: str, target: Path, edit: tuple[str, str] | None = None) -> Path:
    source = next((ROOT / kind).glob(f"{LESSON}_*.ipynb"))
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text, f"{source.name} no longer contains {edit[0]!r}"
        text = text.replace(*edit)
    target.write_text(text, encoding="utf-8")
    return target


def _grade(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geopolitics.course.grading", str(folder), "--out", str(out),
         *extra],
        capture_output=True, text=True, timeout=1800, cwd=ROOT)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


#: Ways a student could try to fake a pass from inside the kernel (issue 18's review found
#: each of them giving "6 of 6 passed" when verdicts were read from the kernel). Each answers
#: every question wrongly, then attacks; none may pass anything.
WRONG_ANSWERS = ('check("q00_company_claim", "a")\ncheck("q00_jump_multiple", 0)\n'
                 'check("q00_share_of_tiktok", 0)\ncheck("q00_days_to_deadline", 0)')
FORGERIES = {
    "results": "import geopolitics.checks as c\n"
               "for q in c.questions('00'):\n"
               "    c._RESULTS[q] = c.Feedback(q, True, 'Well done.')\n"
               "c.results = lambda lesson: [{'question': q, 'status': 'correct', "
               "'passed': True, 'message': 'ok'} for q in c.questions(lesson)]",
    "submitted": "import geopolitics.checks as c\n"
                 "c.submitted = lambda lesson: {q: {'status': 'correct', 'passed': True} "
                 "for q in c.questions(lesson)}",
    "module": "import sys, types\nfake = types.ModuleType('geopolitics.checks')\n"
              "fake.submitted = lambda lesson: [{'question': ['q'], 'passed': True}]\n"
              "fake.results = fake.submitted\nsys.modules['geopolitics.checks'] = fake",
    "assess": "from geopolitics.checks import Feedback, Question\n"
              "Question.assess = lambda self, a: Feedback(self.id, True, 'ok')\n"
              "Question.judge = lambda self, v: Feedback(self.id, True, 'ok')\n"
              "Question.submit = lambda self, a: (Feedback(self.id, True, 'ok'), "
              "{'value': a, 'passed': True})\n" + WRONG_ANSWERS,
    "import": "import builtins, json\nreal = builtins.__import__\n"
              "class Fake:\n    dumps = staticmethod(lambda v: json.dumps({q: {'passed': True}"
              " for q in ['q00_company_claim', 'q00_jump_multiple']}))\n"
              "builtins.__import__ = lambda n, *a, **k: Fake if n == 'json' else real(n, *a, "
              "**k)",
    "flood": "import geopolitics.checks as c\n"
             "c.submitted = lambda lesson: {'q00_company_claim': {'value': 'x' * 150_000_000}}",
}


def _forger(kind: str, target: Path) -> Path:
    """A lesson-00 sheet that answers wrongly, then tries to turn that into passes."""
    cells = [nbformat.v4.new_code_cell("from geopolitics import check"),
             nbformat.v4.new_code_cell(WRONG_ANSWERS),
             nbformat.v4.new_code_cell(FORGERIES[kind])]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), target)
    return target


@dataclass
class Graded:
    folder: Path
    out: Path
    result: subprocess.CompletedProcess[str]
    rows: list[dict[str, str]]
    seconds: float
    before: dict[str, str]
    kit_before: dict[str, str]
    probe_written: bool

    def of(self, student_file: str) -> dict[str, dict[str, str]]:
        found = {r["question_id"]: r for r in self.rows if r["student_file"] == student_file}
        assert found, f"no gradebook row for {student_file}"
        return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    folder = tmp_path_factory.mktemp("class")
    out = tmp_path_factory.mktemp("grades")
    _from_kit("solutions", folder / "ana" / "00_start_here.ipynb")
    checkpoint = folder / "ana" / ".ipynb_checkpoints" / "00_start_here-checkpoint.ipynb"
    _from_kit("solutions", checkpoint)
    _from_kit("exercises", folder / "ben" / "homework.ipynb")  # renamed: lesson from metadata
    wrong = _from_kit("solutions", folder / "zoe" / "00_start_here.ipynb",
                      edit=('claim = \\"b\\"', 'claim = \\"a\\"'))
    _place("crash", folder / "cat" / "00_start_here.ipynb")
    _place("endless_loop", folder / "dev" / "00_start_here.ipynb")
    _place("deleter", folder / "dan" / "00_start_here.ipynb", other=wrong,
           kit_probe=SANDBOX_POSSIBLE)
    _place("quitter", folder / "quinn" / "00_start_here.ipynb")
    _place("notes", folder / "erin" / "notes.ipynb")
    _place("broken", folder / "gus" / "broken.ipynb")
    _place("empty", folder / "hal" / "00_start_here.ipynb")
    _place("paper", folder / "pia" / "00_start_here.ipynb")
    for kind in FORGERIES:
        _forger(kind, folder / f"forger-{kind}" / "00_start_here.ipynb")
    before, kit_before = _digests(folder), _digests(ROOT / "data")
    started = time.perf_counter()
    try:
        result = _grade(folder, out, "--timeout", str(TIMEOUT))
    finally:
        probe_written = PROBE.exists()
        PROBE.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    print(f"\ngrading {len(before)} files took {seconds:.0f} s")
    rows = _read(out / "gradebook.csv") if (out / "gradebook.csv").exists() else []
    return Graded(folder, out, result, rows, seconds, before, kit_before, probe_written)


def test_grading_completes_without_a_traceback(graded: Graded) -> None:
    assert graded.result.returncode == 0, graded.result.stderr
    assert "Traceback" not in graded.result.stdout + graded.result.stderr
    assert "Notebooks to look at" in graded.result.stdout
    assert "q00_company_claim" in graded.result.stdout
    assert f"{min(DEFAULT_JOBS, 10)} at a time" in graded.result.stdout


def test_nonsense_job_counts_are_refused(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _from_kit("exercises", tmp_path / "class" / "00_start_here.ipynb")
    assert main([str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--jobs", "0"]) == 2
    said = capsys.readouterr()
    assert "at least one notebook at a time" in said.err and "Traceback" not in said.err


def test_a_correct_notebook_passes_every_question(graded: Graded) -> None:
    rows = graded.of("ana/00_start_here.ipynb")
    assert set(rows) == set(checks.questions(LESSON))
    assert all(r["passed"] == "True" and r["status"] == "correct" for r in rows.values())
    assert {r["run"] for r in rows.values()} == {"completed"}
    note = rows["q00_xhs_dau"]["note"]
    assert "error" not in note and "time limit" not in note and "submissions" not in note


def test_checkpoint_copies_are_skipped(graded: Graded) -> None:
    assert not any(".ipynb_checkpoints" in r["student_file"] for r in graded.rows)


def test_a_blank_renamed_sheet_is_found_by_its_metadata_and_fails(graded: Graded) -> None:
    rows = graded.of("ben/homework.ipynb")
    assert {r["lesson"] for r in rows.values()} == {LESSON}
    assert set(rows) == set(checks.questions(LESSON))
    assert not any(r["passed"] == "True" for r in rows.values())
    assert rows["q00_jump_multiple"]["status"] == "not answered"


def test_a_wrong_answer_fails_only_its_question(graded: Graded) -> None:
    rows = graded.of("zoe/00_start_here.ipynb")
    assert rows["q00_company_claim"]["status"] == "not yet"
    assert rows["q00_company_claim"]["passed"] == "False"
    others = [r for q, r in rows.items() if q != "q00_company_claim"]
    assert all(r["passed"] == "True" for r in others)


def test_cells_after_a_crash_still_run(graded: Graded) -> None:
    rows = graded.of("cat/00_start_here.ipynb")
    assert rows["q00_company_claim"]["passed"] == "True"
    assert rows["q00_days_to_deadline"]["passed"] == "True"
    assert rows["q00_xhs_dau"]["status"] == "not checked"
    note = rows["q00_xhs_dau"]["note"]
    assert "2 cell(s) raised an error" in note
    assert "ZeroDivisionError" in note and "NameError" in note


def test_megabytes_of_output_are_counted_not_kept(graded: Graded) -> None:
    rows = graded.of("cat/00_start_here.ipynb")
    assert "Printed 5.0 MB of output" in rows["q00_company_claim"]["note"]
    assert (graded.out / "gradebook.csv").stat().st_size < 100_000


def test_an_endless_loop_is_stopped_and_earlier_answers_count(graded: Graded) -> None:
    rows = graded.of("dev/00_start_here.ipynb")
    assert {r["run"] for r in rows.values()} == {"timed out"}
    assert f"{TIMEOUT} s time limit" in rows["q00_xhs_dau"]["note"]
    assert rows["q00_company_claim"]["passed"] == "True"
    assert rows["q00_days_to_deadline"]["status"] == "not checked"
    assert "stopped in cell 4, before this question's check (cell 5)" in (
        rows["q00_days_to_deadline"]["message"])
    assert "no check for this question" in rows["q00_xhs_dau"]["message"]


def test_python_ending_is_reported_and_earlier_answers_count(graded: Graded) -> None:
    rows = graded.of("quinn/00_start_here.ipynb")
    assert {r["run"] for r in rows.values()} == {"kernel died"}
    assert rows["q00_company_claim"]["passed"] == "True"
    assert rows["q00_days_to_deadline"]["status"] == "not checked"


@pytest.mark.parametrize("kind", FORGERIES)
def test_a_notebook_that_rewrites_the_checker_fakes_no_pass(graded: Graded, kind: str) -> None:
    rows = graded.of(f"forger-{kind}/00_start_here.ipynb")
    assert set(rows) == set(checks.questions(LESSON))
    assert not [q for q, r in rows.items() if r["passed"] == "True" or r["status"] == "correct"]
    assert {r["status"] for r in rows.values()} <= {"not yet", "not checked"}


def test_a_run_writes_a_feedback_page_per_notebook_and_the_canvas_file(graded: Graded) -> None:
    pages = sorted(p.name for p in (graded.out / "feedback").glob("*.html"))
    notebooks = {r["student_file"] for r in graded.rows}
    assert "index.html" in pages and len(pages) == len(notebooks) + 1
    ana = next((graded.out / "feedback").glob("ana*.html")).read_text(encoding="utf-8")
    assert ana.count("Correct.") == len(checks.questions(LESSON))
    assert "270 days" not in ana, "a passed message restates an answer"
    canvas = _read(graded.out / "canvas.csv")
    assert list(canvas[0])[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def test_the_gradebook_stays_small_whatever_a_notebook_sends(graded: Graded) -> None:
    size = (graded.out / "gradebook.csv").stat().st_size
    assert size < 200_000, f"gradebook.csv is {size} bytes"
    assert len(graded.rows) > 50  # csv could read it back, row by row


def test_a_deleter_only_deletes_its_own_scratch_copy(graded: Graded) -> None:
    rows = graded.of("dan/00_start_here.ipynb")
    assert rows["q00_company_claim"]["passed"] == "True"
    assert rows["q00_days_to_deadline"]["passed"] == "True", "the run stopped at the deletions"
    note = rows["q00_company_claim"]["note"]
    assert "other submissions changed" not in note
    assert "raised an error" in note, "the attacks should have failed with errors"
    assert "cell 3:" not in note, "deleting its own copy of the data (cell 3) should work"
    assert _digests(graded.folder) == graded.before, "a submission was changed"
    assert _digests(ROOT / "data") == graded.kit_before, "the kit's data/ was changed"
    assert not graded.probe_written, "a graded notebook wrote into the kit's data/"


@pytest.mark.skipif(not SANDBOX_POSSIBLE, reason="the sandbox needs root, unshare and setpriv")
def test_the_sandbox_was_used_and_announced(graded: Graded) -> None:
    assert "every file system read-only except the notebook's scratch copy" in (
        graded.result.stdout)


def test_files_that_are_not_notebooks_get_a_clear_row(graded: Graded) -> None:
    broken = graded.of("gus/broken.ipynb")[""]
    assert broken["run"] == "not a notebook" and "not notebook JSON" in broken["message"]
    empty = graded.of("hal/00_start_here.ipynb")
    assert set(empty) == set(checks.questions(LESSON)), "a known lesson lists every question"
    assert all("empty" in r["message"] and r["status"] == "not graded" for r in empty.values())
    pdf = graded.of("pia/00_start_here.ipynb")
    assert all("PDF" in r["message"] for r in pdf.values())


def test_a_notebook_of_no_known_lesson_gets_one_row(graded: Graded) -> None:
    notes = graded.of("erin/notes.ipynb")
    assert list(notes) == [""]
    assert notes[""]["run"] == "unknown lesson"
    assert "which lesson" in notes[""]["message"]


def test_the_summary_counts_every_notebook_of_the_lesson(graded: Graded) -> None:
    summary = {r["question_id"]: r for r in _read(graded.out / "summary.csv")}
    assert list(summary) == checks.questions(LESSON), "questions in the lesson's order"
    claim = summary["q00_company_claim"]
    # passed: ana cat dev dan quinn; not: ben (blank) zoe (wrong) hal pia (not notebooks)
    # and the six forgers
    assert (claim["notebooks"], claim["passed"], claim["pass_rate_percent"]) == (
        "15", "5", "33.3")


def test_the_summary_chart_is_offline_and_accessible(graded: Graded) -> None:
    page = (graded.out / "summary.html").read_text(encoding="utf-8")
    svg = (graded.out / "summary.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Share of notebooks that passed" in svg
    assert "<script" not in page and "src=" not in page
    assert "Horizontal bar chart" in page and "<table>" in page
    summary = _read(graded.out / "summary.csv")
    for entry in summary:
        for key in ("notebooks", "passed", "not_answered", "not_checked"):
            entry[key] = int(entry[key])  # type: ignore[assignment]
        entry["pass_rate_percent"] = float(entry["pass_rate_percent"])  # type: ignore[assignment]
    assert audit(summary_chart(summary)) == []


def test_without_the_sandbox_a_deleter_still_misses_the_kit_and_is_reported(
        tmp_path: Path) -> None:
    """Where the sandbox cannot be used, relative paths still only reach the scratch copy;
    an attack on another submission by absolute path reaches the collected file, and the
    gradebook says so, but not the victim's grade: every file is copied before any runs."""
    folder = tmp_path / "class"
    victim = _from_kit("solutions", folder / "zed" / "00_start_here.ipynb")
    _place("deleter", folder / "dan" / "00_start_here.ipynb", other=victim, kit_probe=False)
    kit_before = _digests(ROOT / "data")
    result = _grade(folder, tmp_path / "out", "--no-sandbox", "--timeout", "60")
    assert result.returncode == 0, result.stderr
    assert "scratch copies only" in result.stdout
    assert _digests(ROOT / "data") == kit_before
    rows = _read(tmp_path / "out" / "gradebook.csv")
    dan = [r for r in rows if r["student_file"] == "dan/00_start_here.ipynb"]
    assert dan and "other submissions changed" in dan[0]["note"]
    assert "zed/00_start_here.ipynb deleted" in dan[0]["note"]
    assert not (folder / "zed" / "00_start_here.ipynb").exists()  # the attack happened ...
    zed = [r for r in rows if r["student_file"] == "zed/00_start_here.ipynb"]
    assert zed and all(r["passed"] == "True" for r in zed), zed  # ... and changed no grade


def test_a_missing_folder_is_a_clear_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr()
    assert "there is no folder" in said.err and "Traceback" not in said.err + said.out


def test_a_folder_without_notebooks_is_a_clear_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "class" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "class" / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}")
    (tmp_path / "class" / "readme.txt").write_text("no notebooks here")
    assert main([str(tmp_path / "class"), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr()
    assert "holds no .ipynb notebook" in said.err and "Traceback" not in said.err + said.out
    assert not (tmp_path / "out" / "gradebook.csv").exists()


# --- fast unit tests -----------------------------------------------------------------------

LESSONS = ["00", "01", "02"]


def test_lesson_numbers_are_read_from_file_names() -> None:
    assert lesson_from_name("00_start_here.ipynb", LESSONS) == "00"
    assert lesson_from_name("01_divestiture_law.mine-20250101-1200.ipynb", LESSONS) == "01"
    assert lesson_from_name("ana-02_censorship.ipynb", LESSONS) == "02"
    assert lesson_from_name("2000_essay.ipynb", LESSONS) is None
    assert lesson_from_name("99_unknown.ipynb", LESSONS) is None


def test_metadata_wins_over_the_file_name_and_check_calls_come_last() -> None:
    book = nbformat.v4.new_notebook()
    book.metadata["geopolitics"] = {"generated_from": "solutions/01_divestiture_law.ipynb"}
    assert lesson_of(Path("00_start_here.ipynb"), book, LESSONS) == "01"
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('check("q02_x", 1)')])
    assert lesson_of(Path("homework.ipynb"), plain, LESSONS) == "02"
    assert lesson_of(Path("homework.ipynb"), nbformat.v4.new_notebook(), LESSONS) is None


def test_a_notebook_json_that_is_not_a_notebook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "00_start_here.ipynb"
    path.write_text('{"cells": 5}')
    sub = read_submission(path, tmp_path, LESSONS)
    assert sub.notebook is None and sub.problem and sub.problem.message.startswith("not a")
    assert sub.problem.kind is Run.NOT_A_NOTEBOOK
    assert sub.lesson == "00"


def test_student_text_cannot_become_a_spreadsheet_formula() -> None:
    assert _safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _safe_cell("@SUM(A1)").startswith("'")
    assert _safe_cell("line\nbreak\x1b[31m") == "line break [31m"
    assert _safe_cell(True) is True


def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "_RESULTS", {})
    monkeypatch.setattr(checks, "_SUBMITTED", {})


def _as_the_kernel_replies(lesson: str = LESSON) -> str:
    """What ``user_expressions`` hands the grader: the repr of the JSON text."""
    return repr(json.dumps(checks.submitted(lesson)))


def test_submitted_tells_unchecked_from_unanswered(monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh_session(monkeypatch)
    checks.check("q00_company_claim", "b")
    checks.check("q00_jump_multiple", ...)
    checks.check("q00_days_to_deadline", "270 days")
    given = checks.submitted(LESSON)
    assert given == {"q00_company_claim": {"value": "b"},
                     "q00_jump_multiple": {"answered": False},
                     "q00_days_to_deadline": {"wrong_kind": True}}
    verdicts = {q: checks.verdict(q, given.get(q)).status for q in checks.questions(LESSON)}
    assert verdicts["q00_company_claim"] is Status.PASSED
    assert verdicts["q00_jump_multiple"] is Status.NOT_ANSWERED
    assert verdicts["q00_days_to_deadline"] is Status.NOT_YET
    assert verdicts["q00_xhs_dau"] is Status.NOT_CHECKED


def test_the_grader_and_check_agree_on_every_kind_of_answer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables (with dates), charts, numbers, choices: the kernel's feedback and the grader's
    verdict on the same answers, after the trip through JSON, are the same."""
    import altair as alt

    from geopolitics import load

    _fresh_session(monkeypatch)
    metrics = load("app_metrics")
    rows = metrics[(metrics["app"] == "Xiaohongshu")
                   & (metrics["metric"] == "us_daily_active_users")][["date", "value"]]
    apps = metrics[metrics["metric"] == "us_daily_active_users"].head(3)
    chart = alt.Chart(apps, title="t").mark_bar().encode(x="app:N", y="value:Q")
    said = {"q00_xhs_dau": checks.check("q00_xhs_dau", rows),
            "q00_company_claim": checks.check("q00_company_claim", "a"),
            "q00_jump_multiple": checks.check("q00_jump_multiple", 0.5),
            "q00_dau_chart": checks.check("q00_dau_chart", chart)}
    given = json.loads(ast.literal_eval(_as_the_kernel_replies()))
    for qid, feedback in said.items():
        judged = checks.verdict(qid, given[qid])
        assert (judged.status, judged.message) == (feedback.status, feedback.message), qid
    assert said["q00_xhs_dau"].passed, said["q00_xhs_dau"].message


def test_a_checks_status_reaches_the_gradebook_row_unchanged(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """check() -> submitted() in the kernel -> the text the grader reads -> the grader's
    verdicts -> rows -> CSV."""
    _fresh_session(monkeypatch)
    said = {"q00_company_claim": checks.check("q00_company_claim", "b"),
            "q00_share_of_tiktok": checks.check("q00_share_of_tiktok", 99.0),
            "q00_jump_multiple": checks.check("q00_jump_multiple", ...)}
    assert {q: f.status for q, f in said.items()} == {
        "q00_company_claim": Status.PASSED, "q00_share_of_tiktok": Status.NOT_YET,
        "q00_jump_multiple": Status.NOT_ANSWERED}
    answers = Answers(LESSON, checks.questions(LESSON))
    answers.given = parse_answers(_as_the_kernel_replies(), answers.questions)
    results = answers.results()
    assert results is not None
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f'check("{qid}", x)') for qid in checks.questions(LESSON)])
    sub = Submission(tmp_path / "a.ipynb", "a.ipynb", LESSON, book)
    rows = rows_for(Outcome(sub, Run.COMPLETED, results=results), checks.questions(LESSON))
    by_id = {row.question_id: row for row in rows}
    for qid, feedback in said.items():
        assert by_id[qid].status is feedback.status
        assert by_id[qid].passed is feedback.passed
        assert by_id[qid].result.message == feedback.message
    assert by_id["q00_xhs_dau"].status is Status.NOT_CHECKED
    write_gradebook(rows, tmp_path)
    written = {r["question_id"]: r for r in _read(tmp_path / "gradebook.csv")}
    assert list(_read(tmp_path / "gradebook.csv")[0]) == COLUMNS
    assert {q: written[q]["status"] for q in said} == {
        "q00_company_claim": "correct", "q00_share_of_tiktok": "not yet",
        "q00_jump_multiple": "not answered"}
    assert written["q00_company_claim"]["passed"] == "True"
    summary = {e["question_id"]: e for e in summarise(rows)}
    assert summary["q00_jump_multiple"]["not_answered"] == 1
    assert summary["q00_xhs_dau"]["not_checked"] == 1
    assert list(summary) == checks.questions(LESSON)


def test_the_status_words_are_the_ones_students_and_instructors_know() -> None:
    assert [s.value for s in Status] == ["correct", "not yet", "not answered", "not checked",
                                         "not graded"]
    assert [s.label for s in Status][:3] == ["Correct", "Not yet", "Not answered"]
    assert checks.Feedback("q", False, "m", answered=False).label == "Not answered"


QUESTIONS = checks.questions(LESSON)
#: What a rewritten kernel could reply: none of it is a pass.
FORGED_REPLIES = {
    "a verdict instead of an answer": {"q00_company_claim": {"status": "correct",
                                                             "passed": True}},
    "a pass flag beside a value": {"q00_company_claim": {"value": "a", "passed": True}},
    "a wrong value": {"q00_jump_multiple": {"value": 0}},
    "a list as the value of a number": {"q00_jump_multiple": {"value": [8.5]}},
    "text as the value of a number": {"q00_jump_multiple": {"value": "8.5"}},
    "True as a whole number": {"q00_days_to_deadline": {"value": True}},
    "a choice not offered": {"q00_company_claim": {"value": "e"}},
    "a table of the wrong shape": {"q00_xhs_dau": {"value": {"columns": ["x"], "index": [0],
                                                             "dates": [], "rows": [[1]]}}},
    "a table with a dict for a cell": {"q00_xhs_dau": {"value": {
        "columns": ["date", "value"], "index": [0], "dates": [0], "rows": [[{}, 1]]}}},
    "a table of too many rows": {"q00_xhs_dau": {"value": {
        "columns": ["date", "value"], "index": list(range(6_000)), "dates": [],
        "rows": [[0, 0]] * 6_000}}},
    "a chart that is a list": {"q00_dau_chart": {"value": ["bar"]}},
    # found by a student's attack: each once held the grader for minutes
    "a chart whose axis title is 20,000 parentheses": {"q00_dau_chart": {"value": {
        "mark": "bar", "title": "t", "description": "x" * 30, "encoding": {
            "y": {"field": "app", "type": "nominal", "title": "App"},
            "x": {"field": "users", "type": "quantitative", "title": "(" * 20_000}}}}},
    "a chart of 5,000 layers": {"q00_dau_chart": {"value": {"layer": [
        {"mark": "bar", "encoding": {"y": {"field": "app", "type": "nominal", "title": "A"},
                                     "x": {"field": "v", "type": "quantitative",
                                           "title": "Users (people)"}}},
        *[{"mark": 1, "encoding": {"color": {"field": "k"}}}] * 5_000]}}},
    "a chart of made-up numbers": {"q00_dau_chart": {"value": {
        "mark": "bar", "title": "Apps", "description": "A bar chart of three made-up numbers.",
        "datasets": {"d": [{"app": "x", "users": 1}, {"app": "y", "users": 2},
                           {"app": "z", "users": 3}]},
        "encoding": {"y": {"field": "app", "type": "nominal", "title": "App"},
                     "x": {"field": "users", "type": "quantitative",
                           "title": "Daily users (millions)"}}}}},
    "an entry of two kinds": {"q00_company_claim": {"value": "b", "answered": False}},
}


@pytest.mark.parametrize("reply", FORGED_REPLIES.values(), ids=FORGED_REPLIES.keys())
def test_a_forged_reply_passes_nothing(reply: dict[str, Any]) -> None:
    answers = Answers(LESSON, QUESTIONS)
    answers.given = parse_answers(repr(json.dumps(reply)), QUESTIONS)
    results = answers.results()
    assert results is not None and not any(r.passed for r in results)
    assert all(len(r.message) < 300 for r in results)


def test_replies_from_a_kernel_are_read_defensively() -> None:
    assert parse_answers(None, QUESTIONS) is None
    assert parse_answers("not a literal", QUESTIONS) is None
    assert parse_answers(repr("null"), QUESTIONS) == {}, "no checker imported: no answers"
    assert parse_answers(repr("[1, 2]"), QUESTIONS) is None
    assert parse_answers(repr("[" * 100_000 + "]" * 100_000), QUESTIONS) is None
    assert parse_answers(repr('"' + "x" * 3_000_000 + '"'), QUESTIONS) is None
    # ids that are not the lesson's questions (lists, dicts, other lessons) are dropped
    odd = '{"q01_jv_gap": {"value": 0.1}, "q00_company_claim": {"value": "b"}}'
    assert parse_answers(repr(odd), QUESTIONS) == {"q00_company_claim": {"value": "b"}}


def test_importing_the_grader_loads_neither_pandas_nor_altair() -> None:
    code = ("import sys, geopolitics.course.grading; "
            "print(sorted(m for m in ('pandas', 'altair') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_answers_are_judged_in_a_child_that_a_slow_check_cannot_hold(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that never ends costs its own notebook the judging time, no one else's."""
    import asyncio

    from geopolitics.course import kernel_answers

    answers = Answers(LESSON, QUESTIONS)
    answers.given = {"q00_company_claim": {"value": "b"}, "q00_jump_multiple": {"value": 0}}
    assert asyncio.run(answers.judged()) == answers.results()

    def endless(qid: str, entry: Any) -> checks.Result:
        while True:
            pass

    monkeypatch.setattr(kernel_answers, "verdict", endless)
    judged = asyncio.run(answers.judged(seconds=1))
    assert judged is not None and {r.status for r in judged} == {Status.NOT_CHECKED}
    assert "stopped judging" in judged[0].message
