"""Lesson 05's scenario explorer runs the model it claims to, shows the data as measured, and
explains nonsense instead of failing."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest
from explorer_support import values_a_student_can_give

from geopolitics import KitError, load
from geopolitics.charts import audit
from geopolitics.explorers import lesson05 as sw
from geopolitics.explorers.panel import Explorer
from geopolitics.models import scenarios as sc


@pytest.fixture(scope="module")
def built() -> tuple[Explorer, dict[str, Any]]:
    """One explorer for the module (building one costs most of a second), with its defaults."""
    panel = sw.scenario_explorer()
    return panel, panel.values()


@pytest.fixture
def explorer(built) -> Explorer:
    """The module's explorer, put back to its starting choices for each test."""
    panel, defaults = built
    assert panel.set(**defaults)
    panel.update()  # a warning left by the last test must not outlive it
    return panel


def _spec(panel: Explorer) -> str:
    return json.dumps(panel.spec(), sort_keys=True, default=str)


def _param(panel: Explorer, name: str) -> Any:
    return next(p["value"] for p in panel.spec()["params"] if p["name"] == name)


def _xhs_millions(params: sc.Params, story: sc.Scenario) -> np.ndarray:
    frame = sc.run(params, story, sw.DAYS)
    return frame.loc[frame["platform"] == "Xiaohongshu", "users"].to_numpy() / 1e6


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["layer"]


# --- it runs the model it says it runs ------------------------------------------------------

def test_the_line_is_the_models_run_for_the_chosen_story_levers_and_knobs(explorer) -> None:
    assert explorer.set(story="delayed", translation="off", moderation="stricter",
                        appeal=-4.5, anticipation=2.0, network=12.0, language=0.5)
    expected = _xhs_millions(
        sc.Params(appeal=-4.5, anticipation=2.0, network=12.0, language=0.5),
        sc.Scenario("delayed", translation=False, moderation="stricter"))
    assert np.allclose(_param(explorer, "model_users"), expected, atol=1e-4)
    assert len(_param(explorer, "model_users")) == sw.DAYS


def test_the_band_is_every_accepted_fit_for_the_chosen_story(explorer) -> None:
    explorer.set(story="enforced", translation="off")
    band = sc.band(sc.fit(), sc.Scenario("enforced", translation=False), sw.DAYS)
    xhs = band[band["platform"] == "Xiaohongshu"]
    assert np.allclose(_param(explorer, "band_low"), xhs["low"] / 1e6, atol=1e-4)
    assert np.allclose(_param(explorer, "band_high"), xhs["high"] / 1e6, atol=1e-4)
    # The knobs move the line, never the band: it is what the January data allow.
    before = _param(explorer, "band_low")
    explorer.set(appeal=-8.0)
    assert _param(explorer, "band_low") == before


def test_the_status_reports_the_run_on_the_day_it_names(explorer) -> None:
    explorer.set(story="as_happened", appeal=-4.0)
    status = explorer.status.value
    assert "18 February 2025" in status
    k = (sw.REPORTED_DAY - sc.START).days
    users = _xhs_millions(sc.Params(appeal=-4.0), sc.Scenario())[k]
    assert f"{users:.2f} million" in status
    share = sc.retained_share(sc.Params(appeal=-4.0), sw.DAYS_AFTER_RETURN)
    assert users == pytest.approx(share * (sc.US_TIKTOK_USERS + sc.XHS_DAILY_BEFORE) / 1e6)
    change = (users_20 := _xhs_millions(sc.Params(appeal=-4.0), sc.Scenario()))[19] / \
        users_20[18] - 1
    assert f"Change on 20 January {100 * change:+.0f}%" in status


def test_the_fit_count_follows_the_knobs(explorer) -> None:
    assert "fit 7 of 7 January figures" in explorer.status.value  # the kit's best fit
    explorer.set(anticipation=6.0)  # far too many newcomers on 13 January
    fits = int(re.search(r"fit (\d) of 7", explorer.status.value).group(1))
    assert fits < 7
    assert fits == int(sc.fit_table(sc.Params(anticipation=6.0))["within_error"]
                       .dropna().astype(bool).sum())


def test_the_fit_is_computed_once_not_on_every_move(monkeypatch) -> None:
    calls = []
    real_fit = sc.fit
    monkeypatch.setattr(sc, "fit", lambda *a, **k: calls.append(1) or real_fit(*a, **k))
    sw.fitted.cache_clear()
    sw.fitted_band.cache_clear()
    try:
        explorer = sw.scenario_explorer()
        for value in (-5.0, -4.0, -3.5):
            explorer.set(appeal=value)
        explorer.set(story="never")
        explorer.set(story="as_happened")
        assert len(calls) == 1
    finally:
        sw.fitted.cache_clear()
        sw.fitted_band.cache_clear()


def test_every_story_and_lever_is_named_in_the_status(explorer) -> None:
    for label, ban in sw.STORIES:
        explorer.set(story=ban)
        assert explorer.status.value.startswith(label)
    for option in (*sw.TRANSLATION, *sw.MODERATION, *sw.AXES):
        name = ("translation" if option in sw.TRANSLATION else
                "moderation" if option in sw.MODERATION else "axis")
        explorer.set(**{name: option})
        assert option in explorer.status.value


def test_no_shock_no_migration_in_the_line(explorer) -> None:
    explorer.set(story="never", appeal=0.0, network=20.0)
    assert np.allclose(_param(explorer, "model_users"), sc.XHS_DAILY_BEFORE / 1e6)


# --- it shows the data as measured ----------------------------------------------------------

def test_measured_levels_are_points_with_their_qualifier_never_a_line(explorer) -> None:
    spec = explorer.spec()
    datasets = spec["datasets"]
    metrics = load("app_metrics").set_index("id")
    measured = [layer for layer in _layers(spec)
                if "shape" in layer.get("encoding", {})]
    assert len(measured) == 1
    assert measured[0]["mark"]["type"] == "point"
    rows = datasets[measured[0]["data"]["name"]]
    assert sorted(r["id"] for r in rows) == sorted(sw.MEASURED_LEVELS)
    for row in rows:
        qualifier = metrics.loc[row["id"], "qualifier"]
        assert row["label"].startswith(sw.QUALIFIER_WORDS[qualifier])
        assert row["millions"] == metrics.loc[row["id"], "value"] / 1e6
    lines = [layer for layer in _layers(spec) if layer["mark"]["type"] in ("line", "area")]
    assert all(layer["data"]["name"] != measured[0]["data"]["name"] for layer in lines)


def test_the_measured_fall_is_labelled_with_its_measurer(explorer) -> None:
    spec = json.dumps(explorer.spec())
    assert "20 Jan: -54% in a day (Similarweb)" in spec


def test_both_axes_pass_the_audit_and_describe_the_chart(explorer) -> None:
    for axis in sw.AXES:
        explorer.set(axis=axis)
        spec = explorer.spec()
        assert audit(spec) == []
        assert f"{axis} axis" in spec["title"]["text"] and "measured" in spec["description"]


# --- every value a student can give, and nonsense ---------------------------------------------

def test_every_value_gives_a_chart_or_an_explanation(explorer) -> None:
    for name, control in explorer.controls.items():
        for value in values_a_student_can_give(control, limit=12):
            control.value = value
            status = explorer.status.value
            assert status and "⚠" not in status, (name, value, status)
            assert audit(explorer.spec()) == [], (name, value)
            assert np.all(np.isfinite(_param(explorer, "model_users")))


def test_each_control_changes_the_chart_and_the_status(built) -> None:
    panel, defaults = built
    for name in ("story", "translation", "moderation", *sw.SLIDERS, "axis"):
        explorer = panel
        assert explorer.set(**defaults)
        control = explorer.controls[name]
        before_spec, before_status = _spec(explorer), explorer.status.value
        others = [v for v in values_a_student_can_give(control) if v != control.value]
        control.value = others[-1]
        assert explorer.status.value != before_status, name
        assert _spec(explorer) != before_spec, name


@pytest.mark.parametrize("nonsense", ["<script>alert(1)</script>", -1, None, float("nan"),
                                      10**30, "小红书"])
def test_nonsense_set_in_code_is_explained_and_the_chart_is_kept(explorer, nonsense) -> None:
    for name in explorer.controls:
        last_good = _spec(explorer)
        accepted = explorer.set(**{name: nonsense})
        if not accepted:
            assert "⚠" in explorer.status.value and "<script>" not in explorer.status.value
        if "⚠" in explorer.status.value:
            assert _spec(explorer) == last_good, (name, nonsense)


def test_a_nan_knob_is_refused_by_the_model_with_its_name(explorer) -> None:
    explorer.controls["appeal"]._trait_values["value"] = float("nan")
    explorer.update()
    assert "⚠" in explorer.status.value and "appeal" in explorer.status.value


def test_a_failing_redraw_keeps_the_last_chart(explorer) -> None:
    spec = _spec(explorer)
    explorer.controls["story"]._trait_values["value"] = object()
    explorer.update()
    assert "⚠" in explorer.status.value and "last valid choice" in explorer.status.value
    assert _spec(explorer) == spec


def test_a_table_without_the_measured_rows_is_refused_in_one_sentence() -> None:
    metrics = load("app_metrics")
    metrics = metrics[metrics["id"] != "xhs-us-dau-2025-01-13"]
    with pytest.raises(KitError, match="xhs-us-dau-2025-01-13") as caught:
        sw.scenario_explorer(metrics)
    assert "\n" not in str(caught.value)


def test_each_missed_figure_is_named_with_the_model_value_and_the_range_that_fits(
        explorer) -> None:
    """Calibrating is not trial and error: the status says what misses and by how much."""
    assert "Missed" not in explorer.said  # the kit's fit misses nothing
    explorer.set(appeal=-1.0)
    fits, of = sw.figures_fitted(sc.Params(**{**vars(sw.fitted().params), "appeal": -1.0}))
    missed = explorer.said.split("Missed: ", 1)[1].rstrip(".").split("; ")
    assert len(missed) == of - fits
    table = sc.fit_table(sc.Params(**{**vars(sw.fitted().params), "appeal": -1.0}))
    row = table.set_index("id").loc["xhs-us-dau-2025-01-13"]
    low, high = row["measured"] / 1.5 / 1e6, row["measured"] * 1.5 / 1e6
    assert (f"Xiaohongshu US daily users (13 January 2025): modelled "
            f"{row['modelled'] / 1e6:.2f} M, fits {low:.2f} M to {high:.2f} M") in missed
    assert any(m.startswith("Xiaohongshu change in US daily users (20 January 2025)")
               and m.endswith("fits -69% to -39%") for m in missed), missed


def test_a_value_beyond_a_slider_is_taken_at_its_end_and_said(explorer) -> None:
    assert explorer.set(appeal=-99)
    assert explorer.controls["appeal"].value == -10
    assert explorer.said.startswith("Note: Appeal -99 is beyond the slider's range (-10 to "
                                    "0), so -10 is used.")
    assert "appeal -10" in explorer.said  # and the run is the one at the end of the range
    assert explorer.set(appeal=-2.0) and not explorer.said.startswith("Note")


@pytest.mark.parametrize("axis", ["linear", "log"])
def test_each_measured_point_is_labelled_beside_its_own_point(axis: str) -> None:
    """Issue 20: "less than 0.7 M" once sat beside the 3.4 M point and "about 3.4 M" beside
    the triangle. Each label must be nearer its own point than any other, as drawn."""
    from chart_geometry import marks, misplaced_labels

    from geopolitics import charts

    explorer = sw.scenario_explorer()
    assert explorer.set(axis=axis)
    svg = charts.svg_figure(explorer.spec())
    names = ("Date (2025)", "Xiaohongshu US daily users (millions)")
    labelled = [m for m in marks(svg) if m.kind == "text mark" and "label" in m.fields]
    assert len(labelled) >= 3, "the measured points lost their labels"
    assert all(m.box()[0] >= 0 for m in labelled), "a label runs into the axis"
    assert misplaced_labels(svg, names) == []
