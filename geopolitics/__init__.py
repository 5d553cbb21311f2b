"""Shared code for the digital-geopolitics teaching kit.

One import sets a notebook up: ``from geopolitics import load, check`` loads the kit's
tables, turns on offline, accessible charts (see :mod:`geopolitics.charts`) and makes the
kit's own errors show as short messages instead of tracebacks.
"""

import pandas as pd

from geopolitics import charts
from geopolitics.checks import check, questions, report
from geopolitics.data import DataError, field_info, load, sources_used, table_names
from geopolitics.errors import KitError, show_kit_errors_plainly
from geopolitics.sources import cite, sources_section

__all__ = [
    "DataError",
    "KitError",
    "charts",
    "check",
    "cite",
    "field_info",
    "load",
    "questions",
    "report",
    "sources_section",
    "sources_used",
    "table_names",
]

show_kit_errors_plainly()

# The kit's tables hold sentences (events, rules, arguments); pandas would cut them at 50
# characters, which leaves a student reading fragments.
pd.set_option("display.max_colwidth", 240)
