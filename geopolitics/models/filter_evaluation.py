"""Measuring a keyword filter on labelled posts, from the censor's side and a critic's.

``censorship.evaluate`` runs a :class:`~geopolitics.models.censorship.Filter` over posts
labelled ``target`` or ``benign`` and returns an :class:`Evaluation` built here: what a censor
would look at (how much was caught) next to what a critic would look at (how much innocent
speech was removed, and which evasions still get through). Matching is ``censorship``'s job,
measuring is this module's; ``censorship`` re-exports the public names (``Evaluation``,
``load_posts``, ``LABELS``, ``EVASIONS``), so lessons use ``censorship.X`` as before.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from geopolitics.data import load
from geopolitics.models.filter_inputs import FilterInputError
from geopolitics.models.messages import describe

__all__ = ["EVASIONS", "LABELS", "Evaluation", "FilterLike", "load_posts", "measure",
           "posts_frame"]


class FilterLike(Protocol):
    """What measuring needs of a :class:`~geopolitics.models.censorship.Filter`.

    Named here rather than imported, so that ``censorship`` can import this module and not
    the other way round.
    """

    @property
    def is_empty(self) -> bool: ...

    @property
    def ignored(self) -> tuple[str, ...]: ...

    def describe(self) -> str: ...

LABELS: tuple[str, ...] = ("target", "benign")
"""A post's label: ``target`` if the censor's policy is aimed at it, ``benign`` otherwise."""

EVASIONS: tuple[str, ...] = ("none", "spacing", "homophone", "pinyin", "wordplay")
"""How a target post spells its topic, as coded in the synthetic corpus."""

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


def posts_frame(posts: Any) -> pd.DataFrame:
    """The columns evaluation needs, checked, with optional ones filled in."""
    if not isinstance(posts, pd.DataFrame):
        raise FilterInputError(
            f"posts must be a DataFrame with a text and a label column, e.g. load_posts(); you "
            f"gave {describe(posts)}.")
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

    filter: FilterLike
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


def _notes(filter: FilterLike, n_posts: int, n_target: int, n_benign: int,
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


def measure(filter: FilterLike, frame: pd.DataFrame, reasons: list[str | None]) -> Evaluation:
    """The :class:`Evaluation` of ``filter`` on checked posts (see :func:`posts_frame`), given
    the rule that blocked each post (``reasons``, None where the post passed).

    ``censorship.evaluate`` runs the filter and calls this; measuring is kept apart from
    matching so that each can be read, and tested, on its own.
    """
    # Object dtype keeps None as None (a string column would turn it into NaN, which is truthy).
    frame["why"] = pd.Series(reasons, index=frame.index, dtype=object)
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
