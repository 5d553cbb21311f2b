"""Checking what a student gives the law model, before any test of the Act is applied.

Every value an :class:`~geopolitics.models.law.App` or a date function receives is checked
here and refused, with one sentence saying what was wrong and what to write instead, when the
Act cannot apply to it: a share above 100%, "20%" as text, 1.5 users, an unknown country. A
typo must never pass silently, because it could turn an adversary-controlled app into one the
Act does not reach. The names are private to the law model; ``law`` re-exports
:class:`LawInputError`.
"""

from __future__ import annotations

import math
import numbers
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from geopolitics.errors import KitError
from geopolitics.models import countries
from geopolitics.models.messages import describe as _describe
from geopolitics.models.messages import or_list

__all__ = [
    "LawInputError",
    "as_date",
    "check_country",
    "check_flag",
    "check_text",
    "fraction",
    "whole_number",
]


class LawInputError(KitError, ValueError):
    """An input the Act cannot apply to (a share above 100%, an unknown country...).

    It is a ``ValueError``, because the value is wrong, and a ``KitError``, so a notebook shows
    the message as one sentence instead of a traceback.
    """


def check_country(name: Any, field: str) -> str:
    """The kit's name for a place, or a LawInputError with close matches: never a guess."""
    if not isinstance(name, str):
        raise LawInputError(
            f"{field} must be a country name as text, e.g. 'China'; you gave {_describe(name)}."
        )
    if not name.strip():
        raise LawInputError(f"{field} is empty: write a country name, e.g. 'China' or "
                            "'United States'.")
    found = countries.find(name)
    if found is not None:
        return found
    names = countries.suggestions(name)
    hint = f" Did you mean {or_list(names)}?" if names else ""
    raise LawInputError(
        f"{field} '{name}' is not a country or territory this kit knows.{hint} Use an "
        "English short name such as 'China' or 'United States'; law.COUNTRIES lists them all."
    )


def check_text(value: Any, field: str, example: str) -> str:
    """Non-empty text, or a LawInputError: an empty operator would make every name test fail."""
    if not isinstance(value, str):
        raise LawInputError(f"{field} must be text, e.g. {example!r}; you gave {_describe(value)}.")
    if not value.strip():
        raise LawInputError(f"{field} is empty: write it as text, e.g. {example!r}.")
    return value


def check_flag(value: Any, field: str) -> bool:
    """A real True/False: the text "False" is truthy, so quoted booleans are refused."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise LawInputError(
        f"{field} must be True or False (without quotes); you gave {_describe(value)}."
    )


def whole_number(value: Any, field: str, what: str) -> int:
    """A count as an int; whole-valued floats such as 3e8 are accepted, 1.5 or True are not."""
    if isinstance(value, bool | np.bool_):
        raise LawInputError(f"{field} must be a number of {what}, not True/False.")
    if isinstance(value, str):
        raise LawInputError(f"{field} must be a number of {what} written without quotes or "
                            f"commas, e.g. 1_000_000; you gave {_describe(value)}.")
    if not isinstance(value, numbers.Real):
        raise LawInputError(f"{field} must be a number of {what}; you gave {_describe(value)}.")
    if isinstance(value, numbers.Integral):
        count = int(value)
    else:
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise LawInputError(f"{field} is {number}, not a number of {what}: a value is "
                                "missing or was divided by zero somewhere.")
        if not number.is_integer():
            raise LawInputError(f"{field} must be a whole number of {what}; {value} has a "
                                "fractional part.")
        count = int(number)
    if count < 0:
        raise LawInputError(f"{field} cannot be negative ({count:,}): there is no such thing "
                            f"as fewer than zero {what}.")
    return count


def fraction(value: Any, field: str) -> float:
    """A share from 0 to 1, rounded to 9 places so float noise cannot decide the 20% test."""
    if isinstance(value, bool | np.bool_):
        raise LawInputError(f"{field} must be a fraction from 0 to 1 (0.2 means 20%), not "
                            "True/False.")
    if isinstance(value, str) or not isinstance(value, numbers.Real):
        raise LawInputError(f"{field} must be a number from 0 to 1 (0.2 means 20%), written "
                            f"without quotes or a % sign; you gave {_describe(value)}.")
    share = float(value)
    if math.isnan(share):
        raise LawInputError(f"{field} is NaN (not a number): if the share is unknown, choose a "
                            "value to argue from and say so.")
    if not 0 <= share <= 1:
        hint = f" Did you mean {share / 100:g}?" if 1 < share <= 100 else ""
        raise LawInputError(f"{field} must be a fraction from 0 to 1 (0.2 means 20%); "
                            f"{value} is outside that range.{hint}")
    return round(share, 9)


def as_date(value: Any, field: str) -> date:
    """A date from a date, a datetime/Timestamp or ISO text; the clock counts whole days."""
    if value is pd.NaT or value is None:
        raise LawInputError(f"{field} is missing (NaT/None): give a date such as '2024-04-24'.")
    if isinstance(value, datetime):  # includes pandas.Timestamp
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise LawInputError(f"{field} must be a date written as YYYY-MM-DD, e.g. "
                                f"'2024-04-24'; '{value}' is not one.") from None
    raise LawInputError(f"{field} must be a date (a datetime.date, a pandas Timestamp or text "
                        f"like '2024-04-24'); you gave {_describe(value)}.")
