"""Keyword censorship as code: what a blocklist catches, what it misses, what it wrongly removes.

When US users moved to Xiaohongshu (RedNote) in January 2025, many met Chinese content rules
for the first time: posts about the "Tank Man" photo were flagged within minutes, and Chinese
users steered newcomers away from politics. Citizen Lab's research on Chinese apps shows how
much of such censorship rests on keyword lists: thousands of single keywords, *combinations*
of keywords that block only when they appear together, and different lists for accounts
registered inside and outside China (WeChat, "One App, Two Systems", 2016). Users answer with
well-documented evasions: spaces or dots inside a word, sound-alikes such as 河蟹 ("river
crab") for 和谐 ("harmony"), "May 35th" for 4 June, pinyin, and wordplay.

This module is a small, transparent censor for a lesson to take apart. A :class:`Filter` is a
keyword list, a way of matching, and optional combinations; :func:`evaluate` runs it over
labelled posts (the kit's synthetic corpus, :func:`load_posts`) and reports what a censor
would look at (how much was caught) next to what a critic would look at (how much innocent
speech was removed, and which evasions still get through).

**It is a teaching model, not a reconstruction of any real system.** Real platforms also use
image matching, machine-learning classifiers, human reviewers, account history and rules that
change by the day; none of that is modelled here.

Choices made so that results are predictable:

- **Keywords are literal text.** ``.``, ``*``, ``(`` or ``|`` in a keyword mean those
  characters, never a regular expression; emoji, CJK and mixed scripts are fine. Surrounding
  spaces, empty keywords and repeats are dropped, so a list edited by hand still works.
- **Three modes.** ``"substring"``: the keyword anywhere in the post, ignoring case.
  ``"exact_word"``: the keyword as a whole word, ignoring case, so "tank" does not match
  "fish tanks"; a boundary is required only at an end of the keyword that is a letter or digit
  of a script written with spaces. Chinese, Japanese, Thai and a few other scripts are written
  without spaces between words, so a CJK keyword has no boundaries to find and
  ``"exact_word"`` falls back to substring matching for it. ``"normalised"``: substring
  matching after both the post and the keywords are put through :func:`normalise`.
- **Normalising** applies Unicode NFKC (full-width ｔａｎｋ becomes tank), folds case, deletes
  spaces, punctuation and invisible characters (so "六 四" and "t.a.n.k m.a.n" close up), then
  rewrites the few spellings in :data:`EQUIVALENTS` to one canonical form (liusi and
  五月三十五日 become 六四). Deleting every space is deliberately blunt: it also joins words
  that only happen to meet ("think tank manager" contains "tankman"), which is part of what a
  lesson can measure. The table is small on purpose: a normaliser only knows the evasions
  someone has told it about.
- **Combinations** block only when every keyword of the group is found, in the filter's mode.
- **Which rule matched.** :meth:`Filter.why` names the single keyword found first, reading the
  post from the start (the longer keyword wins when two start at the same place); only when no
  single keyword matches are combinations tried, in the order given, shown as "a + b".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from geopolitics.models.filter_evaluation import (
    EVASIONS,
    LABELS,
    Evaluation,
    load_posts,
    measure,
    posts_frame,
)
from geopolitics.models.filter_inputs import FilterInputError, combination_groups, keyword_list
from geopolitics.models.messages import describe as _describe
from geopolitics.text import squeezed_post

__all__ = [
    "DEFAULT_KEYWORDS",
    "EQUIVALENTS",
    "EVASIONS",
    "LABELS",
    "MODES",
    "Evaluation",
    "Filter",
    "FilterInputError",
    "evaluate",
    "load_posts",
    "normalise",
]


Mode = Literal["exact_word", "substring", "normalised"]
MODES: tuple[Mode, ...] = ("exact_word", "substring", "normalised")
"""The ways a :class:`Filter` can match a keyword against a post."""

DEFAULT_KEYWORDS: tuple[str, ...] = ("六四", "tank man", "protest", "维尼")
"""A starter blocklist for a lesson to extend: ``Filter([*DEFAULT_KEYWORDS, "抗议"])``.

A tuple, so that editing a copy in one cell cannot change the starter list in another.
"""

EQUIVALENTS: Mapping[str, str] = MappingProxyType({
    # Sound-alikes and stand-ins (the "homophone" evasions of the corpus).
    "河蟹": "和谐",  # "river crab" sounds like "harmony", the official word used for censorship
    "五月三十五日": "六四",  # "May 35th": 31 days of May, then four more, is 4 June
    "5月35日": "六四",
    "May 35th": "六四",
    "8平方": "六四",  # "8 squared" = 64
    # Pinyin, the Latin spelling of Chinese.
    "liusi": "六四",
    "hexie": "和谐",
    "weini": "维尼",
    "kangyi": "抗议",
    # A traditional-character spelling of the nickname.
    "維尼": "维尼",
})
"""The spellings the ``"normalised"`` mode rewrites, each to its canonical form.

Keys are matched after spaces and punctuation are removed and case is folded, so "May 35th"
also catches "may 35th" and "MAY-35TH". Read-only: a lesson that wants another equivalence
adds the canonical keyword's variant to its own keyword list instead.
"""


# --- normalising text ------------------------------------------------------------------------

_EQUIVALENT_LOOKUP: dict[str, str] = {
    squeezed_post(variant): squeezed_post(canonical) for variant, canonical in EQUIVALENTS.items()
}
_EQUIVALENT_PATTERN = re.compile(
    "|".join(re.escape(v) for v in sorted(_EQUIVALENT_LOOKUP, key=len, reverse=True))
)


def normalise(text: str) -> str:
    """What the ``"normalised"`` mode sees: a post with its spelling tricks undone.

    >>> normalise("T.a.n.k  M.a.n")
    'tankman'
    >>> normalise("今天是五月三十五日")
    '今天是六四'

    A rewritten spelling is replaced whole, so a keyword that is only part of one ("liu")
    no longer matches inside it ("liusi" has become 六四).
    """
    if not isinstance(text, str):
        raise FilterInputError(f"normalise() needs text, e.g. normalise('六 四'); you gave "
                               f"{_describe(text)}.")
    return _EQUIVALENT_PATTERN.sub(lambda m: _EQUIVALENT_LOOKUP[m.group()], squeezed_post(text))


# --- preparing a post for each mode ------------------------------------------------------------

# Scripts written without spaces between words: Han (with its radicals, symbols and
# extensions), kana, bopomofo, Thai, Lao, Myanmar and Khmer. No word boundary can be found in them.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029"
    "\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
# A letter or digit of a script written with spaces; a run of them is a "word" for exact_word.
_SPACED_WORD_CHAR = f"[^\\W_{_UNSPACED}]"
_WORD_STARTS = re.compile(f"(?<!{_SPACED_WORD_CHAR})(?={_SPACED_WORD_CHAR})")
_WORD_ENDS = re.compile(f"(?<={_SPACED_WORD_CHAR})(?!{_SPACED_WORD_CHAR})")
_START, _END = "\x02", "\x03"  # invisible markers; removed from any text before marking
_NO_MARKERS = str.maketrans("", "", _START + _END)


def _casefolded(text: str) -> str:
    return text.casefold()


def _words_marked(text: str) -> str:
    """The post case folded, with every word of a spaced script wrapped in markers.

    "Fish tanks!" becomes "⟨fish⟩ ⟨tanks⟩!" (with invisible markers), and the keyword "tank"
    becomes "⟨tank⟩", which is not in it: a whole-word test done with plain substring search,
    so that one fast search serves thousands of keywords. Chinese has no spaces, so a CJK
    keyword gets no markers and exact_word matches it as a substring.
    """
    plain = text.casefold().translate(_NO_MARKERS)
    # Two passes with a fixed replacement run entirely inside the regular expression engine.
    return _WORD_ENDS.sub(_END, _WORD_STARTS.sub(_START, plain))


def _alternation(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One search for many literal keywords; at any place, the longest keyword found wins.

    Keywords are grouped by their first two characters, so the engine compares a post with a
    few dozen groups rather than with every keyword in turn: a blocklist of thousands stays
    fast. Longer prefixes are tried first, and within a group longer keywords first.
    """
    groups: dict[str, list[str]] = {}
    for form in sorted(set(forms), key=len, reverse=True):
        groups.setdefault(form[:2], []).append(re.escape(form[2:]))
    if not groups:
        return None
    ordered = sorted(groups, key=len, reverse=True)
    return re.compile("|".join(f"{re.escape(key)}(?:{'|'.join(groups[key])})" for key in ordered))


_PREPARE = {"exact_word": _words_marked, "substring": _casefolded, "normalised": normalise}
_MODE_WORDS = {
    "exact_word": "whole-word match",
    "substring": "substring match",
    "normalised": "substring match after normalising",
}


# --- checking inputs ---------------------------------------------------------------------------

def _mode(value: Any) -> Mode:
    if isinstance(value, str) and value.strip().lower() in _MODE_NAMES:
        return _MODE_NAMES[value.strip().lower()]
    shown = ", ".join(f"'{m}'" for m in MODES[:-1]) + f" or '{MODES[-1]}'"
    close = difflib.get_close_matches(value, MODES, n=1) if isinstance(value, str) else []
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise FilterInputError(f"mode must be {shown}; you gave {_describe(value)}.{hint}")


_MODE_NAMES: dict[str, Mode] = {
    **{mode: mode for mode in MODES},
    "normalized": "normalised",  # the American spelling names the same mode
}


# --- the filter ----------------------------------------------------------------------------------

class Filter:
    """A censor's rule set: keywords, how they are matched, and combinations of keywords.

    ``Filter(["六四", "tank man"], mode="normalised", combinations=[["tank", "photo"]])``
    blocks a post that contains 六四 or "tank man" in any spelling the normaliser knows, or
    both "tank" and "photo". An empty keyword list is allowed: it blocks nothing, which is the
    baseline every other filter is compared with.
    """

    __slots__ = ("_combination_parts", "_combinations", "_ignored", "_keywords", "_mode",
                 "_prepare", "_single", "_single_names")

    def __init__(
        self,
        keywords: Iterable[str],
        mode: str = "substring",
        combinations: Iterable[Iterable[str]] = (),
    ) -> None:
        self._mode: Mode = _mode(mode)
        self._keywords = keyword_list(keywords, "keywords", "['六四', 'tank man']")
        self._combinations = combination_groups(combinations)
        self._prepare = _PREPARE[self._mode]
        ignored: list[str] = []

        # One compiled search for all single keywords; longer forms first, so that at a given
        # place "tank man" is reported rather than "tank".
        self._single_names: dict[str, str] = {}
        for keyword in self._keywords:
            form = self._prepare(keyword)
            if not form:
                ignored.append(keyword)
            else:
                self._single_names.setdefault(form, keyword)
        self._single = _alternation(self._single_names)

        # A combination keeps its keywords as prepared text; it blocks when all are found.
        self._combination_parts: list[tuple[str, tuple[str, ...]]] = []
        for group in self._combinations:
            parts = [self._prepare(keyword) for keyword in group]
            if not all(parts):
                ignored.append(" + ".join(group))
                continue
            self._combination_parts.append((" + ".join(group), tuple(dict.fromkeys(parts))))
        self._ignored = tuple(ignored)

    # -- what it is

    @property
    def keywords(self) -> tuple[str, ...]:
        """The keywords as the filter uses them: stripped, without empties or repeats."""
        return self._keywords

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def combinations(self) -> tuple[tuple[str, ...], ...]:
        return self._combinations

    @property
    def ignored(self) -> tuple[str, ...]:
        """Keywords or combinations that can never match in this mode.

        Normalising deletes spaces and punctuation, so a keyword made only of them ("...")
        is left with nothing to look for; it is ignored rather than allowed to match every
        post.
        """
        return self._ignored

    @property
    def is_empty(self) -> bool:
        """True when the filter has nothing it could match, so it blocks no post."""
        return self._single is None and not self._combination_parts

    def describe(self) -> str:
        """One line saying what the filter does, for a lesson's output."""
        words = _MODE_WORDS[self._mode]
        count = len(self._keywords)
        listed = ", ".join(self._keywords[:8]) + (", …" if count > 8 else "")
        text = f"{words} on {count} keyword{'' if count == 1 else 's'}"
        text += f" ({listed})" if count else ""
        if self._combinations:
            shown = "; ".join(" + ".join(group) for group in self._combinations[:4])
            more = "; …" if len(self._combinations) > 4 else ""
            text += f" and {len(self._combinations)} combination"
            text += f"{'' if len(self._combinations) == 1 else 's'} ({shown}{more})"
        return text

    def __repr__(self) -> str:
        extra = f", combinations={[list(g) for g in self._combinations]!r}" if (
            self._combinations) else ""
        return f"Filter({list(self._keywords)!r}, mode={self._mode!r}{extra})"

    # -- what it does

    def why(self, text: str) -> str | None:
        """The keyword (or "a + b" combination) that blocks this post, or None if it passes."""
        if not isinstance(text, str):
            raise FilterInputError(f"a post must be text, e.g. f.why('六四 ...'); you gave "
                                   f"{_describe(text)}.")
        return self._reason(self._prepare(text))

    def blocks(self, text: str) -> bool:
        """Would this filter remove a post with this text?"""
        return self.why(text) is not None

    def _reason(self, prepared: str) -> str | None:
        if self._single is not None:
            found = self._single.search(prepared)
            if found:
                return self._single_names[found.group()]
        for name, parts in self._combination_parts:
            if all(part in prepared for part in parts):
                return name
        return None

    def _reasons(self, texts: Iterable[str]) -> list[str | None]:
        prepare, reason = self._prepare, self._reason
        return [reason(prepare(text)) for text in texts]


# --- evaluating a filter on labelled posts (measured in filter_evaluation) ------------------

def evaluate(filter: Filter, posts: pd.DataFrame) -> Evaluation:
    """Run a filter over labelled posts and measure it from both sides.

    The censor asks how many target posts were caught (``caught``, i.e. recall) and how many
    slipped through (``missed``); a critic asks how much innocent speech went with them
    (``over_blocked``, ``over_block_rate``) and how many removals were justified at all
    (``precision``). ``posts`` needs a ``text`` and a ``label`` column (``target`` or
    ``benign``); ``id``, ``language`` and ``evasion`` are shown in examples when present.
    """
    if not isinstance(filter, Filter):
        raise FilterInputError(
            "evaluate() needs a Filter first and the posts second, e.g. "
            f"evaluate(Filter(DEFAULT_KEYWORDS), load_posts()); you gave {_describe(filter)}.")
    frame = posts_frame(posts)
    return measure(filter, frame, filter._reasons(frame["text"]))
