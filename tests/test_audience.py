"""Lesson 04's audience figures: the explorer and the side-by-side say what each number is.

The generic widget tests (tests/test_lesson04.py) feed every control every value; these check
what lesson 04 promises a reader: labels that are not cut, margins only where a source gave
one, confidence shown without colour, and two audiences that never share an axis.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest

from geopolitics import load
from geopolitics.charts import audit
from geopolitics.errors import KitError
from geopolitics.explorers import lesson04
from geopolitics.explorers.panel import Explorer

ROOT = Path(__file__).resolve().parent.parent
LECTURE = ROOT / "notebooks" / "04_audience_demographics.ipynb"


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer", [spec])


def _marks(spec: dict[str, Any]) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            for layer in _layers(spec)]


# --- the demographic explorer -----------------------------------------------------------------

@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return load("pew_tiktok")


def test_choices_read_all_adults_not_by_all(survey: pd.DataFrame) -> None:
    explorer = lesson04.demographic_explorer(survey)
    labels = [label for label, _ in explorer.controls["figures"].options]
    assert "uses TikTok · all adults · 2025" in labels
    assert not any("by all" in label for label in labels)
    assert labels[0].startswith("uses TikTok · all adults"), "use first, all adults first"


def test_two_surveys_in_one_year_are_named_on_every_bar_and_not_cut(
        survey: pd.DataFrame) -> None:
    explorer = lesson04.demographic_explorer(survey, start=("supports_ban", "party", 2023))
    rows = lesson04._survey_rows(survey)
    shown = rows[(rows["measure"] == "supports_ban") & (rows["breakdown"] == "party")
                 & (rows["year"] == 2023)]
    assert len(shown) == 4
    assert shown["label"].str.contains("March 2023").sum() == 2
    assert shown["label"].str.contains("September-October 2023").sum() == 2
    axis = _layers(explorer.spec())[0]["encoding"]["y"]["axis"]
    # About 7 px a character at the chart's font size: the longest label must fit the limit.
    assert axis["labelLimit"] >= 7 * shown["label"].str.len().max()
    assert "September-October 2023" in explorer.status.value


def test_margins_are_drawn_only_where_a_source_gave_one(survey: pd.DataFrame) -> None:
    explorer = lesson04.demographic_explorer(survey)
    assert "rule" in _marks(explorer.spec())
    assert "margin of error" in explorer.spec()["description"]
    explorer.set(figures=("uses_tiktok", "all", 2021))
    assert "± 2.9" in explorer.status.value
    without = lesson04.demographic_explorer(survey.assign(margin_of_error=float("nan")))
    assert "rule" not in _marks(without.spec())
    assert "margin" not in without.spec()["description"]


def test_margins_are_only_on_rows_for_all_adults(survey: pd.DataFrame) -> None:
    with_margin = survey[survey["margin_of_error"].notna()]
    assert not with_margin.empty
    assert (with_margin["breakdown"] == "all").all(), "a group's margin is wider than this"


def test_medium_rows_are_marked_without_colour(survey: pd.DataFrame) -> None:
    rows = lesson04._survey_rows(survey)
    medium = rows["confidence"] == "medium"
    assert rows.loc[medium, "shown"].str.endswith("· medium").all()
    assert not rows.loc[~medium, "shown"].str.contains("medium").any()
    explorer = lesson04.demographic_explorer(survey)
    bars = _layers(explorer.spec())[0]
    assert bars["encoding"]["strokeDash"]["field"] == "confidence"
    assert "color" not in bars["encoding"], "one colour for every bar: confidence is a dash"


def test_the_chart_names_what_is_chosen(survey: pd.DataFrame) -> None:
    explorer = lesson04.demographic_explorer(survey)
    explorer.set(figures=("supports_ban", "party", 2023))
    spec = explorer.spec()
    params = {p["name"]: p["value"] for p in spec["params"]}
    assert params == {"measure": "supports_ban", "breakdown": "party", "year": 2023}
    line = _layers(spec)[-1]
    assert line["mark"]["type"] == "text"
    expression = line["transform"][0]["calculate"]
    for measure in survey["measure"].unique():
        assert f"'{measure}'" in expression, measure
    assert "all adults" in expression
    assert audit(spec) == []


def test_news_among_users_says_whose_share_it_is(survey: pd.DataFrame) -> None:
    explorer = lesson04.demographic_explorer(survey)
    explorer.set(figures=("regular_news_on_tiktok", "user_status", 2025))
    assert "not of all adults" in explorer.status.value


def test_a_start_that_is_not_in_the_table_is_explained(survey: pd.DataFrame) -> None:
    with pytest.raises(KitError, match="not a set of figures"):
        lesson04.demographic_explorer(survey, start=("supports_ban", "age", 1999))


# --- the two audiences ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def compared() -> Explorer:
    return lesson04.compare_audiences(load("audience_profiles"), load("rednote_audience"))


def test_two_panels_never_share_an_axis(compared: Explorer) -> None:
    spec = compared.spec()
    assert len(spec["vconcat"]) == 2
    assert spec["resolve"]["scale"]["x"] == "independent"
    titles = [_layers(panel)[0]["encoding"]["x"]["title"] for panel in spec["vconcat"]]
    assert len(set(titles)) == 2, "each panel names whose share its axis shows"
    assert audit(spec) == []


@pytest.mark.parametrize("breakdown", ["gender", "age"])
def test_every_bar_says_value_kind_population_and_date(breakdown: str) -> None:
    both = lesson04._audience_panels(load("audience_profiles"), load("rednote_audience"))
    rows = both[both["breakdown"] == breakdown]
    assert set(rows["panel"]) == {"TikTok", "Xiaohongshu"}
    for row in rows.itertuples():
        assert f"{row.percent:g}%" in row.shown
        assert row.kind in row.shown and row.kind in ("survey", "company claim")
        assert row.of_whom == f"of {row.population}"
        assert row.when in row.label and any(ch.isdigit() for ch in row.when)


_BAR = re.compile(r'aria-label="([^":]*): [^;"]*; Group and date: ([^;"]*);[^"]*" '
                  r'role="graphics-symbol" aria-roledescription="bar" d="M[-\d.]+,([-\d.]+)'
                  r'h[-\d.]+v([-\d.]+)')
_LABEL = re.compile(r'aria-label="([^":]*): [^;"]*; Group and date: ([^;"]*);[^"]*" '
                    r'role="graphics-symbol" aria-roledescription="text mark"[^>]*'
                    r'transform="translate\([-\d.]+,([-\d.]+)\)"[^>]*font-size="([\d.]+)px"'
                    r'[^>]*>(.*?)</text>')


@pytest.mark.parametrize("breakdown", ["gender", "age"])
def test_each_two_line_label_sits_beside_its_own_bar(breakdown: str) -> None:
    """Both lines of a bar's label lie within the bar's height, as drawn (issue 20: on the
    deck, the second line of the last bar's label ran over the axis below it)."""
    import vl_convert

    explorer = lesson04.compare_audiences(load("audience_profiles"), load("rednote_audience"))
    explorer.set(breakdown=breakdown)
    svg = vl_convert.vegalite_to_svg(explorer.spec())
    bars = {(axis, group): (float(top), float(top) + float(height))
            for axis, group, top, height in _BAR.findall(svg)}
    labels = _LABEL.findall(svg)
    assert bars and len(labels) == len(bars), (len(bars), len(labels))
    for axis, group, y, size, inner in labels:
        top, bottom = bars[(axis, group)]
        steps = [float(dy) for dy in re.findall(r'dy="([-\d.]+)"', inner)]
        baselines = [float(y) + sum(steps[:n]) for n in range(len(steps) + 1)]
        assert len(baselines) == 2, inner
        first_top = baselines[0] - 0.8 * float(size)
        last_bottom = baselines[-1] + 0.25 * float(size)
        assert top - 1 <= first_top and last_bottom <= bottom + 1, \
            f"{group}: label lines {first_top:.0f}-{last_bottom:.0f} px, bar {top:.0f}-{bottom:.0f}"


def test_status_says_the_panels_cannot_be_subtracted(compared: Explorer) -> None:
    for breakdown in ("gender", "age"):
        compared.set(breakdown=breakdown)
        status = compared.status.value
        assert f"By {breakdown}" in status
        assert "cannot be subtracted" in status
        assert "US adults who regularly get news on TikTok" in status
        assert "mostly in mainland China" in status
    assert "age bands do not match" in status


def test_without_shares_for_both_apps_the_widget_explains(compared: Explorer) -> None:
    claims = load("rednote_audience")
    only_counts = claims[claims["unit"] == "users"]
    with pytest.raises(KitError, match="both apps report"):
        lesson04.compare_audiences(load("audience_profiles"), only_counts)


# --- the data behind them ---------------------------------------------------------------------

def test_profiles_are_compositions_that_add_up() -> None:
    profiles = load("audience_profiles")
    for (_, breakdown), group in profiles.groupby(["population", "breakdown"]):
        assert 95 <= group["percent"].sum() <= 101, breakdown


def test_use_figures_name_their_survey_mode(survey: pd.DataFrame) -> None:
    use = survey[(survey["measure"] == "uses_tiktok") & (survey["breakdown"] == "all")]
    for row in use.itertuples():
        expected = "Telephone" if row.year == 2021 else "NPORS"
        assert expected in row.note, row.id


# --- the lecture ------------------------------------------------------------------------------

def _lecture() -> list[nbformat.NotebookNode]:
    return nbformat.read(LECTURE, as_version=4).cells


def test_every_try_it_asks_for_a_prediction() -> None:
    tries = [c.source for c in _lecture() if c.source.lstrip().startswith("**Try it")]
    assert len(tries) >= 3
    assert all("predict" in text for text in tries), tries


def test_lecture_ends_with_key_points_reading_and_sources() -> None:
    headings = [c.source.splitlines()[0] for c in _lecture()
                if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings[-3:] == ["## Key points", "## Where to go next", "## Sources"]
    sources = [c.source for c in _lecture() if c.cell_type == "code"]
    assert any('further_reading("04")' in s for s in sources)
    assert json.dumps(sources[-1]).count("sources_section") == 1
