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
from geopolitics.checks import Question, answers_question, register


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


def _ban_by_party_problems(answer: pd.DataFrame) -> str | None:
    """Support for a ban by party, one row per party and one column per survey (fieldwork):
    the lecture's reshaping (use by age, by year) applied to another measure, where the year
    cannot name a survey because Pew asked twice in 2023."""
    from geopolitics.data import load

    pew = load("pew_tiktok")
    rows = pew[(pew["measure"] == "supports_ban") & (pew["breakdown"] == "party")]
    expected = rows.pivot(index="group", columns="fieldwork", values="percent")
    if isinstance(answer.columns, pd.MultiIndex) or any(  # read back from plain data
            isinstance(c, tuple) or str(c).startswith("('") for c in answer.columns):
        return ("Your columns have two levels (each value column, then each survey): pivot "
                "kept every column it was not told about. Add values='percent'.")
    columns = set(map(str, answer.columns))
    if {"fieldwork", "percent"} <= columns:
        return ("Your table is still long: one row for each party in each survey, with the "
                "surveys in a column. Reshape it so the surveys become columns, as the lecture "
                "reshaped use by age.")
    if "group" in columns and "group" not in set(map(str, answer.index.names)):
        return ("The parties are in a column, not in the index: leave out `.reset_index()` "
                "(or put them back with `.set_index('group')`).")
    if columns != set(map(str, expected.columns)):
        if set(map(str, answer.index)) == set(map(str, expected.columns)):
            return "Rows and columns are swapped: put the parties in the index (rows)."
        if columns and all(c.isdigit() and len(c) == 4 for c in columns):
            return ("Your columns are years, but Pew asked twice in 2023, so a year cannot "
                    "name a survey (pivot would refuse; pivot_table averages the two). Use "
                    "columns='fieldwork'.")
        if columns <= set(map(str, pew["fieldwork"].dropna())):
            return ("Your columns are surveys, but not the surveys of the party rows: check "
                    "the two conditions of your filter (measure and breakdown).")
        return ("The columns should be the surveys' fieldwork periods. Did you pivot with "
                "columns='fieldwork' after keeping only the party rows?")
    if set(map(str, answer.index)) != set(map(str, expected.index)):
        return ("The rows should be the parties (Republican/lean Rep., Democrat/lean Dem.). "
                "Check the breakdown you kept and index='group'.")
    mine = answer.copy()
    mine.index = mine.index.map(str)
    mine.columns = mine.columns.map(str)
    theirs = expected.copy()
    theirs.index = theirs.index.map(str)
    theirs.columns = theirs.columns.map(str)
    try:
        mine = mine.loc[theirs.index, theirs.columns].astype(float)
    except (TypeError, ValueError):  # a column of text or of missing counts
        return "The shape is right but the values are not the percents: use values='percent'."
    close = ((mine - theirs).abs() < 0.01) | (mine.isna() & theirs.isna())
    if not close.all().all() and (((100 * mine - theirs).abs() < 0.01)
                                  | (mine.isna() & theirs.isna())).all().all():
        return ("The shape is right, but your values are fractions of one: the percent "
                "column is already in percent, so keep its values as they are.")
    if not close.all().all():
        return "The shape is right but some values differ: use values='percent'."
    return None


register(
    Question(
        id="q04_ban_by_party",  # was q04_by_age, the lecture's own table (issue 19)
        lesson="04",
        expects=WideTable(),
        extra_check=_ban_by_party_problems,
        passed_message="Right: one row per party, one column per survey. Read across a row "
                       "and ask how much of each change is opinion and how much is a "
                       "different wave of the panel.",
    ),
    Question(
        id="q04_growth",
        lesson="04",
        expects=Number(decimals=0, unit="percentage points"),
        digests=["06cb7cb5e2fd21e449517f0179707c62b6de3d5eb57160e80236c7b18f160e8e"],
        hints=[
            (lambda v: abs(v - 16) < 0.5,
             "That is the rise in TikTok use over the lecture's years: the lecture's case. The "
             "question asks about another measure, sees_national_security_threat."),
            (lambda v: abs(v + 16) < 0.5,
             "That is a change in support for a ban (supports_ban). The question asks about "
             "the share who see TikTok as a threat to national security."),
            (lambda v: abs(v + 4) < 0.5 or abs(v + 21) < 0.5,
             "Check both figures: each should be a sees_national_security_threat row whose "
             "breakdown is 'all', not a party row and not a ban survey."),
            (lambda v: -1 < v < 0,
             "That looks like a change in fractions: the percent column is already in "
             "percent, so subtract the two percents as they are."),
            (lambda v: -20.5 < v < -16.5,
             "That looks like a relative change (a division by one of the shares), in "
             "percent. The question asks for a change in percentage points: subtract one "
             "share from the other."),
            (lambda v: 0 < v < 1.5 and not float(v).is_integer(),
             "That looks like a ratio (one share divided by the other). The question asks for "
             "a difference: the later share minus the earlier one."),
            (lambda v: v > 0,
             "Positive means a rise. Subtract the earlier survey's percent from the later "
             "one's: if the percent fell, the answer is negative."),
        ],
        wrong="Keep the sees_national_security_threat rows whose breakdown is 'all': the later "
              "survey's percent minus the earlier survey's percent.",
        passed_message="Right: a fall. The two figures come from two separate waves of "
                       "Pew's panel (one in May, one in late February and early March): check "
                       "each one's fieldwork before calling two points a trend.",
    ),
    Question(
        id="q04_adult_users",
        lesson="04",
        expects=Number(decimals=0, unit="millions"),
        digests=["3cf9292bb47d3369c91c7f202e13b52c01f29b714c9c849d23c982148e45d135"],
        hints=[
            (lambda v: v > 1e6, "Give the answer in millions: divide the number of people "
                                "by 1e6."),
            (lambda v: 5000 < v < 15000, "About a hundred times too large: the percent "
                                         "was used as it is. Divide it by 100 to make it a "
                                         "fraction before multiplying."),
            (lambda v: 1000 < v <= 1e6, "That looks like thousands: divide the number of "
                                        "people by a million (1e6), not a thousand."),
            (lambda v: 98.5 <= v < 99.5,
             "That is the head count for the lecture's year: the lecture's case. The question "
             "asks about 2024: take the 2024 row of uses_tiktok."),
            (lambda v: 100 < v < 140, "You used the total population, teenagers and children "
                                      "included; Pew surveys adults only."),
            (lambda v: abs(v - 56.07) < 0.5,
             "That head count uses the share for 2021, the first year in the table. The "
             "question asks about 2024."),
            (lambda v: abs(v - 53.4) < 0.5 or abs(v - 45.39) < 0.5,
             "That head count uses the share who regularly get news on TikTok. The question "
             "asks about use: the uses_tiktok rows."),
            (lambda v: 0 < v < 1, "Divide the percent by 100 once, not twice."),
        ],
        wrong="Multiply the 2024 share of all adults who use TikTok (as a fraction) by the "
              "number of adults, then divide by a million.",
        passed_message="Right: an estimate, with the survey's uncertainty, for a year in which "
                       "both Pew's fieldwork and the Census count fall.",
    ),
    Question(
        id="q04_claim_ratio",
        lesson="04",
        expects=Number(decimals=1, unit="times"),
        digests=["0063aa82fc5aee148dec3a7fa95b9b676c5dbfef6e4c2a773363e38ca5b680e5"],
        hints=[
            (lambda v: v > 1000, "Far too large: the claim and your head count are in "
                                 "different units. Write both in millions."),
            (lambda v: 0 < v < 0.01, "Far too small: the claim and your head count are in "
                                     "different units. Write both in millions."),
            (lambda v: v < 1, "Below 1: put the company's 170 million on top."),
            (lambda v: 1 < v <= 100 and answers_question("q04_claim_ratio", v / 100 + 1),
             "That looks like how many percent larger the claim is (a relative difference). "
             "The question asks how many times larger: the ratio itself, with nothing "
             "subtracted or multiplied by 100."),
            (lambda v: 100 < v <= 1000, "That looks like a percentage. The question asks how "
                                        "many times larger: divide, without multiplying by "
                                        "100."),
            (lambda v: 1.65 <= v < 1.75,
             "That is the ratio for the lecture's head count: the lecture's case. Divide by "
             "your 2024 head count from question 3."),
            (lambda v: 1.35 <= v < 1.65,
             "Your head count seems to include children (the total population). Go back to "
             "question 3 and use the adults only."),
            (lambda v: 2.05 <= v < 2.15,
             "That divides by Similarweb's daily users, a different measure made a different "
             "way. The question compares the claim with the survey's head count of adult "
             "users from question 3."),
        ],
        wrong="Divide 170 (million) by your 2024 head count in millions from question 3.",
        passed_message="Right: one is TikTok's own count of its US users of all ages, made in "
                       "a way it has not explained; the other is our estimate of adult users, "
                       "from a survey several months older than the claim.",
    ),
    Question(
        id="q04_user_gap",
        lesson="04",
        expects=Number(decimals=0, unit="percentage points"),
        digests=["d1c12673c6c0d7f94c80a4eae497bbc51c690ba4640b7966726d5f5e3623f664"],
        hints=[
            (lambda v: abs(abs(v) - 33) < 0.5,
             "That is the gap in the latest survey: the lecture's case. The question asks "
             "about the March survey two years earlier: filter on its fieldwork."),
            (lambda v: abs(abs(v) - 28) < 0.5,
             "You mixed two surveys: the non-users' share from the autumn survey with the "
             "users' share from March. Keep only the rows of the March survey (filter on "
             "fieldwork)."),
            (lambda v: -1 < v < 0,
             "That looks like a difference of fractions: the percent column is already in "
             "percent, so subtract the two percents as they are."),
            (lambda v: 0 < v < 1 or 3 < v < 3.5,
             "That looks like a ratio (one share divided by the other). The question asks for "
             "a difference in percentage points: subtract."),
            (lambda v: v > 0,
             "Positive would mean users were the more likely to support a ban. Subtract in "
             "the order asked: the users' share minus the non-users' share."),
        ],
        wrong="Keep the supports_ban rows with breakdown 'user_status' from the March survey "
              "(filter on fieldwork), then take TikTok users minus non-users.",
        passed_message="Right: in the March survey, as in the latest one, users were far less "
                       "likely than non-users to support a ban. Both splits come from "
                       "secondary reports (medium confidence).",
    ),
    Question(
        id="q04_not_comparable",
        lesson="04",
        expects=Choice(options=["a", "b", "c", "d"]),
        digests=["609a5c217c08620731b1c8b37e72cc4231373c48b26d442ab9d654773371374c"],
        hints=[
            (lambda v: v == "a",
             "That looks like judging a pair by what it is about (two apps) rather than by "
             "how each figure was made. Figures about two apps are like with like when one "
             "producer estimates the same quantity for both, the same way, for the same day: "
             "read both rows' measured_by, metric, date and source_id, and ask the four "
             "questions of every pair."),
            (lambda v: v == "b",
             "That looks like treating two waves of one survey series as two different "
             "measurements. A series asks a fresh sample each time; what breaks it is a change "
             "of question, of population or of the way people are asked, as when Pew moved "
             "from telephone to its online panel: read both rows' notes. How far apart the "
             "two surveys were matters when you read the change (check the fieldwork), not "
             "for whether they measure the same thing."),
            (lambda v: v == "d",
             "That looks like reading 'how sure?' as 'same thing?'. Medium confidence means "
             "the figures were seen in reports of Pew's piece, not in Pew's own text, and a "
             "group's margin is wider than the whole sample's, so hold any gap loosely; but "
             "two groups asked one question in one survey are what a survey's breakdown is "
             "made to compare."),
        ],
        wrong="For each pair, ask of both figures the lecture's four questions: the same "
              "thing? who measured it, and how? how sure? over the same window? Read the "
              "rows before you choose.",
        passed_message="Right: a pair is like with like only when both figures answer the "
                       "same question, asked the same way, of the same people, over the same "
                       "window. Otherwise neither their difference nor their ratio means "
                       "anything.",
    ),
    Question(
        id="q04_news_profile_young",
        lesson="04",
        expects=WholeNumber(unit="percent"),
        digests=["26e8f543776bcd037c4a33af8f6215b3606e004e08735fb7819594834305f610"],
        hints=[
            (lambda v: v == 42, "That is the share of the news consumers aged 18 to 29 (or "
                                "aged 30 to 49 alone): one row. The lecture read the "
                                "18-29 row; the question asks about everyone aged 30 or "
                                "over."),
            (lambda v: v in (25, 44), "That is a share of the adults aged 30 to 49, from "
                                      "pew_tiktok: a share of the age group. The question asks for "
                                      "a share of the news consumers, in profiles."),
            (lambda v: v in (38, 86),
             "You added shares from pew (pew_tiktok): each is a share of its own age group, "
             "so they cannot be added. Use the age rows of profiles, which are shares of the "
             "same people."),
            (lambda v: v in (46, 54, 16),
             "An age group is missing: 30 or over means the 30-49, 50-64 and 65+ rows "
             "together."),
            (lambda v: v in (84, 100), "You included the 18-29 row: keep only the groups "
                                       "aged 30 or over."),
            (lambda v: v in (37, 57),
             "That looks like 100 minus a share from pew (pew_tiktok), a share of an age "
             "group. Work in profiles: its age rows are shares of the same people."),
            (lambda v: v in (62, 36), "That is a gender row: keep the rows whose breakdown "
                                      "is 'age'."),
        ],
        wrong="Keep the rows of profiles whose breakdown is 'age' and add the percents of the "
              "groups aged 30 or over.",
        passed_message="Right: a majority, even among news consumers, who lean young. Among "
                       "all of TikTok's adult users, those aged 30 or over are very probably "
                       "a larger share still.",
    ),
)
