"""One accessible chart style, charts that draw with no internet, and a check on every chart.

Importing this module (``geopolitics`` does it for you) makes three changes to Altair:

* the ``geopolitics`` theme: the Okabe–Ito colour-blind-safe palette, readable font sizes;
* the ``geopolitics`` renderer: each chart becomes an interactive ``JupyterChart`` widget
  whose JavaScript comes from ``vl-convert-python`` on this machine, never from a CDN, so
  charts draw in a classroom with no network (Altair's default renderer fetches Vega online);
* an accessibility audit of every chart as it is displayed: a title, a text description,
  axis titles (with units on numeric axes) and no meaning carried by colour alone. A chart
  that fails the audit is still drawn, with a note saying what is missing; when
  ``GEOPOLITICS_STRICT=1`` (as in ``make test``) it is an error instead, so the kit's own
  charts cannot regress.

A live widget would leave an empty space in slides or a web page, so a chart (and a panel of
:mod:`geopolitics.explorers`) can offer two forms in one display: the live widget view and a
static form, an inline SVG figure drawn by vl-convert after the same audit. JupyterLab shows
the widget view (its renderer outranks HTML); the exporter keeps the static form
(:class:`geopolitics.course.export.StaticOutputs`). Drawing the SVG costs about 0.1 s a chart,
so a kernel offers the static form only once :func:`offer_static_forms` is called, which the
exporter does in a first cell; a student's kernel never pays for it.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from geopolitics.chart_table import data_table, field_names
from geopolitics.dates import long_date
from geopolitics.errors import KitError

#: Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (use on dark marks only)
    "#000000",  # black
]
#: Shapes to pair with colours, so a category is never told by colour alone.
SHAPES = [
    "circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right",
    "triangle-left",
]
#: Colours for small marks: the palette without yellow, which vanishes on white.
MARK_COLOURS = [c for c in PALETTE if c != "#F0E442"]

#: Helvetica or Arial where a computer has them. Liberation Sans has Arial's letter widths and
#: stands in on Linux (CI, Binder, most hubs): browsers alias Arial to it, but vl-convert,
#: which draws the static charts, does not, and would otherwise measure Latin text with the
#: CJK font's wider glyphs, at three times the cost. Chinese characters come from Noto CJK.
FONT = "Helvetica Neue, Arial, Liberation Sans, Noto Sans CJK SC, sans-serif"
STRICT_ENV = "GEOPOLITICS_STRICT"
#: The mimetype of a live widget's view in a display bundle.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The output metadata key that marks a display as the kit's chart or panel: its value says
#: which (``kind``) and how many charts its static form draws (``charts``).
KIT_OUTPUT = "geopolitics"
#: The smallest text a chart of the kit draws, in pixels.
MIN_FONT_PX = 14


class ChartAccessibilityError(KitError):
    """A chart is missing something a reader needs (title, description, axis title...)."""


@alt.theme.register("geopolitics", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """The kit's chart style: large enough to read from the back of a classroom (no text
    below ``MIN_FONT_PX``; decks never draw a chart smaller than its own size)."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "title": {"fontSize": 18, "anchor": "start", "subtitleFontSize": MIN_FONT_PX,
                      "offset": 10},
            "axis": {
                "labelFontSize": MIN_FONT_PX,
                "titleFontSize": MIN_FONT_PX,
                "gridColor": "#DDDDDD",
                "labelLimit": 260,
            },
            "legend": {"labelFontSize": MIN_FONT_PX, "titleFontSize": MIN_FONT_PX,
                       "symbolSize": 120},
            "header": {"labelFontSize": MIN_FONT_PX, "titleFontSize": MIN_FONT_PX},
            "text": {"fontSize": MIN_FONT_PX},
            "range": {"category": PALETTE, "ordinal": {"scheme": "viridis"}},
            "point": {"size": 90, "filled": True},
            "bar": {"color": PALETTE[0]},
            "line": {"strokeWidth": 2.5, "color": PALETTE[0]},
        }
    }


# --- the audit ---------------------------------------------------------------------------

_SUBSPEC_KEYS = ("layer", "hconcat", "vconcat", "concat")
#: A unit in an axis title. "(...)" is bounded, so no title can make the search backtrack.
_UNIT_IN_TITLE = re.compile(r"\([^()]{1,80}\)|%|per |\busers\b|\bdays?\b|\brank\b|\bscore\b", re.I)


def _unit_specs(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every single-view spec inside a (possibly layered, concatenated or faceted) chart."""
    if "spec" in spec and isinstance(spec["spec"], dict):
        yield from _unit_specs(spec["spec"])
    for key in _SUBSPEC_KEYS:
        for sub in spec.get(key, []) or []:
            if isinstance(sub, dict):
                yield from _unit_specs(sub)
    if "mark" in spec:
        yield spec


def _title_text(title: Any) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or "").strip()


def _fields(encoding: dict[str, Any]) -> dict[str, str]:
    found = {}
    for channel, definition in encoding.items():
        if isinstance(definition, dict) and "field" in definition:
            found[channel] = str(definition["field"])
        elif isinstance(definition, dict) and "condition" in definition:
            cond = definition["condition"]
            if isinstance(cond, dict) and "field" in cond:
                found[channel] = str(cond["field"])
    return found


def _font_sizes(node: Any) -> Iterator[float]:
    """Every font size a spec sets, in marks, axes, legends, titles and its config."""
    if isinstance(node, dict):
        for key, value in node.items():
            if (key == "fontSize" or key.endswith("FontSize")) and isinstance(
                    value, int | float) and not isinstance(value, bool):
                yield float(value)
            elif key not in ("data", "datasets"):
                yield from _font_sizes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _font_sizes(item)


def audit(chart: alt.TopLevelMixin | dict[str, Any]) -> list[str]:
    """What a reader would miss in this chart; an empty list means it passes.

    Checks: a title; a text description (read aloud by screen readers); a title on every
    x and y axis, naming a unit on numeric axes; a second cue (shape, dash, position or a
    text label) for every field shown by colour; and no text below ``MIN_FONT_PX``.
    """
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    problems: list[str] = [f"it has text of {size:g} px, too small to read on a projected "
                           f"slide: use at least {MIN_FONT_PX} (the kit's theme does)."
                           for size in sorted(set(_font_sizes(spec)))[:1] if size < MIN_FONT_PX]
    if not _title_text(spec.get("title")):
        problems.append("it has no title: add .properties(title='...').")
    description = str(spec.get("description") or "").strip()
    if len(description) < 20:
        problems.append(
            "it has no text description (a sentence read by screen readers): "
            "add .properties(description='...')."
        )
    units = list(_unit_specs(spec))
    all_fields: list[dict[str, str]] = [_fields(u.get("encoding", {})) for u in units]
    facet_fields = {
        str(spec[k].get("field")) for k in ("facet", "row", "column")
        if isinstance(spec.get(k), dict)
    }
    other_cues = {f for fs in all_fields for ch, f in fs.items() if ch not in {
        "color", "fill", "tooltip", "detail", "opacity"}} | facet_fields
    for unit, fields in zip(units, all_fields, strict=True):
        encoding = unit.get("encoding", {})
        for channel in ("x", "y"):
            definition = encoding.get(channel)
            if not isinstance(definition, dict) or ("field" not in definition and (
                "aggregate" not in definition
            )):
                continue
            axis = definition.get("axis", {})
            if axis is None:
                continue  # an axis deliberately hidden (e.g. a label layer)
            title = definition.get("title", (axis or {}).get("title"))
            if title is None or not _title_text(title):
                problems.append(f"the {channel} axis has no title: set title='...' on it.")
            elif definition.get("type") == "quantitative" and not _UNIT_IN_TITLE.search(
                _title_text(title)[:500]
            ):
                problems.append(
                    f"the {channel} axis title '{_title_text(title)[:60]}' names no unit: "
                    "add one, e.g. '(millions of users)'."
                )
        colour = fields.get("color") or fields.get("fill")
        if colour and colour not in other_cues:
            problems.append(
                f"'{colour}' is shown by colour alone: add a second cue such as "
                "shape, strokeDash, a text label or a position."
            )
    return list(dict.fromkeys(problems))


# --- offline rendering -------------------------------------------------------------------

def _bundle_cache() -> Path:
    import vl_convert

    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "geopolitics"
    return root / f"jupyterchart-altair{alt.__version__}-vlc{vl_convert.__version__}.js"


def enable_offline_charts() -> None:
    """Make JupyterChart load its JavaScript from this machine, never from a CDN.

    Altair builds the bundle with vl-convert, which takes about two seconds; the result is
    kept in the user's cache folder so that only the first kernel on a machine pays for it.
    """
    chart_cls = alt.JupyterChart
    if getattr(chart_cls, "_is_offline", False):
        return
    try:
        cached = _bundle_cache()
        if cached.is_file():
            chart_cls._esm = cached.read_text(encoding="utf-8")
            chart_cls._is_offline = True
            return
    except OSError:
        pass
    chart_cls.enable_offline(True)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(chart_cls._esm, encoding="utf-8")
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home only costs time


#: No action menu on a live chart: vega-embed draws it as a button of three dots with no
#: name a screen reader can say (axe-core: "summary-name", serious), and its one useful
#: action, saving a picture, is a line of code: ``chart.save("chart.svg")``.
EMBED_OPTIONS = {"actions": False}


def _problem_note(problems: list[str]) -> str:
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    return (
        '<div role="note" style="border-left:4px solid #E69F00;padding:0.3em 0.8em">'
        "<strong>Chart check</strong>: a reader would miss something, because"
        f"<ul>{items}</ul></div>"
    )


_static_forms = False


def offer_static_forms(on: bool = True) -> None:
    """From now on in this kernel, give every chart and panel its static form as well.

    An exporter calls this in a first cell before running a lecture; a student's kernel does
    not, because drawing each chart as SVG too would slow every lecture down (see the module
    docstring).
    """
    global _static_forms
    _static_forms = on


def static_forms_offered() -> bool:
    """True once :func:`offer_static_forms` was called in this kernel."""
    return _static_forms


def both_forms(live: dict[str, Any] | tuple[dict[str, Any], dict[str, Any]],
               static: Callable[[], str], kind: str,
               charts: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """One display bundle: the live widget view and, when offered, its static HTML form.

    ``static`` is called only when static forms are offered. The output metadata marks the
    display as the kit's ``kind`` ("chart" or "panel") drawing ``charts`` charts, so that an
    exporter can keep the static form and count what it shows without parsing HTML.
    """
    data, metadata = live if isinstance(live, tuple) else (live, {})
    data = dict(data)
    if _static_forms:
        data["text/html"] = static()
    return data, {**(metadata or {}), KIT_OUTPUT: {"kind": kind, "charts": charts}}


def svg_figure(spec: dict[str, Any]) -> str:
    """The chart as an inline SVG figure (vl-convert: no script, no network), labelled with its
    title and description, with the data it draws as a hidden table for screen readers."""
    from altair.utils.mimebundle import spec_to_mimebundle

    bundle = spec_to_mimebundle(spec, format="svg", mode="vega-lite")
    drawing = (bundle[0] if isinstance(bundle, tuple) else bundle)["image/svg+xml"]
    label = ". ".join(t for t in (_title_text(spec.get("title")),
                                  str(spec.get("description") or "").strip()) if t)
    drawing = drawing.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    table = data_table(drawing, _title_text(spec.get("title")), known=field_names(spec))
    return f'<figure class="geopolitics-chart" style="margin:0">{drawing}{table}</figure>'


def render(spec: dict[str, Any], **metadata: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Altair renderer: audit the chart, then draw it as an offline JupyterChart widget.

    Where static forms are offered (:func:`offer_static_forms`) the same bundle also holds the
    chart as an inline SVG figure, for an exporter to keep.
    """
    problems = audit(spec)
    if problems and os.environ.get(STRICT_ENV) == "1":
        raise ChartAccessibilityError("This chart fails the accessibility check: " +
                                      " ".join(problems))
    if problems:
        from IPython.display import HTML, display

        display(HTML(_problem_note(problems)))  # shown above the chart
    return both_forms(_drawn(spec)._repr_mimebundle_(), lambda: svg_figure(spec), "chart", 1)


def _drawn(spec: dict[str, Any]) -> alt.JupyterChart:
    """A JupyterChart widget that draws ``spec``, a Vega-Lite dict Altair has just validated.

    The widget is handed the spec as it is. Rebuilding an Altair chart from it
    (``Chart.from_dict``) would validate every nested object against the schema again, about
    0.1 s a chart here, paid by every lecture run. Only the rebuilt chart's Python-side
    parameter objects would be lost, and no one reads them for a chart displayed on its own:
    its hovers and legend selections run in the browser, inside Vega. Explorers, whose
    controls do set parameters, get a full widget from :func:`interactive`.
    """
    enable_offline_charts()
    widget = alt.JupyterChart(None, embed_options=EMBED_OPTIONS)
    widget.spec = spec
    return widget


def interactive(spec: dict[str, Any]) -> alt.JupyterChart:
    """A live widget whose spec and parameters a control can change (see ``explorers.panel``).

    ``spec`` is a Vega-Lite dict that Altair has just validated (``chart.to_dict()``). Giving
    the widget the Altair chart instead (``JupyterChart(chart=...)``) would turn it into a dict
    and validate it a second time, 0.1 to 0.5 s an explorer on every lecture run. The widget's
    parameters and selections are set up from the dict as Altair sets them up from a chart;
    ``tests/test_widgets.py`` holds the two ways equal for every explorer of the kit, and
    ``tests/test_charts.py`` for every kind of selection.
    """
    from altair.jupyter.jupyter_chart import Params, Selections
    from altair.utils.selection import IndexSelection, IntervalSelection, PointSelection

    problems = audit(spec)
    if problems and os.environ.get(STRICT_ENV) == "1":
        raise ChartAccessibilityError("This chart fails the accessibility check: " +
                                      " ".join(problems))
    enable_offline_charts()
    values: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    empty: dict[str, Any] = {}
    for param in spec.get("params", []):
        name, select = param["name"], param.get("select")
        if select is None:
            values[name] = param.get("value")
            continue
        kind = select if isinstance(select, str) else select["type"]
        if kind == "point" and (isinstance(select, str)
                                or not (select.get("fields") or select.get("encodings"))):
            kind = "index"  # a point selection of no field or encoding picks rows
        made = {"index": IndexSelection, "point": PointSelection,
                "interval": IntervalSelection}[kind]
        kinds[name] = kind
        empty[name] = made(name=name, value={} if kind == "interval" else [], store=[])
    values.update(dict.fromkeys(_transform_params(spec)))

    widget = alt.JupyterChart(None, embed_options=EMBED_OPTIONS)
    widget.params = Params(values)

    def keep_in_step(change: dict[str, Any]) -> None:
        widget._params = {**widget._params, change["name"]: change["new"]}

    widget.params.observe(keep_in_step)
    widget.selections = Selections(empty)
    with widget.hold_sync():
        widget.spec = spec
        widget._selection_types = kinds
        widget._vl_selections = {name: {"value": None, "store": []} for name in kinds}
        widget._params = values
    return widget


def _transform_params(spec: dict[str, Any]) -> Iterator[str]:
    """Parameters that a chart's transforms define, in it and in its layers or panels."""
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for child in spec.get(key, []):
            yield from _transform_params(child)
    for transform in spec.get("transform", []):
        if "param" in transform:
            yield transform["param"]


alt.renderers.register("geopolitics", render)
alt.renderers.enable("geopolitics")


# --- charts the lessons share ------------------------------------------------------------

KIND_ORDER = [
    "legislative", "judicial", "executive", "corporate", "platform", "users", "moderation",
]


def _kind_styles(kinds: list[str]) -> tuple[list[str], list[str]]:
    """The same colour and shape for a kind of event in every chart of the kit."""
    known = KIND_ORDER + sorted(set(kinds) - set(KIND_ORDER))
    colours = [MARK_COLOURS[known.index(k) % len(MARK_COLOURS)] for k in kinds]
    shapes = [SHAPES[known.index(k) % len(SHAPES)] for k in kinds]
    return colours, shapes


DAY_MS = 86_400_000


# Tick interval chosen in the browser from the visible span, so that zooming or filtering
# never produces repeated labels (hourly ticks formatted as days) or an axis with no tick.
_TICKS = (
    f"span(domain('x')) < 90 * {DAY_MS} "
    f"? {{interval: 'day', step: max(1, floor(span(domain('x')) / {DAY_MS} / 8))}} "
    f": {{interval: 'month', step: max(1, floor(span(domain('x')) / {DAY_MS} / 240))}}"
)


def date_axis() -> alt.Axis:
    """Dates as '13 Jan 2025', at most one tick a day, whatever the zoom or filter."""
    return alt.Axis(format="%-d %b %Y", labelAngle=-30, tickCount=alt.ExprRef(_TICKS),
                    labelOverlap=True)


def timeline(events: pd.DataFrame, *, title: str | None = None) -> alt.Chart:
    """Events as points on a date axis, one row per kind of actor.

    Hover a point for the event and its source; click a legend entry to pick out one kind;
    drag to pan and scroll to zoom the dates. Kind is shown by row, colour and shape, so
    nothing depends on colour.
    """
    frame = events.sort_values("date").copy()
    frame["date_label"] = frame["date"].map(long_date)
    # Events of one kind on one day sit side by side instead of on top of each other.
    frame["slot"] = frame.groupby([frame["date"].dt.normalize(), "kind"]).cumcount()
    kinds = [k for k in KIND_ORDER if k in set(frame["kind"])] + sorted(
        set(frame["kind"]) - set(KIND_ORDER)
    )
    first, last = frame["date"].min(), frame["date"].max()
    pick = alt.selection_point(fields=["kind"], bind="legend", name="pick_kind")
    zoom = alt.selection_interval(encodings=["x"], bind="scales", name="zoom_dates")
    colours, shapes = _kind_styles(kinds)
    kind_scale = alt.Scale(domain=kinds, range=colours)
    shape_scale = alt.Scale(domain=kinds, range=shapes)
    chart = (
        alt.Chart(frame)
        .mark_point(size=140, filled=True)
        .encode(
            x=alt.X("date:T", title="Date", axis=date_axis(),
                    scale=alt.Scale(padding=14)),
            y=alt.Y("kind:N", title="Kind of event", sort=kinds),
            yOffset=alt.YOffset("slot:O", scale=alt.Scale(paddingOuter=0.5)),
            color=alt.Color("kind:N", title="Kind of event", scale=kind_scale),
            shape=alt.Shape("kind:N", title="Kind of event", scale=shape_scale),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("date_label:N", title="Date"),
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("event:N", title="What happened"),
                alt.Tooltip("source_id:N", title="Source"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
        .add_params(pick, zoom)
        .properties(
            width=700,
            height=40 * len(kinds) + 40,
            title=title or "Timeline of events",
            description=(
                f"Timeline of {len(frame)} events from {long_date(first)} to {long_date(last)}, "
                f"one row per kind of actor ({', '.join(kinds)}). Each point is an event; "
                "hovering shows what happened and the source."
            ),
        )
    )
    return chart
