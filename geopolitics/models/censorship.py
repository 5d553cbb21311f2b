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
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from geopolitics.data import load
from geopolitics.errors import KitError

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


class FilterInputError(KitError, ValueError):
    """A filter or a set of posts the censor cannot work with (an unknown mode, a number as a
    keyword, posts without a ``text`` column...).

    It is a ``ValueError``, because the value is wrong, and a ``KitError``, so a notebook shows
    the message as one sentence instead of a traceback.
    """


Mode = Literal["exact_word", "substring", "normalised"]
MODES: tuple[Mode, ...] = ("exact_word", "substring", "normalised")
"""The ways a :class:`Filter` can match a keyword against a post."""

LABELS: tuple[str, ...] = ("target", "benign")
"""A post's label: ``target`` if the censor's policy is aimed at it, ``benign`` otherwise."""

EVASIONS: tuple[str, ...] = ("none", "spacing", "homophone", "pinyin", "wordplay")
"""How a target post spells its topic, as coded in the synthetic corpus."""

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

_DELETED_CATEGORIES = frozenset({
    "Zs", "Zl", "Zp",  # spaces and line breaks
    "Cc", "Cf",  # control characters and invisible formatting (zero-width space, soft hyphen)
    "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",  # punctuation of every kind
})
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)


class _Squeeze(dict[int, int | None]):
    """A ``str.translate`` table that deletes spaces, punctuation and invisible characters.

    It fills itself in as characters are met, so no table of all of Unicode is built.
    """

    def __missing__(self, code: int) -> int | None:
        deleted = code in _VARIATION_SELECTORS or (
            unicodedata.category(chr(code)) in _DELETED_CATEGORIES)
        value = None if deleted else code
        self[code] = value
        return value


_SQUEEZE = _Squeeze()


def _fold(text: str) -> str:
    """Compatibility forms unified and case folded (NFKC_Casefold, in effect)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _squeezed(text: str) -> str:
    return _fold(text).translate(_SQUEEZE)


_EQUIVALENT_LOOKUP: dict[str, str] = {
    _squeezed(variant): _squeezed(canonical) for variant, canonical in EQUIVALENTS.items()
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
    return _EQUIVALENT_PATTERN.sub(lambda m: _EQUIVALENT_LOOKUP[m.group()], _squeezed(text))


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

def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {_short(value)!r}"
    if value is None:
        return "None"
    if isinstance(value, float) and value != value:
        return "NaN (a missing value)"
    return f"{_short(repr(value))} ({type(value).__name__})"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def _keyword_list(value: Any, what: str, example: str) -> tuple[str, ...]:
    """Keywords stripped of surrounding spaces, without empties or repeats, in their order."""
    if isinstance(value, str):
        raise FilterInputError(
            f"{what} must be a list of keywords, e.g. {example}; you gave one text "
            f"{_short(value)!r}. Put it in square brackets: [{_short(value)!r}].")
    try:
        items = list(value)
    except TypeError:
        raise FilterInputError(f"{what} must be a list of keywords, e.g. {example}; you gave "
                               f"{_describe(value)}.") from None
    cleaned: dict[str, None] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, str):
            raise FilterInputError(
                f"every keyword must be text in quotes, but item {position} of {what} is "
                f"{_describe(item)}. Write it as a string, e.g. '64' rather than 64.")
        if item.strip():
            cleaned[item.strip()] = None
    return tuple(cleaned)


def _combination_groups(value: Any) -> tuple[tuple[str, ...], ...]:
    example = "[['tank', 'photo']]"
    if value is None:
        return ()
    if isinstance(value, str):
        raise FilterInputError(
            f"combinations must be a list of keyword groups, e.g. {example}; you gave "
            f"{_describe(value)}.")
    try:
        raw_groups = list(value)
    except TypeError:
        raise FilterInputError(f"combinations must be a list of keyword groups, e.g. {example}; "
                               f"you gave {_describe(value)}.") from None
    groups = []
    for position, raw in enumerate(raw_groups, start=1):
        if isinstance(raw, str):
            raise FilterInputError(
                f"each combination must be a list of at least two keywords, but combination "
                f"{position} is the single text {_short(raw)!r}. Write groups inside a list, "
                f"e.g. {example}; a keyword that blocks on its own belongs in keywords.")
        group = _keyword_list(raw, f"combination {position}", "['tank', 'photo']")
        if len(group) < 2:
            raise FilterInputError(
                f"combination {position} has {len(group)} different keyword"
                f"{'' if len(group) == 1 else 's'} ({', '.join(map(repr, group)) or 'none'}); "
                "a combination blocks only when all of its keywords appear, so it needs at "
                "least two. A keyword that blocks on its own belongs in keywords.")
        groups.append(group)
    return tuple(dict.fromkeys(groups))


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
        self._keywords = _keyword_list(keywords, "keywords", "['六四', 'tank man']")
        self._combinations = _combination_groups(combinations)
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


# --- evaluating a filter on labelled posts -------------------------------------------------------

EXAMPLE_COLUMNS = ["id", "language", "text", "evasion", "why"]
_REQUIRED = ("text", "label")
_OPTIONAL = {"id": None, "language": "", "evasion": "unknown", "topic": ""}
_EXAMPLES_SHOWN = 5


def load_posts() -> pd.DataFrame:
    """The kit's synthetic posts (``data/synthetic_posts.csv``), typed and checked.

    Every post is invented by ``tools/make_synthetic_posts.py``, whose docstring is the
    codebook: which posts the fictional censor targets, and which evasion each one uses.
    """
    return load("synthetic_posts")


def _posts_frame(posts: Any) -> pd.DataFrame:
    """The columns evaluation needs, checked, with optional ones filled in."""
    if not isinstance(posts, pd.DataFrame):
        raise FilterInputError(
            f"posts must be a DataFrame with a text and a label column, e.g. load_posts(); you "
            f"gave {_describe(posts)}.")
    missing = [name for name in _REQUIRED if name not in posts.columns]
    if missing:
        names = " and ".join(f"'{m}'" for m in missing)
        raise FilterInputError(
            f"posts has no {names} column{'s' if len(missing) > 1 else ''}: evaluate() needs "
            "'text' (the post) and 'label' ('target' or 'benign'); 'id', 'language' and "
            f"'evasion' are used when present. Its columns are: "
            f"{', '.join(map(str, posts.columns)) or 'none'}.")
    frame = pd.DataFrame(index=range(len(posts)))
    for name, default in _OPTIONAL.items():
        if name in posts.columns:
            frame[name] = [default if _missing(v) else str(v) for v in posts[name].tolist()]
        elif name == "id":
            frame[name] = [str(i) for i in range(1, len(posts) + 1)]
        else:
            frame[name] = default
    frame["text"] = _texts(posts["text"], frame["id"])
    frame["label"] = _labels(posts["label"])
    return frame


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _texts(column: pd.Series, ids: pd.Series) -> list[str]:
    values = column.tolist()
    bad = [str(i) for i, v in zip(ids, values, strict=True) if not isinstance(v, str)]
    if bad:
        shown = ", ".join(bad[:5]) + (", …" if len(bad) > 5 else "")
        posts_have = "1 post (id {}) has" if len(bad) == 1 else f"{len(bad)} posts (ids {{}}) have"
        raise FilterInputError(
            f"every post's text must be text, but {posts_have.format(shown)} a missing value or "
            "a number instead. Drop or fix those rows, e.g. posts.dropna(subset=['text']).")
    return values


def _labels(column: pd.Series) -> list[str]:
    labels = [v.strip().lower() if isinstance(v, str) else v for v in column.tolist()]
    bad = sorted({repr(v) for v in labels if v not in LABELS})
    if bad:
        raise FilterInputError(
            f"every label must be 'target' or 'benign'; posts has {', '.join(bad[:5])}. The "
            "label says whether the censor's policy is aimed at the post.")
    return labels


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _variety(frame: pd.DataFrame, by: str, limit: int = _EXAMPLES_SHOWN) -> pd.DataFrame:
    """Up to ``limit`` rows, taking turns between the values of ``by`` so examples differ."""
    queues_by_key: dict[Any, list[Any]] = {}
    for position, key in enumerate(frame[by].tolist()):
        queues_by_key.setdefault(key, []).append(position)
    queues = list(queues_by_key.values())
    picked: list[int] = []
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return frame.iloc[picked][EXAMPLE_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Evaluation:
    """How one filter did on one set of labelled posts, from the censor's and a critic's side.

    Shares are fractions from 0 to 1, or None when there is nothing to divide by (no posts, no
    target posts, nothing blocked); ``notes`` then says why. ``results`` has one row per post.
    """

    filter: Filter
    n_posts: int
    n_target: int
    n_benign: int
    n_blocked: int
    n_caught: int
    blocked_share: float | None
    caught: float | None
    missed: int
    over_blocked: int
    over_block_rate: float | None
    precision: float | None
    examples_missed: pd.DataFrame
    examples_over_blocked: pd.DataFrame
    examples_caught: pd.DataFrame
    results: pd.DataFrame
    notes: tuple[str, ...]

    def by_evasion(self) -> pd.DataFrame:
        """The share of target posts caught, for each way of spelling the topic (tidy)."""
        targets = self.results[self.results["label"] == "target"]
        if targets.empty:
            return pd.DataFrame({"evasion": pd.Series(dtype=str),
                                 "n_target": pd.Series(dtype="int64"),
                                 "caught_share": pd.Series(dtype=float)})
        grouped = targets.groupby("evasion", sort=False)["blocked"].agg(["size", "mean"])
        order = sorted(grouped.index, key=lambda e: (
            EVASIONS.index(e) if e in EVASIONS else len(EVASIONS), e))
        grouped = grouped.loc[order]
        return pd.DataFrame({
            "evasion": [str(e) for e in grouped.index],
            "n_target": grouped["size"].astype("int64").to_numpy(),
            "caught_share": grouped["mean"].astype(float).to_numpy(),
        })

    def summary(self) -> list[str]:
        """The findings as sentences, for printing or for a lesson to quote."""
        lines = [f"Filter: {self.filter.describe()}."]
        if not self.n_posts:
            return [*lines, *self.notes]
        lines.append(f"{self.n_posts} posts ({self.n_target} target, {self.n_benign} benign); "
                     f"{self.n_blocked} blocked ({_pct(self.blocked_share)} of all posts).")
        if self.n_target:
            lines.append(f"Caught {self.n_caught} of {self.n_target} target posts "
                         f"({_pct(self.caught)}); {self.missed} slipped through.")
        if self.n_benign:
            lines.append(f"Over-blocked {self.over_blocked} of {self.n_benign} benign posts "
                         f"({_pct(self.over_block_rate)}).")
        if self.precision is not None:
            lines.append(f"Precision: {_pct(self.precision)} of blocked posts were targets.")
        return [*lines, *self.notes]

    def __str__(self) -> str:
        lines = self.summary()
        table = self.by_evasion()
        if not table.empty:
            parts = [f"{row.evasion} {_pct(row.caught_share)} of {row.n_target}"
                     for row in table.itertuples()]
            lines.append("Caught by evasion: " + "; ".join(parts) + ".")
        for title, frame in self._example_sets():
            if not frame.empty:
                lines.append(f"{title}:")
                lines += [f"  - [{row.id}] {row.text}" + (f"  ({row.why})" if row.why else "")
                          for row in frame.itertuples()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Evaluation of {self.filter!r} on {self.n_posts} posts>"

    def _example_sets(self) -> list[tuple[str, pd.DataFrame]]:
        return [("Missed (target posts that got through)", self.examples_missed),
                ("Over-blocked (benign posts removed)", self.examples_over_blocked),
                ("Caught (target posts removed)", self.examples_caught)]

    def _repr_html_(self) -> str:
        # Posts and keywords are shown back to the reader, so every text is escaped.
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.summary())
        parts = [f'<div role="status"><ul>{items}</ul>']
        table = self.by_evasion()
        if not table.empty:
            rows = "".join(
                f"<tr><td>{html.escape(row.evasion)}</td><td>{row.n_target}</td>"
                f"<td>{html.escape(_pct(row.caught_share))}</td></tr>"
                for row in table.itertuples())
            parts.append("<table><caption>Target posts caught, by evasion</caption>"
                         "<tr><th>evasion</th><th>target posts</th><th>caught</th></tr>"
                         f"{rows}</table>")
        for title, frame in self._example_sets():
            if frame.empty:
                continue
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                for row in frame.itertuples(index=False))
            head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
            # Examples fold away so the verdict fits on one screen; a click opens each set.
            parts.append(f"<details><summary>{html.escape(title)} ({len(frame)} shown)"
                         f"</summary><table><tr>{head}</tr>{rows}</table></details>")
        parts.append("</div>")
        return "".join(parts)


def _pct(share: float | None) -> str:
    return "not defined" if share is None else f"{share:.1%}"


def _cell(value: Any) -> str:
    return "" if value is None or _missing(value) else str(value)


def _notes(filter: Filter, n_posts: int, n_target: int, n_benign: int,
           n_blocked: int) -> tuple[str, ...]:
    notes = []
    if filter.is_empty:
        notes.append("The filter has no keywords it can match, so it blocks nothing.")
    if filter.ignored:
        notes.append("Ignored because nothing is left to look for in this mode: "
                     f"{', '.join(map(repr, filter.ignored[:5]))}.")
    if not n_posts:
        notes.append("There are no posts, so there is nothing to measure: every share is "
                     "None and every count is 0.")
        return tuple(notes)
    if not n_target:
        notes.append("No post is labelled 'target', so the share caught is not defined.")
    if not n_benign:
        notes.append("No post is labelled 'benign', so the over-block rate is not defined.")
    if not n_blocked:
        notes.append("Nothing was blocked, so precision (the share of blocked posts that were "
                     "targets) is not defined.")
    return tuple(notes)


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
    frame = _posts_frame(posts)
    # Object dtype keeps None as None (a string column would turn it into NaN, which is truthy).
    frame["why"] = pd.Series(filter._reasons(frame["text"]), index=frame.index, dtype=object)
    frame["blocked"] = frame["why"].notna()

    is_target = frame["label"] == "target"
    blocked = frame["blocked"]
    n_posts, n_target = len(frame), int(is_target.sum())
    n_benign, n_blocked = n_posts - n_target, int(blocked.sum())
    n_caught = int((blocked & is_target).sum())
    over_blocked = n_blocked - n_caught
    return Evaluation(
        filter=filter,
        n_posts=n_posts,
        n_target=n_target,
        n_benign=n_benign,
        n_blocked=n_blocked,
        n_caught=n_caught,
        blocked_share=_share(n_blocked, n_posts),
        caught=_share(n_caught, n_target),
        missed=n_target - n_caught,
        over_blocked=over_blocked,
        over_block_rate=_share(over_blocked, n_benign),
        precision=_share(n_caught, n_blocked),
        examples_missed=_variety(frame[is_target & ~blocked], by="evasion"),
        examples_over_blocked=_variety(frame[~is_target & blocked], by="topic"),
        examples_caught=_variety(frame[is_target & blocked], by="evasion"),
        results=frame[["id", "language", "label", "topic", "evasion", "text", "blocked",
                       "why"]].copy(),
        notes=_notes(filter, n_posts, n_target, n_benign, n_blocked),
    )
