"""Lesson 05's scenario explorer: the switching model run live, beside what was measured.

:func:`scenario_explorer` puts the model of :mod:`geopolitics.models.scenarios` under a student's
hands: a story of the law (the ban as it happened, enforced, delayed or never), the two levers
(translation, moderation) and sliders for five of the model's knobs. Every move re-runs the
model (a few milliseconds) and the status line says what the run gives 30 days after TikTok
came back, and how many of the January figures it still fits.

Why the chart takes its curves as parameters: the kit's explorers never rebuild an Altair
chart on a move (see :mod:`geopolitics.explorers.panel`). Here the data themselves change, so the
chart holds one row per day and looks each day's value up in a parameter array; a move only
sends three short arrays to the browser. The fit and its band are computed once per story
and kept, because a fit costs far more than a run.

Measured points are drawn as points, never joined into a daily series, each with its
qualifier in words ("about", "less than") and a shape for it, so nothing rests on colour.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

from geopolitics import charts
from geopolitics.charts import PALETTE
from geopolitics.dates import long_date
from geopolitics.explorers.panel import Explorer, View
from geopolitics.models import scenarios as sc

#: Days drawn from 1 January 2025: to 10 April, past the 'delayed' enforcement of 5 April.
DAYS = 100
#: The day the status line reports: 30 days after TikTok came back on 19 January 2025.
DAYS_AFTER_RETURN = 30
REPORTED_DAY = sc.DEADLINE + timedelta(days=DAYS_AFTER_RETURN)

#: The stories of the law, as the drop-down shows them (label, ban). The first is the default
#: and the second is chosen next, so both keep a migration that every other control moves.
STORIES: list[tuple[str, str]] = [
    ("As it happened (TikTok back on 19 January)", "as_happened"),
    ("Enforced from 19 January", "enforced"),
    ("Delayed: enforced from 5 April", "delayed"),
    ("Never: no deadline at all", "never"),
]
TRANSLATION = {"on": True, "off": False}
MODERATION = {"looser": "looser", "as reported": "as_reported", "stricter": "stricter"}
AXES = ("linear", "log")

#: The Xiaohongshu levels that were measured (app_metrics ids), drawn as points.
MEASURED_LEVELS = ("xhs-us-dau-2025-01-06", "xhs-us-dau-2025-01-12", "xhs-us-dau-2025-01-13")
#: Where each point's label sits (align, dx, dy): the two early points are six days apart and
#: close in size, so their labels step up, clear of the line, the axis and each other; the
#: 13 January label sits left of its point, off the line that rises through it.
LABEL_PLACES = {"xhs-us-dau-2025-01-06": ("right", -9, -8),
                "xhs-us-dau-2025-01-12": ("left", 10, 4),
                "xhs-us-dau-2025-01-13": ("right", -10, -6)}
LABEL_PLACE_DEFAULT = ("left", 9, 4)
#: The measured fall once TikTok returned, drawn as a labelled rule on its day.
MEASURED_FALL = "xhs-us-dau-change-2025-01-20"
#: The chart's key, under its title: each mark is named by its kind, never by its colour.
KEY = ("Line: your run. Shaded band: every run that fits the January figures. "
       "Black points: measured.")
QUALIFIER_WORDS = {"about": "about", "less_than": "less than", "more_than": "more than",
                   "exactly": ""}
QUALIFIER_SHAPES = {"about": "diamond", "less than": "triangle-down",
                    "more than": "triangle-up", "": "circle"}

#: The sliders: model knob -> (label, lowest, highest, step). The first three are the knobs
#: the fit varies (on its grids), so a student can reach every run the band is made of: appeal
#: decides who stays, and only with attention and anticipation does a low appeal still fit
#: January. Network and language are the two mechanisms the lesson names. Network keeps its
#: full grid on purpose: from 12 the fit fails and at 18 the model tips (everyone ends on
#: Xiaohongshu), which the lecture explains rather than hides.
SLIDERS: dict[str, tuple[str, float, float, float]] = {
    "appeal": ("Appeal", -10.0, 0.0, 0.25),
    "anticipation": ("Anticipation", 0.0, 10.0, 0.25),
    "attention": ("Attention", 0.05, 1.0, 0.05),
    "network": ("Network", 0.0, 20.0, 1.0),
    "language": ("Language cost", 0.0, 5.0, 0.25),
}


# --- the model's numbers, in millions of Xiaohongshu US daily users ------------------------------

def _xhs_millions(frame: pd.DataFrame, column: str = "users") -> np.ndarray:
    return frame.loc[frame["platform"] == "Xiaohongshu", column].to_numpy() / 1e6


@lru_cache(maxsize=1)
def fitted() -> sc.FitResult:
    """The kit's fit to the January figures, computed once per session (about 0.1 s)."""
    return sc.fit()


@lru_cache(maxsize=32)
def fitted_band(story: sc.Scenario) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Lowest and highest Xiaohongshu users (millions) per day over every accepted fit."""
    band = sc.band(fitted(), story, DAYS)
    return (tuple(np.round(_xhs_millions(band, "low"), 4)),
            tuple(np.round(_xhs_millions(band, "high"), 4)))


def figures_fitted(params: sc.Params, metrics: pd.DataFrame | None = None) -> tuple[int, int]:
    """How many of the January figures the model fits within their error, and out of how many.

    The fit is always to the ban as it happened: that is the only story that was measured.
    """
    table = sc.fit_table(params, metrics)
    used = table[~table["role"].str.startswith("not modelled")]
    return int(used["within_error"].astype(bool).sum()), len(used)


#: How a missed figure is named in the status line.
FIGURE_WORDS = {"us_daily_active_users": "US daily users",
                "us_dau_change": "change in US daily users",
                "us_dau_change_week_over_week": "week-on-week change in US daily users",
                "us_dau_change_vs_previous_week":
                    "change in US daily users against the week before"}


def figures_missed(params: sc.Params, metrics: pd.DataFrame | None = None) -> list[str]:
    """Each January figure the model misses: what it is, the modelled value and the range of
    values that would fit, so that a student calibrating the knobs knows which way to go."""
    table = sc.fit_table(params, metrics)
    used = table[~table["role"].str.startswith("not modelled")]
    said = []
    for row in used[~used["within_error"].astype(bool)].itertuples():
        name = f"{row.app} {FIGURE_WORDS.get(row.metric, row.metric.replace('_', ' '))}"
        size = float(row.error.lstrip("±×÷").split()[0])
        if row.unit == "percent":
            low, high = row.measured - size, row.measured + size
            shown = [f"{round(v):+d}%" for v in (row.modelled, low, high)]
        else:
            low = row.measured / size if row.qualifier != "less_than" else 0.0
            high = row.measured * size if row.qualifier != "more_than" else math.inf
            shown = [f"{v / 1e6:.2f} M" for v in (row.modelled, low, high)]
        allowed = (f"below {shown[2]}" if row.qualifier == "less_than" else
                   f"above {shown[1]}" if row.qualifier == "more_than" else
                   f"{shown[1]} to {shown[2]}")
        said.append(f"{name} ({long_date(row.date)}): modelled {shown[0]}, fits {allowed}")
    return said


def _measured_points(metrics: pd.DataFrame) -> pd.DataFrame:
    rows = metrics[metrics["id"].isin(MEASURED_LEVELS)].copy()
    rows["millions"] = rows["value"] / 1e6
    rows["qualifier_text"] = rows["qualifier"].map(QUALIFIER_WORDS).fillna("")
    rows["label"] = [f"{q} {m:g} M".strip() for q, m in
                     zip(rows["qualifier_text"], rows["millions"], strict=True)]
    rows["date_label"] = rows["date"].map(long_date)
    return rows[["id", "date", "date_label", "millions", "qualifier_text", "label", "measured_by",
                 "source_id", "confidence"]]


# --- the chart -----------------------------------------------------------------------------------

def _chart(points: pd.DataFrame, fall: pd.Series, start: View, axis: str) -> alt.LayerChart:
    """Band, the student's run and the measured points, on a linear or a log axis."""
    days = pd.DataFrame({"i": range(DAYS),
                         "date": pd.date_range(sc.START, periods=DAYS, freq="D")})
    y_title = "Xiaohongshu US daily users (millions)"
    scale = alt.Scale(type="log") if axis == "log" else alt.Scale(zero=True)
    # Padding leaves room left of 1 January for the labels of the early measured points,
    # each set beside its own point on both axes (tests/test_scenario_widgets.py checks).
    x = alt.X("date:T", title="Date (2025)", axis=charts.date_axis(),
              scale=alt.Scale(padding=100))
    base = alt.Chart(days).transform_calculate(
        users="model_users[datum.i]", low="band_low[datum.i]", high="band_high[datum.i]")
    band = base.mark_area(color=PALETTE[4], opacity=0.4).encode(
        x=x, y=alt.Y("low:Q", title=y_title, scale=scale), y2=alt.Y2("high:Q"),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%-d %B %Y"),
                 alt.Tooltip("low:Q", title="Lowest that fits (millions)", format=",.2f"),
                 alt.Tooltip("high:Q", title="Highest that fits (millions)", format=",.2f")])
    line = base.mark_line(color=PALETTE[0], strokeWidth=3).encode(
        x=x, y=alt.Y("users:Q", title=y_title, scale=scale),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%-d %B %Y"),
                 alt.Tooltip("users:Q", title="Your run (millions)", format=",.2f")])
    kinds = [q for q in QUALIFIER_SHAPES if q in set(points["qualifier_text"])]
    shapes = alt.Scale(domain=kinds, range=[QUALIFIER_SHAPES[q] for q in kinds])
    measured = alt.Chart(points).encode(
        x=x, y=alt.Y("millions:Q", title=y_title, scale=scale))
    dots = measured.mark_point(size=150, filled=True, color="#000000").encode(
        shape=alt.Shape("qualifier_text:N", scale=shapes,
                        legend=alt.Legend(title="Measured (Similarweb)", orient="right")),
        tooltip=[alt.Tooltip("date_label:N", title="Date"),
                 alt.Tooltip("label:N", title="Measured"),
                 alt.Tooltip("measured_by:N", title="Estimated by"),
                 alt.Tooltip("source_id:N", title="Source")])
    dot_labels = [
        measured.transform_filter(alt.datum.id == pid).mark_text(
            align=align, dx=dx, dy=dy, fontSize=14).encode(text=alt.Text("label:N"))
        for pid in points["id"]
        for align, dx, dy in [LABEL_PLACES.get(pid, LABEL_PLACE_DEFAULT)]]
    fall_frame = pd.DataFrame([{
        "date": fall["date"],
        "label": f"{fall['date']:%-d %b}: {fall['value']:+g}% in a day ({fall['measured_by']}), "
                 "if measured from 19 Jan"}])
    fall_rule = alt.Chart(fall_frame).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=x)
    fall_text = alt.Chart(fall_frame).mark_text(
        align="left", baseline="top", dx=4, y=4, fontSize=14).encode(x=x, text=alt.Text("label:N"))
    return alt.layer(band, line, dots, *dot_labels, fall_rule, fall_text).add_params(
        *(alt.param(name=name, value=value) for name, value in start.params.items())
    ).properties(
        width=620, height=320,
        title=alt.Title(f"Will they stay? Xiaohongshu's US daily users, modelled ({axis} axis)",
                        subtitle=KEY),
        description=(
            f"Line chart of Xiaohongshu's US daily users in millions, 1 January to "
            f"{long_date(sc.START + timedelta(days=DAYS - 1))}, on a {axis} axis: a line for "
            "the model run with the controls above, a shaded band for every run that fits "
            "the January figures (network, language and moderation at the kit's values), "
            "black points for Similarweb's measured levels, each labelled with its "
            "qualifier and shaped by it, and a dashed rule for the measured fall on "
            "20 January. The line above the chart gives the run's numbers."),
    )


# --- the explorer --------------------------------------------------------------------------------

def _slider(name: str, value: float) -> w.FloatSlider:
    label, low, high, step = SLIDERS[name]
    return w.FloatSlider(value=value, min=low, max=high, step=step, description=label,
                         readout_format=".2f", continuous_update=False,
                         style={"description_width": "initial"})


def _change_on(users: np.ndarray, day: date) -> float:
    k = (day - sc.START).days
    return float((users[k] / users[k - 1] - 1) * 100)


def scenario_explorer(metrics: pd.DataFrame | None = None) -> Explorer:
    """Run the model live: a story of the law, two levers and five knobs; see who stays.

    ``metrics`` is ``load("app_metrics")`` unless given; its Similarweb levels are drawn as
    points, its fall of 20 January as a labelled rule, and the fit count is taken against it.
    The band is always the kit's own fit (:func:`fitted`, computed once per session). The
    status line reports the run's Xiaohongshu users 30 days after TikTok came back, the range
    the January data allow on that day, the modelled change on 20 January and how many
    January figures the run fits.
    """
    if metrics is None:
        from geopolitics.data import load
        metrics = load("app_metrics")
    known = set(metrics["id"])
    missing = [i for i in (*MEASURED_LEVELS, MEASURED_FALL) if i not in known]
    if missing:
        raise sc.ScenarioError(f"app_metrics has no row {missing[0]!r}, which the scenario "
                               "explorer draws.")
    points = _measured_points(metrics)
    fall = metrics.set_index("id").loc[MEASURED_FALL]
    fall = pd.Series({**fall.to_dict(), "date": pd.Timestamp(fall["date"])})
    labels = {ban: label for label, ban in STORIES}
    best = fitted().params
    controls: dict[str, w.ValueWidget] = {
        "story": w.Dropdown(options=STORIES, value="as_happened", description="The law",
                            layout=w.Layout(width="400px")),
        "translation": w.ToggleButtons(options=list(TRANSLATION), value="on",
                                       description="Translation",
                                       style={"button_width": "50px"}),
        "moderation": w.ToggleButtons(options=list(MODERATION), value="as reported",
                                      description="Moderation",
                                      style={"button_width": "105px"}),
        **{name: _slider(name, getattr(best, name)) for name in SLIDERS},
        "axis": w.ToggleButtons(options=list(AXES), value="linear", description="Axis",
                                style={"button_width": "70px"}),
    }
    measured_fall = float(fall["value"])

    def react(story: Any, translation: Any, moderation: Any, axis: Any,
              **knobs: Any) -> View:
        if story not in labels:
            raise ValueError("Choose a story of the law from the list.")
        if translation not in TRANSLATION or moderation not in MODERATION:
            raise ValueError("Choose translation on or off, and a moderation level.")
        if axis not in AXES:
            raise ValueError("Choose a linear or a log axis.")
        params = sc.Params(**{**vars(best), **knobs})  # a bad knob is a ScenarioError
        chosen = sc.Scenario(story, TRANSLATION[translation], MODERATION[moderation])
        users = _xhs_millions(sc.run(params, chosen, DAYS))
        low, high = fitted_band(chosen)
        k = (REPORTED_DAY - sc.START).days
        fits, of = figures_fitted(params, metrics)
        missed = figures_missed(params, metrics) if fits < of else []
        caveats = ["6 and 12 January hold whatever the knobs"]
        if (story, translation, moderation) != ("as_happened", "on", "as reported"):
            caveats.append("fit checked for the world as measured: translation on, moderation "
                           "as reported")
        if (params.network, params.language) != (best.network, best.language):
            caveats.append("band computed at the kit's network and language")
        caveat_text = "; ".join(caveats)
        change = _change_on(users, date(2025, 1, 20))
        knobs_text = ", ".join(f"{SLIDERS[n][0].lower()} {getattr(params, n):g}"
                               for n in SLIDERS)
        message = (
            f"{labels[story]}; translation {translation}; moderation {moderation}; "
            f"{knobs_text}; {axis} axis. On {long_date(REPORTED_DAY)}: {users[k]:.2f} million "
            f"Xiaohongshu US daily users (every fit of January allows {low[k]:.2f} to "
            f"{high[k]:.2f}). Change on 20 January {change:+.0f}% (Similarweb measured "
            f"{measured_fall:+g}%). These knobs fit {fits} of {of} January figures "
            f"({caveat_text})." + (f" Missed: {'; '.join(missed)}." if missed else ""))
        return View(message=message, variant=axis,
                    params={"model_users": [round(float(u), 4) for u in users],
                            "band_low": list(low), "band_high": list(high)})

    first = react(**{name: c.value for name, c in controls.items()})
    variants = {axis: _chart(points, fall, first, axis) for axis in AXES}
    return Explorer(controls, variants, react)
