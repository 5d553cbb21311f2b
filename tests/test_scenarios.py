"""The platform-switching model: its invariants, its scenarios, its fit and its refusals."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geopolitics import KitError, load
from geopolitics.models import scenarios as sc

FIELDS = ("attention", "network", "appeal", "anticipation", "window", "language",
          "translation_relief", "moderation")
params_strategy = st.builds(
    sc.Params,
    attention=st.floats(0.01, 1.0), network=st.floats(0.0, 50.0),
    appeal=st.floats(-20.0, 10.0), anticipation=st.floats(0.0, 20.0),
    window=st.integers(1, 60), language=st.floats(0.0, 10.0),
    translation_relief=st.floats(0.0, 1.0), moderation=st.floats(0.0, 10.0),
)
scenario_strategy = st.builds(
    sc.Scenario, ban=st.sampled_from(sc.BANS), translation=st.booleans(),
    moderation=st.sampled_from(list(sc.MODERATION_LEVELS)),
)
BASELINE_XHS_SHARE = sc.XHS_DAILY_BEFORE / (sc.US_TIKTOK_USERS + sc.XHS_DAILY_BEFORE)


def series(frame: pd.DataFrame, platform: str, column: str = "users") -> np.ndarray:
    return frame.loc[frame["platform"] == platform, column].to_numpy()


def migration_day(frame: pd.DataFrame) -> float:
    """First day index on which Xiaohongshu has twice its users before the shock."""
    above = np.flatnonzero(series(frame, "Xiaohongshu") >= 2 * sc.XHS_DAILY_BEFORE)
    return float(above[0]) if above.size else math.inf


# --- the model's inputs come from the kit's tables ---------------------------------------

def test_calibration_constants_are_the_measured_figures() -> None:
    metrics = load("app_metrics").set_index("id")["value"]
    assert metrics["tiktok-us-users-claim-2025-01-17"] == sc.US_TIKTOK_USERS
    assert metrics["xhs-us-dau-2025-01-06"] == sc.XHS_DAILY_BEFORE
    week_before = metrics["tiktok-us-dau-2025-01-13"] / (
        1 + metrics["tiktok-us-dau-change-wow-2025-01-13"] / 100)
    assert pytest.approx(week_before) == sc.TIKTOK_DAILY_BEFORE


def test_the_law_dates_come_from_the_law_and_the_events() -> None:
    events = load("events").set_index("id")
    assert date(2025, 1, 19) == sc.DEADLINE
    assert events.loc["2025-01-19-prohibitions-effective", "date"].date() == sc.DEADLINE
    pause_from = events.loc["2025-01-20-eo-14166", "date"].date()
    assert "75 days" in events.loc["2025-01-20-eo-14166", "event"]
    assert sc.PAUSE_END == pause_from + timedelta(days=75) == date(2025, 4, 5)
    assert f"about {sc.OUTAGE_HOURS} hours" in events.loc["2025-01-19-tiktok-restored", "event"]


def test_every_parameter_is_explained_in_the_assumptions() -> None:
    table = sc.assumptions()
    assert list(table.columns) == ["topic", "assumption", "why"]
    text = " ".join(table["assumption"])
    assert [f for f in FIELDS if f"`{f}`" not in text] == []


# --- invariants ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(params=params_strategy, scenario=scenario_strategy, days=st.integers(1, 150))
def test_users_are_conserved_and_shares_stay_between_0_and_1(params, scenario, days) -> None:
    frame = sc.run(params, scenario, days)
    assert list(frame.columns) == ["date", "platform", "share", "users"]
    assert len(frame) == 3 * days
    by_day = frame.groupby("date")["share"].sum()
    assert np.allclose(by_day.to_numpy(), 1.0, atol=1e-9)
    assert ((frame["share"] >= -1e-12) & (frame["share"] <= 1 + 1e-12)).all()
    assert frame["date"].iloc[0] == pd.Timestamp("2025-01-01")
    assert (frame["date"].drop_duplicates().diff().dropna() == pd.Timedelta(days=1)).all()


@settings(max_examples=40, deadline=None)
@given(params=params_strategy, translation=st.booleans(),
       moderation=st.sampled_from(list(sc.MODERATION_LEVELS)))
def test_no_shock_means_no_migration(params, translation, moderation) -> None:
    frame = sc.run(params, sc.Scenario("never", translation, moderation), 120)
    assert np.all(series(frame, "Xiaohongshu", "share") == BASELINE_XHS_SHARE)
    assert np.allclose(series(frame, "TikTok"), sc.TIKTOK_DAILY_BEFORE, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(params=params_strategy, low=st.floats(0.0, 50.0), high=st.floats(0.0, 50.0),
       days_after=st.integers(1, 60))
def test_stronger_network_effects_never_reduce_stickiness(params, low, high, days_after) -> None:
    low, high = sorted((low, high))
    weak = sc.retained_share(sc.Params(**{**params.__dict__, "network": low}), days_after)
    strong = sc.retained_share(sc.Params(**{**params.__dict__, "network": high}), days_after)
    assert strong >= weak - 1e-12 * max(1.0, abs(weak))


@settings(max_examples=40, deadline=None)
@given(params=params_strategy, ban=st.sampled_from(["as_happened", "enforced"]),
       first=st.integers(1, 90), delay=st.integers(0, 60))
def test_a_later_ban_never_moves_the_migration_earlier(params, ban, first, delay) -> None:
    early = sc.Scenario(ban, deadline=sc.START + timedelta(days=first))
    late = sc.Scenario(ban, deadline=sc.START + timedelta(days=first + delay))
    assert migration_day(sc.run(params, late, 160)) >= migration_day(sc.run(params, early, 160))


def test_moving_the_deadline_moves_the_whole_story_by_as_many_days() -> None:
    shift = 30
    early = sc.run(scenario=sc.Scenario("enforced"), days=150)
    late = sc.run(scenario=sc.Scenario("enforced", deadline=sc.DEADLINE + timedelta(shift)),
                  days=150)
    assert np.allclose(series(late, "Xiaohongshu")[shift:], series(early, "Xiaohongshu")[:-shift])
    assert migration_day(late) == migration_day(early) + shift


# --- the scenarios say what they promise ----------------------------------------------------

def day(d: date) -> int:
    return (d - sc.START).days


def test_each_ban_scenario_treats_tiktok_as_the_story_says() -> None:
    runs = {name: series(sc.run(scenario=name, days=130), "TikTok") for name in sc.BANS}
    ban, pause = day(sc.DEADLINE), day(sc.PAUSE_END)
    assert np.all(runs["enforced"][ban:] == 0)
    assert runs["as_happened"][ban] < 0.5 * runs["as_happened"][ban - 1]  # 14 hours dark
    assert runs["as_happened"][ban + 3] > 0.95 * sc.TIKTOK_DAILY_BEFORE
    assert np.all(runs["delayed"][pause:] == 0) and runs["delayed"][pause - 10] > 0
    assert np.allclose(runs["delayed"][:pause - 10], runs["as_happened"][:pause - 10])


def test_migration_begins_on_13_january_as_measured() -> None:
    xhs = series(sc.run(days=40), "Xiaohongshu")
    assert migration_day(sc.run(days=40)) == day(date(2025, 1, 13))
    assert xhs[day(date(2025, 1, 12))] == sc.XHS_DAILY_BEFORE


def test_translation_and_moderation_levers_move_xiaohongshu_the_right_way() -> None:
    def xhs(**levers: object) -> np.ndarray:
        return series(sc.run(scenario=sc.Scenario(**levers), days=60), "Xiaohongshu")

    with_translation, without = xhs(), xhs(translation=False)
    arrives = day(date(2025, 1, 19))
    assert np.array_equal(with_translation[:arrives], without[:arrives])
    assert np.all(with_translation[arrives:] > without[arrives:])
    looser, usual, stricter = (xhs(moderation=m) for m in ("looser", "as_reported", "stricter"))
    after = slice(day(date(2025, 1, 13)), None)
    assert np.all(looser[after] > usual[after]) and np.all(usual[after] > stricter[after])


def test_compare_stacks_the_scenarios_with_their_names() -> None:
    frame = sc.compare(scenarios=("as_happened", "never"), days=10)
    assert frame["scenario"].value_counts().to_dict() == {"as_happened": 30, "never": 30}


# --- the fit ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fitted() -> sc.FitResult:
    return sc.fit()


def test_the_fit_reproduces_every_measured_point_within_its_stated_error(fitted) -> None:
    table = fitted.table
    used = table[~table["role"].str.startswith("not modelled")]
    assert len(used) == 7
    assert used["within_error"].all(), used[["id", "measured", "modelled", "z"]]
    assert (used["z"].abs() <= 1).all()


def test_the_defaults_are_the_best_fit_and_lie_inside_the_ranges(fitted) -> None:
    assert fitted.params == sc.Params()
    for row in fitted.ranges.itertuples():
        assert row.low <= row.best <= row.high
    assert 0 < len(fitted.accepted) < fitted.tried


def test_every_accepted_parameter_set_fits_when_run_on_its_own(fitted) -> None:
    picks = fitted.accepted.iloc[[0, len(fitted.accepted) // 2, -1]]
    for values in picks.to_dict("records"):
        table = sc.fit_table(sc.Params(**values))
        assert table["within_error"].dropna().all(), values


def test_points_the_model_cannot_speak_to_are_shown_not_fitted(fitted) -> None:
    downloads = fitted.table.set_index("id").loc["xhs-us-downloads-wow-2025-01-14"]
    assert math.isnan(downloads["modelled"]) and downloads["role"].startswith("not modelled")


def test_the_fit_follows_the_data_when_the_data_change() -> None:
    metrics = load("app_metrics")
    jump = metrics["id"] == "xhs-us-dau-2025-01-13"
    metrics.loc[jump, "value"] = 10_000_000
    moved = sc.fit(metrics=metrics)
    row = moved.table.set_index("id").loc["xhs-us-dau-2025-01-13"]
    assert row["modelled"] > 6_000_000 and row["within_error"]
    assert moved.params != sc.Params()


def test_a_bound_is_a_bound() -> None:
    metrics = load("app_metrics")
    before = metrics["id"] == "xhs-us-dau-2025-01-12"
    assert sc.fit_table(metrics=metrics).set_index("id").loc[
        "xhs-us-dau-2025-01-12", "z"] == 0  # 300,000 is under 'less than 700,000'
    metrics.loc[before, "qualifier"] = "more_than"
    metrics.loc[before, "value"] = 600_000
    assert not sc.fit_table(metrics=metrics).set_index("id").loc[
        "xhs-us-dau-2025-01-12", "within_error"]


def test_the_band_holds_the_best_run_between_its_edges(fitted) -> None:
    band = sc.band(fitted, days=90)
    assert (band["low"] <= band["best"] * (1 + 1e-9)).all()
    assert (band["best"] <= band["high"] * (1 + 1e-9)).all()
    march = band[(band["platform"] == "Xiaohongshu") & (band["date"] == "2025-03-02")]
    assert float(march["high"].iloc[0]) > 2 * float(march["low"].iloc[0])  # the data leave it open


# --- bad input gives one clear sentence -------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "words"), [
    ("attention", -0.1, "between"), ("attention", 1.5, "between"), ("network", -1.0, "between"),
    ("appeal", math.nan, "between"), ("anticipation", math.inf, "between"),
    ("translation_relief", 1.2, "between"), ("moderation", -1, "between"),
    ("attention", "fast", "must be a number"), ("network", None, "must be a number"),
    ("language", True, "must be a number"), ("window", 0, "whole number"),
    ("window", 2.5, "whole number"), ("window", "6", "whole number"),
])
def test_nonsense_parameters_are_refused_by_name(field, value, words) -> None:
    with pytest.raises(KitError, match=words) as caught:
        sc.Params(**{field: value})
    assert field in str(caught.value) and str(caught.value).endswith(".")


@pytest.mark.parametrize("make", [
    lambda: sc.Scenario("banned"), lambda: sc.Scenario(moderation="strict"),
    lambda: sc.Scenario(translation="yes"), lambda: sc.Scenario(deadline="2025-01-19"),
    lambda: sc.Scenario(deadline=date(2024, 12, 1)),
    lambda: sc.Scenario("delayed", deadline=date(2025, 1, 10)),
    lambda: sc.run(scenario="sometimes"), lambda: sc.run(params={"network": 1.0}),
    lambda: sc.run(days=0), lambda: sc.run(days=2.5), lambda: sc.fit(free=("window",)),
    lambda: sc.fit(free=()), lambda: sc.fit(free="appeal"),
    lambda: sc.fit(free=("attention", "network", "appeal", "anticipation")),
    lambda: sc.retained_share(scenario="enforced"), lambda: sc.compare(scenarios="never"),
    lambda: sc.band(None),
])
def test_nonsense_scenarios_and_calls_are_refused(make) -> None:
    with pytest.raises(sc.ScenarioError) as caught:
        make()
    assert isinstance(caught.value, KitError) and "\n" not in str(caught.value)


def test_benchmark_reports_milliseconds() -> None:
    timing = sc.benchmark(repeats=3)
    assert set(timing) == {"median_ms", "max_ms"}
    assert 0 < timing["median_ms"] <= timing["max_ms"] < math.inf
