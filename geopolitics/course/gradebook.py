"""The gradebook: one row per notebook and question, the per-question summary and its chart.

A question's verdict travels as one :class:`geopolitics.checks.Result`, decided by the grader
(:func:`geopolitics.checks.verdict`), to a :class:`Row` here and on to ``gradebook.csv``; its
status is a :class:`geopolitics.checks.Status` all the way, so no one parses English to count
it, and a row's ``passed`` follows from its status. What became of the notebook as a whole is
a :class:`Run` (the ``run`` column). Messages and notes are cut to a fixed length, so no
submission can make a cell of the CSV too large to open.

Only the standard library is loaded here until the chart is drawn; the summary chart imports
pandas and Altair when it is made.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopolitics.checks import NOT_CHECKED, Result, Status
from geopolitics.course.submissions import GradingError, Run, Submission
from geopolitics.text import one_line

COLUMNS = ["student_file", "lesson", "question_id", "passed", "status", "message", "run",
           "note"]
#: The longest message and note a gradebook cell holds, in characters.
MAX_MESSAGE, MAX_NOTE = 400, 1_000
SUMMARY_COLUMNS = ["lesson", "question_id", "notebooks", "passed", "pass_rate_percent",
                   "not_answered", "not_checked"]


@dataclass
class Outcome:
    """What happened to one submission, ready to become gradebook rows."""

    submission: Submission
    run: Run
    notes: list[str] = field(default_factory=list)
    results: list[Result] | None = None  # None: the kernel never answered the question
    seconds: float = 0.0
    stopped_at: int | None = None  # the cell (1-based) where a time limit or exit hit


@dataclass(frozen=True)
class Row:
    """One line of ``gradebook.csv``: a question's result in one student's notebook."""

    student_file: str
    lesson: str
    result: Result
    run: Run
    note: str = ""

    @property
    def question_id(self) -> str:
        return self.result.question

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def passed(self) -> bool:
        return self.result.passed

    def cells(self) -> dict[str, Any]:
        """The row as the CSV has it, column by column."""
        return {"student_file": self.student_file, "lesson": self.lesson,
                "question_id": self.result.question, "passed": self.result.passed,
                "status": self.result.status.value,
                "message": one_line(self.result.message, MAX_MESSAGE),
                "run": self.run.value, "note": one_line(self.note, MAX_NOTE)}


def rows_for(outcome: Outcome, questions: Sequence[str]) -> list[Row]:
    """One row per question of the notebook's lesson (``questions``, in order); one row in all
    if the lesson is unknown."""
    sub = outcome.submission
    note = " ".join(outcome.notes)
    problem = sub.problem.message if sub.problem else None

    def row(result: Result) -> Row:
        return Row(sub.name, sub.lesson or "", result, outcome.run, note)

    if sub.lesson is None:
        return [row(Result("", Status.NOT_GRADED, problem or "not graded."))]
    found = {r.question: r for r in outcome.results or []}
    rows = []
    for qid in questions:
        result = found.get(qid)
        if problem:
            result = Result(qid, Status.NOT_GRADED, problem)
        elif result is None or result == Result(qid, Status.NOT_CHECKED, NOT_CHECKED):
            result = Result(qid, Status.NOT_CHECKED, _why_unchecked(outcome, qid))
        rows.append(row(result))
    return rows


def _check_cell(notebook: Any, qid: str) -> int | None:
    """The first cell (1-based) that mentions a question id, where its check should be."""
    for index, cell in enumerate(getattr(notebook, "cells", [])):
        if cell.get("cell_type") == "code" and qid in str(cell.get("source", "")):
            return index + 1
    return None


def _why_unchecked(outcome: Outcome, qid: str) -> str:
    """Why a question's check never ran, as precisely as the notebook shows."""
    cell = _check_cell(outcome.submission.notebook, qid)
    if cell is None:
        return "This notebook has no check for this question (the check cell was deleted?)."
    if outcome.stopped_at is not None and cell >= outcome.stopped_at:
        return (f"The notebook stopped in cell {outcome.stopped_at}, before this question's "
                f"check (cell {cell}).")
    if outcome.results is None:
        return (f"The check (cell {cell}) did not run: the checker was never imported, or "
                "the notebook could not run.")
    return f"The check (cell {cell}) did not run: an error in that cell or an earlier one?"


def _safe_cell(value: Any) -> Any:
    """Student-controlled text must not become a spreadsheet formula when the CSV is opened."""
    if not isinstance(value, str):
        return value
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_gradebook(rows: list[Row], out: Path) -> Path:
    path = out / "gradebook.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _safe_cell(v) for k, v in row.cells().items()})
    return path


def summarise(rows: list[Row]) -> list[dict[str, Any]]:
    """Per question: how many notebooks of its lesson passed, were unanswered or unchecked.

    Questions come lesson by lesson, each lesson's in the order its rows list them (which is
    the lesson's own order: every notebook of a lesson has a row for each of its questions).
    """
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        if not row.question_id:
            continue
        entry = table.setdefault(row.question_id, {
            "lesson": row.lesson, "question_id": row.question_id, "notebooks": 0,
            "passed": 0, "not_answered": 0, "not_checked": 0})
        entry["notebooks"] += 1
        entry["passed"] += row.passed
        entry["not_answered"] += row.status is Status.NOT_ANSWERED
        entry["not_checked"] += row.status in {Status.NOT_CHECKED, Status.NOT_GRADED}
    for entry in table.values():
        entry["pass_rate_percent"] = round(100 * entry["passed"] / entry["notebooks"], 1)
    first_seen = {qid: n for n, qid in enumerate(table)}
    return sorted(table.values(), key=lambda e: (e["lesson"], first_seen[e["question_id"]]))


def write_summary(summary: list[dict[str, Any]], out: Path) -> Path:
    path = out / "summary.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        writer.writerows(summary)
    return path


def summary_chart(summary: list[dict[str, Any]]) -> Any:
    """Pass rate per question as labelled bars, in the kit's style (no meaning by colour)."""
    import altair as alt
    import pandas as pd

    import geopolitics.charts  # noqa: F401  (registers and enables the kit's theme)

    frame = pd.DataFrame(summary)
    frame["label"] = [f"{p} of {n} ({r:.0f}%)" for p, n, r in
                      zip(frame["passed"], frame["notebooks"], frame["pass_rate_percent"],
                          strict=True)]
    lowest = frame.sort_values("pass_rate_percent").iloc[0]
    notebooks = ", ".join(f"lesson {lesson}: {n}" for lesson, n in
                          frame.groupby("lesson")["notebooks"].max().items())
    description = (
        "Horizontal bar chart, one bar per checked question, showing the percentage of the "
        f"graded notebooks ({notebooks}) whose answer passed its check; each bar is labelled "
        f"with the count. The lowest is {lowest['question_id']} at "
        f"{lowest['pass_rate_percent']:.0f}%."
    )
    order = list(frame["question_id"])
    x_title = "Notebooks that passed (% of notebooks)"
    base = alt.Chart(frame).encode(y=alt.Y("question_id:N", title="Question", sort=order))
    bars = base.mark_bar().encode(
        x=alt.X("pass_rate_percent:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
        tooltip=["question_id", "passed", "notebooks", "pass_rate_percent"])
    labels = base.mark_text(align="left", dx=4, fontSize=14).encode(
        x=alt.X("pass_rate_percent:Q", title=x_title), text="label:N")
    return (bars + labels).properties(
        title="Share of notebooks that passed each checked question", description=description,
        width=460, height=alt.Step(26))


def write_chart(summary: list[dict[str, Any]], out: Path, heading: str) -> list[Path]:
    """``summary.svg`` and ``summary.html``: drawn on this machine, no script, no CDN."""
    from geopolitics.charts import audit, svg_figure

    chart = summary_chart(summary)
    spec = chart.to_dict()
    problems = audit(spec)
    if problems:  # the kit's own chart must pass its own audit
        raise GradingError("the summary chart fails the accessibility check: "
                           + " ".join(problems))
    figure = svg_figure(spec)
    svg = figure[figure.index("<svg"): figure.rindex("</svg>") + len("</svg>")]
    (out / "summary.svg").write_text(svg, encoding="utf-8")
    header = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in SUMMARY_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(e[c]))}</td>" for c in SUMMARY_COLUMNS)
        + "</tr>" for e in summary)
    page = (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>Grading summary</title><style>body{font-family:Helvetica Neue,Arial,"
        "sans-serif;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:"
        "collapse}td,th{border:1px solid #999;padding:0.2em 0.6em;text-align:left}</style>"
        f"</head><body><h1>Grading summary</h1><p>{html.escape(heading)}</p>{figure}"
        f"<p>{html.escape(str(spec.get('description', '')))}</p>"
        f"<p>Status words: <em>{Status.NOT_ANSWERED}</em> means the answer was still the "
        f"placeholder; <em>{Status.NOT_CHECKED}</em> means the check never ran (the notebook "
        "stopped, or was not a notebook).</p>"
        f"<table><caption>Per question</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>\n"
    )
    (out / "summary.html").write_text(page, encoding="utf-8")
    return [out / "summary.svg", out / "summary.html"]


def printable(text: str) -> str:
    """Text safe to print on the instructor's terminal (no control characters)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def print_summary(summary: list[dict[str, Any]], outcomes: list[Outcome]) -> None:
    if summary:
        width = max(len("question"), *(len(e["question_id"]) for e in summary))
        print(f"\n{'question':<{width}}  passed          not answered  never checked")
        for e in summary:
            passed = f"{e['passed']} of {e['notebooks']} ({e['pass_rate_percent']:.0f}%)"
            print(f"{e['question_id']:<{width}}  {passed:<15} {e['not_answered']:>12}  "
                  f"{e['not_checked']:>13}")
    troubled = [o for o in outcomes if o.run is not Run.COMPLETED or o.notes]
    if troubled:
        print("\nNotebooks to look at:")
        for o in troubled:
            problem = o.submission.problem.message if o.submission.problem else ""
            said = " ".join(o.notes) or problem or o.run.value
            print(f"  {printable(o.submission.name)}: {printable(said)}")
