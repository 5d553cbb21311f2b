"""Lesson 04's explorers: Pew's surveys of who uses TikTok and who wanted the ban, and two
audiences side by side that must never share an axis.

(The lecture also weighs user figures with :func:`geopolitics.explorers.lesson00.scale_explorer`.)
"""

from __future__ import annotations

import re
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics.charts import PALETTE
from geopolitics.errors import KitError
from geopolitics.explorers.panel import Explorer, View

# --- audience demographics -----------------------------------------------------------------------

#: What each Pew measure is a share of, for chart titles and status lines.
SURVEY_MEASURES = {
    "uses_tiktok": "say they use TikTok",
    "regular_news_on_tiktok": "regularly get news on TikTok",
    "supports_ban": "would support a US ban on TikTok",
    "opposes_ban": "would oppose a US ban on TikTok",
    "not_sure_about_ban": "are not sure about a US ban on TikTok",
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
#: Line height of the two-line labels beside the side-by-side bars (14 px text).
_LINE_PX = 16

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
                                  legend=None),  # a medium bar's label says so
        tooltip=[alt.Tooltip("label:N", title="Group"),
                 alt.Tooltip("percent:Q", title="Share (percent)"),
                 alt.Tooltip("margin_of_error:Q", title="Margin of error, all adults (points)"),
                 alt.Tooltip("sample_size:Q", title="Adults surveyed (whole sample)"),
                 alt.Tooltip("fieldwork:N", title="Fieldwork"),
                 alt.Tooltip("confidence:N", title="Confidence"),
                 alt.Tooltip("source_id:N", title="Source")],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=14).encode(
        x=alt.X("text_at:Q", title=axis_title), text=alt.Text("shown:N"))
    layers: list[alt.Chart] = [bars, labels]
    margin_text = ""
    if has_margins:
        # Not announced on its own (aria=False): the bar's label states the margin (±).
        layers.insert(1, base.mark_rule(color="black", strokeWidth=3, aria=False).encode(
            x=alt.X("low:Q", title=axis_title), x2=alt.X2("high:Q")))
        margin_text = (" Where Pew published a margin of error for all adults, a black line "
                       "shows it and the label gives it (±).")
    which = " : ".join(f"measure == '{m}' ? 'Who {words}'" for m, words in
                       SURVEY_MEASURES.items()) + " : measure"
    chosen = alt.Chart(pd.DataFrame({"line": [0]})).transform_calculate(
        shown=f"({which}) + ' · ' + (breakdown == 'all' ? 'all adults' : 'by ' + "
              "replace(breakdown, '_', ' ')) + ' · ' + year",
    ).mark_text(align="left", baseline="bottom", fontSize=14, fontStyle="italic",
                x=0, y=-12).encode(text=alt.Text("shown:N"))
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
        # Two lines beside each bar: value and kind, then whose share it is. Vega sets the
        # first line on the baseline, so the pair is raised by half a line to sit beside the
        # bar's middle; unraised, the second line ran over the axis below the last bar.
        text = base.transform_calculate(
            two_lines="datum.shown + '\\n' + datum.of_whom").mark_text(
            align="left", dx=5, dy=-_LINE_PX / 2, fontSize=14, lineHeight=_LINE_PX,
            lineBreak="\n", baseline="middle").encode(
            x=alt.X("percent:Q", title=axis_title), text=alt.Text("two_lines:N"))
        return alt.layer(bars, text).properties(
            width=440, height=alt.Step(40), title=title)

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
