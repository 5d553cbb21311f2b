"""A bilingual glossary of the kit's terms, searchable in English, characters or pinyin.

A student who meets 合格剥离 in a Chinese news report, or "intermediate scrutiny" in the
Supreme Court's opinion, should be able to look it up in the words the kit uses, with the
characters, the pinyin and a source. Both lists live in ``data/`` (``glossary.csv`` and
``further_reading.csv``) so that they are checked like every other table and cite the same
``sources`` rows; this module only finds and shows them.

* :func:`glossary` gives the table, :func:`lookup` finds terms by English, characters or
  pinyin (tone marks, capitals, spaces and hyphens optional);
* :func:`glossary_explorer` is the same search as a widget, with a lesson filter;

Reading lists (``further_reading.csv``) are rendered by :func:`geopolitics.sources.further_reading`.
"""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as w
import pandas as pd

from geopolitics import catalogue
from geopolitics.charts import long_date
from geopolitics.data import load
from geopolitics.errors import KitError
from geopolitics.text import search_key as fold  # the search normaliser; see geopolitics.text
from geopolitics.widgets import Form, View

# The widget shows at most this many rows, so its output never runs past a screen.
SHOWN_AT_MOST = 12

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class GlossaryError(KitError):
    """A look-up or reading list was asked for with a value that cannot name a term or lesson."""


# --- the tables ----------------------------------------------------------------------------

def glossary(lesson: Any = None) -> pd.DataFrame:
    """The glossary, one term per row; with ``lesson``, only the terms that lesson introduces."""
    table = load("glossary")
    if lesson is not None:
        table = table[table["lesson"] == catalogue.lesson(lesson).id].reset_index(drop=True)
    return table


# --- finding a term --------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A cell as text: an empty cell (None or NaN) is the empty string."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _names(row: pd.Series) -> list[str]:
    """Every name a student might type for one entry, folded."""
    names = [row["term_en"], row["term_zh"], _text(row["pinyin"])]
    names += _text(row["aliases"]).split(";")
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


def _matches(table: pd.DataFrame, query: str) -> pd.DataFrame:
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
    return _matches(glossary(lesson), query)


# --- the widget ------------------------------------------------------------------------------

def _with_sources(table: pd.DataFrame) -> pd.DataFrame:
    sources = load("sources")[["id", "publisher", "date", "url"]]
    sources = sources.rename(columns={"id": "source_id", "date": "source_date"})
    return table.merge(sources, on="source_id", how="left", validate="many_to_one")


def glossary_table_html(rows: pd.DataFrame, caption: str) -> str:
    """Entries as an HTML table a screen reader can navigate: a caption, header cells with
    scopes, each term as its row's header, and the language of Chinese and pinyin cells."""
    body = []
    for r in rows.itertuples():
        chinese = html.escape(r.term_zh)
        if r.zh_basis == "descriptive":
            chinese += " <small>(our translation)</small>"
        pinyin = html.escape(_text(r.pinyin)) or "(no Chinese name)"
        source = html.escape(r.source_id)
        if isinstance(r.url, str):
            source = (f"<a href='{html.escape(r.url, quote=True)}'>"
                      f"{html.escape(r.publisher)}, {long_date(r.source_date)}</a>")
        body.append(
            f"<tr><th scope='row'>{html.escape(r.term_en)}</th>"
            f"<td lang='zh-Hans'>{chinese}</td>"
            f"<td lang='zh-Latn-pinyin'>{pinyin}</td>"
            f"<td>{html.escape(r.definition)}</td>"
            f"<td>{html.escape(r.lesson)}</td><td>{source}</td></tr>"
        )
    head = "".join(f"<th scope='col'>{h}</th>" for h in
                   ("English", "<span lang='zh-Hans'>中文</span> (Chinese)", "Pinyin",
                    "Definition", "Lesson", "Source"))
    return (
        "<table style='border-collapse:collapse;text-align:left;vertical-align:top'>"
        f"<caption style='text-align:left'>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 40 else flat[:37] + "..."


def glossary_explorer(table: pd.DataFrame | None = None) -> Form:
    """Type a term in English, Chinese or pinyin, or pick a lesson; matching entries appear.

    ``table`` is ``glossary()`` unless given. The status line says how many entries match and
    what to try when none does; at most :data:`SHOWN_AT_MOST` rows are shown at once.
    """
    entries = _with_sources(glossary() if table is None else table)
    titles = {lesson.id: lesson.title for lesson in catalogue.lessons()}
    everywhere = "all"
    choices = [("All lessons", everywhere)] + [(f"{code} {name}", code)
                                              for code, name in titles.items()]
    controls = {
        "text": w.Text(value="", description="Look up",
                       placeholder="soft power, 软实力 or ruan shili",
                       layout=w.Layout(width="360px")),
        "lesson": w.Dropdown(options=choices, value=everywhere, description="Lesson",
                             layout=w.Layout(width="360px")),
    }

    def react(text: Any, lesson: Any) -> View:
        if not isinstance(text, str):
            raise ValueError("The look-up box takes text.")
        if lesson != everywhere and lesson not in titles:
            raise ValueError(f"{lesson!r} is not one of the lessons in the list.")
        rows = entries if lesson == everywhere else entries[entries["lesson"] == lesson]
        where = "" if lesson == everywhere else f" in lesson {lesson} {titles[lesson]}"
        query = fold(text)
        if not query and lesson == everywhere:
            first = entries.head(SHOWN_AT_MOST)
            return View(message=f"The glossary has {len(entries)} terms in all, the first "
                                f"{len(first)} shown. Type one in English, Chinese characters or "
                                "pinyin (tone marks optional), or pick a lesson to list the terms "
                                "it introduces.",
                        html=glossary_table_html(first, caption=f"Glossary: the first "
                                                 f"{len(first)} of {len(entries)} terms"))
        if query:
            rows = _matches(rows, query)
        one = len(rows) == 1
        if query:
            what = f"{'matches' if one else 'match'} '{_quoted(text)}'{where}"
        else:
            what = f"{'is' if one else 'are'} introduced in lesson {lesson} {titles[lesson]}"
        if rows.empty:
            return View(message=f"No terms {what}. Try fewer letters, another spelling, or "
                                "All lessons.",
                        html="<p>No matching terms.</p>")
        count = f"{len(rows)} term" + ("" if one else "s")
        shown = "" if len(rows) <= SHOWN_AT_MOST else (
            f"; the first {SHOWN_AT_MOST} are shown, type more letters to narrow them")
        return View(message=f"{count} {what}{shown}.",
                    html=glossary_table_html(rows.head(SHOWN_AT_MOST),
                                             caption=f"Glossary: {count} {what}"))

    return Form(controls, react)
