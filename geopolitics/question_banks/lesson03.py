"""Lesson 03's checked questions: soft-power indices, Pew's survey and framing."""

from __future__ import annotations

from typing import Any

from geopolitics.answers import Choice, Expectation, Number, WholeNumber, WrongKind
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


register(
    Question(
        id="q03_first_ahead",
        lesson="03",
        expects=WholeNumber(),
        digests=["da36f8dc8cd31c43e830695e3bb88769f18e5fe3941ba6e8fdbbd747e9761557"],
        hints=[
            (lambda v: v < 2019, "That year is before any edition in the table."),
            (lambda v: v > 2026, "That year is after the last edition in the table."),
        ],
        wrong="Compare the two ranks edition by edition: a smaller rank is a better one.",
        passed_message="Right: the first edition in which China ranked above the UK.",
    ),
    Question(
        id="q03_unfav_change",
        lesson="03",
        expects=Number(decimals=0, unit="percentage points"),
        digests=["1b2cbc21dc8665c60ba1dc3658eb0428d7a7c62d4c29e09173fe93630a5ffe49"],
        hints=[
            (lambda v: v > 0, "A positive change means the share rose; subtract 2024 from "
                              "2025."),
            (lambda v: v < -30, "That looks like a share, not a change between two years."),
        ],
        wrong="Use the online-panel rows for 'unfavourable': 2025 minus 2024.",
        passed_message="Right: Pew called it the first significant fall in five years.",
    ),
    Question(
        id="q03_peak_year",
        lesson="03",
        expects=WholeNumber(),
        digests=["d4dcea822bf67eec5fbd4a453e6a71d13f23b407988226f099f1066f6ac4eb12"],
        hints=[(lambda v: v == 2020, "Check that you kept only the online-panel rows: the "
                                     "2020 telephone survey is a different series.")],
        wrong="Keep the online-panel 'unfavourable' rows and find the year of the largest "
              "percent.",
        passed_message="Right.",
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
        id="q03_exchange_share",
        lesson="03",
        expects=Number(decimals=2, unit="fraction"),
        digests=["712aff1589f78d357fb6a9397d1980d95382b584108a165698f6830f291c457a"],
        hints=[(lambda v: v > 1, "Give a fraction from 0 to 1, not a percentage or a count.")],
        wrong="The mean of a True/False column is the share of True values.",
        passed_message="Right.",
    ),
    Question(
        id="q03_code_paragraph",
        lesson="03",
        expects=FrameList(),
        digests=["810f631f555b0b00435ed5024bd7e7471f64b7a49776ac6fc7bfc3052cf2199e"],
        wrong="Not every frame matches the codebook. Take the paragraph clause by clause and "
              "test each against each frame's inclusion and exclusion rules.",
        passed_message="Right: that is how the kit's authors coded it.",
    ),
)
