"""How the kit writes a date in prose, the same on every platform."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["long_date"]


def long_date(day: Any) -> str:
    """13 January 2025: the kit's way of writing a date in prose, on every platform.

    ``strftime("%-d")`` would drop the leading zero on Linux and fail on Windows.
    """
    day = pd.Timestamp(day)
    return f"{day.day} {day:%B %Y}"
