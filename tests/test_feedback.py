"""Feedback pages and the Canvas file, from gradebook rows built here (no kernel runs)."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geopolitics.checks import Result, Status
from geopolitics.course.feedback import (
    CANVAS_ID_COLUMNS,
    POINTS_POSSIBLE,
    ROSTER_COLUMNS,
    canvas_table,
    feedback_page,
    page_names,
    read_roster,
    student_key,
    write_canvas,
    write_feedback,
)
from geopolitics.course.gradebook import Outcome, Row, rows_for
from geopolitics.course.submissions import GradingError, Run, Submission

WHEN = datetime(2025, 3, 4, 10, 30)
SECRET = "Right: the answer is 170 million users."  # a passed message that gives it away
HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("evil.example","click")'  # a file name holds no "/"
QUESTIONS = ["q01_a", "q01_b", "q01_c"]


def _rows(student_file: str, statuses: list[Status], lesson: str = "01",
          run: Run = Run.COMPLETED, note: str = "") -> list[Row]:
    messages = {Status.PASSED: SECRET, Status.NOT_YET: "Divide the other way round.",
                Status.NOT_ANSWERED: "Not answered yet.", Status.NOT_CHECKED: "Never ran.",
                Status.NOT_GRADED: "not graded."}
    return [Row(student_file, lesson, Result(q, s, messages[s]), run, note)
            for q, s in zip(QUESTIONS, statuses, strict=True)]


def _class() -> list[Row]:
    return [
        *_rows("ana/01_divestiture_law.ipynb", [Status.PASSED] * 3),
        *_rows("ben-01_divestiture_law.ipynb",
               [Status.PASSED, Status.NOT_YET, Status.NOT_ANSWERED]),
        *_rows("ben-01_divestiture_law (2).ipynb",
               [Status.PASSED, Status.PASSED, Status.NOT_CHECKED],
               run=Run.TIMED_OUT, note="Stopped at the 120 s time limit in cell 9 of 12."),
        *_rows(f"{HOSTILE}/01_x.ipynb", [Status.NOT_YET] * 3),
        *_rows(f"{FORMULA}-01_x.ipynb", [Status.PASSED, Status.NOT_YET, Status.NOT_YET]),
        Row("carl/notes.ipynb", "", Result("", Status.NOT_GRADED, "not graded: which lesson?"),
            Run.UNKNOWN_LESSON),
    ]


class _Tags(HTMLParser):
    """Every tag and attribute a page holds, to prove what it does not."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def _parse(page: str) -> _Tags:
    found = _Tags()
    found.feed(page)
    return found


# --- feedback pages ------------------------------------------------------------------------

def test_every_notebook_gets_a_page_and_the_index_lists_them(tmp_path: Path) -> None:
    rows = _class()
    index = write_feedback(rows, tmp_path, WHEN, titles={"01": "The divestiture law"})
    pages = sorted(p for p in (tmp_path / "feedback").iterdir() if p.name != "index.html")
    assert len(pages) == len({r.student_file for r in rows}) == 6
    listed = index.read_text(encoding="utf-8")
    assert all(f"href='{p.name}'" in listed or p.name not in listed for p in pages)
    assert len(re.findall(r"<a href=", listed)) == 6
    ana = (tmp_path / "feedback" / "ana--01_divestiture_law.html").read_text(encoding="utf-8")
    assert "Lesson 01: The divestiture law" in ana and "3 of 3 questions correct" in ana
    assert "04 March 2025 at 10:30" in ana


def test_a_passed_message_never_reaches_a_page() -> None:
    page = feedback_page("ben-01_x.ipynb",
                         _rows("ben-01_x.ipynb",
                               [Status.PASSED, Status.NOT_YET, Status.NOT_ANSWERED]), WHEN)
    assert "170 million" not in page
    assert "Correct." in page and "Divide the other way round." in page


def test_status_is_said_in_words_and_symbols_not_colour_alone() -> None:
    page = feedback_page("x.ipynb", _rows("x.ipynb", [Status.PASSED, Status.NOT_YET,
                                                      Status.NOT_CHECKED]), WHEN)
    for status, symbol in ((Status.PASSED, "✔"), (Status.NOT_YET, "✘"),
                           (Status.NOT_CHECKED, "?")):
        assert f"{symbol}</span> {status.label}</span>" in page
    assert "1 of 3 questions correct" in page


def test_hostile_names_and_messages_are_escaped_and_nothing_can_run(tmp_path: Path) -> None:
    rows = _rows(f"{HOSTILE}/01_x.ipynb", [Status.NOT_YET] * 3,
                 note=f"1 cell(s) raised an error ({HOSTILE}).")
    rows[0] = Row(rows[0].student_file, "01", Result("q01_a", Status.NOT_YET,
                                                     f"{HOSTILE} <img src=x onerror=alert(1)>"),
                  Run.COMPLETED, rows[0].note)
    write_feedback([*rows, *_class()], tmp_path, WHEN, titles={})
    for page in (tmp_path / "feedback").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        parsed = _parse(text)
        assert not {"script", "img", "iframe", "object", "link"} & set(parsed.tags), page.name
        assert not [a for a, _ in parsed.attrs if a.startswith("on")], page.name
        assert "<script>" not in text and "http:" not in text and "https:" not in text
        assert "default-src 'none'" in text
    index = (tmp_path / "feedback" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;/01_x.ipynb" in index


def test_the_instructors_warnings_stay_off_the_students_page() -> None:
    note = ("1 cell(s) raised an error (cell 4: NameError); the rest ran. WARNING: other "
            "submissions changed while this notebook ran (or one graded beside it: ben/x).")
    page = feedback_page("ana/01.ipynb", _rows("ana/01.ipynb", [Status.PASSED] * 3,
                                               note=note), WHEN)
    assert "cell 4: NameError" in page
    assert "WARNING" not in page and "ben/x" not in page


def test_a_time_limit_and_an_unknown_lesson_are_told() -> None:
    rows = _class()
    late = [r for r in rows if r.student_file.startswith("ben-01_divestiture_law (2)")]
    page = feedback_page(late[0].student_file, late, WHEN)
    assert "stopped at the time limit" in page and "cell 9 of 12" in page
    lost = [r for r in rows if r.student_file == "carl/notes.ipynb"]
    page = feedback_page("carl/notes.ipynb", lost, WHEN)
    assert "Unknown lesson" in page and "which lesson?" in page


@pytest.mark.parametrize("name", [
    "../../etc/passwd.ipynb", "..", "/abs/olute.ipynb", "a/../../b.ipynb", ".hidden.ipynb",
    "index.ipynb", "CON.ipynb", "名字 with spaces/00_start_here.ipynb", "a\\..\\b.ipynb",
    "x" * 400 + ".ipynb", "é" * 200 + ".ipynb", "\u202egnp.ipynb", "",
])
def test_page_names_cannot_leave_the_folder(name: str) -> None:
    page = page_names([name])[name]
    assert "/" not in page and "\\" not in page and not page.startswith(".")
    assert page.endswith(".html") and page != "index.html"
    assert len(page.encode("utf-8")) <= 255
    assert Path(page).name == page and ".." not in page


def test_page_names_never_collide() -> None:
    names = ["ana/01_x.ipynb", "ana--01_x.ipynb", "ana/01 x.ipynb", "ana/01?x.ipynb",
             "ANA/01_x.ipynb", "Ana/01_X.ipynb", "index.ipynb", "index"]
    made = page_names(names)
    assert len({p.casefold() for p in made.values()}) == len(names)


def test_unicode_names_are_kept_readable() -> None:
    assert page_names(["zoë/00_start_here.ipynb"])["zoë/00_start_here.ipynb"] == (
        "zoë--00_start_here.html")


def test_a_symlinked_feedback_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "feedback").symlink_to(elsewhere)
    write_feedback(_class(), out, WHEN, titles={})
    assert not any(elsewhere.iterdir())
    assert (out / "feedback").is_dir() and not (out / "feedback").is_symlink()


def test_rows_from_a_real_outcome_make_a_page() -> None:
    sub = Submission(Path("ana/01_x.ipynb"), "ana/01_x.ipynb", "01")
    outcome = Outcome(sub, Run.KERNEL_DIED, ["Python stopped in cell 3 of 9."],
                      [Result("q01_a", Status.PASSED, SECRET)], stopped_at=3)
    page = feedback_page(sub.name, rows_for(outcome, QUESTIONS), WHEN)
    assert "1 of 3 questions correct" in page and "Python stopped" in page
    assert "170 million" not in page


# --- the Canvas file -----------------------------------------------------------------------

def test_student_keys_come_from_the_folder_or_the_name() -> None:
    assert student_key("ana/00_start_here.ipynb") == "ana"
    assert student_key("ana-00_start_here.ipynb") == "ana"
    assert student_key("Ben Li_01_divestiture_law.ipynb") == "Ben Li"
    assert student_key("00_start_here.ipynb") == "00_start_here"
    assert student_key("homework.ipynb") == "homework"


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_canvas_file_has_canvas_header_and_points_possible(tmp_path: Path) -> None:
    rows = [*_class(), *_rows("ana/00_start_here.ipynb", [Status.PASSED] * 3, lesson="00")]
    path, said = write_canvas(rows, tmp_path)
    lines = _read_csv(path)
    assert lines[0] == [*CANVAS_ID_COLUMNS, "Lesson 00 exercises", "Lesson 01 exercises"]
    assert lines[1] == [POINTS_POSSIBLE, "", "", "", "", "3", "3"]
    assert all(len(line) == len(lines[0]) for line in lines)
    by_student = {line[0]: line for line in lines[2:]}
    assert by_student["ana"][5:] == ["3", "3"]
    assert by_student["ben"][5:] == ["", "2"]  # the better of two notebooks; none for 00
    assert "carl" not in by_student  # no lesson, no score
    assert len(said) == 1 and "--roster" in said[0]


def test_formulas_in_student_names_stay_text(tmp_path: Path) -> None:
    path, _ = write_canvas(_class(), tmp_path)
    cells = [line[0] for line in _read_csv(path)[2:]]
    assert not [c for c in cells if c[:1] in "=+-@"]
    assert f"'{FORMULA}" in cells


def test_the_roster_fills_canvas_ids(tmp_path: Path) -> None:
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(
        "\ufeff" + ",".join(ROSTER_COLUMNS) + "\n"
        "ana,\"Lima, Ana\",101,S101,ana.lima,Section A\n"
        "Ben,\"Li, Ben\",102,S102,ben.li,Section B\n"
        "dora,\"Ng, Dora\",104,S104,dora.ng,Section A\n", encoding="utf-8")
    roster = read_roster(roster_file)
    path, said = write_canvas(_class(), tmp_path, roster)
    lines = _read_csv(path)
    by_student = {line[0]: line for line in lines[2:]}
    assert by_student["Lima, Ana"] == ["Lima, Ana", "101", "S101", "ana.lima", "Section A", "3"]
    assert by_student["Li, Ben"][1:] == ["102", "S102", "ben.li", "Section B", "2"]
    assert "Ng, Dora" not in by_student
    assert any("does not list 2" in s for s in said)
    assert any("1 student(s) in the roster handed in nothing" in s for s in said)


def test_a_missing_or_wrong_roster_is_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(GradingError, match="could not read the roster"):
        read_roster(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,id\nana,1\n", encoding="utf-8")
    with pytest.raises(GradingError, match="student_key,Student,ID"):
        read_roster(bad)
    twice = tmp_path / "twice.csv"
    twice.write_text(",".join(ROSTER_COLUMNS) + "\nana,A,1,,,\nANA,A,1,,,\n", encoding="utf-8")
    with pytest.raises(GradingError, match="twice"):
        read_roster(twice)


def test_known_assignment_ids_use_canvas_name_id_form() -> None:
    table = canvas_table(_class(), assignment_ids={"01": "87568490"})
    assert table.header[-1] == "Lesson 01 exercises (87568490)"


def test_the_grader_takes_a_roster_option() -> None:
    from geopolitics.course import grading

    assert "roster" in grading.grade_folder.__code__.co_varnames


def test_every_way_a_run_can_end_is_said_in_words() -> None:
    from geopolitics.course import feedback

    assert set(feedback._RUN_SAID) == set(Run)
