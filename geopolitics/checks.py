"""Instant, specific feedback on exercise answers, without storing the answers in plain text.

``check(question_id, answer)`` compares an answer with the expected one and says what is
wrong and how to think about it, never what the answer is. It never raises: an unanswered
placeholder, a wrong type, NaN, an empty DataFrame or a value whose own methods fail all
come back as feedback. Expected answers are kept as salted SHA-256 digests of a canonical
form (a number rounded to the precision asked for, a table written out row by row), so a
student cannot read them off the package; near misses that deserve a specific hint are
recognised by simple tests on the answer (for example "below 1: divided the wrong way").

The verdicts speak one vocabulary, :class:`Status`, from ``check()`` through ``report()`` and
``results()`` to the instructor's gradebook (:mod:`geopolitics.course.gradebook`). pandas is
imported only when an answer is read, so the grader can use :class:`Status` and
:class:`Result` without loading it.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

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


# --- canonical forms and digests -----------------------------------------------------------

def _digest(question: str, canonical: str) -> str:
    return hashlib.sha256(f"{question}|{canonical}".encode()).hexdigest()


def _number_forms(value: float, decimals: int) -> list[str]:
    """The rounded value and its two neighbours, so an answer one step off still passes."""
    step = 10.0 ** (-decimals)
    rounded = round(value, decimals)
    return [f"{round(rounded + k * step, decimals):.{decimals}f}" for k in (0, -1, 1)]


def _cell(value: Any, decimals: int) -> str:
    import pandas as pd

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{round(float(value), decimals):.{decimals}f}"
    return str(value).strip()


def _table_form(frame: pd.DataFrame, columns: Sequence[str], decimals: int) -> str:
    rows = (
        ",".join(_cell(v, decimals) for v in row)
        for row in frame[list(columns)].itertuples(index=False, name=None)
    )
    return "\n".join(rows)


# --- what kind of answer a question expects ------------------------------------------------

class Expectation:
    """How to read an answer of one kind, and how to reduce it to a canonical form."""

    noun = "an answer"

    def read(self, answer: Any) -> Any:
        """Return the answer in a normal form, or raise WrongKind saying what was expected."""
        raise NotImplementedError

    def forms(self, value: Any) -> list[str]:
        """Canonical strings; the first is the answer's own, the rest count as equivalent."""
        raise NotImplementedError


class WrongKind(Exception):
    """The answer is not of the kind the question asks for (said in words for a student)."""


def _kind_of(answer: Any) -> str:
    name = type(answer).__name__
    return {"str": "text (a string)", "NoneType": "None", "bool": "True/False", "list": "a list",
            "dict": "a dict", "tuple": "a tuple", "DataFrame": "a DataFrame",
            "Series": "a Series", "float": "a number", "int": "a whole number"}.get(
                name, f"a {name}")


@dataclass
class Number(Expectation):
    """A single number, compared after rounding to ``decimals`` places."""

    decimals: int = 1
    unit: str = ""
    noun = "a single number"

    def read(self, answer: Any) -> float:
        import pandas as pd

        if isinstance(answer, pd.Series | pd.DataFrame) and answer.size == 1:
            raise WrongKind(
                f"You gave {_kind_of(answer)} holding one value; the question asks for "
                "the number itself. Take it out with `.item()`."
            )
        if isinstance(answer, str):
            raise WrongKind(
                "You gave text (a string). Write the number without quotes, e.g. 12.5 "
                "not '12.5'."
            )
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
            raise WrongKind(f"Expected {self.noun}, but you gave {_kind_of(answer)}.")
        value = float(answer)
        if math.isnan(value):
            raise WrongKind("Your answer is NaN (not a number): a value was missing "
                            "somewhere in the calculation. Check the rows you selected.")
        if math.isinf(value):
            raise WrongKind("Your answer is infinite: did you divide by zero?")
        return value

    def forms(self, value: float) -> list[str]:
        return _number_forms(value, self.decimals)


@dataclass
class WholeNumber(Expectation):
    """A count or a number of days."""

    noun = "a whole number"

    def read(self, answer: Any) -> int:
        import pandas as pd

        if isinstance(answer, pd.Timedelta):
            raise WrongKind("You gave a time span (a Timedelta). Take the number of days "
                            "out of it with `.days`.")
        value = Number(decimals=0).read(answer)
        if not float(value).is_integer():
            raise WrongKind(f"Expected {self.noun}, but {value} has a fractional part.")
        return int(value)

    def forms(self, value: int) -> list[str]:
        return [str(int(value))]


@dataclass
class Choice(Expectation):
    """One option out of a fixed list, given as its letter or name."""

    options: Sequence[str] = ()
    noun = "one of the options"

    def read(self, answer: Any) -> str:
        if not isinstance(answer, str):
            raise WrongKind(
                f"Expected one option as text, e.g. \"{self.options[0]}\", but you gave "
                f"{_kind_of(answer)}."
            )
        value = answer.strip().strip("\"'").lower()
        allowed = [o.lower() for o in self.options]
        if value not in allowed:
            shown = ", ".join(f'"{o}"' for o in self.options)
            raise WrongKind(f"Choose one of {shown}.")
        return value

    def forms(self, value: str) -> list[str]:
        return [value]


@dataclass
class Table(Expectation):
    """A DataFrame with given columns and number of rows, compared cell by cell."""

    columns: Sequence[str] = ()
    rows: int | None = None
    decimals: int = 3
    noun = "a DataFrame"

    def read(self, answer: Any) -> pd.DataFrame:
        import pandas as pd

        if isinstance(answer, pd.Series):
            raise WrongKind("You gave a Series (one column). The question asks for a "
                            f"DataFrame with the columns {', '.join(self.columns)}: select "
                            "them with a list, df[[...]].")
        if not isinstance(answer, pd.DataFrame):
            raise WrongKind(f"Expected {self.noun}, but you gave {_kind_of(answer)}.")
        missing = [c for c in self.columns if c not in answer.columns]
        if missing:
            raise WrongKind(
                f"Your DataFrame has no column {', '.join(map(repr, missing))}. It needs "
                f"exactly the columns {', '.join(self.columns)}."
            )
        extra = [str(c) for c in answer.columns if c not in self.columns]
        if extra:
            raise WrongKind(f"Your DataFrame has extra columns ({', '.join(extra)}); keep "
                            f"only {', '.join(self.columns)}.")
        if answer.empty:
            raise WrongKind("Your DataFrame has no rows: the filter kept nothing. Check "
                            "the spelling and capitals of the values you compared with.")
        if self.rows is not None and len(answer) != self.rows:
            more = "more" if len(answer) > self.rows else "fewer"
            raise WrongKind(f"Your DataFrame has {len(answer)} rows; that is {more} than "
                            "expected. Check each condition of your filter.")
        return answer

    def forms(self, value: pd.DataFrame) -> list[str]:
        return [_table_form(value, self.columns, self.decimals)]

    def unordered_form(self, value: pd.DataFrame) -> str:
        return "\n".join(sorted(_table_form(value, self.columns, self.decimals).split("\n")))


@dataclass
class ChartAnswer(Expectation):
    """An Altair chart with a given mark, encodings and everything a reader needs."""

    mark: str = "bar"
    fields: Sequence[str] = ()
    noun = "an Altair chart"

    def read(self, answer: Any) -> dict[str, Any]:
        import altair as alt

        if not isinstance(answer, alt.TopLevelMixin):
            raise WrongKind(f"Expected {self.noun} (made with alt.Chart(...)), but you gave "
                            f"{_kind_of(answer)}.")
        return answer.to_dict(validate=False)

    def forms(self, value: dict[str, Any]) -> list[str]:  # charts are checked structurally
        return []


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
        if forms and any(_digest(self.id, form) in self.digests for form in forms):
            return Feedback(self.id, True, self.passed_message)
        if not forms and self.extra_check is not None:
            return Feedback(self.id, True, self.passed_message)
        if self.unordered_digest and isinstance(self.expects, Table):
            unordered = self.expects.unordered_form(value)
            if _digest(self.id, unordered) == self.unordered_digest:
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
        from geopolitics.questions import load_all

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
    found = [_digest(question_id, question.expects.forms(value)[0])]
    if isinstance(question.expects, Table):
        found.append(_digest(question_id, question.expects.unordered_form(value)))
    return found
