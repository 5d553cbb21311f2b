"""How an answer of each kind is read and reduced to a canonical form, and its digest.

A question expects one kind of answer (:class:`Number`, :class:`WholeNumber`,
:class:`Choice`, :class:`Table`, :class:`ChartAnswer`). Each kind reads what a student gave,
refuses the wrong kind with a sentence (:class:`WrongKind`) and writes the value in a canonical
form (a number rounded to the precision asked for, a table written out row by row) whose salted
SHA-256 digest is what the kit stores instead of the answer. :mod:`geopolitics.checks` turns
these into feedback.

Each kind also writes a read answer as plain data (:meth:`Expectation.to_plain`: numbers,
text, lists and dicts) and reads it back (:meth:`Expectation.from_plain`). ``check()`` judges
the answer read back, and so does the grader, in its own process, from the plain data it
pulls out of a student's kernel: the two cannot disagree, and nothing the kernel says about
its own verdicts is believed. Plain data from a kernel is untrusted: :func:`frame_from_plain`
and each ``from_plain`` refuse anything malformed or too large.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geopolitics.errors import COMPARE_WITH_DATA

if TYPE_CHECKING:
    import pandas as pd


# --- canonical forms and digests -----------------------------------------------------------

def digest_of(question: str, canonical: str) -> str:
    """The salted digest the kit stores for one canonical form of an answer."""
    return hashlib.sha256(f"{question}|{canonical}".encode()).hexdigest()


def _number_forms(value: float, decimals: int, steps: range = range(1)) -> list[str]:
    """The value rounded to ``decimals`` places, and with ``steps`` its neighbours.

    One rule decides every number: an answer asked for "to one decimal place" passes when it
    rounds to the same one-decimal value as the correct answer, that is when it lies within
    half a unit of that place from it (:func:`precision`). The neighbours serve only to
    recognise a near miss, never to pass one.
    """
    step = 10.0 ** (-decimals)
    rounded = round(value, decimals)
    return [f"{round(rounded + k * step, decimals):.{decimals}f}" for k in steps]


def precision(decimals: int) -> str:
    """How a question states the precision it checks, in the words its sheet uses."""
    return {0: "to the nearest whole number", 1: "to one decimal place",
            2: "to two decimal places"}.get(decimals, f"to {decimals} decimal places")


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

    def to_plain(self, value: Any) -> Any:
        """A read answer as plain JSON-ready data. By default the value itself: a number, a
        string or a list of strings already is."""
        return value

    def from_plain(self, data: Any) -> Any:
        """The read answer back from :meth:`to_plain`'s data, which may come from an untrusted
        kernel: raises WrongKind for anything that is not such data."""
        return self.read(data)


class WrongKind(Exception):
    """The answer is not of the kind the question asks for (said in words for a student)."""


class LooksUnanswered(WrongKind):
    """The answer is what the sheet's scaffold gives before its ``...`` are filled in (an
    empty table: ``df[df["app"] == ...]`` keeps no rows), so it counts as not answered."""


#: What an empty table says: the untouched scaffold, or a filter that kept nothing.
EMPTY_TABLE = ("Your table has no rows. If the `...` in the filter are still there, replace "
               "them and run the cell again; if you have, the filter kept nothing: check the "
               "spelling and capitals of the values you compared with")


# --- tables as plain data ------------------------------------------------------------------

#: Limits on a table pulled out of a kernel: far above any sheet's answer, far below harm.
MAX_ROWS, MAX_COLUMNS, MAX_CELLS, MAX_TEXT = 5_000, 100, 100_000, 2_000
#: Limits on a chart's specification: a sheet's chart of a small table takes a few kilobytes.
MAX_CHART_TEXT, MAX_LAYERS = 300_000, 20
_LABEL = (str, int, float, bool, type(None))


def _plain_scalar(value: Any) -> Any:
    """A cell or label as JSON data: numbers, text, True/False or None (for missing)."""
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def frame_to_plain(frame: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as plain data: labels, rows of cells, and which columns hold dates."""
    import pandas as pd

    dates = [i for i in range(frame.shape[1])
             if pd.api.types.is_datetime64_any_dtype(frame.dtypes.iloc[i])]
    return {"columns": [_plain_scalar(c) for c in frame.columns],
            "index": [_plain_scalar(i) for i in frame.index],
            "dates": dates,
            "rows": [[_plain_scalar(v) for v in row]
                     for row in frame.itertuples(index=False, name=None)]}


def _refuse(why: str) -> WrongKind:
    return WrongKind(f"This is not a table the checker wrote: {why}.")


def frame_from_plain(data: Any) -> pd.DataFrame:
    """:func:`frame_to_plain`'s data back as a DataFrame, checked shape by shape and cell by
    cell: a kernel may send anything, of any size."""
    import pandas as pd

    if not isinstance(data, dict) or set(data) != {"columns", "index", "dates", "rows"}:
        raise _refuse("not the four parts of one")
    columns, index, dates, rows = (data[k] for k in ("columns", "index", "dates", "rows"))
    if not all(isinstance(part, list) for part in (columns, index, dates, rows)):
        raise _refuse("a part is not a list")
    if len(columns) > MAX_COLUMNS or len(rows) > MAX_ROWS or len(index) != len(rows):
        raise _refuse("too large, or rows and labels do not match")
    if len(rows) * max(len(columns), 1) > MAX_CELLS:
        raise _refuse("too many cells")
    for value in [*columns, *index, *(c for row in rows if isinstance(row, list) for c in row)]:
        if not isinstance(value, _LABEL) or (isinstance(value, str) and len(value) > MAX_TEXT):
            raise _refuse("a cell is not a number, text, True/False or empty")
    if any(not isinstance(row, list) or len(row) != len(columns) for row in rows):
        raise _refuse("a row has the wrong number of cells")
    if any(isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(columns)
           for i in dates):
        raise _refuse("a date column that is not there")
    frame = pd.DataFrame(rows, columns=pd.Index(columns), index=pd.Index(index))
    for i in dates:
        try:
            frame.isetitem(i, pd.to_datetime(frame.iloc[:, i]))
        except (ValueError, TypeError, OverflowError):
            raise _refuse("a date that is not a date") from None
    return frame


def _kind_of(answer: Any) -> str:
    name = type(answer).__name__
    known = {"str": "text (a string)", "NoneType": "None", "bool": "True/False",
             "list": "a list", "dict": "a dict", "tuple": "a tuple", "DataFrame": "a DataFrame",
             "Series": "a Series", "float": "a number", "int": "a whole number",
             "Index": "an Index (a table's row labels)", "NAType": "a missing value (NA)",
             "ellipsis": "the placeholder `...`"}
    if name in known:
        return known[name]
    if name.endswith("Index"):  # RangeIndex, DatetimeIndex...: what .index gives
        return "an Index (a table's row labels): take the label you need out of it"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _looks_like_a_date(text: str) -> bool:
    """Text such as '2025-01-19': a date picked out of a table where a count of days was
    asked for."""
    from datetime import date

    try:
        date.fromisoformat(text.strip()[:10])
    except ValueError:
        return False
    return True


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
        if isinstance(answer, pd.Series | pd.DataFrame) and answer.size == 0:
            raise WrongKind(
                f"You gave {_kind_of(answer)} with nothing in it: the filter kept no rows. "
                f"{COMPARE_WITH_DATA[:1].upper()}{COMPARE_WITH_DATA[1:]}."
            )
        if isinstance(answer, pd.Series) and answer.isna().all() and answer.size <= 4:
            # The classic slip: one one-row selection minus another. pandas pairs rows by
            # label, the labels differ, so every row is missing.
            raise WrongKind(
                f"You gave {_kind_of(answer)} of {answer.size} missing values: arithmetic "
                "between two selections pairs their rows by label, and rows with different "
                "labels never meet. Take each value out with `.item()` first, then combine "
                "the two numbers."
            )
        if isinstance(answer, pd.Series | pd.DataFrame):
            raise WrongKind(
                f"You gave {_kind_of(answer)} of {answer.size} values; the question asks "
                "for one number. If it needs one row, narrow the filter and take the value "
                "out with `.item()`; if it combines rows (a difference, a sum, a ratio), "
                "work that out from the values."
            )
        if isinstance(answer, str):
            if _looks_like_a_date(answer):
                raise WrongKind(
                    f"You gave a date written as text ('{answer.strip()[:20]}'); the question "
                    "asks for a number. For a number of days, subtract one date from the "
                    "other and take `.days` of the time span."
                )
            raise WrongKind(
                "You gave text (a string). Write the number without quotes, e.g. 12.5 "
                "not '12.5'."
            )
        if answer is pd.NA or answer is pd.NaT:
            raise WrongKind("Your answer is a missing value (NA): a mean or a sum of no rows "
                            "is missing, so the filter probably kept nothing: "
                            f"{COMPARE_WITH_DATA}, and types too (True is not \"true\").")
        if answer is None:
            raise WrongKind("Your answer is None: what made it gave back no value. A rate or "
                            "share of no rows is None, so check that your selection kept rows "
                            "(`len(...)` counts them); a function that prints instead of "
                            "returning gives None too.")
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

    def near_forms(self, value: float) -> list[str]:
        """The value moved one step of its last decimal place, either way: an answer that
        matches only so is close but not at the precision asked (a rounding slip; two steps
        off is more often another mistake, which the question's hints name)."""
        return _number_forms(value, self.decimals, range(-1, 2))

    def near_miss(self) -> str:
        return (f"Close, but not {precision(self.decimals)}: the answer must round to the "
                "same value as the correct one. Keep every decimal until the last step and "
                "round only the final answer (or not at all).")


@dataclass
class WholeNumber(Expectation):
    """A count, a number of days, a year or a whole percent (``unit="percent"``)."""

    unit: str = ""
    noun = "a whole number"

    def read(self, answer: Any) -> int:
        import pandas as pd

        if (isinstance(answer, pd.Series) and answer.dtype.kind == "m"
                and answer.isna().any()):
            raise WrongKind("Your time spans are missing (NaT): subtracting two one-row "
                            "selections lines their rows up by label, and rows with different "
                            "labels never meet. Take each date out with `.item()` first, then "
                            "subtract the two dates.")
        if isinstance(answer, pd.Timedelta) or getattr(
                getattr(answer, "dtype", None), "kind", "") == "m":  # numpy's timedelta too
            raise WrongKind("You gave a time span (a Timedelta), not a number: take the "
                            "number of days out of it with `.days` (for a Series, `.dt.days`, "
                            "then `.item()`).")
        value = Number(decimals=0).read(answer)
        if self.unit == "percent" and 0 < abs(value) < 1:
            raise WrongKind(f"{value} looks like a fraction of one; the question asks for a "
                            "whole number of percent: multiply by 100 and round.")
        if not float(value).is_integer():
            raise WrongKind(f"Expected {self.noun}, but {value} has a fractional part: counts, "
                            "ranks and days are whole, so check that the column you used holds "
                            "them (not scores or shares).")
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
        value = answer.strip().strip("\"'().:").strip().lower()  # "(b)" and "b." are b
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
            raise LooksUnanswered(EMPTY_TABLE + ".")
        for column in self.columns:
            if all(cell is Ellipsis for cell in answer[column]):
                raise LooksUnanswered(f"Not answered yet: the column {column!r} still holds "
                                      "the `...` placeholder. Replace it and run the cell "
                                      "again.")
        if self.rows is not None and len(answer) != self.rows:
            more = "more" if len(answer) > self.rows else "fewer"
            raise WrongKind(f"Your DataFrame has {len(answer)} rows; that is {more} than "
                            "expected. Check each condition of your filter.")
        return answer

    def forms(self, value: pd.DataFrame) -> list[str]:
        return [_table_form(value, self.columns, self.decimals)]

    def unordered_form(self, value: pd.DataFrame) -> str:
        return "\n".join(sorted(_table_form(value, self.columns, self.decimals).split("\n")))

    def to_plain(self, value: pd.DataFrame) -> dict[str, Any]:
        return frame_to_plain(value)

    def from_plain(self, data: Any) -> pd.DataFrame:
        return self.read(frame_from_plain(data))


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

    def from_plain(self, data: Any) -> dict[str, Any]:
        import json

        if not isinstance(data, dict) or len(json.dumps(data)) > MAX_CHART_TEXT:
            raise WrongKind("This is not a chart specification the checker wrote.")
        if len(data.get("layer") or []) > MAX_LAYERS:
            raise WrongKind(f"A chart of more than {MAX_LAYERS} layers is not one a sheet asks "
                            "for.")
        return data
