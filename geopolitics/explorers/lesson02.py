"""Lesson 02's explorers: a keyword filter to break, and press-freedom indices over time.

:func:`filter_playground` runs :mod:`geopolitics.models.censorship` on the SYNTHETIC posts;
:func:`index_explorer` never puts a rank and a score on one axis.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics.charts import PALETTE
from geopolitics.explorers.panel import Explorer, Form, View

# --- censorship ----------------------------------------------------------------------------------

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
            tooltip=[alt.Tooltip("country:N", title="Country"),
                     alt.Tooltip("year:O", title="Year"),
                     alt.Tooltip("value:Q", title=column),
                     alt.Tooltip("confidence:N", title="Confidence"),
                     alt.Tooltip("source_id:N", title="Source")])
        labels = base.mark_text(dy=-12, fontSize=14).encode(text=alt.Text("value:Q",
                                                                            format=".0f"))
        first, last = int(rows["year"].min()), int(rows["year"].max())
        return (lines + labels).properties(
            width=700, height=260, title=f"{label}, China and the United States",
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
