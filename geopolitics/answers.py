"""How an answer of each kind is read and reduced to a canonical form, and its digest.

A question expects one kind of answer (:class:`Number`, :class:`WholeNumber`,
:class:`Choice`, :class:`Table`, :class:`ChartAnswer`). Each kind reads what a student gave,
refuses the wrong kind with a sentence (:class:`WrongKind`) and writes the value in a canonical
form (a number rounded to the precision asked for, a table written out row by row) whose salted
SHA-256 digest is what the kit stores instead of the answer. :mod:`geopolitics.checks` turns
these into feedback.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


# --- canonical forms and digests -----------------------------------------------------------

def digest_of(question: str, canonical: str) -> str:
    """The salted digest the kit stores for one canonical form of an answer."""
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
