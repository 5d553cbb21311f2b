"""Lesson 04's checked questions: reshaping survey tables and reading audience numbers.

Question 1 asks for a reshaped table; its values are the data itself, so the check rebuilds
the expected table from ``pew_tiktok`` and compares shapes and cells instead of a digest.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geopolitics.answers import (
    EMPTY_TABLE,
    Choice,
    Expectation,
    LooksUnanswered,
    Number,
    WholeNumber,
    WrongKind,
    frame_from_plain,
    frame_to_plain,
)
from geopolitics.checks import Question, register


class WideTable(Expectation):
    """A DataFrame with one row per group and one column per year."""

    noun = "a DataFrame"

    def read(self, answer: Any) -> pd.DataFrame:
        if not isinstance(answer, pd.DataFrame):
            raise WrongKind(f"Expected {self.noun} made with pivot, but you gave "
                            f"{type(answer).__name__}.")
        if answer.empty:
            raise LooksUnanswered(EMPTY_TABLE + " (measure and breakdown).")
        return answer

    def forms(self, value: pd.DataFrame) -> list[str]:
        return []

    def to_plain(self, value: pd.DataFrame) -> dict[str, Any]:
        return frame_to_plain(value)

    def from_plain(self, data: Any) -> pd.DataFrame:
        return self.read(frame_from_plain(data))


def _by_age_problems(answer: pd.DataFrame) -> str | None:
    from geopolitics.data import load

    pew = load("pew_tiktok")
    rows = pew[(pew["measure"] == "uses_tiktok") & (pew["breakdown"] == "age")]
    expected = rows.pivot_table(index="group", columns="year", values="percent")
    if set(map(str, answer.columns)) != set(map(str, expected.columns)):
        if set(map(str, answer.index)) == set(map(str, expected.columns)):
            return "Rows and columns are swapped: put the age groups in the index (rows)."
        if all(str(c).isdigit() and len(str(c)) == 4 for c in answer.columns):
            return ("Your columns are survey years, but not the years the age rows have: "
                    "check the two conditions of your filter (measure and breakdown).")
        return ("The columns should be the survey years. Did you pivot with columns='year' "
                "after keeping only the age rows?")
    if set(map(str, answer.index)) != set(map(str, expected.index)):
        return ("The rows should be the age groups (18-29, 30-49, 50-64, 65+). Check the "
                "breakdown you kept.")
    mine = answer.copy()
    mine.index = mine.index.map(str)
    mine.columns = mine.columns.map(str)
    theirs = expected.copy()
    theirs.index = theirs.index.map(str)
    theirs.columns = theirs.columns.map(str)
    mine = mine.loc[theirs.index, theirs.columns].astype(float)
    close = ((mine - theirs).abs() < 0.01) | (mine.isna() & theirs.isna())
    if not close.all().all():
        return "The shape is right but some values differ: use values='percent'."
    return None


register(
    Question(
        id="q04_by_age",
        lesson="04",
        expects=WideTable(),
        extra_check=_by_age_problems,
        passed_message="Right: one row per age group, one column per year.",
    ),
    Question(
        id="q04_growth",
        lesson="04",
        expects=Number(decimals=0, unit="percentage points"),
        digests=["bf20781ceb1f4591a1e4e6218ff5328bdcb6fdfd546b5f7e6cdc36f680f52bb0"],
        hints=[(lambda v: v < 0, "Negative: subtract 2021 from 2025."),
               (lambda v: v > 30, "That is more than the change in percentage points: a "
                                  "level, or a relative change (a division)? Subtract one "
                                  "percent from the other.")],
        wrong="Use the 'all' rows of uses_tiktok: the 2025 percent minus the 2021 percent.",
        passed_message="Right. Part of that rise may come from Pew's change of survey mode "
                       "after 2021.",
    ),
    Question(
        id="q04_adult_users",
        lesson="04",
        expects=Number(decimals=0, unit="millions"),
        digests=["020bbe5ea36e46fb1962e16e1eecb1f0a44acdbf31a74f0f9c23879dcec810dd"],
        hints=[
            (lambda v: v > 1e6, "Give the answer in millions: divide the number of people "
                                "by 1e6."),
            (lambda v: 100 < v < 140, "You used the total population, teenagers and children "
                                      "included; Pew surveys adults only."),
            (lambda v: v < 1, "Divide the percent by 100 once, not twice."),
        ],
        wrong="Multiply the 2025 share (as a fraction) by the number of adults, then divide by "
              "a million.",
        passed_message="Right: about 100 million adults, with the survey's uncertainty.",
    ),
    Question(
        id="q04_claim_ratio",
        lesson="04",
        expects=Number(decimals=1, unit="times"),
        digests=["8d8c7cafdec581ef725176f05d3ce95044d384a798cc4c722e71250855571bdc"],
        hints=[(lambda v: v < 1, "Below 1: put the company's 170 million on top.")],
        wrong="Divide 170 (million) by your head count in millions.",
        passed_message="Right: one is TikTok's own count of its US users of all ages, made in "
                       "a way it has not explained; the other is our estimate of adult users.",
    ),
    Question(
        id="q04_user_gap",
        lesson="04",
        expects=Number(decimals=0, unit="percentage points"),
        digests=["137dad1cd65cab2d3f9dc7ba4e69ac9ec4e2a9f29ddd4e690953efae80c4ac54"],
        hints=[(lambda v: v < 0, "Negative: subtract the users' share from the non-users'.")],
        wrong="Take the 2025 user_status rows: non-users minus TikTok users.",
        passed_message="Right: a large gap, though a medium-confidence split.",
    ),
    Question(
        id="q04_not_comparable",
        lesson="04",
        expects=Choice(options=["a", "b", "c"]),
        digests=["83ff9d55d1ea485470a3ee1d04e83c75b15c9565a77f35382120228dc9de7d80"],
        hints=[
            (lambda v: v == "a", "Both years come from the same kind of Pew survey and the "
                                 "same question, so Pew reports them as one trend. For each "
                                 "remaining pair, ask who measured each figure, how and over "
                                 "what period."),
            (lambda v: v == "c", "Two groups in one survey are compared as the survey intends."),
        ],
        passed_message="Right: different firms, baselines and windows.",
    ),
    Question(
        id="q04_news_profile_young",
        lesson="04",
        expects=WholeNumber(),
        digests=["e8bdf894150c06407441da6814b1385793f9b07def0ce5682cddf8c14d6d5554"],
        hints=[
            (lambda v: v == 43, "43% is the share of all adults aged 18-29 who get news on "
                                "TikTok (a share of the age group, in pew_tiktok). The "
                                "question asks the reverse: the share of the news consumers "
                                "who are 18-29, in profiles."),
            (lambda v: v == 63, "63% is the share of adults aged 18-29 who use TikTok, from "
                                "pew_tiktok. Use the age rows of profiles."),
            (lambda v: v == 62, "That is a gender row: keep the rows whose breakdown is "
                                "'age'."),
        ],
        wrong="Keep the rows of profiles whose breakdown is 'age' and read the percent of the "
              "group '18-29'.",
        passed_message="Right: a large share, but not a majority. Even among news consumers, "
                       "who lean young, most are 30 or older.",
    ),
)
