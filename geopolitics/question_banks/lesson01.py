"""Lesson 01's checked questions: the divestiture law, its votes, clock and penalties."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from geopolitics.answers import Choice, Expectation, Number, Table, WrongKind
from geopolitics.checks import Question, register


class IsoDate(Expectation):
    """A calendar date, given as a date, a datetime, a pandas Timestamp or 'YYYY-MM-DD'."""

    noun = "a date"

    def read(self, answer: Any) -> date:
        if isinstance(answer, pd.Timestamp | date):
            return pd.Timestamp(answer).date()
        if isinstance(answer, str):
            try:
                return date.fromisoformat(answer.strip())
            except ValueError:
                raise WrongKind(f"'{answer[:40]}' is not a date written as YYYY-MM-DD, "
                                "e.g. '2025-01-19'.") from None
        raise WrongKind("Expected a date (a datetime.date or text like '2025-01-19'), but you "
                        f"gave {type(answer).__name__}.")

    def forms(self, value: date) -> list[str]:
        return [value.isoformat()]

    def to_plain(self, value: date) -> str:
        return value.isoformat()


def _near(target: float, tolerance: float) -> Any:
    return lambda value: abs(value - target) <= tolerance


register(
    Question(
        id="q01_house_share",
        lesson="01",
        expects=Number(decimals=1, unit="percent"),
        digests=["849f19a09e56b85ccf5ab2cf1c92f19bce173265f9be8d7e6477015810acfc3b"],
        hints=[
            (lambda v: 0 < v < 1, "This looks like a fraction: multiply by 100 for a percent."),
            (_near(84.2, 0.15), "You divided by all 418 members voting, including the one "
                                "'present'. The question counts only yeas and nays."),
            (lambda v: v < 50, "Below 50% would mean the bill failed. Put the yeas on top."),
        ],
        wrong="Use the 13 March 2024 row: yeas divided by (yeas + nays), times 100.",
        passed_message="Right: comfortably above the two thirds that suspension needs.",
    ),
    Question(
        id="q01_latest_deadline",
        lesson="01",
        expects=IsoDate(),
        digests=["135048fdb7906d4d5cad81eb49d87a115508377d2adbd04025430e39c6892c63"],
        hints=[
            (lambda d: d == date(2025, 1, 19), "That is the deadline without the extension. "
             "Add the longest extension the Act allows."),
            (lambda d: d.year == 2024, "Too early: the 270 days alone run into 2025."),
        ],
        wrong="Start from the date of enactment and allow the full extension.",
        passed_message="Right: 360 days in all. Neither President used the extension.",
    ),
    Question(
        id="q01_verdicts",
        lesson="01",
        expects=Table(columns=["name", "status"], rows=3),
        digests=["f0d6047218365f63314d5622b96167d53fcbe7e6d8fb9c2de484f14da726cf93"],
        unordered_digest="055f3c31795867688cb6aa6e15a081b61db94e774955ab518a43b16ae20213f0",
        wrong="At least one status is not what the Act gives. Look at each app's reasons with "
              "print(law.assess(app)): which test decides it?",
        passed_message="Right. A Chinese travel-review app escapes through the exclusion; a "
                       "25% stake is enough for control; 900,000 users is below the line.",
    ),
    Question(
        id="q01_jv_gap",
        lesson="01",
        expects=Number(decimals=2, unit="percentage points"),
        digests=["34bddb281c33b758f0829561e740e37f74f4f05d9c28bad3a7d8c602cf22567d"],
        hints=[
            (_near(19.9, 0.05), "That is ByteDance's stake itself; the question asks how far "
                                "below the 20% line it is."),
            (lambda v: 0 < v < 0.01, "This looks like a fraction of one: give the gap in "
                                     "percentage points."),
            (lambda v: v < 0, "Negative: subtract the stake from the threshold."),
        ],
        wrong="The threshold is a fraction (0.2); turn it into a percentage first.",
        passed_message="Right: a tenth of a percentage point.",
    ),
    Question(
        id="q01_penalty_billions",
        lesson="01",
        expects=Number(decimals=1, unit="billion US dollars"),
        digests=["3ecccee5e0c538ba5145148bdb7c758e3ea1a972b24869bc0a315a90fe5e0abd"],
        hints=[
            (_near(850, 1), "You used all 170 million users; the question says 1% of them."),
            (lambda v: v > 1e6, "Give the answer in billions: divide the dollars by 1e9."),
            (_near(0.0085, 0.001), "Too small by a factor of 1,000: divide by 1e9, not 1e12."),
        ],
        wrong="Compute 1% of 170 million users, pass that to law.max_penalty, then "
              "convert dollars to billions.",
        passed_message="Right: even 1% of TikTok's claimed users means a ceiling of billions.",
    ),
    Question(
        id="q01_scrutiny",
        lesson="01",
        expects=Choice(options=["a", "b", "c", "d"]),
        digests=["20a2d89c1d89e402b3c6f688e4f0407c88ebc238d1a4830ece182dc3ffd80549"],
        hints=[
            (lambda v: v == "a", "Strict scrutiny is for laws aimed at what is said. The Court "
                                 "found this Act aimed at control and data, not content."),
            (lambda v: v == "c", "Rational basis is the lightest test, for laws that burden no "
                                 "fundamental right. The Court assumed, without deciding, that "
                                 "the First Amendment applied, which rules it out."),
            (lambda v: v == "d", "The Court did not skip review: it assumed the First Amendment "
                                 "applied and asked how strict the test should be."),
        ],
        passed_message="Right: intermediate scrutiny, the test for content-neutral laws.",
    ),
)
