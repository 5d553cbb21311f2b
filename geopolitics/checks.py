"""Instant, specific feedback on exercise answers, without storing the answers in plain text.

``check(question_id, answer)`` compares an answer with the expected one and says what is
wrong and how to think about it, never what the answer is. It never raises: an unanswered
placeholder, a wrong type, NaN, an empty DataFrame or a value whose own methods fail all
come back as feedback. Expected answers are kept as salted SHA-256 digests of a canonical
form (:mod:`geopolitics.answers` reads each kind of answer); near misses that deserve a
specific hint are recognised by simple tests on the answer (for example "below 1: divided the
wrong way").

The verdicts speak one vocabulary, :class:`Status`, from ``check()`` through ``report()`` to
the instructor's gradebook (:mod:`geopolitics.course.gradebook`).

For grading, ``check()`` also keeps the last answer it was given for each question as plain
data (:func:`submitted`). The grader pulls that data out of a student's kernel and decides
each verdict itself, in its own process (:func:`verdict`), by the same code ``check()`` uses:
``check()`` judges the answer after a round trip through its plain form, so the two cannot
disagree. A kernel can be made to say anything about its verdicts; what it says is never
read. pandas is imported only when an answer is read.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from geopolitics.answers import Expectation, LooksUnanswered, Table, WrongKind, digest_of

NOT_ANSWERED = "Not answered yet: replace the `...` with your answer and run the cell again."


# --- feedback ------------------------------------------------------------------------------

class Status(StrEnum):
    """Where a question stands. The values are the words the gradebook's ``status`` column
    shows; :attr:`label` is the same word as a student sees it."""

    PASSED = "correct"
    NOT_YET = "not yet"  # answered, not right yet
    NOT_ANSWERED = "not answered"  # still the ``...`` placeholder
    NOT_CHECKED = "not checked"  # the check never ran in this session
    NOT_GRADED = "not graded"  # grading only: the file could not be run at all

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]

    @property
    def passed(self) -> bool:
        return self is Status.PASSED


@dataclass(frozen=True)
class Result:
    """One question's verdict as the grader decides it (:func:`verdict`) and a gradebook row
    shows it. ``passed`` follows from the status, never beside it."""

    question: str
    status: Status
    message: str

    @property
    def passed(self) -> bool:
        return self.status.passed


@dataclass(frozen=True)
class Feedback:
    """The result of one check: whether it passed and what to do next."""

    question: str
    passed: bool
    message: str
    answered: bool = True

    @property
    def status(self) -> Status:
        if self.passed:
            return Status.PASSED
        return Status.NOT_YET if self.answered else Status.NOT_ANSWERED

    @property
    def label(self) -> str:
        return self.status.label

    def result(self) -> Result:
        return Result(self.question, self.status, self.message)

    def __str__(self) -> str:
        mark = "✔" if self.passed else ("✘" if self.answered else "…")
        return f"{mark} {self.question} — {self.label}. {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        # The symbol and the word carry the result; the colour only repeats it.
        border = "#009E73" if self.passed else ("#D55E00" if self.answered else "#999999")
        mark = "✔" if self.passed else ("✘" if self.answered else "…")
        return (
            f'<div role="status" style="border-left:5px solid {border};padding:0.3em 0.8em">'
            f"<strong>{mark} {html.escape(self.label)}</strong> "
            f"<code>{html.escape(self.question)}</code>: {html.escape(self.message)}</div>"
        )


# --- questions ---------------------------------------------------------------------------

Predicate = Callable[[Any], bool]


@dataclass
class Question:
    """One checked question: what it expects, the digest of the answer, and its hints."""

    id: str
    lesson: str
    expects: Expectation
    digests: Sequence[str] = ()
    hints: Sequence[tuple[Predicate, str]] = ()
    wrong: str = "Re-read the question and check each step of your working."
    unordered_digest: str | None = None
    passed_message: str = "Well done."
    extra_check: Callable[[Any], str | None] | None = None

    def assess(self, answer: Any) -> Feedback:
        """Read the answer and judge it, as :meth:`submit` does."""
        return self.submit(answer)[0]

    def submit(self, answer: Any) -> tuple[Feedback, dict[str, Any]]:
        """The feedback on an answer, and what the grader will judge: the answer as plain
        data (``{"value": ...}``), or ``{"wrong_kind": True}`` if it is not of the right kind.

        The feedback judges the answer read back from its plain form, as the grader does.
        """
        try:
            plain = self.expects.to_plain(self.expects.read(answer))
            value = self.expects.from_plain(plain)
        except LooksUnanswered as exc:
            return (Feedback(self.id, False, str(exc), answered=False),
                    {"answered": False})
        except WrongKind as exc:
            return Feedback(self.id, False, str(exc)), {"wrong_kind": True}
        return self.judge(value), {"value": plain}

    def judge(self, value: Any) -> Feedback:
        """The verdict on an answer already read (:meth:`Expectation.read`)."""
        if self.extra_check is not None:
            problem = self.extra_check(value)
            if problem:
                return Feedback(self.id, False, problem)
        forms = self.expects.forms(value)
        if forms and any(digest_of(self.id, form) in self.digests for form in forms):
            return Feedback(self.id, True, self.passed_message)
        if not forms and self.extra_check is not None:
            return Feedback(self.id, True, self.passed_message)
        if self.unordered_digest and isinstance(self.expects, Table):
            unordered = self.expects.unordered_form(value)
            if digest_of(self.id, unordered) == self.unordered_digest:
                return Feedback(self.id, False, "These are the right rows in the wrong "
                                "order: sort them as the question asks.")
        for predicate, message in self.hints:
            try:
                if predicate(value):
                    return Feedback(self.id, False, message)
            except Exception:  # a hint that cannot judge this answer simply does not apply
                continue
        near = getattr(self.expects, "near_forms", None)
        if near is not None and any(digest_of(self.id, f) in self.digests for f in near(value)):
            return Feedback(self.id, False, self.expects.near_miss())
        return Feedback(self.id, False, self.wrong)


_REGISTRY: dict[str, Question] = {}
_RESULTS: dict[str, Feedback] = {}
#: The last answer given to each question in this session, as the grader will judge it.
_SUBMITTED: dict[str, dict[str, Any]] = {}


def register(*items: Question) -> None:
    """Add questions to the registry (each lesson module calls this on import)."""
    for question in items:
        if question.id in _REGISTRY:
            raise ValueError(f"question id {question.id} is defined twice")
        _REGISTRY[question.id] = question


def _load_lessons() -> None:
    if not _REGISTRY:
        from geopolitics.question_banks import load_all

        load_all()


def questions(lesson: str | None = None) -> list[str]:
    """The ids of every checked question, or of one lesson's (e.g. ``questions("00")``)."""
    _load_lessons()
    return [q.id for q in _REGISTRY.values() if lesson is None or q.lesson == str(lesson)]


def lessons() -> list[str]:
    """The lessons that have checked questions, in order (``["00", "01", ...]``)."""
    _load_lessons()
    return sorted({q.lesson for q in _REGISTRY.values()})


def check(question_id: Any, answer: Any = ...) -> Feedback:
    """Check an answer and say what to do next; never raises, whatever it is given."""
    qid = "unknown question"
    try:
        _load_lessons()
        qid = str(question_id)
        question = _REGISTRY.get(qid)
        if question is None:
            return Feedback(qid[:80], False, _unknown(qid), answered=False)
        if answer is ... or answer is NotImplemented:
            feedback = Feedback(qid, False, NOT_ANSWERED, answered=False)
            _SUBMITTED[qid] = {"answered": False}
        else:
            feedback, _SUBMITTED[qid] = question.submit(answer)
    except Exception as exc:  # the promise is: feedback, never a traceback
        feedback = Feedback(
            qid[:80], False,
            f"The checker could not read this answer ({type(exc).__name__}). Make sure it is "
            "the kind of answer the question asks for, then run the cell again.",
        )
        if qid in _REGISTRY:
            _SUBMITTED[qid] = {"wrong_kind": True}
    _RESULTS[feedback.question] = feedback
    if feedback.question in _REGISTRY:
        _keep(feedback)
    return feedback


def _keep(feedback: Feedback) -> None:
    """Add a check to the sheet's record of progress (:mod:`geopolitics.progress`)."""
    try:
        from geopolitics import progress

        progress.current().note(feedback.question, feedback.status.value)
    except Exception:  # a record is a convenience: it must never cost a check
        pass


def _unknown(qid: str) -> str:
    """What to say about a question id that does not exist: the nearest, and where the ids
    are (a sheet imports ``check``, not ``questions``, so the message names the import)."""
    close = difflib.get_close_matches(qid, list(_REGISTRY), n=1)
    said = f"There is no question called '{qid[:80]}'."
    if close:
        said += f" Did you mean '{close[0]}'?"
    lesson = qid[1:3] if qid[:1] == "q" and qid[1:3].isdigit() else None
    same = [q for q in _REGISTRY if lesson and _REGISTRY[q].lesson == lesson]
    if same and not close:
        said += f" Lesson {lesson}'s questions are {', '.join(same)}."
    return said + (" Copy the id from the sheet's check cell; `from geopolitics import "
                   "questions` then `questions()` lists every id.")


@dataclass
class Report:
    """Where a lesson's questions stand: each one's latest result and, where the sheet keeps
    a record (:mod:`geopolitics.progress`), whether it has passed at least once."""

    lesson: str
    results: list[Feedback] = field(default_factory=list)  # the latest result of each
    total: int = 0
    passed_before: set[str] = field(default_factory=set)  # passed once, whatever came after
    kept_in: str = ""  # the record's file name, where one is kept
    trouble: str = ""  # why the record started again or is not being saved

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def passed_once(self) -> int:
        return sum(r.passed or r.question in self.passed_before for r in self.results)

    def _open(self) -> list[tuple[str, str]]:
        """The questions not passing with their latest answer: (id, what to say)."""
        return [(r.question, r.label + (" (passed earlier)"
                                        if r.question in self.passed_before else ""))
                for r in self.results if not r.passed]

    def _lines(self) -> tuple[str, list[str]]:
        head = (f"Lesson {self.lesson}: {self.passed} of {self.total} checked questions "
                "passed with your latest answers")
        if self.passed_once > self.passed:
            head += f"; {self.passed_once} of {self.total} have passed at least once"
        notes = []
        if self.kept_in:
            notes.append(f"Kept in {self.kept_in} beside this sheet, so a restart does not "
                         "lose it. A graded sheet counts the answers it gives when it is run "
                         "from the top.")
        if self.trouble:
            notes.append(f"Note: {self.trouble}.")
        elif not self.kept_in:
            notes.append("No record is kept here, so a restart forgets these results: a record "
                         "is kept beside an exercise sheet opened in JupyterLab or Notebook, "
                         "which tell the kernel the sheet's name.")
        return head + ".", notes

    def __str__(self) -> str:
        head, notes = self._lines()
        return "\n".join([head, *(f"  {said}: {q}" for q, said in self._open()), *notes])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head, notes = self._lines()
        rows = "".join(f"<li>{html.escape(said)}: <code>{html.escape(q)}</code></li>"
                       for q, said in self._open())
        after = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
        return (f'<div role="status"><strong>{html.escape(head)}</strong><ul>{rows}</ul>'
                f"{after}</div>")


def report(lesson: str) -> Report:
    """Where a lesson's questions stand, for the end of an exercise sheet: this session's
    latest results, and on a sheet the record kept beside it, which survives a restart."""
    from geopolitics import progress

    ids = questions(str(lesson))
    record = progress.current()
    results = []
    for qid in ids:
        entry = record.entries.get(qid)
        if qid in _RESULTS:
            results.append(_RESULTS[qid])
        elif entry is not None:  # checked before the kernel restarted
            results.append(Feedback(qid, entry.latest == Status.PASSED.value,
                                    "(from your record)",
                                    answered=entry.latest != Status.NOT_ANSWERED.value))
        else:
            results.append(Feedback(qid, False, NOT_ANSWERED, answered=False))
    before = {q for q in ids if q in record.entries
              and record.entries[q].best == Status.PASSED.value}
    kept = record.path.name if record.path is not None else ""
    return Report(str(lesson), results, len(ids), before, kept, record.trouble)


NOT_CHECKED = "The check for this question did not run in this session."
UNREADABLE = ("What the notebook recorded for this question could not be read back as an "
              "answer, so it was not checked.")


def question(question_id: str) -> Question:
    """For tools: the registered question of this id (KeyError if there is none)."""
    _load_lessons()
    return _REGISTRY[question_id]


def answers_question(question_id: str, value: Any) -> bool:
    """For question banks: whether ``value`` is the question's answer, compared by digest as
    :func:`check` compares. A hint can then recognise a slip (a ratio upside down, figures in
    different units) by undoing it, without the answer being written anywhere."""
    asked = question(question_id)
    try:
        forms = asked.expects.forms(value)
    except Exception:  # a value the question's reader would refuse is no answer
        return False
    return any(digest_of(question_id, form) in asked.digests for form in forms)


def submitted(lesson: str) -> dict[str, dict[str, Any]]:
    """For the grader: the last answer given to each of a lesson's questions in this session,
    as plain data, by question id (questions never checked are left out)."""
    return {qid: _SUBMITTED[qid] for qid in questions(str(lesson)) if qid in _SUBMITTED}


def verdict(question_id: str, entry: Any) -> Result:
    """The grader's verdict on one question, from what :func:`submitted` gave for it.

    ``entry`` comes from a student's kernel, where anything may have been redefined, so it is
    only data: it is read back by the question's own kind and judged against this process's
    question bank. What cannot be read back cleanly is NOT_CHECKED, never passed.
    """
    asked = question(question_id)
    if entry is None:
        return Result(question_id, Status.NOT_CHECKED, NOT_CHECKED)
    if entry == {"answered": False}:
        return Result(question_id, Status.NOT_ANSWERED, NOT_ANSWERED)
    if entry == {"wrong_kind": True}:
        return Result(question_id, Status.NOT_YET,
                      f"The answer was not {asked.expects.noun}: see the check's message "
                      "in the notebook.")
    if not isinstance(entry, dict) or set(entry) != {"value"}:
        return Result(question_id, Status.NOT_CHECKED, UNREADABLE)
    try:
        value = asked.expects.from_plain(entry["value"])
    except Exception:  # WrongKind, or anything a hostile value makes the reader do
        return Result(question_id, Status.NOT_CHECKED, UNREADABLE)
    try:
        return asked.judge(value).result()
    except Exception as exc:  # a bug in a check must not cost the rest of the class
        return Result(question_id, Status.NOT_CHECKED,
                      f"The grader could not judge this answer ({type(exc).__name__}).")


def digest(question_id: str, answer: Any) -> list[str]:
    """For authors: the digests that make ``answer`` correct for a new or changed question."""
    _load_lessons()
    question = _REGISTRY[question_id]
    value = question.expects.read(answer)
    found = [digest_of(question_id, question.expects.forms(value)[0])]
    if isinstance(question.expects, Table):
        found.append(digest_of(question_id, question.expects.unordered_form(value)))
    return found
