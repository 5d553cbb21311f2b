"""Render the sources behind a lesson's tables and its reading list, so neither can drift."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geopolitics import catalogue
from geopolitics.data import DataError, load, sources_used
from geopolitics.dates import long_date

_CONFIDENCE = {
    "high": "high confidence",
    "medium": "medium confidence: treat figures from it as estimates",
    "low": "low confidence: unverified",
}


@dataclass
class SourceList:
    """A numbered list of sources that shows as HTML in a notebook and as text elsewhere."""

    rows: pd.DataFrame

    def lines(self) -> list[str]:
        return [
            f"{i}. {r.publisher}, \"{r.title}\", {long_date(r.date)}. {r.url} "
            f"({_CONFIDENCE.get(r.confidence, r.confidence)}) [{r.id}]"
            for i, r in enumerate(self.rows.itertuples(), start=1)
        ]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    __repr__ = __str__

    def _repr_html_(self) -> str:
        items = []
        for r in self.rows.itertuples():
            url = html.escape(r.url, quote=True)
            items.append(
                f"<li id='src-{html.escape(r.id)}'>{html.escape(r.publisher)}, "
                f"<em>{html.escape(r.title)}</em>, {long_date(r.date)}. "
                f"<a href='{url}'>{html.escape(r.url)}</a> "
                f"({html.escape(_CONFIDENCE.get(r.confidence, r.confidence))}) "
                f"<code>{html.escape(r.id)}</code></li>"
            )
        return f"<ol>{''.join(items)}</ol>"


def sources_section(*frames: pd.DataFrame) -> SourceList:
    """Every source cited by the given tables, oldest first, with its confidence level."""
    return SourceList(sources_used(frames))


def cite(source_id: str) -> str:
    """A short citation for one source id: publisher, date."""
    sources = load("sources")
    match = sources[sources["id"] == source_id]
    if match.empty:
        raise DataError("sources.csv", f"there is no source with id '{source_id}'.")
    row = match.iloc[0]
    return f"{row['publisher']}, {long_date(row['date'])}"


# --- where to go next ------------------------------------------------------------------------

# Reading lists show primary sources first: a student should meet the document before the
# commentary on it.
KINDS: dict[str, str] = {
    "primary source": "Primary sources",
    "further reading": "Further reading",
    "dataset": "Datasets",
}


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as written: its punctuation cannot start a link or emphasis."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", " ".join(str(text).split()))


def _markdown_url(url: str) -> str:
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


@dataclass
class ReadingList:
    """One lesson's reading list, shown grouped by kind with a citation for every item."""

    lesson: str
    items: pd.DataFrame  # further_reading rows joined with their sources

    def groups(self) -> list[tuple[str, pd.DataFrame]]:
        """(heading, rows) for each kind that has items, primary sources first."""
        return [(heading, self.items[self.items["kind"] == kind])
                for kind, heading in KINDS.items() if (self.items["kind"] == kind).any()]

    @property
    def title(self) -> str:
        return f"Where to go next: lesson {self.lesson}, {catalogue.lesson(self.lesson).title}"

    @staticmethod
    def _caveat(row: Any) -> str:
        # Medium sources are copies, secondary reports or pages whose date was inferred.
        return " (Medium confidence: read its note in the sources table.)" \
            if row.confidence == "medium" else ""

    def lines(self) -> list[str]:
        out = [self.title]
        for heading, rows in self.groups():
            out.append(f"{heading}:")
            out += [f"- {r.publisher}, \"{r.title}\", {long_date(r.date)}. {r.url} "
                    f"{r.why}{self._caveat(r)} [{r.source_id}]" for r in rows.itertuples()]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        parts = []
        for heading, rows in self.groups():
            parts.append(f"**{heading}**\n")
            parts += [f"- [{_markdown_text(r.title)}](<{_markdown_url(r.url)}>), "
                      f"{_markdown_text(r.publisher)}, {long_date(r.date)}. "
                      f"{_markdown_text(r.why + self._caveat(r))} "
                      f"`{r.source_id}`" for r in rows.itertuples()]
            parts.append("")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        parts = [f"<div role='region' aria-label='{html.escape(self.title, quote=True)}'>"]
        for heading, rows in self.groups():
            parts.append(f"<p><strong>{html.escape(heading)}</strong></p><ul>")
            for r in rows.itertuples():
                parts.append(
                    f"<li><a href='{html.escape(r.url, quote=True)}'>{html.escape(r.title)}</a>,"
                    f" {html.escape(r.publisher)}, {long_date(r.date)}. {html.escape(r.why)}"
                    f"{html.escape(self._caveat(r))} <code>{html.escape(r.source_id)}</code></li>"
                )
            parts.append("</ul>")
        parts.append("</div>")
        return "".join(parts)


def further_reading(lesson: Any) -> ReadingList:
    """Where a self-learner can go after ``lesson``: primary sources, reading and datasets.

    Each item names its publisher, title, date and address from the ``sources`` table, and
    says in one sentence what a student gets from it. A lesson that does not exist is refused.
    """
    code = catalogue.lesson(lesson).id
    reading = load("further_reading")
    reading = reading[reading["lesson"] == code]
    sources = load("sources").rename(columns={"id": "source_id"})
    items = reading.merge(sources, on="source_id", how="left", validate="many_to_one")
    order = {kind: i for i, kind in enumerate(KINDS)}
    items = items.sort_values("kind", key=lambda k: k.map(order), kind="stable")
    return ReadingList(lesson=code, items=items.reset_index(drop=True))
