"""Lesson 03's checked questions: soft-power indices, Pew's survey and framing."""

from __future__ import annotations

from typing import Any

from geopolitics.answers import Choice, Expectation, Number, WholeNumber, WrongKind, digest_of
from geopolitics.checks import Question, register
from geopolitics.framing import FRAMES


class FrameList(Expectation):
    """Some of the codebook's frame names, in any order (a list, tuple or set of text)."""

    noun = "a list of frame names"

    def read(self, answer: Any) -> tuple[str, ...]:
        if isinstance(answer, str):
            raise WrongKind('Give a list of names, e.g. ["commerce"], not a single string.')
        if not isinstance(answer, list | tuple | set | frozenset):
            raise WrongKind(f"Expected {self.noun}, e.g. [\"commerce\"], but you gave "
                            f"{type(answer).__name__}.")
        names = []
        for item in answer:
            if not isinstance(item, str):
                raise WrongKind("Every item must be a frame name as text.")
            name = item.strip().lower().replace(" ", "_")
            if name not in FRAMES:
                raise WrongKind(f"'{item[:40]}' is not one of the codebook's frames: "
                                f"{', '.join(FRAMES)}.")
            names.append(name)
        if not names:
            raise WrongKind("The list is empty: at least one frame appears in the paragraph.")
        return tuple(sorted(set(names)))

    def forms(self, value: tuple[str, ...]) -> list[str]:
        return ["+".join(value)]

    def to_plain(self, value: tuple[str, ...]) -> list[str]:
        return list(value)


#: Each frame of question 6's answer, as its own digest: the hints can tell a missing frame
#: from one too many without the answer being written here.
_IN_PARAGRAPH = frozenset({
    "c3415f92b42bbf9202bf500137f5d667331341757f890a471960c95d6f6744b6",
    "115a17e8dfff8e959782a814be5b333b46ee6bdc634eeb343fd0662a8429ae33",
})


def _in_paragraph(frame: str) -> bool:
    return digest_of("q03_code_paragraph", f"frame:{frame}") in _IN_PARAGRAPH


def _only_missing(value: tuple[str, ...]) -> bool:
    return all(_in_paragraph(f) for f in value) and len(value) < len(_IN_PARAGRAPH)


def _only_extra(value: tuple[str, ...]) -> bool:
    kept = [f for f in value if _in_paragraph(f)]
    return len(kept) == len(_IN_PARAGRAPH) and len(value) > len(kept)


def _near_share(value: float, frame: str, among: str | None = None,
                counts: bool = False) -> bool:
    """The share of the articles (or of those using ``among``) that use ``frame``; with
    ``counts``, one frame's count divided by the other's, as two totals would give it."""
    from geopolitics.data import load

    framing = load("framing")
    if counts and among is not None:
        share = framing[frame].sum() / framing[among].sum()
    elif among is not None:
        share = framing[framing[among]][frame].mean()
    else:
        share = framing[frame].mean()
    return round(value, 2) == round(float(share), 2)


register(
    Question(
        id="q03_first_ahead",
        lesson="03",
        expects=WholeNumber(),
        digests=["18b5b55a87302eb87480b38b789c80445e4c87276931e920028a5e55a490c5ca"],
        hints=[
            (lambda v: v == 2025, "That is the lecture's case: the edition in which China first "
                                  "ranked above the United Kingdom. The question asks about "
                                  "Germany and the United States."),
            (lambda v: v == 2019, "That edition is the Soft Power 30's, a different index: keep "
                                  "only the rows where `index` is \"brand_finance_gspi\"."),
            (lambda v: v == 2020, "Check the direction of the comparison: a smaller rank number is "
                                  "a better rank, so Germany is above the United States where "
                                  "Germany's number is the smaller of the two."),
            (lambda v: v < 2019, "That year is before any edition in the table."),
            (lambda v: v > 2026, "That year is after the last edition in the table."),
        ],
        wrong="Put the two countries' ranks side by side and compare them edition by edition, "
              "using only the editions that rank both: a smaller rank is a better one.",
        passed_message="Right: the first edition in the table in which Germany ranked above the "
                       "United States. The same pivot and comparison answer the lecture's China "
                       "and UK question.",
    ),
    Question(
        id="q03_unfav_change",
        lesson="03",
        expects=Number(decimals=0, unit="percentage points"),
        digests=["ee76ac813708fdcdddb74624bb60d63ce8d7d3c1583372f22a960502b2012b93"],
        hints=[
            (lambda v: v != round(v), "Both shares are whole percents, so their difference is a "
                                      "whole number of points. A value with decimals looks like a "
                                      "relative change (a percent of the earlier share) or a "
                                      "fraction: subtract one share from the other."),
            (lambda v: v == -4, "That is the change from 2024 to 2025: the lecture's case. The "
                                "question asks about the change from 2020 to 2025."),
            (lambda v: abs(v) == 11, "That uses the 2020 telephone survey. Keep only the "
                                     "online-panel rows: a change of survey mode is a break in "
                                     "the series, not a change of opinion."),
            (lambda v: abs(v) > 30, "That looks like a share, not a change between two years."),
            (lambda v: v > 0, "A positive change means the share rose. Check the order of the "
                              "subtraction: the 2025 share minus the 2020 share."),
        ],
        wrong="Use the online-panel rows for 'unfavourable' and subtract: the 2025 share minus "
              "the 2020 share.",
        passed_message="Right: over the whole online-panel series the change is smaller than the "
                       "2025 fall alone, because the share rose to a peak in between and came "
                       "down again.",
    ),
    Question(
        id="q03_rise_year",  # was q03_low_year: a lowest point is read off any chart
        lesson="03",
        expects=WholeNumber(),
        digests=["8e4c16cad2532f880ad1dacb9f4d1ae5a087e0a56ce64a59d08dd4fb8c3e5317"],
        hints=[
            (lambda v: v == 2023, "That is the year of the highest share: the lecture's case. "
                                  "The question asks for the year with the largest rise from "
                                  "the survey before."),
            (lambda v: v == 2021, "That is the lowest year, where the share had fallen. The "
                                  "question asks for the largest rise: take each year's change "
                                  "(`.diff()`) and the year of the largest."),
            (lambda v: v in (2024, 2025), "The share fell in that year. Take each year's change "
                                          "from the year before and find the largest rise."),
            (lambda v: v == 2020, "Check that you kept only the online-panel rows: the 2020 "
                                  "telephone survey is a different series, and the first year "
                                  "has no survey before it."),
            (lambda v: 0 < v <= 20, "That looks like the size of a change, or a row label, not "
                                    "a year: `.idxmax()` on a Series indexed by year gives the "
                                    "year itself."),
            (lambda v: 20 < v <= 100, "That looks like a percent, not a year."),
            (lambda v: v < 2020 or v > 2025, "That year is outside the survey years in the "
                                             "table."),
        ],
        wrong="Keep the online-panel 'unfavourable' rows, index them by year, take each year's "
              "change with .diff() and the year of the largest with .idxmax().",
        passed_message="Right: the sharpest rise of the online-panel series. Lesson 02 and "
                       "your reading of the news that year may suggest why; the survey alone "
                       "cannot say.",
    ),
    Question(
        id="q03_mode_break",
        lesson="03",
        expects=Choice(options=["a", "b", "c"]),
        digests=["d5e4f063d818cc7bd546f89950c09c5c5fde44145e219eb3c5560c7e222a3b66"],
        hints=[
            (lambda v: v == "a", "Both figures are real, but they were collected in different "
                                 "ways. Can a change of method move answers by itself?"),
            (lambda v: v == "c", "Both come from Pew's published results. What differs "
                                 "between the two surveys?"),
        ],
        passed_message="Right: a change of survey mode is a break in the series.",
    ),
    Question(
        id="q03_speech_share",  # was q03_exchange_share: the explorer's counts gave it
        lesson="03",
        expects=Number(decimals=2, unit="fraction"),
        digests=["b2427ed2d59d6fef5946a335acc63c39deab191b0bc5633a3bda84456bf76aaa"],
        hints=[
            (lambda v: v > 1 and v == round(v) and v <= 11,
             "That looks like a count of articles. The question asks for a share: a fraction "
             "from 0 to 1."),
            (lambda v: v > 1, "Give a fraction from 0 to 1, not a percentage."),
            (lambda v: _near_share(v, "free_speech", "national_security", counts=True),
             "That divides the two frames' counts, as the explorer shows them. But an article "
             "can raise free speech without security: keep the national_security articles "
             "first, then take the mean of their free_speech column."),
            (lambda v: _near_share(v, "national_security", "free_speech"),
             "That is the other way round: the share of the free-speech articles that raise "
             "security. Keep the national_security articles, then average free_speech."),
            (lambda v: _near_share(v, "free_speech"),
             "That is the share of all the coded articles that raise free speech. Keep only "
             "the national_security articles first, then take the mean."),
            (lambda v: _near_share(v, "national_security"),
             "That is the share of all the articles that use national_security, which the "
             "lecture's chart shows. The question keeps only those articles and asks what "
             "share of them also raise free speech."),
            (lambda v: round(v, 2) == 1,
             "A share of 1 means every article you kept uses the frame you averaged. Check "
             "which column you filtered on and which you averaged."),
        ],
        wrong="Keep the articles whose national_security value is True, then take the mean "
              "of their free_speech column: the mean of a True/False column is the share of "
              "True values.",
        passed_message="Right. Security and speech are the two sides of the law's argument; "
                       "ask what it means for the coverage that they met in so few articles, "
                       "and whether eleven articles can tell you.",
    ),
    Question(
        id="q03_code_paragraph",
        lesson="03",
        expects=FrameList(),
        digests=["810f631f555b0b00435ed5024bd7e7471f64b7a49776ac6fc7bfc3052cf2199e"],
        hints=[
            (_only_missing, "Every frame you chose is in the paragraph, but not every frame "
                            "in it is in your list: test the clauses you have not coded yet "
                            "against each frame's inclusion rule."),
            (lambda value: not any(_in_paragraph(f) for f in value),
             "None of the frames you chose is one the codebook finds in this paragraph: "
             "read each frame's inclusion rule again, clause by clause."),
            (_only_extra, "Your list has every frame the paragraph carries, and at least one "
                          "more: check each frame against its exclusion rule, which rules out "
                          "a passing mention."),
        ],
        wrong="Some of your frames fit and some do not. Take the paragraph clause by clause "
              "and test each against each frame's inclusion and exclusion rules.",
        passed_message="Right: that is how the kit's authors coded it.",
    ),
)
