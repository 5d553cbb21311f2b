"""Render the sources behind a lesson's tables, so the list cannot drift from the data."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from geopolitics.charts import long_date
from geopolitics.data import DataError, load, sources_used

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
