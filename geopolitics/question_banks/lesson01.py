"""Lesson 01's checked questions: the divestiture law, its votes, clock and penalties."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from geopolitics.answers import Choice, Expectation, Number, Table, WrongKind
from geopolitics.checks import Question, answers_question, register


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


#: The what-if designation date of question 2: the day Xiaohongshu topped the US App Store.
_XHS_DESIGNATED = date(2025, 1, 13)


def _clock_from_another_day(value: date) -> bool:
    """The whole clock, counted from a day up to two weeks either side of the designation."""
    return any(answers_question("q01_latest_deadline", value - timedelta(days=shift))
               for shift in range(-14, 15) if shift)


def _near(target: float, tolerance: float) -> Any:
    return lambda value: abs(value - target) <= tolerance


def _status_problems(value: Any) -> str | None:
    """Statuses the model never gives: whole assessments, or a status retyped by hand."""
    from geopolitics.models.law import STATUSES

    given = [str(v) for v in value["status"]]
    if any("Assessment" in v or "\n" in v for v in given):
        return ("Your status column holds whole assessments: take each one's `.status`, "
                "as in `law.assess(app).status`.")
    unknown = [v for v in given if v not in STATUSES]
    if unknown:
        shown = ", ".join(repr(s) for s in STATUSES)
        return (f"{unknown[0]!r} is not a status the model gives; it gives {shown}. Take "
                "each app's `.status` rather than typing it.")
    return None


register(
    Question(
        id="q01_house_share",
        lesson="01",
        expects=Number(decimals=1, unit="percent"),
        digests=["33e93b5f90dd9374094965a8bb4b531c5d24eb10eba0d2d6671ae53c8f251e13"],
        hints=[
            (lambda v: 0 < v < 1, "This looks like a fraction: multiply by 100 for a percent."),
            (lambda v: 84.15 <= v < 84.45, "That is the yea share of the whole House, the "
                                           "lecture's case; the question asks about the "
                                           "Democrats only: keep their rows of the vote."),
            (lambda v: any(abs(v - x) <= 0.05 for x in (86.1, 80.8, 81.4)),
             "That is a whole chamber's yea share for another vote in the lecture's table. The "
             "question asks about the Democrats in the House vote of 13 March 2024."),
            (_near(92.9, 0.05), "That looks like the Republicans' share; the question asks "
                                "about the Democrats. Check the party in your filter."),
            (_near(75.2, 0.05), "You counted the Democrat who voted 'present'. The question "
                                "counts only yeas and nays."),
            (lambda v: 43.95 <= v < 44.05 or 55.95 <= v < 56.05,
             "That is one party's share of all the yeas in the House. The question asks what "
             "share of the Democrats' own yeas and nays were yeas."),
            (lambda v: 37.0 <= v < 37.25, "You divided by the whole House's votes. Divide by the "
                                          "Democrats' own yeas and nays."),
            (lambda v: 24.2 <= v < 24.45, "That is the share who voted nay. Put the yeas on top."),
            (lambda v: v < 0, "A share of votes cannot be negative: look for a stray minus "
                              "sign."),
            (lambda v: 1 <= v < 50, "Below 50% would mean most Democrats voted nay, which the "
                                    "lecture's party chart does not show. Put the yeas on top "
                                    "and the Democrats' yeas plus nays below."),
            (lambda v: v > 100, "Above 100% cannot be a share of those voting: multiply by 100 "
                                "only once, and put yeas plus nays below the line."),
        ],
        wrong="Keep the Democrats' rows of the 13 March 2024 vote in `splits`, then compute "
              "yeas divided by (yeas + nays), times 100.",
        passed_message="Right: a clear majority of Democrats voted yea, though the party was "
                       "more divided than the Republicans.",
    ),
    Question(
        id="q01_latest_deadline",
        lesson="01",
        expects=IsoDate(),
        digests=["d55fb694eabbc7f9f40d8b8647637a0580aecfe2bc8761552822cf6d017bac22"],
        hints=[
            (lambda d: d in (date(2025, 1, 19), date(2025, 4, 19)),
             "That is TikTok's clock, counted from the day the Act became law: the lecture's "
             "case. The question starts the clock on the day Xiaohongshu is designated."),
            (lambda d: d <= _XHS_DESIGNATED, "That is no later than the designation itself: the "
                                             "clock runs forward from that day."),
            (lambda d: d == _XHS_DESIGNATED + timedelta(days=270),
             "That is the deadline without the extension, counted from the designation (or the "
             "first House bill's 180 days plus the extension). Take the enacted Act's clock "
             "and add the longest extension it allows."),
            (lambda d: d == _XHS_DESIGNATED + timedelta(days=180),
             "That counts the first House bill's 180 days. Use the enacted Act's clock, and add "
             "the full extension."),
            (lambda d: d == _XHS_DESIGNATED + timedelta(days=90),
             "You added only the extension. The Act's own clock comes first."),
            (_clock_from_another_day,
             "The right clock, started on another day: check the designation date. The "
             "question names it: the day Xiaohongshu became the top free app."),
        ],
        wrong="Start the clock on the designation date the question gives, not on the day the "
              "Act became law, and let law.prohibition_date add the days, with the full "
              "extension, rather than counting them by hand.",
        passed_message="Right: the Act's clock plus the longest extension. This is a what-if: "
                       "the kit's timeline records no designation of Xiaohongshu.",
    ),
    Question(
        id="q01_verdicts",
        lesson="01",
        expects=Table(columns=["name", "status"], rows=3),
        extra_check=_status_problems,
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
            (_near(-19.7, 0.05), "That subtracts a percent (the stake, 19.9) from a fraction "
                                 "(law.OWNERSHIP_THRESHOLD is written as a fraction of one): "
                                 "put both in percent first."),
            (_near(0.5, 0.01), "That is the gap as a share of the threshold (a relative gap); "
                               "the question asks for the difference in percentage points."),
            (lambda v: v < 0, "Negative: subtract the stake from the threshold."),
        ],
        wrong="Put the threshold and the stake in the same unit (percent), then subtract the "
              "stake from the threshold.",
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
            (_near(8500, 1), "That is in millions of dollars; the question asks for billions: "
                             "divide the dollars by 1e9."),
            (_near(85, 0.1), "That is the ceiling for 10% of the users; the question says 1%."),
            (_near(14, 0.1), "That is the value Vice President Vance put on TikTok's US "
                             "business, from the lecture's chart, not the penalty: compute the "
                             "ceiling with law.max_penalty."),
        ],
        wrong="Compute 1% of 170 million users, pass that to law.max_penalty, then "
              "convert dollars to billions.",
        passed_message="Right: even 1% of TikTok's claimed users means a ceiling of billions.",
    ),
    Question(
        id="q01_scrutiny",
        lesson="01",
        expects=Choice(options=["a", "b", "c", "d"]),
        digests=["ade9e0118ad2fca1ad2a7fe2ad169e53e5e29dfcbcba10a16a6077b869f08539"],
        hints=[
            (lambda v: v == "b", "That carries the Act's test over because this law works the "
             "same way, through app stores and hosts. In the lecture the test follows from "
             "what a law is aimed at, not from how it is enforced: compare what each law "
             "looks at to decide which apps it reaches."),
            (lambda v: v == "c", "Rational basis is the lightest test, for laws that burden no "
             "right such as speech. A law that takes apps away from their users burdens "
             "speech: the Supreme Court assumed as much even for the Act."),
            (lambda v: v == "d", "Binding app stores and hosts rather than users did not keep "
             "the Act out of review: the Court assumed the First Amendment applied, then "
             "asked how strict the test should be. Take the same two steps here."),
        ],
        wrong="Re-read the lecture's section 5: what decides which test a court applies, and "
              "what does this law look at to decide which apps it reaches?",
        passed_message="Right: the test follows from what a law is aimed at, not from how it "
                       "is enforced. The Act and this invented law use the same machinery "
                       "and still call for different tests.",
    ),
)
