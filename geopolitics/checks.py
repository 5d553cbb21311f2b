"""Instant, specific feedback on exercise answers, without storing the answers in plain text.

``check(question_id, answer)`` compares an answer with the expected one and says what is
wrong and how to think about it, never what the answer is. It never raises: an unanswered
placeholder, a wrong type, NaN, an empty DataFrame or a value whose own methods fail all
come back as feedback. Expected answers are kept as salted SHA-256 digests of a canonical
form (:mod:`geopolitics.answers` reads each kind of answer); near misses that deserve a
specific hint are recognised by simple tests on the answer (for example "below 1: divided the
wrong way").

The verdicts speak one vocabulary, :class:`Status`, from ``check()`` through ``report()`` and
``results()`` to the instructor's gradebook (:mod:`geopolitics.course.gradebook`). pandas is
imported only when an answer is read, so the grader can use :class:`Status` and
:class:`Result` without loading it.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from geopolitics.answers import Expectation, Table, WrongKind, digest_of

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
    """One question's verdict as a tool reads it: from ``results()`` in a kernel, through
    the grader, to a gradebook row. ``passed`` follows from the status, never beside it."""

    question: str
    status: Status
    message: str

    @property
    def passed(self) -> bool:
        return self.status.passed

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (what ``results()`` hands over from a kernel)."""
        return {"question": self.question, "status": self.status.value,
                "passed": self.passed, "message": self.message}

    @classmethod
    def from_json(cls, data: Any) -> Result | None:
        """Read :meth:`to_json`'s data back; None for anything that is not such data (it
        comes from a student's kernel, where anything may have been redefined)."""
        if not isinstance(data, Mapping):
            return None
        question, status, message = (data.get(k) for k in ("question", "status", "message"))
        if not isinstance(question, str) or not isinstance(message, str):
            return None
        try:
            return cls(question, Status(status), message)
        except ValueError:
            return None


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
        try:
            value = self.expects.read(answer)
        except WrongKind as exc:
            return Feedback(self.id, False, str(exc))
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
        return Feedback(self.id, False, self.wrong)


_REGISTRY: dict[str, Question] = {}
_RESULTS: dict[str, Feedback] = {}


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
            close = difflib.get_close_matches(qid, list(_REGISTRY), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            feedback = Feedback(qid[:80], False, f"There is no question called '{qid[:80]}'."
                                f"{hint} The question ids are listed by questions().",
                                answered=False)
            return feedback
        if answer is ... or answer is NotImplemented:
            feedback = Feedback(qid, False, NOT_ANSWERED, answered=False)
        else:
            feedback = question.assess(answer)
    except Exception as exc:  # the promise is: feedback, never a traceback
        feedback = Feedback(
            qid[:80], False,
            f"The checker could not read this answer ({type(exc).__name__}). Make sure it is "
            "the kind of answer the question asks for, then run the cell again.",
        )
    _RESULTS[feedback.question] = feedback
    return feedback


@dataclass
class Report:
    """How many of a lesson's questions have passed so far in this session."""

    lesson: str
    results: list[Feedback] = field(default_factory=list)
    total: int = 0

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    def __str__(self) -> str:
        lines = [f"Lesson {self.lesson}: {self.passed} of {self.total} checked questions passed."]
        for result in self.results:
            if not result.passed:
                lines.append(f"  {result.label}: {result.question}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{html.escape(r.label)}: <code>{html.escape(r.question)}</code></li>"
                       for r in self.results if not r.passed)
        head = html.escape(str(self).splitlines()[0])
        return f'<div role="status"><strong>{head}</strong><ul>{rows}</ul></div>'


def report(lesson: str) -> Report:
    """A summary of this session's checks for one lesson, for the end of an exercise sheet."""
    ids = questions(str(lesson))
    results = [_RESULTS.get(qid, Feedback(qid, False, NOT_ANSWERED, answered=False))
               for qid in ids]
    return Report(str(lesson), results, len(ids))


NOT_CHECKED = "The check for this question did not run in this session."


def session_results(lesson: str) -> list[Result]:
    """Where each of a lesson's questions stands in this session, one :class:`Result` each.

    Unlike :func:`report`, it tells a question whose check cell never ran (NOT_CHECKED) from
    one whose answer is still the ``...`` placeholder (NOT_ANSWERED), because for an
    instructor those are different problems.
    """
    found = []
    for qid in questions(str(lesson)):
        feedback = _RESULTS.get(qid)
        found.append(Result(qid, Status.NOT_CHECKED, NOT_CHECKED) if feedback is None
                     else feedback.result())
    return found


def results(lesson: str) -> list[dict[str, Any]]:
    """:func:`session_results` as plain JSON-ready data, for tools rather than students: the
    grader (``geopolitics.course.grading``) reads this from a student's kernel."""
    return [result.to_json() for result in session_results(lesson)]


def digest(question_id: str, answer: Any) -> list[str]:
    """For authors: the digests that make ``answer`` correct for a new or changed question."""
    _load_lessons()
    question = _REGISTRY[question_id]
    value = question.expects.read(answer)
    found = [digest_of(question_id, question.expects.forms(value)[0])]
    if isinstance(question.expects, Table):
        found.append(digest_of(question_id, question.expects.unordered_form(value)))
    return found
