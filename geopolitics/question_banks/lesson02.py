"""Lesson 02's checked questions: freedom indices and the keyword-filter playground.

Question 5 has no single answer: any filter that meets the stated targets on the synthetic
corpus passes, so it is checked by running the filter, not against a digest.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from geopolitics.answers import Choice, Expectation, Number, WholeNumber, WrongKind
from geopolitics.checks import Question, register

if TYPE_CHECKING:
    import pandas as pd

    from geopolitics.models.censorship import Evaluation

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
        return (f"Your filter catches {100 * caught:.1f}% of target posts; the target is "
                f"{100 * TARGET_CAUGHT:.0f}%. Look at examples_missed: which spellings and "
                "evasions slip through, and would normalised matching help?")
    if over > LIMIT_OVER_BLOCKED:
        return (f"Your filter blocks {100 * over:.1f}% of benign posts; the limit is "
                f"{100 * LIMIT_OVER_BLOCKED:.1f}%. Look at examples_over_blocked: which keyword "
                "matches innocent posts, and could a group (word + word) be narrower?")
    return None


# --- the slips the hints recognise, read from the data (never written here) ----------------
# The questions ask about a case the lecture does not work (issue 19): how many places lay
# between China and the United States in RSF's 2024 ranking (the lecture's explorer labels
# every rank, so a single rank would be read, not worked), the United States' RSF score from
# 2024 to 2025, the starter list in "exact_word" mode.
# Hints recognise the lecture's own figures and the other rows and modes a student may use.

GAP_YEAR = 2024  # q02_rank_gap_2024: China's rank minus the United States' rank
LECTURE_RANK_YEARS = (2019, 2025)  # the United States' ranks the lecture reads
CHANGE_COUNTRY, CHANGE_FROM, CHANGE_TO = "United States", 2024, 2025  # q02_rsf_change


def _near(value: float, target: float, within: float = 0.05) -> bool:
    return abs(value - target) < within


@cache
def _rsf() -> pd.DataFrame:
    from geopolitics.data import load

    press = load("press_freedom")
    return press[press["index"] == "world_press_freedom"]


@cache
def _ranks_by_year(country: str) -> tuple[tuple[int, int], ...]:
    rows = _rsf()[_rsf()["country"] == country]
    return tuple((int(y), int(r)) for y, r in zip(rows["year"], rows["rank"], strict=True))


def _ranks(country: str, keep: Callable[[int], bool] = lambda year: True) -> set[int]:
    return {rank for year, rank in _ranks_by_year(country) if keep(year)}


def _rank_gaps(keep: Callable[[int], bool]) -> set[int]:
    """China's rank minus the United States' rank, in the editions ``keep`` accepts."""
    us = dict(_ranks_by_year("United States"))
    return {rank - us[year] for year, rank in _ranks_by_year("China")
            if year in us and keep(year)}


def _score_gap(value: float) -> bool:
    """The gap between the two countries' RSF scores in the asked edition, in points."""
    rsf = _rsf()
    scores = rsf[rsf["year"] == GAP_YEAR].set_index("country")["score"]
    return abs(abs(value) - abs(scores["United States"] - scores["China"])) < 1


@cache
def _score_changes() -> dict[tuple[str, int, int], float]:
    """Every later-minus-earlier change in RSF score, by country and pair of editions."""
    found = {}
    for country, rows in _rsf()[_rsf()["score"].notna()].groupby("country"):
        score = rows.set_index("year")["score"]
        for early in score.index:
            for late in score.index[score.index > early]:
                found[(str(country), int(early), int(late))] = float(score[late] - score[early])
    return found


def _other_change(value: float, same_country: bool) -> bool:
    """The size of the change for another pair of editions (same country) or the other
    country (any pair)."""
    return any(_near(abs(value), abs(change))
               for (country, early, late), change in _score_changes().items()
               if (country == CHANGE_COUNTRY) == same_country
               and (country, early, late) != (CHANGE_COUNTRY, CHANGE_FROM, CHANGE_TO))


def _relative_change(value: float) -> bool:
    """The asked change as a share (or percentage) of the earlier score."""
    change = _score_changes()[(CHANGE_COUNTRY, CHANGE_FROM, CHANGE_TO)]
    rsf = _rsf()
    before = rsf[(rsf["country"] == CHANGE_COUNTRY) & (rsf["year"] == CHANGE_FROM)]
    share = abs(change / float(before["score"].item()))
    return _near(abs(value), share, 0.002) or _near(abs(value), 100 * share)


@cache
def _starter(mode: str, language: str | None = None) -> Evaluation:
    from geopolitics.data import load
    from geopolitics.models.censorship import DEFAULT_KEYWORDS, Filter, evaluate

    posts = load("synthetic_posts")
    if language is not None:
        posts = posts[posts["language"] == language]
    return evaluate(Filter(DEFAULT_KEYWORDS, mode=mode), posts)


def _rate_in(mode: str, value: float, language: str | None = None) -> bool:
    """The starter list's over-block rate in a mode, over all posts or one language's, as a
    fraction or a percentage."""
    rate = _starter(mode, language).over_block_rate
    return _near(value, rate, 0.005) or _near(value, 100 * rate, 0.5)


def _share_of(value: float, part: str, whole: str) -> bool:
    """One count of the asked evaluation (Chinese posts, "exact_word") divided by another
    (a wrong share)."""
    result = _starter("exact_word", "zh")
    return _near(value, getattr(result, part) / getattr(result, whole), 0.006)


register(
    Question(
        id="q02_rank_gap_2024",
        lesson="02",
        expects=WholeNumber(unit="places"),
        digests=["e56cdaaf1ee3c803b7647313f0a2ab26f284ad2eb2863ff46c1483855c66a518"],
        hints=[
            (lambda v: v < 0, "A count of places below is not negative: which of the two ranks "
                              "is the larger number, the one further from first place?"),
            (lambda v: v in _ranks("China") | _ranks("United States"), "That is one country's "
             "rank. The question asks how many places lie between the two countries: take "
             "both ranks and subtract one from the other."),
            (lambda v: v == 180, "That is how many countries RSF ranks (the 'rank_out_of' "
                                 "column): the question asks about the 'rank' column."),
            (lambda v: v in {abs(a - b) for a in _ranks("United States", lambda y: y in
                                                         LECTURE_RANK_YEARS)
                             for b in _ranks("United States", lambda y: y in LECTURE_RANK_YEARS)}
             - {0},
             "That is how far the United States slipped between the editions the lecture "
             "reads: that is the lecture's case. The question compares two countries in one "
             "edition."),
            (lambda v: v in _rank_gaps(lambda y: y != GAP_YEAR), "That is the gap between the "
             "two countries in another edition: check the year in your filter."),
            (_score_gap, "That looks like the gap between the two countries' scores: the "
                         "question asks about places in the ranking, the 'rank' column."),
        ],
        wrong="Keep the world_press_freedom rows of the edition asked; take China's rank and "
              "the United States' rank (`.item()` takes each out), and subtract the smaller "
              "from the larger.",
        passed_message="Right: near opposite ends of the ranking. A gap in places says "
                       "nothing about the gap in scores, and both ranks move when other "
                       "countries change.",
    ),
    Question(
        id="q02_rsf_change",
        lesson="02",
        expects=Number(decimals=1, unit="points"),
        digests=["179a9a62744f6011d878d755fdaecd1b9187dff47627d51714f2e5db7b62bd33"],
        hints=[
            (lambda v: abs(v) > 100, "A change on a scale of 0 to 100 cannot be larger than "
                                     "100 points: did you multiply by 100?"),
            (lambda v: v > 50, "That is a score, not a change between two scores."),
            (lambda v: _near(abs(v), 3), "That is the change in the United States' Freedom on "
             "the Net score, the lecture's case. The question asks about RSF's World Press "
             "Freedom Index: check the index in your filter."),
            (lambda v: abs(v) == 2, "That looks like the change in rank, or a change worked "
                                    "from rounded scores (such as a chart's labels): subtract "
                                    "the unrounded values of the 'score' column."),
            (lambda v: _other_change(v, same_country=True), "That is the change between "
             "two other editions: use the two years the question names."),
            (lambda v: _other_change(v, same_country=False), "That is a change in China's "
             "score: check the country in your filter."),
            (_relative_change, "That looks like a relative change (a percentage or fraction "
                               "of the earlier score); the question asks for the difference "
                               "in points."),
            (lambda v: _near(v, 0), "No change at all is what Freedom on the Net shows for "
                                    "some pairs of years; the question asks about RSF's score."),
            (lambda v: v > 0, "A positive change would mean the score rose. Subtract the "
                              "earlier year's score from the later year's."),
        ],
        wrong="Use the world_press_freedom rows for the United States: the later year's "
              "score minus the earlier year's.",
        passed_message="Right: a small fall in score. The rank fell between the same two "
                       "editions, but ranks also move when other countries change, so read "
                       "scores and ranks separately.",
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
        id="q02_over_block",  # the case: Chinese posts, "exact_word" mode (issue 19)
        lesson="02",
        expects=Number(decimals=2, unit="fraction"),
        digests=["f46672af7472f441ffbf9a7d09f246bdbb1df7900667de8fd3c60e07d923ff1e"],
        hints=[
            (lambda v: v == _starter("exact_word", "zh").over_blocked, "That is the number of "
             "benign posts blocked; the question asks for their share of the benign posts, a "
             "fraction from 0 to 1."),
            (lambda v: _rate_in("exact_word", v), "That is the rate over all the benign posts, "
             "English and Chinese; the playground shows it too. Keep only the Chinese-language "
             "posts (`language` is \"zh\") before you evaluate."),
            (lambda v: _rate_in("exact_word", v, "en"), "That is the English-language posts: "
             "the question asks about the Chinese ones (`language` is \"zh\")."),
            (lambda v: _rate_in("substring", v), "That is the starter list in \"substring\" "
             "mode over all the posts, the lecture's case. Keep the Chinese posts and use "
             "\"exact_word\" mode."),
            (lambda v: _rate_in("normalised", v, "zh"), "That is \"normalised\" mode; the "
             "question asks about \"exact_word\" mode."),
            (lambda v: v > 1 and v == int(v), "That looks like a number of posts; the question "
             "asks for a share of the benign posts, a fraction from 0 to 1."),
            (lambda v: v > 1, "Give a fraction from 0 to 1, not a percentage."),
            (lambda v: v < 0, "A share of posts cannot be negative."),
            (lambda v: 0 < v < 0.01, "That is very small: over_block_rate is already a "
                                     "fraction from 0 to 1, so there is nothing to divide "
                                     "by 100."),
            (lambda v: _share_of(v, "n_caught", "n_target"), "That is the share of *target* "
             "posts caught. The question asks about benign posts."),
            (lambda v: _share_of(v, "n_blocked", "n_posts"), "That is the share of *all* posts "
             "blocked; the question asks about benign posts only."),
            (lambda v: _share_of(v, "over_blocked", "n_posts"), "You divided by all the posts; "
             "the question asks for a share of the benign posts only."),
            (lambda v: _share_of(v, "n_caught", "n_blocked"), "That is the share of blocked "
             "posts that were targets (the precision); the question asks about benign posts."),
            (lambda v: v > 0.85, "That looks like the share of benign posts let through; the "
                                 "question asks for the share blocked by mistake."),
        ],
        wrong="Keep the posts whose language is \"zh\", make a Filter of the starter list with "
              "mode=\"exact_word\", evaluate it on those posts and read over_block_rate.",
        passed_message="Right: for the Chinese posts whole-word matching blocks exactly as "
                       "many benign posts as substring matching, because there are no spaces "
                       "to mark where a word ends. Compare the English posts, where it helps: "
                       "a filter's errors depend on the language it reads.",
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
        expects=Choice(options=["a", "b", "c", "d"]),
        digests=["806b287d4663eca23d6d58083de177e0ffd2381b5e263247c0c5f4e4316f9783"],
        hints=[
            (lambda v: v == "a", "That expects a change in how letters look to beat the "
             "filter. Full-width letters are the same letters in another width, and "
             "normalising folds them back (Unicode NFKC) before it matches: test the post "
             "with `normalised.why(...)` rather than judging by its look."),
            (lambda v: v == "b", "That expects another script to escape a list written in "
             "simplified characters without checking the normaliser's own rules: "
             "censorship.EQUIVALENTS lists the spellings the normalised mode rewrites."),
            (lambda v: v == "d", "That expects what hides a word from the eye to hide it from "
             "the filter. Normalising deletes spaces, punctuation and invisible characters "
             "before it matches, as it closes up \"t.a.n.k\"."),
        ],
        wrong="Test each post with `normalised.why(post)`: the keyword that blocks it, or "
              "None if it passes.",
        passed_message="Right: a normaliser undoes only the disguises someone has told it "
                       "about. A new stand-in needs a new rule, and users can invent one "
                       "faster than a list grows.",
    ),
)
