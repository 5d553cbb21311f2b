"""How the models show a wrong input back to the student who typed it.

Both subject models (the law and the censor) refuse impossible input with one sentence that
quotes what was given: "you gave the text '20%'", "you gave None". The sentence is the whole
lesson at that moment, so both models describe a value the same way, with this module.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["describe", "or_list", "short"]


def short(text: str, limit: int = 60) -> str:
    """Text cut to ``limit`` characters with an ellipsis: a pasted post must not flood a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any) -> str:
    """A value as a student would recognise it in a sentence: what it is and, if unclear, its type.

    Text is quoted and shortened; True/False says so, because ``True`` typed where a number
    belongs is a common slip; NaN is named as a missing value, which is what it usually is in
    a table.
    """
    if isinstance(value, bool | np.bool_):
        return f"{bool(value)} (True/False)"
    if isinstance(value, str):
        return f"the text {short(value)!r}"
    if value is None:
        return "None"
    if isinstance(value, float) and value != value:
        return "NaN (a missing value)"
    return f"{short(repr(value))} ({type(value).__name__})"


def or_list(items: list[str]) -> str:
    """"'a'", "'a' or 'b'", "'a', 'b' or 'c'": suggestions for a "Did you mean ...?" hint."""
    quoted = [f"'{item}'" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
