"""Lesson 03's explorers: soft-power rankings, how US adults see China, and media framing.

The frames are the codebook's (:data:`geopolitics.framing.FRAMES`), shared with the lesson's
checked questions.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics.charts import PALETTE
from geopolitics.explorers.panel import Explorer, View
from geopolitics.framing import FRAMES

# --- soft power ----------------------------------------------------------------------------------

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
        # Every country in every edition, a missing value as NaN, so that a line breaks where
        # a country was not ranked instead of running straight across the gap.
        grid = pd.MultiIndex.from_product([countries, sorted(brand["edition"].unique())],
                                          names=["country", "edition"]).to_frame(index=False)
        rows = grid.merge(brand, on=["country", "edition"], how="left").assign(
            value=lambda f: f[column].astype(float))
        is_rank = column == "rank"
        unit = "rank (1 = strongest)" if is_rank else "score (out of 100)"
        palette = alt.Scale(domain=countries,
                            range=[PALETTE[i % 6] for i in range(len(countries))])
        base = alt.Chart(rows).transform_filter("indexof(countries, datum.country) >= 0").encode(
            x=alt.X("edition:O", title="Edition (year)"),
            y=alt.Y("value:Q", title=f"Brand Finance {unit}",
                    scale=alt.Scale(reverse=is_rank, zero=False)),
            # No legend: each line is named at its end, so the chart names only what it draws.
            color=alt.Color("country:N", title="Country", scale=palette, legend=None),
        )
        lines = base.mark_line(invalid="break-paths-filter-domains").encode(
            strokeDash=alt.StrokeDash("country:N", title="Country", legend=None))
        points = base.mark_point(size=70, filled=True).encode(
            tooltip=[alt.Tooltip("country:N", title="Country"),
                     alt.Tooltip("edition:O", title="Edition"),
                     alt.Tooltip("value:Q", title=column),
                     alt.Tooltip("countries_ranked:Q", title="Countries ranked"),
                     alt.Tooltip("confidence:N", title="Confidence"),
                     alt.Tooltip("source_id:N", title="Source")])
        value_text = alt.Text("value:Q", format=".0f" if is_rank else ".1f")
        # A white halo under each value: where a line climbs steeply through the label's
        # place (the US from 6th in 2021 to 1st in 2022), the digit stays readable.
        halos = base.mark_text(dy=-11, fontSize=14, stroke="white", strokeWidth=4,
                               strokeJoin="round", fill="white", aria=False).encode(
            text=value_text)
        labels = base.mark_text(dy=-11, fontSize=14).encode(text=value_text)
        names = base.transform_filter("isValid(datum.value)").transform_window(
            latest="rank()", groupby=["country"],
            sort=[alt.SortField("edition", order="descending")],
        ).transform_filter("datum.latest == 1").mark_text(
            align="left", dx=10, fontSize=14, fontWeight="bold").encode(text="country:N")
        return (lines + points + halos + labels + names).add_params(
            alt.param(name="countries", value=chosen)).properties(
            width=680, height=260, title=f"{label}, selected countries",
            description=(f"Line chart of the {label} by edition for the countries chosen in the "
                         "list above; each line is named at its latest edition, lines differ by "
                         "dash as well as colour, each point is labelled with its value, and a "
                         "line breaks where a country was not ranked."),
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
    # One legend, in words: shape and colour share a field, a title and a domain.
    modes = ["telephone", "online panel"]
    pew = pew.assign(mode_text=pew["mode"].map({"phone": "telephone",
                                               "online_panel": "online panel"}))
    base = alt.Chart(pew).transform_filter("datum.measure == measure").encode(
        x=alt.X("year:O", title="Survey year"),
        y=alt.Y("percent:Q", title="US adults (percent)", scale=alt.Scale(domain=[0, 100])),
    )
    points = base.mark_point(size=110, filled=True).encode(
        shape=alt.Shape("mode_text:N", title="Survey mode",
                        scale=alt.Scale(domain=modes, range=["triangle-up", "circle"])),
        color=alt.Color("mode_text:N", title="Survey mode",
                        scale=alt.Scale(domain=modes, range=[PALETTE[1], PALETTE[0]])),
        tooltip=[alt.Tooltip("year:O", title="Survey year"),
                 alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("percent:Q", title="US adults (percent)"),
                 alt.Tooltip("mode_text:N", title="Survey mode"),
                 alt.Tooltip("fieldwork:N", title="Fieldwork"),
                 alt.Tooltip("confidence:N", title="Confidence")],
    )
    line = base.transform_filter("datum.mode == 'online_panel'").mark_line(
        color=PALETTE[0], strokeWidth=2)
    labels = base.mark_text(dy=-12, fontSize=14).encode(text=alt.Text("percent:Q", format=".0f"))
    chart = (line + points + labels).add_params(
        alt.param(name="measure", value=measures[0])).properties(
        width=600, height=260, title="How US adults see China (Pew Research Center)",
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


def framing_explorer(framing: pd.DataFrame) -> Explorer:
    """Pick where outlets are based; see which frames their articles used, and how often."""
    long = framing.melt(id_vars=["id", "outlet", "country"], value_vars=list(FRAMES),
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
            x=alt.X("share:Q", title="Articles using the frame (percent of the articles)",
                    scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            y=alt.Y("frame_text:N", title="Frame", sort=[f.replace("_", " ") for f in FRAMES]),
            tooltip=[alt.Tooltip("frame_text:N", title="Frame"),
                     alt.Tooltip("share:Q", title="Share of articles", format=".0%"),
                     alt.Tooltip("articles:Q", title="Articles")],
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
        counts = rows[list(FRAMES)].sum().sort_values(ascending=False)
        top = ", ".join(f"{f.replace('_', ' ')} {int(n)}" for f, n in counts.head(3).items())
        noun = "article" if len(rows) == 1 else "articles"
        return View(message=f"{len(rows)} {noun} from outlets in {place}; most used frames: "
                            f"{top}.", params={"place": place})

    return Explorer(controls, {"default": chart}, react)
