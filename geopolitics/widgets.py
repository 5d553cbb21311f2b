"""Controls that let a student explore a table: each drives a chart and says what it shows.

Every explorer follows one pattern: controls on top, a one-line status under them that
always says what is shown (or, for a value that makes no sense, what is wrong), then a
live chart. A callback never raises into the notebook: a bad value leaves the last good
chart in place and explains itself in the status line.

Why parameters: rebuilding and re-validating an Altair chart on every move of a control
costs 50 to 90 ms here, which a person feels. Each explorer therefore builds its chart (or a
few variants of it, such as a linear and a log axis) once, with Vega-Lite parameters in its
filters, and a control change only sends new parameter values to the browser.
"""

from __future__ import annotations

import copy
import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics import charts
from geopolitics.charts import PALETTE, long_date

ALL = "All themes"
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]


@dataclass
class View:
    """What the chart should show for the controls' current values."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    variant: str = "default"


class Explorer:
    """A set of controls, a status line and a live chart, wired by one ``update``.

    ``variants`` are the chart's prebuilt forms (audited once); ``react`` turns the
    controls' values into a :class:`View` or raises ValueError with a sentence for the
    student.
    """

    def __init__(
        self,
        controls: dict[str, w.ValueWidget],
        variants: dict[str, alt.TopLevelMixin],
        react: Callable[..., View],
    ) -> None:
        self.controls = controls
        self._react = react
        self._specs = {name: chart.to_dict() for name, chart in variants.items()}
        self.status = w.HTML(layout=w.Layout(min_height="1.6em"))
        view = react(**self.values())
        self.chart = charts.interactive(variants[view.variant])
        self._variant = view.variant
        self._apply(view)
        for control in controls.values():
            control.observe(self.update, names="value")
        self.widget = w.VBox([w.HBox(list(controls.values())), self.status, self.chart])

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def spec(self) -> dict[str, Any]:
        """The chart as the browser draws it now: its spec with the current parameters."""
        current = copy.deepcopy(self.chart.spec)
        for param in current.get("params", []):
            if param.get("name") in self.chart._params:
                param["value"] = self.chart._params[param["name"]]
        return current

    def _say(self, message: str, problem: bool = False) -> None:
        text = html.escape(message)
        self.status.value = f"<span role='alert'>⚠ {text}</span>" if problem else text

    def _apply(self, view: View) -> None:
        if view.variant != self._variant:
            spec = copy.deepcopy(self._specs[view.variant])
            for param in spec.get("params", []):
                if param.get("name") in view.params:
                    param["value"] = view.params[param["name"]]
            self.chart.spec = spec
            self._variant = view.variant
        for name, value in view.params.items():
            setattr(self.chart.params, name, value)
        self._say(view.message)

    def update(self, _change: Any = None) -> None:
        """Redraw from the controls' current values; explain instead of failing."""
        try:
            view = self._react(**self.values())
        except ValueError as exc:
            self._say(f"{exc} The chart still shows the last valid choice.", problem=True)
            return
        except Exception as exc:  # never let a callback traceback reach the student
            self._say(f"Could not redraw ({type(exc).__name__}): the chart still shows the "
                      "last valid choice.", problem=True)
            return
        self._apply(view)

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
            layout=w.Layout(width="520px"), continuous_update=False, readout=False,
        ),
    }
    shown_if = (
        f"(theme == '{ALL}' || datum.theme == theme) && "
        "toDate(datum.date) >= toDate(start) && toDate(datum.date) <= toDate(end)"
    )
    chart = (
        charts.timeline(events, title="Events by theme and date")
        .add_params(alt.param(name="theme", value=ALL),
                    alt.param(name="start", value=_iso(dates[0])),
                    alt.param(name="end", value=_iso(dates[-1])))
        .transform_filter(shown_if)
        .properties(description=(
            f"Timeline of up to {len(events)} events, one row per kind of actor. The theme "
            "and date controls above choose which events are drawn; the line above the chart "
            "says how many are shown and for which dates."
        ))
    )

    def react(theme: Any, window: Any) -> View:
        if theme not in themes:
            raise ValueError(f"'{theme}' is not a theme in this table.")
        start, end = _date_window(window)
        in_window = events["date"].between(start, end)
        chosen = in_window if theme == ALL else in_window & (events["theme"] == theme)
        count = int(chosen.sum())
        if count == 0:
            raise ValueError("No events match this theme between these dates.")
        where = "all themes" if theme == ALL else f"theme '{theme}'"
        noun = "event" if count == 1 else "events"
        return View(
            message=f"{count} {noun}, {where}, {long_date(start)} to {long_date(end)}.",
            params={"theme": theme, "start": _iso(start), "end": _iso(end)},
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


# --- comparing figures of very different sizes ---------------------------------------------

def figure_label(row: pd.Series) -> str:
    """A short name for one figure: app, what was counted, and who counted it."""
    what = re.sub(r"\bus\b", "US", str(row["metric"]).replace("_", " "))
    return f"{row['app']}: {what} ({row['measured_by']}, {long_date(row['date'])})"


def scale_explorer(metrics: pd.DataFrame, preselect: Sequence[str] = ()) -> Explorer:
    """Choose figures and a linear or log axis to see how big each really is.

    Only figures counted in users are offered, so every bar shares one unit. Bars carry
    their value and whether the figure is a measurement, an estimate or a company claim,
    in words and in their outline as well as in colour.
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
                    # The title sits above the long labels rather than across them.
                    axis=alt.Axis(labelLimit=380, titleAngle=0, titleAlign="left",
                                  titleAnchor="start", titleBaseline="bottom", titleY=-8,
                                  titleX=-380)),
            x=alt.X("millions:Q", title="Users (millions)",
                    scale=alt.Scale(type=scale, zero=True) if scale == "linear"
                    else alt.Scale(type="log", domainMin=log_floor)),
        )
        bars = base.mark_bar(stroke="#000000", strokeWidth=1.5).encode(
            x2=alt.datum(0 if scale == "linear" else log_floor),
            color=alt.Color("basis_text:N", title="Kind of figure",
                            scale=alt.Scale(domain=bases, range=PALETTE[: len(bases)]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("basis_text:N", title="Kind of figure",
                                      scale=alt.Scale(domain=bases,
                                                      range=DASHES[: len(bases)])),
            tooltip=[alt.Tooltip("label:N", title="Figure"),
                     alt.Tooltip("shown:N", title="Value"),
                     alt.Tooltip("source_id:N", title="Source")],
        )
        text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="shown:N")
        return (bars + text).add_params(alt.param(name="figures", value=list(chosen))).properties(
            width=420, height=alt.Step(36),
            title=f"How big is each figure? ({scale} axis)",
            description=(
                f"Bar chart of the chosen figures counted in users, in millions, on a {scale} "
                "axis. Each bar is labelled with its value and with whether it is a "
                "measurement, an estimate or a company claim; the list above the chart "
                "chooses the figures."
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
