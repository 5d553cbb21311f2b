"""What a lecture's outputs look like on a slide, and how tall they are there.

A deck shows an executed lecture at sizes a room can read (see
:mod:`geopolitics.course.structure`), so a table or a list that reads well in a notebook can
run off a slide. :func:`for_slide` reshapes one output's HTML by fixed rules: a pandas row
number column and columns with no values go; short cells do not wrap where the line has
room; a table whose columns cannot stand side by side becomes one line a row; a table or a
list keeps only the rows that fit, with a line saying where the rest are; a chart fills the
width up to a height, never below its own size. :func:`output_px` estimates the height of
what remains, which the slide plan uses, and :func:`split_panel` splits a panel too tall
for one slide.
"""

from __future__ import annotations

from typing import Any

from geopolitics.course.slide_page import (
    BUDGET_PX,
    CHARS_PER_LINE,
    CHART_PX,
    LINE_PX,
    TABLE_ROW_PX,
)

#: Width of a slide's text column, in pixels (the 1280-px slide less its side padding).
CONTENT_WIDTH_PX = 1200
#: The tallest a panel's chart is drawn, below the panel's controls line and status.
PANEL_CHART_PX = 500
#: Height a table or a list may take on a slide, so that a sentence fits beside it.
BLOCK_BUDGET_PX = 520
#: Height printed text may take on a slide, leaving room for the code that printed it.
TEXT_BUDGET_PX = 460
#: Cells this short never wrap (a date, a number, a code), where the table has room.
NO_WRAP_CHARS = 14
ROW_PADDING_PX = 8
MORE_NOTE_PX = LINE_PX + 12
EMPTY = {"", "nan", "none", "<na>", "nat"}


def _text(tag: Any) -> str:
    return " ".join(tag.get_text(" ").split())


def _column_chars(rows: list[list[str]], whole_short: bool = True) -> list[int]:
    """Characters each column gets on a line, as the slide's table lays out (every cell may
    wrap anywhere): a short column its widest cell, when short cells are kept whole, and the
    rest of the line (less each cell's padding) shared among the others by their widest."""
    count = max(len(row) for row in rows)
    widths = [max((len(row[i]) for row in rows if i < len(row)), default=1)
              for i in range(count)]
    line = CHARS_PER_LINE - 2 * count  # about two characters of padding a cell
    if sum(widths) <= line:
        return widths
    fixed = [w if whole_short and w <= NO_WRAP_CHARS else 0 for w in widths]
    room = max(line - sum(fixed), 10)
    flexible = sum(w for w, f in zip(widths, fixed, strict=True) if not f) or 1
    return [f or max(4, room * w // flexible) for w, f in zip(widths, fixed, strict=True)]


def _row_px(cells: list[str], chars: list[int]) -> float:
    lines = max((-(-len(text) // max(chars[i], 1)) for i, text in enumerate(cells)),
                default=1)
    return max(lines, 1) * (LINE_PX - 2) + ROW_PADDING_PX


def _drop_row_numbers(table: Any) -> None:
    """pandas' row numbers (an unnamed index of whole numbers) mean nothing to a room."""
    body_heads = [row.find("th", recursive=False) for row in table.select("tbody > tr")]
    if not body_heads or not all(h is not None and _text(h).isdigit() for h in body_heads):
        return
    head_rows = table.select("thead > tr")
    if any(_text(row.find(["th", "td"], recursive=False) or row) for row in head_rows):
        return  # a named index is data
    for cell in body_heads:
        cell.decompose()
    for row in head_rows:
        first = row.find(["th", "td"], recursive=False)
        if first is not None:
            first.decompose()


def _drop_empty_columns(table: Any) -> None:
    """A column with no value in any row (all NaN) says nothing on a slide."""
    body = [row.find_all(["td", "th"], recursive=False) for row in table.select("tbody > tr")]
    if not body:
        return
    width = min(len(row) for row in body)
    empty = [i for i in range(width) if all(_text(row[i]).lower() in EMPTY for row in body)]
    for row in [*table.select("thead > tr"), *table.select("tbody > tr")]:
        cells = row.find_all(["td", "th"], recursive=False)
        for i in reversed(empty):
            if i < len(cells):
                cells[i].decompose()


def _too_wide(table: Any) -> bool:
    """Whether a table's columns cannot all stand side by side on a slide: the widest cell
    of each short column, and at least a dozen letters of each long one, overfill a line."""
    rows = [[_text(c) for c in row.find_all(["td", "th"], recursive=False)]
            for row in table.find_all("tr")]
    count = max((len(row) for row in rows), default=0)
    widths = [max((len(r[i]) for r in rows if i < len(r)), default=0) for i in range(count)]
    return sum(min(w, 12) for w in widths) + 3 * count > CHARS_PER_LINE


def _as_records(table: Any, soup: Any) -> Any:
    """A table too wide for a slide, as a line naming its columns and one line per row,
    the row's values joined by dots: every value stays whole and in reading order."""
    head = table.select("thead > tr")
    names = [_text(c) for c in head[-1].find_all(["th", "td"])] if head else []
    listing = soup.new_tag("ul", attrs={"class": "geopolitics-records"})
    for row in table.select("tbody > tr") or table.find_all("tr"):
        item = soup.new_tag("li")
        item.string = " · ".join(t for t in (_text(c) for c in row.find_all(
            ["td", "th"], recursive=False)) if t)
        listing.append(item)
    caption = soup.new_tag("p", attrs={"class": "geopolitics-columns"})
    caption.string = "Columns: " + " · ".join(n for n in names if n) + "."
    table.replace_with(caption)
    caption.insert_after(listing)
    return listing


def _fit_table(table: Any, soup: Any, budget: float = BLOCK_BUDGET_PX) -> float:
    """Keep the rows that fit in ``budget``; return the table's height."""
    _drop_row_numbers(table)
    _drop_empty_columns(table)
    rows = table.select("tbody > tr") or table.find_all("tr")
    # Every header row counts: a crosstab or a pivot names its columns in the first and its
    # index in the second, and the first holds the widest labels (issue 21's new column
    # "insider_report" made deck 00's crosstab wrap 216 px past the slide).
    heading = table.select("thead > tr")
    if not heading and rows and not rows[0].find_all("td", recursive=False):
        heading, rows = rows[:1], rows[1:]  # a header row of <th> with no <thead> around it
    heads = [[_text(c) for c in row.find_all(["th", "td"])] for row in heading]
    texts = [[_text(c) for c in row.find_all(["td", "th"], recursive=False)] for row in rows]
    if not texts:
        return TABLE_ROW_PX
    widest = max(heads, key=lambda h: sum(len(t) for t in h)) if heads else texts[0]
    narrow = sum(min(len(t), NO_WRAP_CHARS + 1) for t in widest) \
        + 2 * len(widest) <= CHARS_PER_LINE
    chars = _column_chars([*heads, *texts], whole_short=narrow)
    for row in table.find_all("tr") if narrow else []:  # short cells stay whole if they fit
        for cell in row.find_all(["td", "th"], recursive=False):
            if len(_text(cell)) <= NO_WRAP_CHARS:
                cell["style"] = (cell.get("style", "") + ";white-space:nowrap").lstrip(";")
    used = sum(_row_px(head, chars) for head in heads)
    kept = 0
    for row_texts in texts:
        height = _row_px(row_texts, chars)
        if kept and used + height > budget - MORE_NOTE_PX:
            break
        used += height
        kept += 1
    if kept < len(rows):
        for row in rows[kept:]:
            row.decompose()
        note = soup.new_tag("p", attrs={"class": "geopolitics-more"})
        note.string = (f"… and {len(rows) - kept} more rows: the whole table is in the "
                       "lecture and on its web page.")
        table.insert_after(note)
        used += MORE_NOTE_PX
    return used + 24


def _fit_list(items: list[Any], soup: Any, budget: float = BLOCK_BUDGET_PX,
              may_empty: bool = False) -> tuple[float, int]:
    """Keep the list items that fit in ``budget``; return the list's height and how many
    items were left out. A list after the first may keep none: it then goes, with the
    heading just before it, and the last list's note counts its items."""
    used, kept = 0.0, 0
    for item in items:
        height = -(-len(_text(item)) // (CHARS_PER_LINE - 4)) * LINE_PX + 6
        if (kept or may_empty) and used + height > budget - MORE_NOTE_PX:
            break
        used += height
        kept += 1
    for item in items[kept:]:
        item.decompose()
    if not kept and items:
        listing = items[0].parent if items[0].parent is not None else None
        heading = listing.find_previous_sibling() if listing is not None else None
        if heading is not None and heading.name in ("p", "h3", "h4") and len(_text(heading)) < 60:
            heading.decompose()
        if listing is not None:
            listing.decompose()
        return 0.0, len(items)
    return used + 24, len(items) - kept


def _fit_chart(svg: Any, room: float | None = None) -> float:
    """Let a chart fill the slide's width up to ``CHART_PX`` high, never drawing it smaller
    than its own size, whose text is at least 14 px. A panel's chart shares its slide with
    the panel's status line: it gets the ``room`` left, down to 85% of its own size where
    that is all there is. Returns its height on the slide."""
    try:
        _, _, width, height = (float(v) for v in svg.get("viewbox", svg.get("viewBox")).split())
    except (AttributeError, TypeError, ValueError):
        return CHART_PX
    own = max(CHART_PX, height)
    limit = own if room is None else max(min(PANEL_CHART_PX, room), 0.85 * height)
    svg["style"] = f"max-height:{limit:.0f}px"
    return min(limit, CONTENT_WIDTH_PX * height / width)


def _fit_text(text: str) -> tuple[str, float]:
    """Printed text: the lines that fit in ``TEXT_BUDGET_PX``, and a line for the rest."""
    lines = text.rstrip("\n").splitlines()
    used, kept = 0.0, 0
    for line in lines:
        height = (-(-len(line) // CHARS_PER_LINE) or 1) * 30
        if kept and used + height > TEXT_BUDGET_PX - MORE_NOTE_PX:
            break
        used += height
        kept += 1
    if kept < len(lines):
        lines = [*lines[:kept], f"… and {len(lines) - kept} more lines: see the lecture."]
        used += MORE_NOTE_PX
    return "\n".join(lines) + "\n", used + 24


def for_slide(page: str) -> tuple[str, float]:
    """An output's HTML as a slide shows it, and its estimated height there.

    Its tables and lists share what a slide holds below the output's sentences, in the
    order they come, each keeping at least its first row or item."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for controls in soup.select(".geopolitics-static-widget .geopolitics-controls"):
        controls.decompose()  # "Interactive in JupyterLab...": the presenter has the lecture
    height = 0.0
    for paragraph in soup.find_all(["p", "h1", "h2", "h3", "h4"]):
        if paragraph.find_parent(["table", "li", "figure"]) is None:
            height += -(-len(_text(paragraph)) // CHARS_PER_LINE) * LINE_PX + 12
    for svg in soup.select("figure.geopolitics-chart svg"):
        panel = svg.find_parent(class_="geopolitics-static-widget")
        in_panel = panel is not None and panel.select_one(".geopolitics-status") is not None
        height += _fit_chart(svg, BUDGET_PX - height - 30 if in_panel else None) + 24
    blocks = [tag for tag in soup.find_all(["table", "ol", "ul"])  # folded ones take no room
              if tag.find_parent(["figure", "ol", "ul", "table", "details"]) is None]
    left_out, last = 0, None
    for number, block in enumerate(blocks):
        share = max((BUDGET_PX - height - MORE_NOTE_PX) / (len(blocks) - number), 0)
        budget = min(BLOCK_BUDGET_PX, share)
        if block.name == "table":
            _drop_row_numbers(block)
            _drop_empty_columns(block)
            if not _too_wide(block):
                height += _fit_table(block, soup, budget)
                last = block
                continue
            block = _as_records(block, soup)
            height += LINE_PX * 2 + 12  # the line naming the columns
        items = block.find_all("li", recursive=False)
        used, dropped = _fit_list(items, soup, budget - (LINE_PX * 2 + 12 if "geopolitics-records"
                                                          in block.get("class", []) else 0),
                                  may_empty=number > 0)
        height += used
        left_out += dropped
        if used:
            last = block
    if left_out and last is not None:
        note = soup.new_tag("p", attrs={"class": "geopolitics-more"})
        note.string = (f"… and {left_out} more: the whole list is in the lecture and on its "
                       "web page.")
        last.insert_after(note)
        height += MORE_NOTE_PX
    return str(soup), height


def split_panel(page: str) -> tuple[str, str] | None:
    """A panel too tall for one slide, as two outputs: its status line and result, then its
    chart, which then gets a slide's full width (None: the panel fits, or has no chart)."""
    from bs4 import BeautifulSoup

    if "geopolitics-static-widget" not in page:
        return None
    soup = BeautifulSoup(page, "html.parser")
    figure = soup.select_one(".geopolitics-static-widget figure.geopolitics-chart")
    svg = figure.find("svg") if figure is not None else None
    if figure is None or svg is None:
        return None
    try:  # the chart at its own size, beside the rest of the panel
        native = float(svg.get("viewbox", svg.get("viewBox")).split()[3])
    except (AttributeError, TypeError, ValueError, IndexError):
        native = CHART_PX
    chart = str(figure)
    figure.decompose()
    if for_slide(str(soup))[1] + native + 30 <= BUDGET_PX:
        return None
    return str(soup), f'<div class="geopolitics-static-widget">{chart}</div>'


def output_px(output: Any) -> float | None:
    """Estimated height of an executed output on a slide (None: nothing to go on)."""
    data = output.get("data", {})
    if isinstance(data.get("text/html"), str):
        return for_slide(data["text/html"])[1]
    text = output.get("text") or data.get("text/plain")
    if isinstance(text, list):
        text = "".join(text)
    if isinstance(text, str):
        return _fit_text(text)[1]
    return None


def shape_for_slide(output: Any) -> float | None:
    """Reshape one output in place as a slide shows it (see :func:`for_slide`); return its
    estimated height there (None: nothing to go on), so that the plan need not read it
    again."""
    data = output.get("data", {})
    if isinstance(data.get("text/html"), str):
        data["text/html"], height = for_slide(data["text/html"])
    elif output.get("output_type") == "stream":
        output["text"], height = _fit_text("".join(output.get("text", "")))
    elif isinstance(data.get("text/plain"), str):
        data["text/plain"], height = _fit_text(data["text/plain"])
    else:
        return None
    return height

