"""The chart audit catches what a reader would miss, and charts never reach for a CDN."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from geopolitics import charts, load
from geopolitics.charts import ChartAccessibilityError, audit

FRAME = pd.DataFrame({"app": ["TikTok", "Xiaohongshu"], "users": [82.2, 3.4]})
GOOD = alt.Chart(FRAME).mark_bar().encode(
    x=alt.X("users:Q", title="US daily users (millions)"),
    y=alt.Y("app:N", title="App"),
).properties(title="Daily users", description="Bar chart of US daily users for two apps.")


def test_a_complete_chart_passes() -> None:
    assert audit(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.properties(title=""), "no title"),
        (lambda c: c.properties(description=""), "no text description"),
        (lambda c: c.encode(x="users:Q"), "x axis has no title"),
        (lambda c: c.encode(x=alt.X("users:Q", title="Size")), "names no unit"),
        (lambda c: c.encode(color="app:N", y=alt.Y("users:Q", title="Users (millions)"),
                            x=alt.X("users:Q", title="Users (millions)")), "colour alone"),
    ],
)
def test_each_missing_piece_is_named(change, expected: str) -> None:  # type: ignore[no-untyped-def]
    problems = audit(change(GOOD))
    assert any(expected in p for p in problems), problems


def test_colour_with_a_second_cue_passes() -> None:
    cued = GOOD.encode(color="app:N")  # app is also on the y axis
    assert audit(cued) == []


def test_layers_are_audited_too() -> None:
    bad_layer = alt.Chart(FRAME).mark_text().encode(x="users:Q", text="app:N")
    assert any("x axis" in p for p in audit(GOOD + bad_layer))


def test_timeline_passes_and_describes_itself() -> None:
    chart = charts.timeline(load("events"))
    assert audit(chart) == []
    spec = chart.to_dict()
    assert "Timeline of" in spec["description"]
    assert {p["name"] for p in spec["params"]} >= {"pick_kind", "zoom_dates"}


def test_theme_uses_the_colour_blind_safe_palette() -> None:
    config = alt.theme.get()().get("config", {})  # type: ignore[misc]
    assert config["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_strict_mode_turns_a_failing_chart_into_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(charts.STRICT_ENV, "1")
    with pytest.raises(ChartAccessibilityError, match="no title"):
        charts.render(GOOD.properties(title="").to_dict())


def test_lenient_mode_draws_the_chart_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(charts.STRICT_ENV, raising=False)
    bundle = charts.render(GOOD.properties(title="").to_dict())
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data


def test_the_renderer_is_offline() -> None:
    assert alt.renderers.active == "geopolitics"
    charts.enable_offline_charts()
    bundle = alt.JupyterChart._esm
    assert len(bundle) > 100_000, "the Vega bundle should be inlined, not fetched"
    assert not re.search(r"https?://(cdn\.jsdelivr\.net|unpkg\.com|cdnjs)", bundle)


def test_dates_are_written_the_kits_way() -> None:
    assert charts.long_date("2025-01-03") == "3 January 2025"


def test_a_live_widget_sets_up_every_kind_of_parameter_as_altair_does() -> None:
    """Selections of each kind and parameters made by transforms, beyond the kit's own."""
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2], "k": ["a", "b", "a"]})
    base = alt.Chart(frame).mark_point(shape="square").encode(
        x=alt.X("x:Q", title="x (units)"), y=alt.Y("y:Q", title="y (units)"),
        color=alt.Color("k:N"), shape=alt.Shape("k:N"))
    chart = alt.layer(
        base.add_params(alt.selection_interval(name="brush"),
                        alt.selection_point(name="by_kind", fields=["k"]),
                        alt.selection_point(name="rows")),
        base.transform_filter("datum.x > 1").mark_line().encode(
            x=alt.X("x:Q", title="x (units)"), y=alt.Y("y:Q", title="y (units)")),
    ).add_params(alt.param(name="level", value=2), alt.param(name="names", value=["a"]))
    chart = chart.properties(title="Every kind", description="A chart to compare set-ups.")
    spec = chart.to_dict()
    ours, theirs = charts.interactive(spec), alt.JupyterChart(chart=chart)
    assert ours.spec == theirs.spec
    assert ours._selection_types == theirs._selection_types == {
        "brush": "interval", "by_kind": "point", "rows": "index"}
    assert ours._vl_selections == theirs._vl_selections
    assert ours.params.trait_values() == theirs.params.trait_values()
    assert ({n: repr(getattr(ours.selections, n)) for n in ours.selections.trait_names()}
            == {n: repr(getattr(theirs.selections, n)) for n in theirs.selections.trait_names()})
    ours.params.level = 5
    assert ours._params["level"] == 5


def test_the_audit_asks_for_text_a_room_can_read() -> None:
    """Issue 20: no chart text below 14 px, in a mark, an axis or the config."""
    base = alt.Chart(pd.DataFrame({"a": [1]})).encode(
        x=alt.X("a:Q", title="Share (percent)"), text="a:Q").properties(
        title="A title", description="A description long enough to read aloud.")
    assert any("10 px" in p for p in audit(base.mark_text(fontSize=10)))
    assert audit(base.mark_text(fontSize=14)) == []
    small_axis = base.mark_text().encode(x=alt.X("a:Q", title="Share (percent)",
                                                 axis=alt.Axis(labelFontSize=9)))
    assert any("9 px" in p for p in audit(small_axis))


def test_a_static_chart_lists_what_each_mark_draws_for_screen_readers() -> None:
    """Issue 20, item 7: one row a point drawn (Vega draws no point for a missing score),
    one column a field, a tooltip field that repeats an axis once; the markup is escaped."""
    import vl_convert

    from geopolitics.chart_table import data_table, field_names

    frame = pd.DataFrame({"year": [2024, 2025], "score": [9.0, None], "who": ["A & B", "C"]})
    chart = alt.Chart(frame).mark_point().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("score:Q", title="Score (0 to 100)"),
        tooltip=[alt.Tooltip("year:O", title="Edition"), alt.Tooltip("who:N", title="Who")])
    table = data_table(vl_convert.vegalite_to_svg(chart.to_dict()), "Scores",
                       known=field_names(chart.to_dict()))
    assert "<caption>The data in the chart Scores</caption>" in table
    heads = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert heads == ["Year", "Score (0 to 100)", "Who"], heads  # "Edition" repeats "Year"
    rows = re.findall(r"<tr><td>(.*?)</td></tr>", table)
    assert rows == ["2024</td><td>9</td><td>A &amp; B"], rows
    assert data_table("<svg></svg>") == ""


def test_a_value_holding_a_semicolon_stays_whole_in_the_screen_reader_table() -> None:
    """Vega joins a mark's fields with "; ", and an event's text may hold one too ("The
    Court upholds the Act; two justices concur"): told the chart's field names, the table
    keeps the sentence in one cell instead of cutting it."""
    import vl_convert

    from geopolitics.chart_table import data_table, field_names

    frame = pd.DataFrame({"day": [1, 2, 3], "n": [1, 2, 3],  # equal columns stay two
                          "event": ["A; then B", "C: a colon", "D"]})
    chart = alt.Chart(frame).mark_point().encode(
        x=alt.X("day:O", title="Day"), y=alt.Y("n:Q", title="Count (events)"),
        tooltip=[alt.Tooltip("event:N", title="What happened")])
    table = data_table(vl_convert.vegalite_to_svg(chart.to_dict()), "Days",
                       known=field_names(chart.to_dict()))
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert "A; then B" in cells and "C: a colon" in cells, cells
    assert re.findall(r'<th scope="col">([^<]*)</th>', table) == ["Day", "Count (events)",
                                                                 "What happened"]
