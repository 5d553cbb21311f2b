"""Lesson 05's checked questions: running the scenario model and judging what the data fix.

Every answer comes from :mod:`geopolitics.models.scenarios` run on the kit's tables, so a change to
the model's defaults or to ``app_metrics`` changes the answers: re-run the solutions and
``geopolitics.checks.digest`` after such a change.
"""

from __future__ import annotations

from geopolitics.answers import Choice, Number
from geopolitics.checks import Question, register

register(
    Question(
        id="q05_retained",
        lesson="05",
        expects=Number(decimals=1, unit="millions"),
        digests=["b11c97ba15e283ebeadd7e9c0636b0d41053a2449240dcee718f8eaca75eb7f8"],
        hints=[
            (lambda v: v > 1e4, "Give the answer in millions: divide the number of users by "
                                "1e6."),
            (lambda v: 0 < v < 0.1, "That looks like a share of the population (the `share` "
                                    "column); the question asks for users, in millions."),
            (lambda v: abs(v - 0.3) < 0.05, "0.3 million is where Xiaohongshu started. Check "
                                            "the date you kept: 18 February, after the surge."),
            (lambda v: v > 15, "That is what the model gives if TikTok never comes back: use "
                               "the run of the ban as it happened."),
        ],
        wrong="Keep the rows where platform is 'Xiaohongshu' and date is 2025-02-18, take "
              "`users`, and divide by a million.",
        passed_message="Right: the best fit keeps a few million on the app a month after "
                       "TikTok returned. Section 3 of the lecture shows how little the data "
                       "pin that number down.",
    ),
    Question(
        id="q05_enforced_gap",
        lesson="05",
        expects=Number(decimals=1, unit="millions"),
        digests=["b4a02934e889fb819f258846d0da6796a6cc595a724f7c5e3846043997c1007c"],
        hints=[
            (lambda v: v < 0, "Negative: subtract the 'never' run from the 'enforced' one."),
            (lambda v: v > 1e4, "Give the answer in millions of users."),
            (lambda v: abs(v - 18.0) < 0.15, "You compared with the ban as it happened; the "
                                             "question compares with no ban at all ('never')."),
        ],
        wrong="Take each run's Xiaohongshu users on 18 February 2025, in millions, and "
              "subtract the 'never' figure from the 'enforced' one.",
        passed_message="Right. Without a deadline nothing moves in this model: every newcomer "
                       "on Xiaohongshu is there because of the law's clock.",
    ),
    Question(
        id="q05_drop_20jan",
        lesson="05",
        expects=Number(decimals=0, unit="percent"),
        digests=["8e7bdc4d0fa9fcf7ee7583d7a110778c0f6ea72ad48f80062395c7211097ab56"],
        hints=[
            (lambda v: v > 0, "Positive: a fall is a negative change, (20 January ÷ 19 "
                              "January − 1) × 100."),
            (lambda v: -1 < v < 0, "Give a percent: multiply the fraction by 100."),
            (lambda v: abs(v + 54) < 1.5, "That is Similarweb's measured fall; the question "
                                          "asks for the model's own."),
        ],
        wrong="Divide the model's Xiaohongshu users on 20 January by those on 19 January, "
              "subtract 1 and multiply by 100.",
        passed_message="Right. Set it beside Similarweb's −54%: the model's fall lies within "
                       "the ±15 points the kit allows a medium-confidence change whose "
                       "baseline was not stated. It matches only because the model's own "
                       "19 January, which nobody measured, spikes: against 18 January the "
                       "modelled change is about +2%.",
    ),
    Question(
        id="q05_anticipation",
        lesson="05",
        expects=Number(decimals=2, unit="log-odds"),
        digests=["56c01edfd8a3be3e37ac9ef0aa1f935eb43ad3b17fecf79ed77d827764298e9c"],
        hints=[
            (lambda v: abs(v - 0.75) < 0.005, "0.75 is the kit's best fit to all the January "
                                              "figures at once. Here only 13 January counts: "
                                              "compare the gap of each grid value."),
            (lambda v: v == 0, "0 gives the smallest modelled number, not the closest one: "
                               "measure each gap as a size, abs(modelled - measured)."),
            (lambda v: abs(v * 4 - round(v * 4)) > 1e-6, "Use the question's grid: 0 to 10 in "
                                                         "steps of 0.25."),
            (lambda v: v > 3, "That puts far more people on Xiaohongshu on 13 January than "
                              "3.4 million: keep the value with the smallest gap."),
        ],
        wrong="For each value on the grid, run the model, read Xiaohongshu's users on 13 "
              "January, and keep the value whose users are closest to the measured 3.4 "
              "million.",
        passed_message="Right: the single point of 13 January asks for a little less "
                       "anticipation than the fit to all the January figures does. Calibrating to "
                       "one number is easy; it is the other figures that discipline a model.",
    ),
    Question(
        id="q05_band_ratio",
        lesson="05",
        expects=Number(decimals=0, unit="times"),
        digests=["2d4fd7762924bbfd705fc459cca42a34271f9a95d56169a320659e9e736092c0"],
        hints=[
            (lambda v: v < 1, "Below 1: divide the highest by the lowest."),
            (lambda v: abs(v - 12) < 0.6, "You divided the best run by the lowest; use the "
                                          "band's highest (`high`) on top."),
            (lambda v: v < 4, "Check the day: on 18 February, not during the surge."),
        ],
        wrong="Keep the band's Xiaohongshu row for 18 February 2025 and divide `high` by `low`.",
        passed_message="Right: runs that all fit the January figures end a month later at "
                       "levels more than ten times apart. The January data barely constrain "
                       "the long run.",
    ),
    Question(
        id="q05_stickiness",
        lesson="05",
        expects=Choice(options=["a", "b", "c"]),
        digests=["311a24b417d7fbc62d9a5ba08d33b39d0dcf007413e5e7616ca64f5a39ec0a7c"],
        hints=[
            (lambda v: v == "a", "Run attention at both ends of its accepted range: the users "
                                 "on 18 February barely move. Habit sets how fast people "
                                 "switch, not where they end up."),
            (lambda v: v == "c", "Run anticipation at both ends of its accepted range: it "
                                 "shapes the surge while the ban looms, then stops acting."),
        ],
        passed_message="Right. In this model the lasting appeal alone decides who stays, by "
                       "how it is built: once the ban lifts, the past is forgotten. It is also "
                       "the knob the January figures pin down least.",
    ),
)
