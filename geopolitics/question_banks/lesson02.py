"""Lesson 02's checked questions: freedom indices and the keyword-filter playground.

Question 5 has no single answer: any filter that meets the stated targets on the synthetic
corpus passes, so it is checked by running the filter, not against a digest.
"""

from __future__ import annotations

from typing import Any

from geopolitics.answers import Choice, Expectation, Number, WholeNumber, WrongKind
from geopolitics.checks import Question, register

TARGET_CAUGHT = 0.40
LIMIT_OVER_BLOCKED = 0.10


class FilterAnswer(Expectation):
    """A ``censorship.Filter`` object."""

    noun = "a censorship.Filter"

    def read(self, answer: Any) -> Any:
        from geopolitics.models.censorship import Filter

        if not isinstance(answer, Filter):
            raise WrongKind("Expected a filter made with censorship.Filter([...], mode=...), "
                            f"but you gave {type(answer).__name__}.")
        return answer

    def forms(self, value: Any) -> list[str]:
        return []

    def to_plain(self, value: Any) -> dict[str, Any]:
        return {"keywords": list(value.keywords), "mode": str(value.mode),
                "combinations": [list(group) for group in value.combinations]}

    def from_plain(self, data: Any) -> Any:
        from geopolitics.models.censorship import Filter

        words = [data.get(k) if isinstance(data, dict) else None
                 for k in ("keywords", "mode", "combinations")]
        keywords, mode, groups = words
        texts = [*(keywords or []), *(w for g in groups or [] if isinstance(g, list) for w in g)]
        if (not isinstance(keywords, list) or not isinstance(mode, str)
                or not isinstance(groups, list) or len(texts) > 1_000
                or not all(isinstance(g, list) for g in groups)
                or not all(isinstance(t, str) and len(t) <= 200 for t in texts)):
            raise WrongKind("This is not a filter the checker wrote.")
        try:
            return self.read(Filter(keywords, mode=mode, combinations=groups))
        except Exception as exc:  # whatever Filter refuses, this is not one it wrote
            raise WrongKind(f"This is not a filter the checker wrote ({exc}).") from None


def _meets_targets(chosen: Any) -> str | None:
    from geopolitics.data import load
    from geopolitics.models.censorship import evaluate

    result = evaluate(chosen, load("synthetic_posts"))
    caught, over = result.caught or 0.0, result.over_block_rate or 0.0
    if caught < TARGET_CAUGHT:
        return (f"Your filter catches {100 * caught:.0f}% of target posts; the target is "
                f"{100 * TARGET_CAUGHT:.0f}%. Look at examples_missed: which spellings and "
                "evasions slip through, and would normalised matching help?")
    if over > LIMIT_OVER_BLOCKED:
        return (f"Your filter blocks {100 * over:.0f}% of benign posts; the limit is "
                f"{100 * LIMIT_OVER_BLOCKED:.0f}%. Look at examples_over_blocked: which keyword "
                "matches innocent posts, and could a group (word + word) be narrower?")
    return None


register(
    Question(
        id="q02_us_rank_2025",
        lesson="02",
        expects=WholeNumber(),
        digests=["8ade93b0413d1d01ee6fb2e8c3fc55d3a521d6825727aca5532c370bf8115e5b"],
        hints=[
            (lambda v: v in (178, 172, 179, 175, 177), "That is China's rank in one of the "
             "years: check the country filter."),
            (lambda v: v < 10, "That looks like a row number, not a rank: take the value of "
                               "the 'rank' column."),
        ],
        wrong="Filter to the world_press_freedom index, United States, 2025, and read 'rank'.",
        passed_message="Right: 57th of 180, down from 48th in 2019.",
    ),
    Question(
        id="q02_fotn_change",
        lesson="02",
        expects=Number(decimals=0, unit="points"),
        digests=["d70df16f8753667e4e3288682ee3a1c7034fcdadc76a60146224ee6b473c13b1"],
        hints=[
            (lambda v: v > 0, "A positive change would mean the score rose. Subtract the 2024 "
                              "score from the 2025 score."),
            (lambda v: v < -50, "That is a score, not a change between two scores."),
        ],
        wrong="Use the freedom_on_the_net rows for the United States: 2025 minus 2024.",
        passed_message="Right: a fall of three points, which Freedom House's 2025 report "
                       "links partly to the TikTok ruling and pressure on online speech.",
    ),
    Question(
        id="q02_method_break",
        lesson="02",
        expects=Choice(options=["a", "b", "c", "d"]),
        digests=["941b4bc217b471016716d507cc03fabddb3abc987590b465ddab68caf8a1ff79"],
        hints=[
            (lambda v: v == "a", "Ranks are comparable across the change: only scores moved "
                                 "to a new scale."),
            (lambda v: v == "b", "Both scores are from 2022 or later, on the same method."),
            (lambda v: v == "d", "That is Freedom House's index, which did not change method "
                                 "in 2022."),
        ],
        passed_message="Right: a pre-2022 score and a later one are on different scales.",
    ),
    Question(
        id="q02_over_block",
        lesson="02",
        expects=Number(decimals=2, unit="fraction"),
        digests=["2a1d9881d5778e166db08303a18f2c2e87d8af032cd95eaa61d980f60fcd6390"],
        hints=[
            (lambda v: v > 1, "Give a fraction from 0 to 1, not a percentage."),
            (lambda v: 0.15 < v < 0.25, "That looks like the share of *target* posts caught. "
                                        "The question asks about benign posts."),
            (lambda v: 0.1 < v < 0.16 and abs(v - 0.142) < 0.01, "That is the share of *all* "
             "posts blocked; the question asks about benign posts only."),
        ],
        wrong="Evaluate the starter list in substring mode and read over_block_rate.",
        passed_message="Right: about one benign post in ten is blocked by mistake.",
    ),
    Question(
        id="q02_better_filter",
        lesson="02",
        expects=FilterAnswer(),
        extra_check=_meets_targets,
        passed_message="Your filter meets both targets. Now look at what it still misses: "
                       "no keyword list catches wordplay.",
    ),
    Question(
        id="q02_least_caught",
        lesson="02",
        expects=Choice(options=["none", "spacing", "homophone", "pinyin", "wordplay"]),
        digests=["7da290e8d5514f480c0d1ca2c781b6b33c9d571db3aeb0c35d7fa99c3d5ef210"],
        hints=[
            (lambda v: v == "homophone", "That is the evasion caught *most* often: sort the "
                                         "other way."),
        ],
        wrong="Sort by_evasion() by caught_share, smallest first, and read the first row.",
        passed_message="Right: wordplay shares no keyword with any list, so only context can "
                       "reveal it.",
    ),
)
