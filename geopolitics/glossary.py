"""A bilingual glossary of the kit's terms, searchable in English, characters or pinyin.

A student who meets 合格剥离 in a Chinese news report, or "intermediate scrutiny" in the
Supreme Court's opinion, should be able to look it up in the words the kit uses, with the
characters, the pinyin and a source. Both lists live in ``data/`` (``glossary.csv`` and
``further_reading.csv``) so that they are checked like every other table and cite the same
``sources`` rows; this module only finds and shows them.

* :func:`glossary` gives the table, :func:`lookup` finds terms by English, characters or
  pinyin (tone marks, capitals, spaces and hyphens optional);
* :func:`geopolitics.explorers.lesson00.glossary_explorer` is the same search as a widget,
  with a lesson filter (this module imports no widgets, so a course tool can look terms up).

Reading lists (``further_reading.csv``) are rendered by :func:`geopolitics.sources.further_reading`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from geopolitics import catalogue
from geopolitics.data import load
from geopolitics.errors import KitError
from geopolitics.text import search_key as fold  # the search normaliser; see geopolitics.text

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class GlossaryError(KitError):
    """A look-up was asked for with a value that cannot name a term (a wrong lesson is the
    catalogue's :class:`~geopolitics.catalogue.CatalogueError`)."""


# --- the tables ----------------------------------------------------------------------------

def glossary(lesson: Any = None) -> pd.DataFrame:
    """The glossary, one term per row; with ``lesson``, only the terms that lesson introduces."""
    table = load("glossary")
    if lesson is not None:
        table = table[table["lesson"] == catalogue.lesson(lesson).id].reset_index(drop=True)
    return table


# --- finding a term --------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """A cell as text: an empty cell (None or NaN) is the empty string."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _names(row: pd.Series) -> list[str]:
    """Every name a student might type for one entry, folded."""
    names = [row["term_en"], row["term_zh"], cell_text(row["pinyin"])]
    names += cell_text(row["aliases"]).split(";")
    return [f for f in (fold(n) for n in names) if f]


def _rank(query: str, names: list[str]) -> int | None:
    """How well a folded query fits an entry: 0 exact, 1 start, 2 inside, 3 named in the query."""
    best: int | None = None
    for name in names:
        if name == query:
            return 0
        if name.startswith(query):
            rank = 1
        elif query in name:
            rank = 2
        elif name in query and (len(name) >= 3 or _CJK.search(name)):
            rank = 3  # "What is the Great Firewall?" still finds the Great Firewall
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def matching(table: pd.DataFrame, query: str) -> pd.DataFrame:
    ranks = [_rank(query, _names(row)) for _, row in table.iterrows()]
    found = table.assign(_rank=ranks).dropna(subset=["_rank"])
    found = found.sort_values(["_rank", "lesson", "term_en"], kind="stable")
    return found.drop(columns="_rank").reset_index(drop=True)


def lookup(text: Any, lesson: Any = None) -> pd.DataFrame:
    """The glossary entries that match ``text`` in English, Chinese characters or pinyin.

    Best matches first. Tone marks, capitals, spaces and hyphens do not matter, so
    ``lookup("ruan shili")`` finds 软实力. An empty table means nothing matched; a value that
    is not text, or text with no letters in it, is refused with a sentence saying what to give.
    """
    if not isinstance(text, str):
        raise GlossaryError(f"lookup() takes a word or phrase in quotes, not a "
                            f"{type(text).__name__}: for example lookup(\"soft power\") or "
                            "lookup(\"软实力\").")
    query = fold(text)
    if not query:
        raise GlossaryError("Give lookup() a word to find, in English, Chinese characters or "
                            "pinyin: for example lookup(\"cat tax\") or lookup(\"maoshui\").")
    return matching(glossary(lesson), query)
