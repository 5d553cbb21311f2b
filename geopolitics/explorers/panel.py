"""The panel core every explorer is built on: controls, a status line, and a chart or a result.

Every explorer follows one pattern: controls on top, a one-line status under them that
always says what is shown (or, for a value that makes no sense, what is wrong), then a
live chart (:class:`Explorer`) or a block of text (:class:`Form`). A callback never raises
into the notebook: a bad value leaves the last good chart in place and explains itself in
the status line.

Why parameters: rebuilding and re-validating an Altair chart on every move of a control
costs 50 to 90 ms here, which a person feels. Each explorer therefore builds its chart (or a
few variants of it, such as a linear and a log axis) once, with Vega-Lite parameters in its
filters, and a control change only sends new parameter values to the browser.

Each lesson's explorers live in ``geopolitics.explorers.lessonNN``; this module holds only
what they share, so that no lesson module imports another's.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import anywidget
import ipywidgets as w
import pandas as pd

from geopolitics import charts
from geopolitics.charts import PALETTE, long_date

#: Dash patterns paired with the palette, so a kind of figure never rests on colour alone.
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]


#: How a panel's status line begins when its own drawing code raised something it did not
#: expect: a bug in the kit, never a student's doing. The tests and the benchmark look for it.
UNEXPECTED = "Could not update"


#: In the browser: give each slider handle of the panel the slider's own description as its
#: accessible name, and keep it given as handles are drawn. ipywidgets 8 draws a slider with
#: noUiSlider, whose handles have the role "slider" but no name, so a screen reader says only
#: a number and axe-core reports "aria-input-field-name" (serious). A range slider's two
#: handles are named "... (from)" and "... (to)". Remove this once ipywidgets names them.
_NAME_SLIDERS_JS = """
function nameHandles(panel) {
  for (const slider of panel.querySelectorAll('.widget-slider, .jupyter-widget-slider')) {
    const label = slider.querySelector('.widget-label, label');
    const text = label ? label.textContent.trim() : '';
    const handles = slider.querySelectorAll('.noUi-handle');
    handles.forEach((handle, i) => {
      const name = handles.length > 1 ? `${text} (${i === 0 ? 'from' : 'to'})` : text;
      if (text && handle.getAttribute('aria-label') !== name) {
        handle.setAttribute('aria-label', name);
      }
    });
  }
}
export default {
  render({ el }) {
    el.style.display = 'none';
    const panel = el.parentElement && el.parentElement.closest('.widget-box, .jupyter-widget-box');
    if (!panel) return;
    nameHandles(panel);
    // Only a slider drawn or redrawn matters (a chart's redraw rewrites much of the panel).
    const sliders = '.widget-slider, .jupyter-widget-slider';
    const touchesSlider = (c) => (c.target.closest && c.target.closest(sliders))
      || [...c.addedNodes].some((n) => n.nodeType === 1
        && (n.matches(`${sliders}, .noUi-handle`) || n.querySelector('.noUi-handle')));
    const watcher = new MutationObserver((changes) => {
      if (changes.some(touchesSlider)) nameHandles(panel);
    });
    watcher.observe(panel, { childList: true, subtree: true });
    return () => watcher.disconnect();
  },
};
"""


class _SliderNames(anywidget.AnyWidget):
    """An invisible member of a panel that names its sliders' handles (:data:`_NAME_SLIDERS_JS`)."""

    _esm = _NAME_SLIDERS_JS


#: ipywidgets' sliders: each is drawn with noUiSlider.
_SLIDERS = (w.IntSlider, w.FloatSlider, w.FloatLogSlider, w.IntRangeSlider, w.FloatRangeSlider,
            w.SelectionSlider, w.SelectionRangeSlider)


def _has_slider(controls: dict[str, w.ValueWidget]) -> bool:
    return any(isinstance(control, _SLIDERS) for control in controls.values())


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
        self.said = ""  # the status line's text, as last said

    def _watch(self, *shown: w.Widget) -> None:
        for control in self.controls.values():
            control.observe(self.update, names="value")
        boxes = [w.HBox(list(self.controls.values())[i : i + 3])
                 for i in range(0, len(self.controls), 3)]
        namer = [_SliderNames()] if _has_slider(self.controls) else []
        self.widget = w.VBox([*boxes, self.status, *shown, *namer])

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def _say(self, message: str, problem: bool = False) -> None:
        self.said = message
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
            self._say(f"{UNEXPECTED} ({type(exc).__name__}): the display still shows the "
                      "last valid choice.", problem=True)
            return
        self._apply(view)

    def set(self, **values: Any) -> bool:
        """Set controls from code; a value a control cannot take is explained, not raised.

        Returns True when every value was accepted. A number beyond a slider's range is
        taken as the nearest end, as the slider itself does, and the status line says so.
        """
        moved = []
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
            low, high = getattr(control, "min", None), getattr(control, "max", None)
            if isinstance(control, w.FloatLogSlider):  # its min and max are exponents
                low, high = control.base ** low, control.base ** high
            if (low is not None and high is not None and isinstance(value, (int, float))
                    and not isinstance(value, bool) and not low <= value <= high):
                moved.append(f"{_control_name(name, control)} {_number(value)} is beyond "
                             f"the slider's range ({_number(low)} to {_number(high)}), so "
                             f"{_number(control.value)} is used")
        if moved:
            self._say(f"Note: {'; '.join(moved)}. {self.said}")
        return True

    #: How many charts the panel's static form draws (an explorer's one, a form's none).
    charts_drawn = 0

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """The live panel and, where a kernel offers static forms, its static twin."""
        return charts.both_forms(self.widget._repr_mimebundle_(**kwargs), self.static_html,
                                 "panel", self.charts_drawn)

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

    charts_drawn = 1

    def __init__(
        self,
        controls: dict[str, w.ValueWidget],
        variants: dict[str, alt.TopLevelMixin],
        react: Callable[..., View],
    ) -> None:
        super().__init__(controls, react)
        # Each variant is validated and turned into a dict once; the widget reuses the dict.
        self._specs = {name: chart.to_dict() for name, chart in variants.items()}
        view = react(**self.values())
        self.chart = charts.interactive(self._specs[view.variant])
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


def _number(value: float) -> str:
    """A slider's value as a person writes it: 0.75, -10, 316,227,766 (never 3.16228e+08)."""
    return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:g}"


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


# --- what the panels' charts share ---------------------------------------------------------------

def figure_label(row: pd.Series) -> str:
    """A short name for one figure: app, what was counted, and who counted it."""
    what = re.sub(r"\bus\b", "US", str(row["metric"]).replace("_", " "))
    return f"{row['app']}: {what} ({row['measured_by']}, {long_date(row['date'])})"


def long_label_axis() -> alt.Axis:
    """A y axis for figure labels up to 380 pixels, its title above them, not across them."""
    return alt.Axis(labelLimit=380, titleAngle=0, titleAlign="left", titleAnchor="start",
                    titleBaseline="bottom", titleY=-8, titleX=-380)


def labelled_dashed_bars(base: alt.Chart, kind: str, kinds: list[str], start: float,
                         tooltip: list[alt.Tooltip], key: bool = True) -> alt.LayerChart:
    """Bars from ``start``, each labelled with its ``shown`` text, their kind told by colour
    and by dash (so never by colour alone), with the key under the chart.

    ``base`` carries the x and y encodings; ``kind`` is the field naming each bar's kind of
    figure, ``kinds`` its values in the order the key lists them. Without ``key`` (where
    each bar's label names its kind, and a student chooses the bars) no key is drawn: a key
    lists every kind, drawn or not.
    """
    bars = base.mark_bar(stroke="#000000", strokeWidth=1.5).encode(
        x2=alt.datum(start),
        color=alt.Color(f"{kind}:N", title="Kind of figure",
                        scale=alt.Scale(domain=kinds, range=PALETTE[: len(kinds)]),
                        legend=alt.Legend(orient="bottom") if key else None),
        strokeDash=alt.StrokeDash(f"{kind}:N", title="Kind of figure",
                                  scale=alt.Scale(domain=kinds, range=DASHES[: len(kinds)]),
                                  legend=alt.Legend(orient="bottom") if key else None),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=4, fontSize=14).encode(text=alt.Text("shown:N"))
    return bars + text
