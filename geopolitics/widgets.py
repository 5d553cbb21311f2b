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
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics import charts
from geopolitics.charts import PALETTE, long_date
from geopolitics.errors import KitError

DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]


@dataclass
class View:
    """What the chart should show for the controls' current values."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    variant: str = "default"
    html: str = ""  # for a Form: the result block (already escaped)


class Panel:
    """Controls and a status line, wired by one ``update`` that never raises.

    ``react`` turns the controls' values into a :class:`View` (or raises ValueError with a
    sentence for the student); subclasses decide what a view changes besides the status.
    """

    def __init__(self, controls: dict[str, w.ValueWidget], react: Callable[..., View]) -> None:
        self.controls = controls
        self._react = react
        self.status = w.HTML(layout=w.Layout(min_height="1.6em"))

    def _watch(self, *shown: w.Widget) -> None:
        for control in self.controls.values():
            control.observe(self.update, names="value")
        boxes = [w.HBox(list(self.controls.values())[i : i + 3])
                 for i in range(0, len(self.controls), 3)]
        self.widget = w.VBox([*boxes, self.status, *shown])

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def _say(self, message: str, problem: bool = False) -> None:
        text = html.escape(message)
        self.status.value = f"<span role='alert'>⚠ {text}</span>" if problem else text

    def _apply(self, view: View) -> None:
        self._say(view.message)

    def update(self, _change: Any = None) -> None:
        """Redraw from the controls' current values; explain instead of failing."""
        try:
            view = self._react(**self.values())
        except ValueError as exc:
            self._say(f"{exc} The display still shows the last valid choice.", problem=True)
            return
        except Exception as exc:  # never let a callback traceback reach the student
            self._say(f"Could not update ({type(exc).__name__}): the display still shows the "
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
        if charts.static_export():
            return {"text/html": self.static_html(),
                    "text/plain": f"<interactive {type(self).__name__}: {self.status.value}>"}
        return self.widget._repr_mimebundle_(**kwargs)

    # --- the static twin: what slides and web pages show, where no widget can run ---------

    def static_html(self) -> str:
        """The panel as it starts, for a file with no kernel: its view, what it shows, and a
        line naming the controls, so a reader knows there is more to explore in JupyterLab."""
        names = ", ".join(f"{html.escape(_control_name(n, c))} ({_control_kind(c)})"
                          for n, c in self.controls.items())
        return (
            '<div class="geopolitics-static-widget">'
            '<p class="geopolitics-controls" style="font-style:italic">'
            f"Interactive in JupyterLab, with these controls: {names}. "
            "Shown here with its starting choices.</p>"
            f'<p class="geopolitics-status">{self.status.value}</p>'
            f"{self._static_view()}</div>"
        )

    def _static_view(self) -> str:
        return ""


class Explorer(Panel):
    """A panel whose view is a live chart (see the module docstring for why parameters).

    ``variants`` are the chart's prebuilt forms, each audited once.
    """

    def __init__(
        self,
        controls: dict[str, w.ValueWidget],
        variants: dict[str, alt.TopLevelMixin],
        react: Callable[..., View],
    ) -> None:
        super().__init__(controls, react)
        self._specs = {name: chart.to_dict() for name, chart in variants.items()}
        view = react(**self.values())
        self.chart = charts.interactive(variants[view.variant])
        self._variant = view.variant
        self._apply(view)
        self._watch(self.chart)

    def spec(self) -> dict[str, Any]:
        """The chart as the browser draws it now: its spec with the current parameters."""
        current = copy.deepcopy(self.chart.spec)
        for param in current.get("params", []):
            if param.get("name") in self.chart._params:
                param["value"] = self.chart._params[param["name"]]
        return current

    def _static_view(self) -> str:
        return charts.svg_figure(self.spec())

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


class Form(Panel):
    """A panel whose view is a block of text, such as a verdict with its reasons."""

    def __init__(self, controls: dict[str, w.ValueWidget], react: Callable[..., View]) -> None:
        super().__init__(controls, react)
        self.result = w.HTML()
        self._apply(react(**self.values()))
        self._watch(self.result)

    def _static_view(self) -> str:
        return self.result.value

    def _apply(self, view: View) -> None:
        self.result.value = view.html
        self._say(view.message)



# --- every widget as its lesson builds it (used by the tests and the benchmark) -------------

def lesson_widgets() -> dict[str, Callable[[], Panel]]:
    """How each lesson builds each widget, on the table it gives it.

    The tests feed every one of these every value its controls can produce, and the
    benchmark times them; a new widget factory must be added here (a test checks that).
    Names are the factory's, with ``_by_...`` for a second way a lesson calls it.
    """
    from geopolitics.data import load

    return {
        "event_explorer": lambda: event_explorer(load("events")),
        "event_explorer_by_actor": lambda: event_explorer(load("events"), by="actor"),
        "scale_explorer": lambda: scale_explorer(
            load("app_metrics"),
            preselect=["Xiaohongshu: US daily active users (Similarweb, 13", "TikTok: US daily"]),
        "coverage_form": coverage_form,
        "deadline_calculator": deadline_calculator,
        "penalty_calculator": lambda: penalty_calculator(load("app_metrics")),
        "filter_playground": lambda: filter_playground(load("synthetic_posts")),
        "index_explorer": lambda: index_explorer(load("press_freedom")),
        "soft_power_explorer": lambda: soft_power_explorer(load("soft_power_index")),
        "pew_trend": lambda: pew_trend(load("pew_china_views")),
        "framing_explorer": lambda: framing_explorer(load("framing")),
        "demographic_explorer": lambda: demographic_explorer(load("pew_tiktok")),
        "demographic_explorer_by_ban": lambda: demographic_explorer(
            load("pew_tiktok"), start=("supports_ban", "user_status", 2025)),
        "compare_audiences": lambda: compare_audiences(load("audience_profiles"),
                                                       load("rednote_audience")),
        "glossary_explorer": glossary_explorer,
        "scenario_explorer": scenario_explorer,
    }


# --- what a student can do to a control (used by the tests and the benchmark) ---------------

def evenly_spaced(items: Sequence[Any], limit: int) -> list[Any]:
    """At most ``limit`` items spread over the sequence, first and last included."""
    if len(items) <= limit:
        return list(items)
    if limit == 1:
        return [items[0]]
    step = (len(items) - 1) / (limit - 1)
    return [items[round(i * step)] for i in range(limit)]


def _number_grid(low: float, high: float, step: float | None, limit: int,
                 integer: bool) -> list[Any]:
    count = limit if not step else min(limit, round((high - low) / step) + 1)
    count = max(count, 2)
    grid = [low + (high - low) * i / (count - 1) for i in range(count)]
    return sorted({round(x) for x in grid}) if integer else grid


def values_a_student_can_give(control: w.ValueWidget, limit: int = 24) -> list[Any]:
    """Values a student can give this control, at most ``limit`` of them, spread evenly.

    Single choices: every option. Several choices: none, each one, each neighbouring pair
    and all. Ranges: pairs of start and end. A control type not handled here stops the
    bench and the tests with a message, so that a new kind of control is not left out.
    Text boxes and date pickers get awkward values too (markup, Chinese, empty, far dates).
    """
    if isinstance(control, w.SelectionRangeSlider):
        options = control._options_values  # the values behind the labels
        pairs = [(options[i], options[j]) for i, j in
                 itertools.combinations_with_replacement(range(len(options)), 2)]
        return evenly_spaced(pairs, limit)
    if isinstance(control, w.SelectMultiple):
        options = control._options_values
        choices = [(), *((o,) for o in options), *itertools.pairwise(options), tuple(options)]
        return evenly_spaced(list(dict.fromkeys(choices)), limit)
    if isinstance(control, w.Dropdown | w.ToggleButtons | w.RadioButtons | w.Select
                  | w.SelectionSlider):
        return evenly_spaced(list(control._options_values), limit)
    if isinstance(control, w.Checkbox | w.ToggleButton):
        return [True, False]
    if isinstance(control, w.IntRangeSlider | w.FloatRangeSlider):
        integer = isinstance(control, w.IntRangeSlider)
        ends = _number_grid(control.min, control.max, control.step, 8, integer)
        return evenly_spaced(list(itertools.combinations(ends, 2)), limit)
    if isinstance(control, w.IntSlider | w.BoundedIntText | w.FloatSlider | w.BoundedFloatText):
        integer = isinstance(control, w.IntSlider | w.BoundedIntText)
        return _number_grid(control.min, control.max, control.step, limit, integer)
    if isinstance(control, w.FloatLogSlider):
        exponents = _number_grid(control.min, control.max, control.step, limit, False)
        return [control.base ** x for x in exponents]
    if isinstance(control, w.Text | w.Textarea):
        return ["", "TikTok", "<script>alert(1)</script>", "小红书 RedNote", "x" * 300,
                "六 四\n.*+?[](){}|\\^$\n🙂", "tank + photo; 六 + 四; +"]
    if isinstance(control, w.DatePicker):
        return [None, date(2020, 1, 1), date(2024, 4, 24), date(2025, 1, 1), date(2031, 12, 31)]
    raise TypeError(f"no list of values for a {type(control).__name__} control: add it to "
                    "values_a_student_can_give() in geopolitics/widgets.py.")


# --- events by theme and date --------------------------------------------------------------

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
        charts.timeline(events, title=f"Events by {by} and date")
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


#: What a reader of a static copy should call each kind of control.
_CONTROL_KINDS: list[tuple[type, str]] = [
    (w.SelectMultiple, "list, several choices"),
    (w.Dropdown, "drop-down"),
    (w.ToggleButtons, "buttons"),
    (w.SelectionRangeSlider, "range slider"),
    (w.FloatLogSlider, "slider"),
    (w.FloatSlider, "slider"),
    (w.IntSlider, "slider"),
    (w.Textarea, "text box"),
    (w.Text, "text box"),
    (w.Checkbox, "tick box"),
    (w.DatePicker, "date picker"),
]


def _control_kind(control: w.ValueWidget) -> str:
    return next((word for cls, word in _CONTROL_KINDS if isinstance(control, cls)), "control")


def _control_name(name: str, control: w.ValueWidget) -> str:
    """The label a student sees beside a control, or its name when it has none."""
    return str(getattr(control, "description", "") or name.replace("_", " "))


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


# --- the law as controls (lesson 01) -------------------------------------------------------

def coverage_form() -> Form:
    """Describe an app; the Act's verdict and its reasons follow every change.

    Starts from Xiaohongshu as the fact sheet describes it (headquartered in China, about
    300 million monthly users, users share content); its owners' exact shares are not public,
    so the stake starts at 0 and headquarters alone decides control.
    """
    from geopolitics.models import law

    controls = {
        "name": w.Text(value="Xiaohongshu", description="App"),
        "operator": w.Text(value="Xingyin Information Technology", description="Operator"),
        "headquarters": w.Dropdown(options=list(law.COUNTRIES), value="China",
                                   description="Based in"),
        "stake": w.FloatSlider(value=0.0, min=0, max=100, step=0.1, readout_format=".1f",
                               description="Adversary stake (%)",
                               style={"description_width": "initial"}),
        "users": w.FloatLogSlider(value=3e8, base=10, min=3, max=9.5, step=0.01,
                                  readout_format=",.0f", description="Monthly users",
                                  style={"description_width": "initial"}),
        "purpose": w.Dropdown(options=list(law.PURPOSES), value="lifestyle",
                              description="Purpose"),
        "shares_content": w.Checkbox(value=True, description="Users post and view content"),
        "directed": w.Checkbox(value=False, description="Directed by an adversary"),
    }

    def react(name: Any, operator: Any, headquarters: Any, stake: Any, users: Any,
              purpose: Any, shares_content: Any, directed: Any) -> View:
        app = law.App(
            name=name, operator=operator, headquarters=headquarters,
            adversary_ownership=_percent_to_fraction(stake),
            monthly_active_users=round(users) if isinstance(users, float) else users,
            shares_user_content=shares_content, primary_purpose=purpose,
            directed_by_adversary=directed,
        )
        verdict = law.assess(app)
        facts = (f"{purpose}, based in {app.country}, {app.monthly_active_users:,} monthly "
                 f"users, adversary stake {100 * app.adversary_ownership:g}%")
        return View(message=f"{app.name} ({facts}): {verdict.label}.",
                    html=verdict._repr_html_())

    return Form(controls, react)


def _percent_to_fraction(value: Any) -> float:
    try:
        return float(value) / 100
    except (TypeError, ValueError):
        raise ValueError(f"The stake must be a percentage from 0 to 100, not {value!r}.") from None


def deadline_calculator() -> Form:
    """Pick a designation date and an extension; see when the prohibitions would bite."""
    from geopolitics.models import law

    controls = {
        "designated_on": w.DatePicker(value=law.DATE_OF_ENACTMENT, description="Designated"),
        "extension": w.IntSlider(value=0, min=0, max=law.MAX_EXTENSION_DAYS, step=1,
                                 description="Extension (days)",
                                 style={"description_width": "initial"}),
    }

    def react(designated_on: Any, extension: Any) -> View:
        if not isinstance(designated_on, date):
            raise ValueError("Pick a designation date.")
        effective = law.prohibition_date(designated_on, extension)
        extra = f" + {extension} days of extension" if extension else ""
        rows = [
            ("Designated (for TikTok: the day the Act became law)", long_date(designated_on)),
            ("Days the Act allows (§2(a)(2))", f"{law.DAYS_TO_PROHIBITION}"),
            ("One-time extension, at most 90 days (§2(a)(3))", f"{extension}"),
            ("Prohibitions take effect", long_date(effective)),
        ]
        table = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                        f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
        return View(
            message=f"Prohibitions take effect on {long_date(effective)}: "
                    f"{law.DAYS_TO_PROHIBITION} days{extra} after {long_date(designated_on)}.",
            html=f"<table>{table}</table>",
        )

    return Form(controls, react)


def penalty_calculator(metrics: pd.DataFrame) -> Explorer:
    """Slide the number of users; the maximum penalty is drawn beside sums it can be weighed
    against (figures in US dollars from the kit's data), on a log axis."""
    from geopolitics.models import law

    money = metrics[metrics["unit"] == "US dollars"].copy()
    if money.empty:
        raise ValueError("The app_metrics table has no figures in US dollars to compare with.")
    money["label"] = money.apply(figure_label, axis=1)
    money["kind"] = money["basis"].str.replace("_", " ")
    penalty_row = pd.DataFrame([{
        "label": "Maximum penalty under §2(d)(1)(A), for the users chosen",
        "value": 0.0, "kind": "penalty (computed)", "source_id": "the Act, §2(d)(1)(A)",
    }])
    table = pd.concat([penalty_row, money[["label", "value", "kind", "source_id"]]],
                      ignore_index=True)
    kinds = list(dict.fromkeys(table["kind"]))
    dollars_text = (
        "datum.dollars >= 1e9 ? format(datum.dollars / 1e9, '$,.1f') + ' billion' : "
        "datum.dollars >= 1e6 ? format(datum.dollars / 1e6, '$,.1f') + ' million' : "
        "format(datum.dollars, '$,.0f')"
    )
    base = (
        alt.Chart(table)
        .transform_calculate(
            dollars=f"datum.kind == 'penalty (computed)' ? users * {law.PENALTY_PER_USER} "
                    ": datum.value")
        .transform_calculate(shown=dollars_text)
        .encode(
            y=alt.Y("label:N", title="Sum (who estimated it)", sort=None,
                    axis=alt.Axis(labelLimit=380, titleAngle=0, titleAlign="left",
                                  titleAnchor="start", titleBaseline="bottom", titleY=-8,
                                  titleX=-380)),
            x=alt.X("dollars:Q", title="US dollars (log scale)",
                    scale=alt.Scale(type="log", domainMin=1e6)),
        )
    )
    bars = base.mark_bar(stroke="#000000", strokeWidth=1.5).encode(
        x2=alt.datum(1e6),
        color=alt.Color("kind:N", title="Kind of figure",
                        scale=alt.Scale(domain=kinds, range=PALETTE[: len(kinds)]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("kind:N", title="Kind of figure",
                                  scale=alt.Scale(domain=kinds, range=DASHES[: len(kinds)])),
        tooltip=[alt.Tooltip("label:N", title="Figure"), alt.Tooltip("shown:N", title="Sum"),
                 alt.Tooltip("source_id:N", title="Source")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="shown:N")
    chart = (bars + text).add_params(alt.param(name="users", value=1_000_000)).properties(
        width=420, height=alt.Step(36),
        title="The Act's maximum penalty, in proportion",
        description=(
            "Bar chart on a log scale of US dollars: the maximum penalty for the number of "
            "users chosen with the slider ($5,000 per user), beside "
            + "; ".join(money["label"]) + ". Each bar is labelled with its sum."
        ),
    )
    controls = {
        "users": w.FloatLogSlider(value=1e6, base=10, min=0, max=8.5, step=0.05,
                                  readout_format=",.0f", description="US users",
                                  style={"description_width": "initial"},
                                  layout=w.Layout(width="520px")),
    }

    def react(users: Any) -> View:
        count = round(float(users))
        fine = law.max_penalty(count)
        return View(
            message=f"{count:,} users × ${law.PENALTY_PER_USER:,} = up to ${fine:,}.",
            params={"users": count},
        )

    return Explorer(controls, {"default": chart}, react)


# --- censorship (lesson 02) ------------------------------------------------------------------

def filter_playground(posts: pd.DataFrame) -> Form:
    """Edit a keyword list and pick a matching mode; see what the filter catches and misses.

    ``posts`` is the SYNTHETIC corpus (``load("synthetic_posts")``): invented posts labelled
    under a written coding scheme, so both the censor's and the critic's numbers can be
    computed. Keyword groups typed as ``tank + photo`` block only when every word appears.
    """
    from geopolitics.models import censorship

    controls = {
        "keywords": w.Textarea(value="\n".join(censorship.DEFAULT_KEYWORDS), rows=5,
                               description="Keywords", placeholder="one keyword per line"),
        "mode": w.Dropdown(options=list(censorship.MODES), value="substring",
                           description="Match"),
        "groups": w.Text(value="", description="Groups", placeholder="tank + photo; 六 + 四",
                         layout=w.Layout(width="320px")),
    }

    def react(keywords: Any, mode: Any, groups: Any) -> View:
        if not isinstance(keywords, str) or not isinstance(groups, str):
            raise ValueError("Keywords and groups must be text: one keyword per line, groups "
                             "as 'word + word', separated by ';'.")
        words = [k for k in keywords.splitlines() if k.strip()]
        combos = [[part.strip() for part in group.split("+") if part.strip()]
                  for group in groups.split(";") if group.strip()]
        verdict = censorship.evaluate(
            censorship.Filter(words, mode=mode, combinations=combos), posts)
        caught = "no" if verdict.caught is None else f"{100 * verdict.caught:.0f}%"
        over = "no" if verdict.over_block_rate is None else f"{100 * verdict.over_block_rate:.0f}%"
        return View(
            message=(f"{mode} match, {len(words)} keywords, {len(combos)} groups: caught "
                     f"{caught} of target posts, blocked {over} of benign posts by mistake."),
            html=verdict._repr_html_(),
        )

    return Form(controls, react)


INDEX_MEASURES = {
    "Freedom on the Net score": ("freedom_on_the_net", "score"),
    "Press Freedom Index rank": ("world_press_freedom", "rank"),
    "Press Freedom Index score (2022 method)": ("world_press_freedom", "score"),
}


def index_explorer(press: pd.DataFrame) -> Explorer:
    """Pick an index and a measure; see China and the United States over the years.

    Ranks and scores never share an axis, and RSF scores exist only from 2022, when its
    method changed: the kit ships no earlier RSF scores, so none can be mixed in.
    """
    def variant(label: str) -> alt.LayerChart:
        index, column = INDEX_MEASURES[label]
        rows = press[(press["index"] == index) & press[column].notna()]
        rows = rows.assign(value=rows[column].astype(float))
        is_rank = column == "rank"
        unit = "rank (1 = freest, out of 180)" if is_rank else "score (0 to 100, higher = freer)"
        base = alt.Chart(rows).encode(
            x=alt.X("year:O", title="Edition (year)"),
            y=alt.Y("value:Q", title=f"{label.split(' (')[0]}: {unit}",
                    scale=alt.Scale(reverse=is_rank, zero=not is_rank)),
            color=alt.Color("country:N", title="Country",
                            scale=alt.Scale(domain=["China", "United States"],
                                            range=[PALETTE[5], PALETTE[0]])),
        )
        lines = base.mark_line(point=alt.OverlayMarkDef(size=80)).encode(
            strokeDash=alt.StrokeDash("country:N", title="Country",
                                      scale=alt.Scale(domain=["China", "United States"],
                                                      range=[[1, 0], [6, 3]])),
            tooltip=["country:N", "year:O", alt.Tooltip("value:Q", title=column),
                     "confidence:N", "source_id:N"])
        labels = base.mark_text(dy=-12, fontSize=12).encode(text=alt.Text("value:Q",
                                                                            format=".0f"))
        first, last = int(rows["year"].min()), int(rows["year"].max())
        return (lines + labels).properties(
            width=480, height=260, title=f"{label}, China and the United States",
            description=(f"Line chart of the {label} for China and the United States, "
                         f"{first} to {last}; lines differ by dash as well as colour, and each "
                         "point is labelled with its value."),
        )

    controls = {"measure": w.Dropdown(options=list(INDEX_MEASURES),
                                      value="Freedom on the Net score", description="Measure",
                                      style={"description_width": "initial"},
                                      layout=w.Layout(width="420px"))}

    def react(measure: Any) -> View:
        if measure not in INDEX_MEASURES:
            raise ValueError(f"'{measure}' is not one of the measures in the list.")
        index, column = INDEX_MEASURES[measure]
        rows = press[(press["index"] == index) & press[column].notna()].sort_values("year")
        parts = []
        for country, group in rows.groupby("country"):
            start, end = group.iloc[0], group.iloc[-1]
            parts.append(f"{country} {start[column]:g} ({start['year']}) to "
                         f"{end[column]:g} ({end['year']})")
        return View(message=f"{measure}: " + "; ".join(parts) + ".", variant=measure)

    return Explorer(controls, {label: variant(label) for label in INDEX_MEASURES}, react)


# --- soft power (lesson 03) ------------------------------------------------------------------

SOFT_POWER_MEASURES = {
    "Brand Finance rank": ("brand_finance_gspi", "rank"),
    "Brand Finance score": ("brand_finance_gspi", "score"),
}


def soft_power_explorer(table: pd.DataFrame) -> Explorer:
    """Pick countries and rank or score in the Brand Finance Global Soft Power Index.

    Ranks and scores are drawn on separate charts (a rank axis runs downwards: 1 is best),
    and each point says which edition it comes from, because the set of countries ranked
    grew over the years.
    """
    brand = table[table["index"] == "brand_finance_gspi"]
    countries = sorted(brand["country"].unique())
    chosen = [c for c in ("United States", "China", "United Kingdom") if c in countries]

    def variant(label: str) -> alt.LayerChart:
        _, column = SOFT_POWER_MEASURES[label]
        rows = brand[brand[column].notna()].assign(value=lambda f: f[column].astype(float))
        is_rank = column == "rank"
        unit = "rank (1 = strongest)" if is_rank else "score (out of 100)"
        base = alt.Chart(rows).transform_filter("indexof(countries, datum.country) >= 0").encode(
            x=alt.X("edition:O", title="Edition (year)"),
            y=alt.Y("value:Q", title=f"Brand Finance {unit}",
                    scale=alt.Scale(reverse=is_rank, zero=False)),
            color=alt.Color("country:N", title="Country",
                            scale=alt.Scale(domain=countries,
                                            range=[PALETTE[i % 6] for i in range(len(countries))])),
        )
        lines = base.mark_line(point=alt.OverlayMarkDef(size=70)).encode(
            strokeDash=alt.StrokeDash("country:N", title="Country"),
            tooltip=["country:N", "edition:O", alt.Tooltip("value:Q", title=column),
                     "countries_ranked:Q", "confidence:N", "source_id:N"])
        labels = base.mark_text(dy=-11, fontSize=11).encode(
            text=alt.Text("value:Q", format=".0f" if is_rank else ".1f"))
        return (lines + labels).add_params(alt.param(name="countries", value=chosen)).properties(
            width=480, height=260, title=f"{label}, selected countries",
            description=(f"Line chart of the {label} by edition for the countries chosen in the "
                         "list above; lines differ by dash as well as colour and each point is "
                         "labelled with its value."),
        )

    controls = {
        "countries": w.SelectMultiple(options=countries, value=tuple(chosen), rows=5,
                                      description="Countries"),
        "measure": w.ToggleButtons(options=list(SOFT_POWER_MEASURES), value="Brand Finance rank",
                                   description="Show"),
    }

    def react(countries: Any, measure: Any) -> View:
        if measure not in SOFT_POWER_MEASURES:
            raise ValueError(f"'{measure}' is not one of the measures shown.")
        picked = list(countries or ())
        if not picked:
            raise ValueError("Select at least one country (Ctrl- or Cmd-click for several).")
        _, column = SOFT_POWER_MEASURES[measure]
        rows = brand[brand["country"].isin(picked) & brand[column].notna()]
        latest = rows.sort_values("edition").groupby("country").tail(1)
        parts = [f"{r.country} {getattr(r, column):g} in {r.edition}" for r in latest.itertuples()]
        return View(message=f"{measure}, latest edition shown: " + "; ".join(parts) + ".",
                    params={"countries": picked}, variant=measure)

    return Explorer(controls, {m: variant(m) for m in SOFT_POWER_MEASURES}, react)


def pew_trend(pew: pd.DataFrame) -> Explorer:
    """Pick a measure of how US adults see China; the trend is drawn with the survey mode.

    Pew moved from telephone to an online panel in 2020: points are shaped by mode, so a
    reader never reads a change of method as a change of opinion.
    """
    measures = [m for m in ("unfavourable", "enemy", "competitor", "partner")
                if m in set(pew["measure"])]
    base = alt.Chart(pew).transform_filter("datum.measure == measure").encode(
        x=alt.X("year:O", title="Survey year"),
        y=alt.Y("percent:Q", title="US adults (percent)", scale=alt.Scale(domain=[0, 100])),
    )
    points = base.mark_point(size=110, filled=True).encode(
        shape=alt.Shape("mode:N", title="Survey mode"),
        color=alt.Color("mode:N", title="Survey mode",
                        scale=alt.Scale(domain=["phone", "online_panel"],
                                        range=[PALETTE[1], PALETTE[0]])),
        tooltip=["year:O", "measure:N", "percent:Q", "mode:N", "fieldwork:N", "confidence:N"],
    )
    line = base.transform_filter("datum.mode == 'online_panel'").mark_line(
        color=PALETTE[0], strokeWidth=2)
    labels = base.mark_text(dy=-12, fontSize=12).encode(text=alt.Text("percent:Q", format=".0f"))
    chart = (line + points + labels).add_params(
        alt.param(name="measure", value=measures[0])).properties(
        width=480, height=260, title="How US adults see China (Pew Research Center)",
        description=("Chart of the share of US adults holding the view chosen above, by survey "
                     "year; telephone and online-panel surveys are drawn with different shapes "
                     "and only online-panel years are joined by a line."),
    )
    controls = {"measure": w.Dropdown(options=measures, value=measures[0], description="View")}

    def react(measure: Any) -> View:
        if measure not in measures:
            raise ValueError(f"'{measure}' is not a measure in this table.")
        rows = pew[pew["measure"] == measure].sort_values("year")
        points_text = ", ".join(f"{r.percent:g}% ({r.year}, {r.mode.replace('_', ' ')})"
                                for r in rows.itertuples())
        return View(message=f"Share of US adults, {measure}: {points_text}.",
                    params={"measure": measure})

    return Explorer(controls, {"default": chart}, react)


FRAMES = ["national_security", "free_speech", "cultural_exchange", "soft_power", "censorship",
          "commerce"]


def framing_explorer(framing: pd.DataFrame) -> Explorer:
    """Pick where outlets are based; see which frames their articles used, and how often."""
    long = framing.melt(id_vars=["id", "outlet", "country"], value_vars=FRAMES,
                        var_name="frame", value_name="present")
    long["frame_text"] = long["frame"].str.replace("_", " ")
    long["present"] = long["present"].astype(bool)
    everywhere = "All countries"
    places = [everywhere, *sorted(framing["country"].unique())]
    chart = (
        alt.Chart(long)
        .transform_filter(f"place == '{everywhere}' || datum.country == place")
        .transform_calculate(present_n="datum.present ? 1 : 0")
        .transform_aggregate(articles="count()", with_frame="sum(present_n)",
                             groupby=["frame_text"])
        .transform_calculate(share="datum.with_frame / datum.articles")
        .mark_bar(stroke="black")
        .encode(
            x=alt.X("share:Q", title="Articles using the frame (share, 0 to 1)",
                    scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            y=alt.Y("frame_text:N", title="Frame", sort=[f.replace("_", " ") for f in FRAMES]),
            tooltip=["frame_text:N", alt.Tooltip("share:Q", format=".0%"), "articles:Q"],
        )
        .add_params(alt.param(name="place", value=everywhere))
        .properties(width=420, height=alt.Step(30), title="How outlets framed the migration",
                    description=("Bar chart of the share of coded articles that used each "
                                 "frame, for outlets based in the country chosen above.")))
    controls = {"place": w.Dropdown(options=places, value=everywhere, description="Outlets in",
                                    style={"description_width": "initial"})}

    def react(place: Any) -> View:
        if place not in places:
            raise ValueError(f"'{place}' is not a country in the framing table.")
        rows = framing if place == everywhere else framing[framing["country"] == place]
        counts = rows[FRAMES].sum().sort_values(ascending=False)
        top = ", ".join(f"{f.replace('_', ' ')} {int(n)}" for f, n in counts.head(3).items())
        noun = "article" if len(rows) == 1 else "articles"
        return View(message=f"{len(rows)} {noun} from outlets in {place}; most used frames: "
                            f"{top}.", params={"place": place})

    return Explorer(controls, {"default": chart}, react)


# --- audience demographics (lesson 04) -----------------------------------------------------

#: What each Pew measure is a share of, for chart titles and status lines.
SURVEY_MEASURES = {
    "uses_tiktok": "say they use TikTok",
    "regular_news_on_tiktok": "regularly get news on TikTok",
    "supports_ban": "would support a US ban on TikTok",
    "sees_national_security_threat": "see TikTok as a threat to US national security",
}


def _figures_label(measure: Any, breakdown: Any, year: Any) -> str:
    """How a drop-down entry reads: 'supports ban · by party · 2023', 'uses TikTok · all adults'."""
    split = "all adults" if breakdown == "all" else f"by {_words(breakdown)}"
    return f"{_words(measure)} · {split} · {year}"


def _survey_rows(survey: pd.DataFrame) -> pd.DataFrame:
    """The survey table with what the chart shows: a label per bar and the text beside it.

    Where one year holds two surveys of a measure (March and autumn 2023), every bar of that
    choice names its fieldwork, so that two bars for one group can be told apart.
    """
    keys = ["year", "measure", "breakdown"]
    fieldwork = survey["fieldwork"].fillna("")
    surveys = fieldwork.groupby([survey[k] for k in keys]).transform("nunique")
    label = survey["group"].where(surveys <= 1, survey["group"] + " · " + fieldwork)
    margin = survey["margin_of_error"]
    shown = [
        f"{p:g}%" + (f" ± {m:g}" if pd.notna(m) else "") + (" · medium" if c == "medium" else "")
        for p, m, c in zip(survey["percent"], margin, survey["confidence"], strict=True)
    ]
    high = (survey["percent"] + margin).clip(upper=100)
    return survey.assign(
        label=label, shown=shown, low=(survey["percent"] - margin).clip(lower=0), high=high,
        text_at=high.fillna(survey["percent"]),  # beside the bar, or beyond its margin line
    )


#: A y axis for long labels: nothing is cut (the default limit cut the year that tells March
#: 2023 from autumn 2023), its title sits above the labels, not across them, and its width is
#: fixed, so that the chart keeps its place when a choice brings longer labels (a live chart
#: does not grow to the left after its first drawing).
_LABELS_ABOVE_TITLE = alt.Axis(labelLimit=330, minExtent=330, maxExtent=330, titleAngle=0,
                               titleAlign="right", titleBaseline="bottom", titleX=-6,
                               titleY=-6)
_BREAKDOWN_ORDER = ["all", "age", "gender", "race_ethnicity", "party", "user_status"]


def demographic_explorer(survey: pd.DataFrame, start: tuple[str, str, int] | None = None,
                         ) -> Explorer:
    """Pick a Pew measure, a breakdown and a year; see each group's share.

    ``survey`` is ``load("pew_tiktok")``: one row per year, measure and group. ``start`` is
    the first choice shown, as ``(measure, breakdown, year)``; by default TikTok use by age in
    the latest year. A margin of error is drawn only where the row gives one (for all adults
    only: a group's margin is wider), and a medium-confidence bar says "medium" in its label
    and has a dashed outline, so confidence never rests on colour or a tooltip.
    """
    rows = _survey_rows(survey)
    years = sorted(int(y) for y in survey["year"].unique())
    # In the order a lesson reads them: use, news, ban, threat; all adults before groups.
    order = {**{m: i for i, m in enumerate(SURVEY_MEASURES)},
             **{b: i for i, b in enumerate(_BREAKDOWN_ORDER)}}
    combos = (survey[["measure", "breakdown", "year"]].drop_duplicates()
              .sort_values(["measure", "breakdown", "year"],
                           key=lambda c: c.map(order).fillna(99) if c.name != "year" else c))
    choices = [(_figures_label(m, b, y), (m, b, int(y)))
               for m, b, y in combos.itertuples(index=False)]
    values = [v for _, v in choices]
    if start is None:
        start = ("uses_tiktok", "age", years[-1])
    if tuple(start) not in values:
        raise KitError(f"{start!r} is not a set of figures in this table: give (measure, "
                       "breakdown, year), for example ('supports_ban', 'user_status', 2025).")
    start = tuple(start)
    has_margins = bool(survey["margin_of_error"].notna().any())
    axis_title = "Share of the group (percent)"
    # One chart whose filter follows three parameters. (Prebuilt variants, one per measure,
    # were tried: swapping a variant and its parameters at once let the browser keep a stale
    # year.) What is chosen is written over the bars by a text mark that reads the same
    # parameters, so the chart always names its own selection.
    base = alt.Chart(rows).transform_filter(
        "datum.measure == measure && datum.breakdown == breakdown && datum.year == year"
    ).encode(y=alt.Y("label:N", title="Group", sort=None, axis=_LABELS_ABOVE_TITLE))
    bars = base.mark_bar(color=PALETTE[0], stroke="#000000", strokeWidth=1.5).encode(
        x=alt.X("percent:Q", title=axis_title, scale=alt.Scale(domain=[0, 100])),
        strokeDash=alt.StrokeDash("confidence:N", title="Confidence",
                                  scale=alt.Scale(domain=["high", "medium"],
                                                  range=[[1, 0], [5, 3]]),
                                  legend=alt.Legend(orient="bottom")),
        tooltip=["label:N", "percent:Q", "margin_of_error:Q", "sample_size:Q", "fieldwork:N",
                 "confidence:N", "source_id:N"],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X("text_at:Q", title=axis_title), text="shown:N")
    layers: list[alt.Chart] = [bars, labels]
    margin_text = ""
    if has_margins:
        layers.insert(1, base.mark_rule(color="black", strokeWidth=3).encode(
            x=alt.X("low:Q", title=axis_title), x2="high:Q"))
        margin_text = (" Where Pew published a margin of error for all adults, a black line "
                       "shows it and the label gives it (±).")
    which = " : ".join(f"measure == '{m}' ? 'Who {words}'" for m, words in
                       SURVEY_MEASURES.items()) + " : measure"
    chosen = alt.Chart(pd.DataFrame({"line": [0]})).transform_calculate(
        shown=f"({which}) + ' · ' + (breakdown == 'all' ? 'all adults' : 'by ' + "
              "replace(breakdown, '_', ' ')) + ' · ' + year",
    ).mark_text(align="left", baseline="bottom", fontSize=13, fontStyle="italic",
                x=0, y=-12).encode(text="shown:N")
    chart = alt.layer(*layers, chosen).add_params(
        alt.param(name="measure", value=start[0]),
        alt.param(name="breakdown", value=start[1]),
        alt.param(name="year", value=start[2]),
    ).properties(
        width=420, height=alt.Step(30),
        title=alt.TitleParams("Pew Research Center surveys of US adults: share of each group",
                              offset=30),
        description=(
            "Bar chart of the share of each group of US adults for the Pew measure, breakdown "
            "and year chosen above, which the line over the bars repeats; each bar is "
            "labelled with its percent, and medium-confidence bars (secondary reports) say "
            "'medium' and have a dashed outline." + margin_text),
    )
    controls = {
        "figures": w.Dropdown(options=choices, value=start, description="Figures",
                              layout=w.Layout(width="480px")),
    }

    def react(figures: Any) -> View:
        if figures not in values:
            raise ValueError(f"{figures!r} is not one of the published combinations.")
        measure, breakdown, year = figures
        picked = rows[(rows["measure"] == measure) & (rows["breakdown"] == breakdown)
                      & (rows["year"] == year)]
        parts = "; ".join(
            f"{r.label} {r.percent:g}%" + (f" ± {r.margin_of_error:g}"
                                            if pd.notna(r.margin_of_error) else "")
            + (" (medium)" if r.confidence == "medium" else "")
            for r in picked.itertuples())
        of_whom = (" (shares of adult TikTok users, not of all adults)"
                   if measure == "regular_news_on_tiktok" and breakdown == "user_status" else "")
        return View(message=f"{_figures_label(measure, breakdown, year)}{of_whom}: {parts}.",
                    params={"measure": measure, "breakdown": breakdown, "year": int(year)})

    return Explorer(controls, {"default": chart}, react)


#: How each app's panel describes whose shares it shows (the populations differ).
_SIDE_BY_SIDE_TEXT = {
    "survey": "survey",
    "company_claim": "company claim",
    "estimate": "estimate",
}


def _audience_panels(profiles: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Both audiences in one long table: panel, breakdown, group, percent and what they are."""
    tiktok = profiles.assign(
        panel="TikTok", qualifier="",
        population=profiles["population"],
    )
    shares = claims[claims["measure"].isin(["share_female", "share_age_group"])
                    & (claims["unit"] == "percent")]
    xhs = pd.DataFrame({
        "panel": "Xiaohongshu",
        "breakdown": shares["measure"].map({"share_female": "gender",
                                            "share_age_group": "age"}),
        "group": shares["group"].str.capitalize(),
        "percent": shares["value"],
        "date": shares["date"],
        "basis": shares["basis"],
        "confidence": shares["confidence"],
        "source_id": shares["source_id"],
        # Company figures are given in words ("almost three-quarters", "half"): about.
        "qualifier": "≈",
        "population": "Xiaohongshu users, all ages, mostly in mainland China",
    })
    both = pd.concat([tiktok[xhs.columns], xhs], ignore_index=True)
    # A figure dated 31 December stands for the whole year it refers to (see the data notes).
    both["when"] = [f"{d:%Y}" if (d.month, d.day) == (12, 31) else f"{d:%B %Y}"
                    for d in both["date"]]
    both["label"] = both["group"] + " · " + both["when"]
    both["kind"] = both["basis"].map(_SIDE_BY_SIDE_TEXT).fillna(both["basis"])
    both["shown"] = [
        f"{q}{p:g}% · {k}" + (" · medium" if c == "medium" else "")
        for q, p, k, c in zip(both["qualifier"], both["percent"], both["kind"],
                              both["confidence"], strict=True)
    ]
    both["of_whom"] = "of " + both["population"]
    return both


def compare_audiences(profiles: pd.DataFrame, claims: pd.DataFrame) -> Explorer:
    """Who is in each app's audience, by gender or by age: two panels, never one axis.

    ``profiles`` is ``load("audience_profiles")`` (Pew's survey of US adults who regularly get
    news on TikTok); ``claims`` is ``load("rednote_audience")`` (Xiaohongshu's own figures
    about its users, mostly in China). Both are compositions (the share of an audience in a
    group), but of different populations, measured in different ways: each panel has its own
    axis, every bar names its value, kind, population and date, and the status line says that
    the two cannot be subtracted.
    """
    both = _audience_panels(profiles, claims)
    shared = [b for b in ("gender", "age")
              if {"TikTok", "Xiaohongshu"} <= set(both.loc[both["breakdown"] == b, "panel"])]
    if not shared:
        raise KitError("These tables hold no breakdown (gender or age) that both apps report: "
                       "pass load('audience_profiles') and load('rednote_audience').")
    first = both.loc[both["panel"] == "TikTok", "population"].iloc[0]
    panels = {
        "TikTok": (f"TikTok: {first} (Pew survey)",
                   "Share of these news consumers (percent)", PALETTE[0], [1, 0]),
        "Xiaohongshu": ("Xiaohongshu: its users, all ages, mostly in mainland China "
                        "(company claims)", "Share of Xiaohongshu's users (percent)",
                        PALETTE[1], [5, 3]),
    }

    def panel(app: str) -> alt.LayerChart:
        title, axis_title, colour, dash = panels[app]
        base = alt.Chart(both[both["panel"] == app]).transform_filter(
            "datum.breakdown == breakdown").encode(
            # One fixed label width for both panels and both choices (see _LABELS_ABOVE_TITLE).
            y=alt.Y("label:N", title="Group and date", sort=None,
                    axis=alt.Axis(labelLimit=210, minExtent=210, maxExtent=210)),
        )
        bars = base.mark_bar(color=colour, stroke="#000000", strokeWidth=1.5,
                             strokeDash=dash).encode(
            x=alt.X("percent:Q", title=axis_title, scale=alt.Scale(domain=[0, 100]),
                    axis=alt.Axis(grid=False)),
            tooltip=[alt.Tooltip("label:N", title="Group"),
                     alt.Tooltip("shown:N", title="Value"),
                     alt.Tooltip("population:N", title="Share of"),
                     alt.Tooltip("source_id:N", title="Source")],
        )
        # Two lines beside each bar: value and kind, then whose share it is.
        text = base.transform_calculate(
            two_lines="datum.shown + '\\n' + datum.of_whom").mark_text(
            align="left", dx=5, fontSize=11, lineBreak="\n", baseline="middle").encode(
            x=alt.X("percent:Q", title=axis_title), text="two_lines:N")
        return alt.layer(bars, text).properties(
            width=260, height=alt.Step(40), title=title)

    chart = alt.vconcat(panel("TikTok"), panel("Xiaohongshu"), spacing=28).resolve_scale(
        x="independent", y="independent").add_params(
        alt.param(name="breakdown", value=shared[0])).properties(
        title="Two audiences side by side: different populations, not one scale",
        description=(
            "Two separate bar charts, each with its own axis. Top: the share of US adults "
            "who regularly get news on TikTok in each group (a Pew survey, August 2025). "
            "Bottom: the share of Xiaohongshu's users in each group, as the company claims "
            "(all ages, mostly in mainland China). Each bar is labelled with its value, "
            "whether it is a survey or a company claim, whose share it is and its date; the "
            "buttons above choose gender or age."),
    )
    controls = {
        "breakdown": w.ToggleButtons(options=[(b.capitalize(), b) for b in shared],
                                     value=shared[0], description="Compare by"),
    }

    def react(breakdown: Any) -> View:
        if breakdown not in shared:
            raise ValueError(f"'{breakdown}' is not a breakdown both apps report: choose "
                             f"{' or '.join(shared)}.")
        parts = []
        for app in ("TikTok", "Xiaohongshu"):
            rows = both[(both["panel"] == app) & (both["breakdown"] == breakdown)]
            one_date = rows["when"].nunique() == 1
            shares = ", ".join(f"{r.group} {r.qualifier}{r.percent:g}%"
                               + ("" if one_date else f" ({r.when})")
                               for r in rows.itertuples())
            when = f", {rows['when'].iloc[0]}" if one_date else ""
            kind = "Pew survey" if app == "TikTok" else "company claims"
            parts.append(f"{app} panel, shares of {rows['population'].iloc[0]} "
                         f"({kind}{when}): {shares}.")
        bands = (" The age bands do not match either." if breakdown == "age" else "")
        return View(
            message=f"By {breakdown}. " + " ".join(parts) + " The panels describe different "
                    "populations, measured in different ways: they cannot be subtracted."
                    + bands,
            params={"breakdown": breakdown})

    return Explorer(controls, {"default": chart}, react)


def _words(name: Any) -> str:
    """A column value as words for a person: 'uses_tiktok' -> 'uses TikTok'."""
    text = str(name).replace("_", " ").replace("race ethnicity", "race/ethnicity")
    return re.sub(r"\btiktok\b", "TikTok", text)


# --- the glossary (every lesson) -------------------------------------------------------------

def glossary_explorer() -> Form:
    """Look up a term of the kit in English, Chinese or pinyin (see geopolitics.glossary)."""
    from geopolitics.glossary import glossary_explorer as build

    return build()


# --- the scenario model (lesson 05) ----------------------------------------------------------

def scenario_explorer() -> Explorer:
    """Run lesson 05's switching model live (see geopolitics.scenario_widgets)."""
    from geopolitics.scenario_widgets import scenario_explorer as build

    return build()
