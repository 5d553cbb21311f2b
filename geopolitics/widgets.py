"""Controls that let a student explore a table: each drives a chart and says what it shows.

Every explorer follows one pattern: controls on top, a one-line status under them that
always says what is shown (or, for a value that makes no sense, what is wrong), then a
live chart. A callback never raises into the notebook: a bad value leaves the last good
chart in place and explains itself in the status line.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics import charts
from geopolitics.charts import PALETTE, long_date

ALL = "All themes"
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]


class Explorer:
    """A set of controls, a status line and a live chart, wired by one ``update``."""

    def __init__(self, controls: dict[str, w.ValueWidget], draw: Callable[..., tuple[Any, str]]):
        self.controls = controls
        self._draw = draw
        self.status = w.HTML(layout=w.Layout(min_height="1.6em"))
        first, message = draw(**self.values())
        self.chart = charts.interactive(first)
        self.data: pd.DataFrame | None = None
        self._say(message)
        for control in controls.values():
            control.observe(self.update, names="value")
        self.widget = w.VBox([w.HBox(list(controls.values())), self.status, self.chart])

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def _say(self, message: str, problem: bool = False) -> None:
        text = html.escape(message)
        self.status.value = f"<span role='alert'>⚠ {text}</span>" if problem else text

    def update(self, _change: Any = None) -> None:
        """Redraw from the controls' current values; explain instead of failing."""
        try:
            chart, message = self._draw(**self.values())
        except ValueError as exc:
            self._say(f"{exc} The chart still shows the last valid choice.", problem=True)
            return
        except Exception as exc:  # never let a callback traceback reach the student
            self._say(f"Could not redraw ({type(exc).__name__}): the chart still shows the "
                      "last valid choice.", problem=True)
            return
        self.chart.chart = chart
        self._say(message)

    def set(self, **values: Any) -> bool:
        """Set controls from code; a value a control cannot take is explained, not raised.

        Returns True when every value was accepted.
        """
        for name, value in values.items():
            control = self.controls.get(name)
            if control is None:
                known = ", ".join(self.controls)
                self._say(f"There is no control called '{name}'; the controls are: {known}.",
                          problem=True)
                return False
            try:
                control.value = value
            except Exception:
                shown = repr(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                self._say(f"{shown} is not a value the '{name}' control can take. "
                          f"{_describe_choices(control)}", problem=True)
                return False
        return True

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


# --- events by theme and date --------------------------------------------------------------

def event_explorer(events: pd.DataFrame) -> Explorer:
    """Pick a theme and a date window; the timeline and a count follow."""
    dates = sorted(events["date"].dt.normalize().unique())
    labels = [(f"{pd.Timestamp(d):%d %b %Y}".lstrip("0"), pd.Timestamp(d)) for d in dates]
    themes = [ALL, *sorted(events["theme"].unique())]
    controls = {
        "theme": w.Dropdown(options=themes, value=ALL, description="Theme"),
        "window": w.SelectionRangeSlider(
            options=labels, index=(0, len(labels) - 1), description="Dates",
            layout=w.Layout(width="640px"), continuous_update=False,
        ),
    }

    def draw(theme: Any, window: Any) -> tuple[alt.Chart, str]:
        if theme not in themes:
            raise ValueError(f"'{theme}' is not a theme in this table.")
        start, end = _date_window(window)
        shown = events[(events["date"] >= start) & (events["date"] <= end)]
        if theme != ALL:
            shown = shown[shown["theme"] == theme]
        if shown.empty:
            raise ValueError("No events match this theme between these dates.")
        where = "all themes" if theme == ALL else f"theme '{theme}'"
        title = f"Events, {long_date(start)} to {long_date(end)}"
        message = f"{len(shown)} events, {where}, {long_date(start)} to {long_date(end)}."
        return charts.timeline(shown, title=title), message

    return Explorer(controls, draw)


def _date_window(window: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    try:
        start, end = (pd.Timestamp(x) for x in window)
    except (TypeError, ValueError):
        raise ValueError("The date window must be two dates.") from None
    if start > end:
        raise ValueError("The window starts after it ends.")
    return start, end


# --- comparing figures of very different sizes ---------------------------------------------

def figure_label(row: pd.Series) -> str:
    """A short name for one figure: app, what was counted, and who counted it."""
    what = str(row["metric"]).replace("_", " ")
    return f"{row['app']}: {what} ({row['measured_by']}, {long_date(row['date'])})"


def scale_explorer(metrics: pd.DataFrame, preselect: Sequence[str] = ()) -> Explorer:
    """Choose figures and a linear or log axis to see how big each really is.

    Only figures counted in users are offered, so every bar shares one unit. Bars carry
    their value and whether the figure is a measurement, an estimate or a company claim,
    in words as well as in colour.
    """
    users = metrics[metrics["unit"] == "users"].copy()
    users["label"] = users.apply(figure_label, axis=1)
    options = list(users["label"])
    chosen = [o for o in options if any(p in o for p in preselect)] or options[:3]
    controls = {
        "figures": w.SelectMultiple(options=options, value=tuple(chosen), rows=6,
                                    description="Figures", layout=w.Layout(width="560px")),
        "scale": w.ToggleButtons(options=["linear", "log"], value="linear",
                                 description="Axis"),
    }

    def draw(figures: Any, scale: Any) -> tuple[alt.LayerChart, str]:
        if scale not in ("linear", "log"):
            raise ValueError(f"'{scale}' is not an axis type: use 'linear' or 'log'.")
        picked = users[users["label"].isin(list(figures or ()))].copy()
        if picked.empty:
            raise ValueError("Select at least one figure (Ctrl- or Cmd-click for several).")
        picked["millions"] = picked["value"] / 1e6
        picked["basis_text"] = picked["basis"].str.replace("_", " ")
        picked["shown"] = picked.apply(
            lambda r: f"{_qualifier(r['qualifier'])}{r['millions']:,.2f} M ({r['basis_text']})",
            axis=1)
        bases = sorted(users["basis"].str.replace("_", " ").unique())
        base = alt.Chart(picked).encode(
            y=alt.Y("label:N", title="Figure (who counted, on what date)", sort="-x",
                    axis=alt.Axis(labelLimit=420)),
            x=alt.X("millions:Q", title="Users (millions)",
                    scale=alt.Scale(type=scale, zero=scale == "linear")),
        )
        bars = base.mark_bar(stroke="#000000", strokeWidth=1.5).encode(
            color=alt.Color("basis_text:N", title="Kind of figure",
                            scale=alt.Scale(domain=bases, range=PALETTE[: len(bases)])),
            strokeDash=alt.StrokeDash("basis_text:N", title="Kind of figure",
                                      scale=alt.Scale(domain=bases,
                                                      range=DASHES[: len(bases)])),
            tooltip=[alt.Tooltip("label:N", title="Figure"),
                     alt.Tooltip("shown:N", title="Value"),
                     alt.Tooltip("source_id:N", title="Source")],
        )
        text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="shown:N")
        chart = (bars + text).properties(
            width=420, height=36 * len(picked),
            title=f"How big is each figure? ({scale} axis)",
            description=(
                f"Bar chart of {len(picked)} user figures in millions on a {scale} axis: "
                + "; ".join(picked["label"] + " = " + picked["shown"])
            ),
        )
        message = f"{len(picked)} figures on a {scale} axis. Largest / smallest = " + (
            f"{picked['value'].max() / picked['value'].min():,.0f}×."
        )
        return chart, message

    return Explorer(controls, draw)


def _qualifier(word: Any) -> str:
    return {"about": "≈", "more_than": ">", "less_than": "<"}.get(str(word), "")


def _describe_choices(control: w.ValueWidget) -> str:
    """Say, in words, what a control accepts."""
    labels = getattr(control, "_options_labels", None)
    if labels:
        shown = ", ".join(repr(x) for x in labels[:6]) + (", ..." if len(labels) > 6 else "")
        return f"Choose from: {shown}."
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is not None and high is not None:
        return f"Choose a value from {low} to {high}."
    return "Use the control itself to see what it accepts."
