"""Lesson 01's explorers: the divestiture law as controls.

A student describes an app and reads the Act's verdict (:func:`coverage_form`), moves a
designation date (:func:`deadline_calculator`) and weighs the maximum penalty against sums
from the kit's data (:func:`penalty_calculator`). The rules themselves are in
:mod:`geopolitics.models.law`, imported when a panel is built.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from geopolitics.charts import long_date
from geopolitics.explorers.panel import (
    Explorer,
    Form,
    View,
    figure_label,
    labelled_dashed_bars,
    long_label_axis,
)

# --- the law as controls -------------------------------------------------------------------------

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
                    axis=long_label_axis()),
            x=alt.X("dollars:Q", title="US dollars (log scale)",
                    scale=alt.Scale(type="log", domainMin=1e6)),
        )
    )
    bars = labelled_dashed_bars(
        base, "kind", kinds, 1e6,
        tooltip=[alt.Tooltip("label:N", title="Figure"), alt.Tooltip("shown:N", title="Sum"),
                 alt.Tooltip("source_id:N", title="Source")])
    chart = bars.add_params(alt.param(name="users", value=1_000_000)).properties(
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
