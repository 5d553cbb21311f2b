"""A drawn chart's data as a table for screen readers (issue 20, item 7).

A static chart (on the site and in the decks) is one picture to a screen reader: its SVG
has ``role="img"`` and a label, so the description Vega writes on each mark is never
reached. :func:`data_table` reads those descriptions back out of the drawing, so the table
holds what the chart draws (after its filters), not the whole data it was given.
"""

from __future__ import annotations

import html
import re
from typing import Any

#: Mark kinds whose descriptions are the chart's data, in order of preference: a chart of
#: points or bars is read from them; one of labels only, from its labels; lines and areas
#: last, since Vega describes a whole line or band by its first point.
_DATA_MARKS = (("point", "bar", "rect", "symbol", "tick", "arc"),
               ("text mark",), ("line mark", "area mark"))
_MARK_LABEL = re.compile(r'aria-label="([^"]*)"[^>]*?aria-roledescription="([^"]*)"')

#: Seen by screen readers, not by eyes (and taking no room on a slide or page).
_VISUALLY_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
                    "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0")


def field_names(spec: Any) -> dict[str, str]:
    """Every name under which a chart's spec shows a field (its title, else the field), with
    the field it names: the keys of Vega's mark descriptions, which tell one field from a
    "; " inside a value, and show which keys are one field under two titles."""
    names: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            field = node.get("field")
            if isinstance(field, str):
                if isinstance(node.get("title"), str):
                    names.setdefault(node["title"], field)
                names.setdefault(field, field)  # Vega uses it where no title is given
            children = list(node.values())
        else:
            children = node if isinstance(node, list) else []
        for child in children:
            visit(child)

    visit(spec)
    return names


def _fields(text: str, known: dict[str, str] | None) -> dict[str, str]:
    """A mark description ("Date: 20 Apr 2024; Event: ...") as {field: value}. With the
    chart's ``known`` field names, a "; " not followed by one of them stays in its value
    (an event such as "The Court upholds the Act; TikTok goes dark" keeps both halves)."""
    fields: dict[str, str] = {}
    last = None
    for part in text.split("; "):
        key, sep, value = part.partition(": ")
        if sep and (known is None or key in known):
            fields[key] = value
            last = key
        elif last is not None:
            fields[last] += "; " + part
    return fields


def data_table(svg: str, title: str = "", limit: int = 400,
               known: dict[str, str] | None = None) -> str:
    """The data a drawn chart shows, as a table for screen readers.

    A static chart is one picture (``role="img"``) to a screen reader, which then never
    reaches the description Vega writes on each mark. The table lists those descriptions,
    one row a mark and one column a field, so the figures behind the picture can be read
    one by one. It is visually hidden: sighted readers have the chart. ``known`` is the
    chart's field names (:func:`field_names`): a value holding "; " stays whole, and a field
    shown under two titles (an axis and its tooltip) gets one column.
    """
    found = [(html.unescape(text), kind) for text, kind in _MARK_LABEL.findall(svg)]
    rows: list[dict[str, str]] = []
    for kinds in _DATA_MARKS:
        rows = [row for text, kind in found if kind in kinds if (row := _fields(text, known))]
        if rows:
            break
    if not rows:
        return ""
    columns: list[str] = []
    for key in dict.fromkeys(key for row in rows for key in row):
        field = (known or {}).get(key)
        if field is None or all((known or {}).get(kept) != field for kept in columns):
            columns.append(key)
    rows = [{k: ("" if v == "null" else v) for k, v in row.items()} for row in rows]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(row.get(c, ''))}</td>" for c in columns)
                   + "</tr>" for row in rows[:limit])
    more = (f"<tr><td colspan=\"{len(columns)}\">and {len(rows) - limit} more</td></tr>"
            if len(rows) > limit else "")
    caption = html.escape(f"The data in the chart {title}".strip() if title else
                          "The data in the chart")
    if "line mark" in kinds:  # Vega describes each line or band by its first point
        caption += " (each line by its first point)"
    # The box that hides is a div: a table's own overflow is not clipped.
    return (f'<div class="geopolitics-chart-data" style="{_VISUALLY_HIDDEN}"><table>'
            f"<caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}{more}</tbody></table></div>")
