"""Lesson 00's explorers: the events of January 2025, figures of very different sizes, and the
glossary (which every later lesson points back to).

Lesson 01 shows the timeline again by actor (``event_explorer(events, by="actor")``) and lesson
04 weighs figures again with :func:`scale_explorer`: both import them from here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics import catalogue, charts
from geopolitics.charts import long_date
from geopolitics.data import load
from geopolitics.explorers.panel import (
    Explorer,
    Form,
    View,
    figure_label,
    labelled_dashed_bars,
    long_label_axis,
)
from geopolitics.glossary import cell_text, fold, glossary, matching

#: The glossary explorer shows at most this many rows, so its output never runs past a screen.
SHOWN_AT_MOST = 12


# --- events by theme and date --------------------------------------------------------------------

def event_explorer(events: pd.DataFrame, by: str = "theme") -> Explorer:
    """Pick a theme (or an actor, with ``by="actor"``) and a date window; the timeline follows.

    ``by`` names the column the drop-down filters on: ``"theme"``, ``"actor"`` or ``"kind"``.
    """
    if by not in ("theme", "actor", "kind"):
        raise ValueError(f"by must be 'theme', 'actor' or 'kind', not {by!r}.")
    everything = f"All {by}s"
    dates = sorted(events["date"].dt.normalize().unique())
    labels = [(f"{pd.Timestamp(d):%d %b %Y}".lstrip("0"), pd.Timestamp(d)) for d in dates]
    choices = [everything, *sorted(events[by].unique())]
    controls = {
        by: w.Dropdown(options=choices, value=everything, description=by.capitalize()),
        "window": w.SelectionRangeSlider(
            options=labels, index=(0, len(labels) - 1), description="Dates",
            layout=w.Layout(width="520px"), continuous_update=False, readout=False,
        ),
    }
    quoted = everything.replace("'", "\\'")
    shown_if = (
        f"(choice == '{quoted}' || datum['{by}'] == choice) && "
        "toDate(datum.date) >= toDate(start) && toDate(datum.date) <= toDate(end)"
    )
    chart = (
        # Rows stay kinds of event; the chosen {by} only filters them, as the title says.
        charts.timeline(events, title=f"Events by date, one {by} or all (rows: kind of event)")
        .add_params(alt.param(name="choice", value=everything),
                    alt.param(name="start", value=_iso(dates[0])),
                    alt.param(name="end", value=_iso(dates[-1])))
        .transform_filter(shown_if)
        .properties(description=(
            f"Timeline of up to {len(events)} events, one row per kind of actor. The {by} "
            "and date controls above choose which events are drawn; the line above the chart "
            "says how many are shown and for which dates."
        ))
    )

    def react(window: Any, **chosen: Any) -> View:
        choice = chosen[by]
        if choice not in choices:
            raise ValueError(f"'{choice}' is not a {by} in this table.")
        start, end = _date_window(window)
        in_window = events["date"].between(start, end)
        shown = in_window if choice == everything else in_window & (events[by] == choice)
        count = int(shown.sum())
        if count == 0:
            raise ValueError(f"No events match this {by} between these dates.")
        where = f"all {by}s" if choice == everything else f"{by} '{choice}'"
        noun = "event" if count == 1 else "events"
        return View(
            message=f"{count} {noun}, {where}, {long_date(start)} to {long_date(end)}.",
            params={"choice": choice, "start": _iso(start), "end": _iso(end)},
        )

    return Explorer(controls, {"default": chart}, react)


def _iso(day: Any) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%dT%H:%M:%S")


def _date_window(window: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    try:
        start, end = (pd.Timestamp(x) for x in window)
    except (TypeError, ValueError):
        raise ValueError("The date window must be two dates.") from None
    if start > end:
        raise ValueError("The window starts after it ends.")
    return start, end


# --- comparing figures of very different sizes ---------------------------------------------------

def scale_explorer(metrics: pd.DataFrame, preselect: Sequence[str] = ()) -> Explorer:
    """Choose figures and a linear or log axis to see how big each really is.

    Only figures counted in users are offered, so every bar shares one unit. Bars carry
    their value and what kind of figure it is (a measurement, an estimate, a company claim or
    an insider's report), in words and in their outline as well as in colour.
    """
    users = metrics[metrics["unit"] == "users"].copy()
    users["label"] = users.apply(figure_label, axis=1)
    users["millions"] = users["value"] / 1e6
    users["basis_text"] = users["basis"].str.replace("_", " ")
    users["shown"] = [
        f"{_qualifier(q)}{m:,.2f} M ({b})"
        for q, m, b in zip(users["qualifier"], users["millions"], users["basis_text"],
                           strict=True)
    ]
    options = list(users["label"])
    unmatched = [p for p in preselect if not any(p in o for o in options)]
    if unmatched:  # an author's slip would otherwise silently show other figures
        raise ValueError(f"preselect {unmatched[0]!r} is in no figure's label; the labels "
                         f"are: {'; '.join(options)}")
    chosen = [o for o in options if any(p in o for p in preselect)] or options[:3]
    controls = {
        "figures": w.SelectMultiple(options=options, value=tuple(chosen), rows=6,
                                    description="Figures", layout=w.Layout(width="560px")),
        "scale": w.ToggleButtons(options=["linear", "log"], value="linear",
                                 description="Axis"),
    }
    bases = sorted(users["basis_text"].unique())
    table = users[["label", "millions", "basis_text", "shown", "source_id"]]
    largest_first = list(users.sort_values("millions", ascending=False)["label"])
    # Bars on a log axis need a start above zero: the power of ten below the smallest figure.
    log_floor = 10.0 ** math.floor(math.log10(users["millions"].min()))

    def variant(scale: str) -> alt.LayerChart:
        base = alt.Chart(table).transform_filter("indexof(figures, datum.label) >= 0").encode(
            y=alt.Y("label:N", title="Figure (who counted, on what date)", sort=largest_first,
                    axis=long_label_axis()),
            x=alt.X("millions:Q", title="Users (millions)",
                    scale=alt.Scale(type=scale, zero=True) if scale == "linear"
                    else alt.Scale(type="log", domainMin=log_floor)),
        )
        bars = labelled_dashed_bars(
            base, "basis_text", bases, 0 if scale == "linear" else log_floor,
            tooltip=[alt.Tooltip("label:N", title="Figure"),
                     alt.Tooltip("shown:N", title="Value"),
                     alt.Tooltip("source_id:N", title="Source")],
            key=False)  # each label names its kind; a key would list kinds not chosen
        return bars.add_params(alt.param(name="figures", value=list(chosen))).properties(
            width=420, height=alt.Step(36),
            title=f"How big is each figure? ({scale} axis)",
            description=(
                f"Bar chart of the chosen figures counted in users, in millions, on a {scale} "
                "axis. Each bar is labelled with its value and with the kind of figure it is "
                "(a measurement, an estimate, a company claim or an insider report); the list "
                "above the chart chooses the figures."
            ),
        )

    def react(figures: Any, scale: Any) -> View:
        if scale not in ("linear", "log"):
            raise ValueError(f"'{scale}' is not an axis type: use 'linear' or 'log'.")
        picked = users[users["label"].isin(list(figures or ()))]
        if picked.empty:
            raise ValueError("Select at least one figure (Ctrl- or Cmd-click for several).")
        spread = picked["value"].max() / picked["value"].min()
        return View(
            message=f"{len(picked)} figures on a {scale} axis. Largest / smallest = "
                    f"{spread:,.0f}×.",
            params={"figures": list(picked["label"])},
            variant=scale,
        )

    return Explorer(controls, {"linear": variant("linear"), "log": variant("log")}, react)


def _qualifier(word: Any) -> str:
    return {"about": "≈", "more_than": ">", "less_than": "<"}.get(str(word), "")


# --- the glossary (every lesson) -----------------------------------------------------------------

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
        pinyin = html.escape(cell_text(r.pinyin)) or "(no Chinese name)"
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
            rows = matching(rows, query)
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
