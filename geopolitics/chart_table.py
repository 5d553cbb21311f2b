"""A drawn chart's data as a table for screen readers (issue 20, item 7).

A static chart (on the site and in the decks) is one picture to a screen reader: its SVG
has ``role="img"`` and a label, so the description Vega writes on each mark is never
reached. :func:`data_table` reads those descriptions back out of the drawing, so the table
holds what the chart draws (after its filters), not the whole data it was given.
"""

from __future__ import annotations

import html
import re
from html import unescape

#: Mark kinds whose descriptions are the chart's data, in order of preference: a chart of
#: points or bars is read from them; one of labels only, from its labels; lines last, since
#: Vega describes a whole line by its first point.
_DATA_MARKS = (("point", "bar", "rect", "symbol", "area mark", "tick", "arc"),
               ("text mark",), ("line mark",))
_MARK_LABEL = re.compile(r'aria-label="([^"]*)"[^>]*?aria-roledescription="([^"]*)"')

#: Seen by screen readers, not by eyes (and taking no room on a slide or page).
_VISUALLY_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
                    "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0")


def data_table(svg: str, title: str = "", limit: int = 400) -> str:
    """The data a drawn chart shows, as a table for screen readers (issue 20, item 7).

    A static chart is one picture (``role="img"``) to a screen reader, which then never
    reaches the description Vega writes on each mark. The table lists those descriptions,
    one row a mark and one column a field, so the figures behind the picture can be read
    one by one. It is visually hidden: sighted readers have the chart.
    """
    found = [(unescape(text), kind) for text, kind in _MARK_LABEL.findall(svg)]
    rows: list[dict[str, str]] = []
    for kinds in _DATA_MARKS:
        rows = [dict(part.split(": ", 1) for part in text.split("; ") if ": " in part)
                for text, kind in found if kind in kinds]
        rows = [row for row in rows if row]
        if rows:
            break
    if not rows:
        return ""
    columns: list[str] = []
    for key in dict.fromkeys(key for row in rows for key in row):
        # A tooltip often repeats an axis under another name: one column is enough.
        if not any(all(row.get(key) == row.get(kept) for row in rows) for kept in columns):
            columns.append(key)
    rows = [{k: ("" if v == "null" else v) for k, v in row.items()} for row in rows]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(row.get(c, ''))}</td>" for c in columns)
                   + "</tr>" for row in rows[:limit])
    more = (f"<tr><td colspan=\"{len(columns)}\">and {len(rows) - limit} more</td></tr>"
            if len(rows) > limit else "")
    caption = html.escape(f"The data in the chart {title}".strip() if title else
                          "The data in the chart")
    # The box that hides is a div: a table's own overflow is not clipped.
    return (f'<div class="geopolitics-chart-data" style="{_VISUALLY_HIDDEN}"><table>'
            f"<caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}{more}</tbody></table></div>")
