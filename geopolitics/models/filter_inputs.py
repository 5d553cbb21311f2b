"""Checking the keyword lists a student gives the censorship model.

A keyword list typed in a notebook goes wrong in a few common ways: one string instead of a
list, a number instead of text, a combination with a single keyword. Each is refused with one
sentence saying what to write instead; harmless slips (surrounding spaces, empties, repeats)
are tidied rather than refused, so a list edited by hand still works. ``censorship``
re-exports :class:`FilterInputError`.
"""

from __future__ import annotations

from typing import Any

from geopolitics.errors import KitError
from geopolitics.models.messages import describe, short

__all__ = ["FilterInputError", "combination_groups", "keyword_list"]


class FilterInputError(KitError, ValueError):
    """A filter or a set of posts the censor cannot work with (an unknown mode, a number as a
    keyword, posts without a ``text`` column...).

    It is a ``ValueError``, because the value is wrong, and a ``KitError``, so a notebook shows
    the message as one sentence instead of a traceback.
    """


def keyword_list(value: Any, what: str, example: str) -> tuple[str, ...]:
    """Keywords stripped of surrounding spaces, without empties or repeats, in their order."""
    if isinstance(value, str):
        raise FilterInputError(
            f"{what} must be a list of keywords, e.g. {example}; you gave one text "
            f"{short(value)!r}. Put it in square brackets: [{short(value)!r}].")
    try:
        items = list(value)
    except TypeError:
        raise FilterInputError(f"{what} must be a list of keywords, e.g. {example}; you gave "
                               f"{describe(value)}.") from None
    cleaned: dict[str, None] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, str):
            raise FilterInputError(
                f"every keyword must be text in quotes, but item {position} of {what} is "
                f"{describe(item)}. Write it as a string, e.g. '64' rather than 64.")
        if item.strip():
            cleaned[item.strip()] = None
    return tuple(cleaned)


def combination_groups(value: Any) -> tuple[tuple[str, ...], ...]:
    example = "[['tank', 'photo']]"
    if value is None:
        return ()
    if isinstance(value, str):
        raise FilterInputError(
            f"combinations must be a list of keyword groups, e.g. {example}; you gave "
            f"{describe(value)}.")
    try:
        raw_groups = list(value)
    except TypeError:
        raise FilterInputError(f"combinations must be a list of keyword groups, e.g. {example}; "
                               f"you gave {describe(value)}.") from None
    groups = []
    for position, raw in enumerate(raw_groups, start=1):
        if isinstance(raw, str):
            raise FilterInputError(
                f"each combination must be a list of at least two keywords, but combination "
                f"{position} is the single text {short(raw)!r}. Write groups inside a list, "
                f"e.g. {example}; a keyword that blocks on its own belongs in keywords.")
        group = keyword_list(raw, f"combination {position}", "['tank', 'photo']")
        if len(group) < 2:
            raise FilterInputError(
                f"combination {position} has {len(group)} different keyword"
                f"{'' if len(group) == 1 else 's'} ({', '.join(map(repr, group)) or 'none'}); "
                "a combination blocks only when all of its keywords appear, so it needs at "
                "least two. A keyword that blocks on its own belongs in keywords.")
        groups.append(group)
    return tuple(dict.fromkeys(groups))
