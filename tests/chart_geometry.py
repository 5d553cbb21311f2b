"""Where a drawn chart puts its labels and its points, read from the SVG vl-convert draws.

Vega writes each mark's data into its ``aria-label`` ("Date (2025): 13 Jan 2025; ...;
label: about 3.4 M"), so a text mark and a point mark of the same row can be paired, and each
label's box measured against every point: a label must sit nearer its own point than any
other (issue 20 found "less than 0.7 M" beside the 3.4 M point).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r'<(path|text)\s[^>]*?aria-label="([^"]*)"[^>]*?aria-roledescription='
                   r'"(point|text mark)"[^>]*?>')
_TRANSLATE = re.compile(r'transform="translate\(([-\d.e]+),([-\d.e]+)\)"')
_ANCHOR = re.compile(r'text-anchor="(start|middle|end)"')
_SIZE = re.compile(r'font-size="([\d.]+)px"')


@dataclass
class Mark:
    kind: str  # "point" or "text mark"
    fields: dict[str, str]
    x: float
    y: float
    text: str = ""
    anchor: str = "start"
    size: float = 14.0

    def key(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.fields.get(n, "") for n in names)

    def box(self) -> tuple[float, float, float, float]:
        """The label's box (left, top, right, bottom), its text about 0.55 em a letter."""
        width = 0.55 * self.size * len(self.text)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        return left, self.y - 0.8 * self.size, left + width, self.y + 0.25 * self.size


def marks(svg: str) -> list[Mark]:
    found = []
    for match in _MARK.finditer(svg):
        tag = match.group(0)
        fields = dict(part.split(": ", 1) for part in match.group(2).split("; ") if ": " in part)
        where = _TRANSLATE.search(tag)
        if where is None:
            continue
        mark = Mark(match.group(3), fields, float(where.group(1)), float(where.group(2)))
        if mark.kind == "text mark":
            end = svg.index("</text>", match.end())
            mark.text = svg[match.end():end]
            anchor, size = _ANCHOR.search(tag), _SIZE.search(tag)
            mark.anchor = anchor.group(1) if anchor else "start"
            mark.size = float(size.group(1)) if size else 14.0
        found.append(mark)
    return found


def _distance(box: tuple[float, float, float, float], x: float, y: float) -> float:
    left, top, right, bottom = box
    dx = max(left - x, 0.0, x - right)
    dy = max(top - y, 0.0, y - bottom)
    return (dx * dx + dy * dy) ** 0.5


def misplaced_labels(svg: str, names: tuple[str, ...]) -> list[str]:
    """Labels nearer another point than their own: points and labels are paired by the
    fields ``names`` (for example the x and y titles), which both carry in their aria-label."""
    drawn = marks(svg)
    points = [m for m in drawn if m.kind == "point" and all(n in m.fields for n in names)]
    labels = [m for m in drawn if m.kind == "text mark" and all(n in m.fields for n in names)]
    wrong = []
    for label in labels:
        own = [p for p in points if p.key(names) == label.key(names)]
        if not own:
            continue
        mine = _distance(label.box(), own[0].x, own[0].y)
        for other in points:
            if other.key(names) != label.key(names) and \
                    _distance(label.box(), other.x, other.y) < mine:
                wrong.append(f"{label.text!r} sits nearer the point of "
                             f"{dict(zip(names, other.key(names), strict=True))} than its own")
                break
    return wrong


def legend_problems(svg: str) -> list[str]:
    """What a chart's legends say that its marks do not (issue 20, item 6): an entry for
    something no mark draws (deck 03 once listed Germany, drawn nowhere), the same legend
    twice, or a raw code such as ``online_panel`` for words.

    Vega names each mark's data in its ``aria-label``; a legend entry must be one of those
    values. An entry cut short with an ellipsis is matched by its beginning.
    """
    from bs4 import BeautifulSoup

    root = BeautifulSoup(svg, "html.parser")
    legends = root.select("g.role-legend")
    drawn: dict[str, set[str]] = {}  # each field's values, by the name marks give it
    for mark in root.select("[aria-roledescription]"):
        if mark.find_parent("g", class_="role-legend") is not None or \
                mark["aria-roledescription"] in ("axis", "legend"):
            continue
        for part in mark.get("aria-label", "").split("; "):
            key, _, value = part.partition(": ")
            drawn.setdefault(key.strip(), set()).add(value.strip())
    anywhere = set().union(*drawn.values()) if drawn else set()
    problems = []
    titles = [t.get_text(" ", strip=True) for legend in legends
              for t in legend.select("g.role-legend-title text")]
    problems += [f"the legend {t!r} is shown {titles.count(t)} times"
                 for t in sorted(set(titles)) if titles.count(t) > 1]
    for legend in legends:
        title = legend.select_one("g.role-legend-title text")
        # An entry is matched against its own field's values where the marks name that
        # field as the legend does, else against every value the marks carry.
        values = drawn.get(title.get_text(" ", strip=True) if title else "", anywhere)
        for entry in legend.select("g.role-legend-label text"):
            label = entry.get_text(strip=True)
            start = label.rstrip("…").rstrip()
            if "_" in label:
                problems.append(f"the legend entry {label!r} is a code, not words")
            if not any(value == label or (label.endswith("…") and value.startswith(start))
                       for value in values):
                problems.append(f"the legend lists {label!r}, which no mark draws")
    return problems
