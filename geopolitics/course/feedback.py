"""What an instructor hands back and uploads: a feedback page per notebook and a Canvas file.

After grading, :func:`write_feedback` writes ``OUT/feedback/<name>.html``, one page per graded
notebook, and ``OUT/feedback/index.html`` listing them for the instructor. A page is one
self-contained file: inline CSS, no script, no image, no link out (its Content-Security-Policy
forbids them), readable on a phone and on paper. It shows the lesson, when it was graded, how
many questions passed and, per question, the status in words and a symbol and the checker's
hint. It never repeats a passed question's own message, which may restate the answer: a
passed question says "Correct." Warnings about the kit or other submissions are for the
instructor only (they name classmates' files) and stay off the students' pages.

:func:`write_canvas` writes ``OUT/canvas.csv`` in the Canvas gradebook import format: one row
per student, one column per lesson graded, the score being the questions passed (the best
notebook when a student handed in several for one lesson). The grader knows a student only by
a folder or file name; an optional roster (:func:`read_roster`) adds Canvas's name and ids.

Everything a student controls (file names, messages) is HTML-escaped on the pages and kept
from becoming a spreadsheet formula in the CSV. Only the standard library is loaded.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from geopolitics.checks import Status
from geopolitics.course.gradebook import Row, _safe_cell, printable
from geopolitics.course.submissions import GradingError, Run

FEEDBACK_FOLDER = "feedback"
CANVAS_FILE = "canvas.csv"

# --- Canvas's gradebook import format ------------------------------------------------------
# Sources (Canvas Instructor Guide "How do I import grades in the Gradebook?",
# https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807,
# as summarised and tested in https://github.com/PrairieLearn/PrairieLearn/issues/4547 and
# https://github.com/ucfopen/Materia/issues/1071; the export's layout, "Quiz 1 (87568490)",
# in https://nemogb-dev.github.io/nemogb-r/articles/detailed-canvas-export-info.html):
# * the file begins with the columns Student, ID, SIS User ID, SIS Login ID, Section, in that
#   order (Canvas has refused files whose leading columns were in another order);
# * Canvas matches a student by ID, else SIS User ID / SIS Login ID, else by the name in
#   Student ("Last, First" or "First Last"); Section must be present but may be empty;
# * each further column is an assignment, headed "Name (id)" for an existing one; a header
#   without "(id)" is matched by exact name, or becomes a new assignment;
# * a second row whose Student cell says "Points Possible" (as Canvas's own export writes it,
#   indented) gives each assignment's maximum and is not a student;
# * a blank score cell leaves the grade in Canvas as it is.
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "    Points Possible"
#: The roster's header: the grader's key for a student, then Canvas's five columns.
ROSTER_KEY = "student_key"
ROSTER_COLUMNS = [ROSTER_KEY, *CANVAS_ID_COLUMNS]


# --- who handed a notebook in --------------------------------------------------------------

_LESSON_PART = re.compile(r"[\s._-]*(?<![0-9])[0-9]{2}_.*$")


def student_key(student_file: str) -> str:
    """The student a submission belongs to: its first folder (``ana/00_start_here.ipynb``),
    else its file name up to the lesson number (``ana-00_start_here.ipynb``), else the name."""
    parts = PurePosixPath(student_file).parts
    if len(parts) > 1:
        return parts[0]
    stem = PurePosixPath(student_file).name
    stem = stem[: -len(".ipynb")] if stem.lower().endswith(".ipynb") else stem
    return _LESSON_PART.sub("", stem) or stem


# --- file names that stay in their folder --------------------------------------------------

_UNSAFE = re.compile(r"[^\w.-]+")  # \w is Unicode-aware: letters and digits of any script
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                     *(f"lpt{n}" for n in range(10))}
_MAX_NAME_BYTES = 120  # well under every file system's 255, with room for "-12.html"


def page_names(student_files: Iterable[str]) -> dict[str, str]:
    """A distinct, safe file name (``....html``) for each submission path.

    A name holds only letters, digits, ``-``, ``_`` and inner dots; it never starts with a
    dot, is never ``index``, a Windows device name or longer than a file system allows, and
    two submissions never share one (compared without case, as macOS and Windows do).
    """
    taken = {"index"}
    names = {}
    for student_file in sorted(set(student_files)):
        text = unicodedata.normalize("NFC", student_file)
        if text.lower().endswith(".ipynb"):
            text = text[: -len(".ipynb")]
        text = "".join(ch if ch.isprintable() else " " for ch in text)
        base = _UNSAFE.sub("-", text.replace("/", "--").replace("\\", "--"))
        base = re.sub(r"\.{2,}", ".", base).strip(".-_ ") or "notebook"
        while len(base.encode("utf-8")) > _MAX_NAME_BYTES:
            base = base[:-1]
        if base.split(".")[0].lower() in _WINDOWS_RESERVED:
            base = "notebook-" + base
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.casefold())
        names[student_file] = name + ".html"
    return names


# --- the pages -----------------------------------------------------------------------------

#: How each status is shown: a symbol (hidden from screen readers, which read the word) and
#: a border style, so nothing rests on colour; the colours only repeat it, with ≥ 7:1 text.
_LOOK = {
    Status.PASSED: ("✔", "correct"),
    Status.NOT_YET: ("✘", "notyet"),
    Status.NOT_ANSWERED: ("…", "blank"),
    Status.NOT_CHECKED: ("?", "unchecked"),
    Status.NOT_GRADED: ("–", "unchecked"),
}
_RUN_SAID = {
    Run.COMPLETED: "Your notebook ran from top to bottom.",
    Run.TIMED_OUT: "Your notebook was stopped at the time limit.",
    Run.KERNEL_DIED: "Python stopped while running your notebook.",
    Run.KERNEL_FAILED: "Your notebook could not be started.",
    Run.NOT_A_NOTEBOOK: "The file handed in is not a notebook.",
    Run.NOT_RUN: "The file handed in was not run.",
    Run.UNKNOWN_LESSON: "The grader could not tell which lesson this notebook is.",
    Run.GRADER_FAILED: "The grader failed on this file; your instructor will look at it.",
    Run.MEMORY_LIMIT: "Your notebook needed more memory than each notebook may use.",
}
_CSS = """
:root{color:#111;background:#fff}
body{font:16px/1.5 "Helvetica Neue",Arial,"Liberation Sans",sans-serif;max-width:44em;
margin:0 auto;padding:1em}
h1{font-size:1.5em;margin:0.2em 0}h2{font-size:1.15em;margin:1.2em 0 0.4em}
.meta{color:#333;margin:0}.score{font-size:1.2em;font-weight:bold;margin:0.6em 0}
ol{list-style:none;padding:0;margin:0}
li{border:1px solid #777;border-left-width:0.5em;padding:0.5em 0.8em;margin:0 0 0.6em;
break-inside:avoid;overflow-wrap:anywhere}
li.correct{border-left-color:#006b4f;border-left-style:solid}
li.notyet{border-left-color:#a33a00;border-left-style:double;border-left-width:0.6em}
li.blank,li.unchecked{border-left-color:#555;border-left-style:dashed}
.status{font-weight:bold}.q{font-family:Menlo,Consolas,monospace;font-size:0.95em}
.run{border:1px solid #777;padding:0.2em 0.8em;overflow-wrap:anywhere}.run p{margin:0.4em 0}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #777;padding:0.3em 0.5em;
text-align:left;vertical-align:top;overflow-wrap:anywhere}
a{color:#0645ad}
@media print{body{font-size:11pt;max-width:none}a{color:#000}}
"""
_HEAD = (
    "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    # No script, no request of any kind: only the inline style below may apply.
    "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
    "style-src 'unsafe-inline'\">"
    "<meta name='robots' content='noindex'>"
    "<title>{title}</title><style>{css}</style></head><body>\n"
)


def _text(value: object) -> str:
    """Student-controlled text as safe HTML: control and direction characters become spaces
    (they could disguise a name), then everything is escaped."""
    shown = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return html.escape(shown, quote=True)


def _page(title: str, body: str) -> str:
    return _HEAD.format(title=_text(title), css=_CSS) + body + "\n</body></html>\n"


@dataclass(frozen=True)
class Lesson:
    """What a page says about a lesson: its number and, when known, its title."""

    id: str
    title: str = ""

    @property
    def heading(self) -> str:
        if not self.id:
            return "Unknown lesson"
        return f"Lesson {self.id}" + (f": {self.title}" if self.title else "")


def lesson_titles() -> dict[str, str]:
    """Each lesson's title from the catalogue; none if it cannot be read (pages still work)."""
    try:
        from geopolitics.catalogue import lessons

        return {lesson.id: lesson.title for lesson in lessons()}
    except Exception:  # a broken catalogue must not cost the students their pages
        return {}


def _student_notes(note: str) -> str:
    """The row's note without the instructor's warnings (they name other students' files)."""
    kept = [part for part in re.split(r"(?=WARNING: )", note) if not part.startswith("WARNING")]
    return " ".join(part.strip() for part in kept if part.strip())


def feedback_page(student_file: str, rows: Sequence[Row], graded_at: datetime,
                  titles: Mapping[str, str] | None = None) -> str:
    """One notebook's feedback page (``rows`` are that notebook's gradebook rows)."""
    first = rows[0]
    lesson = Lesson(first.lesson, (titles or {}).get(first.lesson, ""))
    asked = [r for r in rows if r.question_id]
    passed = sum(r.passed for r in asked)
    when = f"{graded_at:%d %B %Y at %H:%M}"
    parts = [
        f"<header><p class='meta'>Feedback on <strong>{_text(student_file)}</strong></p>",
        f"<h1>{_text(lesson.heading)}</h1>",
        f"<p class='meta'>Graded on {_text(when)}.</p></header><main>",
    ]
    if asked:
        parts.append(f"<p class='score'>{passed} of {len(asked)} questions correct.</p>")
    parts.append("<h2>Your notebook</h2>")
    run_said = _RUN_SAID[first.run]  # every Run is said (tests/test_feedback.py)
    notes = _student_notes(first.note)
    parts.append(f"<div class='run'><p>{_text(run_said)}</p>"
                 + (f"<p>{_text(notes)}</p>" if notes else "") + "</div>")
    if asked:
        parts.append("<h2>Question by question</h2><ol>")
        for row in asked:
            symbol, kind = _LOOK[row.status]
            # A passed question's own message may restate the answer: never show it.
            message = "Correct." if row.passed else row.result.message
            parts.append(
                f"<li class='{kind}'><span class='status'><span aria-hidden='true'>{symbol}"
                f"</span> {_text(row.status.label)}</span> &middot; "
                f"<span class='q'>{_text(row.question_id)}</span><br>{_text(message)}</li>")
        parts.append("</ol>")
    else:
        parts.append(f"<p>{_text(first.result.message)}</p>")
    parts.append(
        "<h2>What the words mean</h2><p><strong>Correct</strong>: the check passed. "
        "<strong>Not yet</strong>: answered, not right yet; the hint says what to look at. "
        "<strong>Not answered</strong>: the answer was still <code>...</code>. "
        "<strong>Not checked</strong>: the check cell did not run (an error in an earlier "
        "cell, or the notebook stopped). <strong>Not graded</strong>: the file could not be "
        "run.</p><p>Written answers are read by your instructor, not by this page.</p></main>")
    return _page(f"Feedback: {lesson.heading}", "".join(parts))


def index_page(entries: Sequence[tuple[str, str, str, str, str]], graded_at: datetime) -> str:
    """The instructor's list: (submission, page file, lesson, passed, run) per notebook."""
    body = "".join(
        f"<tr><td><a href='{html.escape(quote(page), quote=True)}'>{_text(name)}</a></td>"
        f"<td>{_text(lesson)}</td><td>{_text(passed)}</td><td>{_text(run)}</td></tr>"
        for name, page, lesson, passed, run in entries)
    return _page("Feedback pages", (
        f"<h1>Feedback pages</h1><p class='meta'>{len(entries)} notebook(s), graded on "
        f"{graded_at:%d %B %Y at %H:%M}. Each page is one file to hand back to its student; "
        "it needs no internet and runs no script.</p>"
        "<table><caption>One page per notebook handed in</caption><thead><tr>"
        "<th scope='col'>Notebook</th><th scope='col'>Lesson</th>"
        "<th scope='col'>Correct</th><th scope='col'>Run</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"))


def _by_notebook(rows: Iterable[Row]) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for row in rows:
        found.setdefault(row.student_file, []).append(row)
    return found


def write_feedback(rows: Sequence[Row], out: Path, graded_at: datetime,
                   titles: Mapping[str, str] | None = None) -> Path:
    """A page per notebook and ``index.html`` in ``out/feedback``; returns the index."""
    folder = out / FEEDBACK_FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()  # our own output folder, never followed elsewhere
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):  # pages of an earlier run, maybe of other students
        if old.is_file() or old.is_symlink():
            old.unlink()
    titles = lesson_titles() if titles is None else titles
    notebooks = _by_notebook(rows)
    names = page_names(notebooks)
    home = folder.resolve()
    entries = []
    for student_file in sorted(notebooks):
        own = notebooks[student_file]
        path = folder / names[student_file]
        if path.resolve().parent != home:  # page_names guarantees it; checked all the same
            raise GradingError(f"refusing to write a feedback page outside {folder}.")
        path.write_text(feedback_page(student_file, own, graded_at, titles), encoding="utf-8")
        asked = [r for r in own if r.question_id]
        passed = f"{sum(r.passed for r in asked)} of {len(asked)}" if asked else "–"
        entries.append((student_file, names[student_file], own[0].lesson, passed,
                        str(own[0].run)))
    index = folder / "index.html"
    index.write_text(index_page(entries, graded_at), encoding="utf-8")
    return index


# --- the Canvas file -----------------------------------------------------------------------

def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """The roster: for each ``student_key``, Canvas's Student, ID, SIS User ID, SIS Login ID
    and Section. Keys are matched without case; a bad file is a one-sentence error."""
    try:
        with path.expanduser().open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in ROSTER_COLUMNS if c not in header]
            if missing:
                raise GradingError(
                    f"the roster {path} lacks the column(s) {', '.join(missing)}; its first "
                    f"line must be: {','.join(ROSTER_COLUMNS)}")
            roster: dict[str, dict[str, str]] = {}
            for line in reader:
                entry = {(k or "").strip(): (v or "").strip() for k, v in line.items()
                         if isinstance(v, str)}
                key = entry.get(ROSTER_KEY, "")
                if not key:
                    continue
                if key.casefold() in roster:
                    raise GradingError(f"the roster {path} lists the student_key {key!r} "
                                       "twice; each student needs one line.")
                roster[key.casefold()] = {c: entry.get(c, "") for c in CANVAS_ID_COLUMNS}
            return roster
    except OSError as exc:
        raise GradingError(f"could not read the roster {path} ({exc.strerror or exc}).") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise GradingError(f"the roster {path} is not a UTF-8 CSV file ({exc}).") from None


def assignment_name(lesson: str) -> str:
    """The Canvas column for a lesson's checked questions."""
    return f"Lesson {lesson} exercises"


@dataclass
class CanvasTable:
    """The Canvas file's content, before it is written."""

    header: list[str]
    points: list[object]
    students: list[list[object]]
    unmatched: list[str]  # student keys the roster does not list
    absent: list[str]  # roster students who handed in nothing graded


def canvas_table(rows: Sequence[Row], roster: Mapping[str, Mapping[str, str]] | None = None,
                 assignment_ids: Mapping[str, str] | None = None) -> CanvasTable:
    """Scores per student and lesson: the questions passed in the student's best notebook."""
    best: dict[str, dict[str, int]] = {}
    possible: dict[str, int] = {}
    for student_file, own in _by_notebook(rows).items():
        lesson = own[0].lesson
        asked = [r for r in own if r.question_id]
        if not lesson or not asked:
            continue  # no lesson, no score: the gradebook and its page say why
        possible[lesson] = max(possible.get(lesson, 0), len(asked))
        scores = best.setdefault(student_key(student_file), {})
        scores[lesson] = max(scores.get(lesson, 0), sum(r.passed for r in asked))
    lessons = sorted(possible)
    ids = assignment_ids or {}
    header = [*CANVAS_ID_COLUMNS, *(
        f"{assignment_name(n)} ({ids[n]})" if ids.get(n) else assignment_name(n)
        for n in lessons)]
    points: list[object] = [POINTS_POSSIBLE, "", "", "", "", *(possible[n] for n in lessons)]
    roster = roster or {}
    students, unmatched = [], []
    for key in sorted(best, key=str.casefold):
        known = roster.get(key.casefold())
        if known is None:
            unmatched.append(key)
            ids_of = {"Student": key}
        else:
            ids_of = dict(known)
        students.append([*(ids_of.get(c, "") for c in CANVAS_ID_COLUMNS),
                         *(best[key].get(n, "") for n in lessons)])
    handed_in = {k.casefold() for k in best}
    absent = sorted(roster[k]["Student"] or k for k in roster if k not in handed_in)
    return CanvasTable(header, points, students, unmatched, absent)


def write_canvas(rows: Sequence[Row], out: Path,
                 roster: Mapping[str, Mapping[str, str]] | None = None,
                 assignment_ids: Mapping[str, str] | None = None) -> tuple[Path, list[str]]:
    """``out/canvas.csv``, and what the instructor should know about it (lines to print)."""
    table = canvas_table(rows, roster, assignment_ids)
    path = out / CANVAS_FILE
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.header)
        writer.writerow(table.points)
        for line in table.students:
            writer.writerow([_safe_cell(v) for v in line])
    said = []
    if roster is None:
        said.append(f"{CANVAS_FILE}: the ID, SIS User ID, SIS Login ID and Section columns "
                    "are empty and Student holds the folder or file name; give --roster "
                    "roster.csv (see docs/grading.md) or fill them in from a Canvas export.")
    elif table.unmatched:
        more = " ..." if len(table.unmatched) > 8 else ""
        shown = ", ".join(printable(k) for k in table.unmatched[:8]) + more
        said.append(f"{CANVAS_FILE}: the roster does not list {len(table.unmatched)} "
                    f"student(s), whose ID columns are empty: {shown}")
    if roster is not None and table.absent:
        said.append(f"{CANVAS_FILE}: {len(table.absent)} student(s) in the roster handed in "
                    "nothing graded (their cells are left out, so Canvas keeps their grades).")
    return path, said
