"""Slide structure of the lectures, planned by rule and stored in each cell's metadata.

A lecture's slide structure is data in ``metadata.slideshow.slide_type``, decided by the rules
of :func:`plan` (written once, here) so that every lecture, a new one included, gets the same
shape: ``python -m geopolitics.course.export structure --write`` stores it in the lectures and
``--check`` (run by the tests) reports a lecture whose stored structure has drifted.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from geopolitics import catalogue
from geopolitics.course.notebook_files import notebook_text, report_drift
from geopolitics.course.slide_page import (  # noqa: F401 (the plan's sizes)
    BUDGET_PX,
    CHARS_PER_LINE,
    CHART_PX,
    DECK_TABLE_ROWS,
    HEADING_PX,
    LINE_PX,
    OUTPUT_PX,
    SHOW_CODE_TAG,
    SLIDE_PX,
    TABLE_ROW_PX,
    TEXT_PX,
)
from geopolitics.paths import ROOT


def lectures(root: Path = ROOT) -> list[Path]:
    """Every catalogued lecture, in lesson order: ``notebooks/NN_name.ipynb``."""
    return [lesson.lecture for lesson in catalogue.lessons(root)]


# --- slide structure ------------------------------------------------------------------------

INSTRUCTOR_TAG = "instructor"
#: Cell metadata where a deck records its outputs' height on a slide, as it shaped them.
OUTPUTS_PX = "geopolitics_outputs_px"
NOTE_MARK = re.compile(r"^\s*>\s*\*\*Instructor note")
PAUSE_MARK = re.compile(r"^\s*\*\*(Try it|Discuss|What to see)\b")
OWN_SLIDE_HEADINGS = re.compile(r"^#+\s*(Key points|Sources)\b", re.I)
#: A call that shows one of the kit's widget panels (see ``geopolitics.explorers``): a factory
#: named for what it is (``scenario_explorer()``, ``deadline_calculator()``...) or
#: ``compare_audiences()``, called bare as the lectures do or through its module
#: (``lesson02.index_explorer(...)``).
WIDGET_CALL = re.compile(
    r"(?:\w+\.)*(\w+_(explorer|calculator|form|playground|trend)|compare_audiences)\(")


def is_instructor_note(cell: NotebookNode) -> bool:
    """Instructor notes are marked visibly (a quote starting **Instructor note**) or tagged."""
    if cell.cell_type != "markdown":
        return False
    return INSTRUCTOR_TAG in cell.metadata.get("tags", []) or bool(NOTE_MARK.match(cell.source))


def heading_level(cell: NotebookNode) -> int:
    """1 for '# Title', 2 for '## Section', 3 for '### Part'; 0 when not a heading cell."""
    if cell.cell_type != "markdown":
        return 0
    match = re.match(r"(#{1,6})\s", cell.source.lstrip())
    return len(match.group(1)) if match else 0


def _only_imports(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Import | ast.ImportFrom) for node in body)


def _output_kind(source: str) -> str | None:
    """What a code cell shows, guessed from its last line (the lectures' cells are short)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return "text"
    shown = [n for n in body if isinstance(n, ast.Expr)]
    if not shown:
        return None
    last = ast.unparse(body[-1]) if isinstance(body[-1], ast.Expr) else ""
    if not last:
        return "text"  # print() or display() earlier in the cell
    if WIDGET_CALL.match(last):
        return "widget"
    if re.match(r"sources_section\(", last):
        return "sources"
    if re.search(r"\balt\.|\bcharts\.|\.properties\(|\.encode\(|\.mark_\w+\(", last):
        return "chart"
    if re.match(r"print\(", last):
        return "text"
    if isinstance(body[-1].value, ast.Subscript) or re.search(
            r"\.(head|tail|pivot|crosstab|describe|value_counts|groupby)\b|^pd\.", last):
        return "table"
    return "value"


def code_shown_in_deck(cell: NotebookNode) -> bool:
    """Whether a deck shows this code cell's code (tagged ``slide-code``); else only its
    output: the room reads what the code shows, and the lecture has the code."""
    return cell.cell_type == "code" and SHOW_CODE_TAG in cell.metadata.get("tags", [])


def _wrapped_lines(text: str) -> int:
    """Lines a piece of markdown takes on a slide, once its markup is gone."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link shows its words
    plain = re.sub(r"[*_`>]|^\s*(?:[-+]|\d+\.)\s", "", plain)
    return max(1, -(-len(plain.strip()) // CHARS_PER_LINE))


def markdown_blocks(source: str) -> list[str]:
    """A markdown cell's blocks (paragraphs, lists, tables, headings), as split at blank
    lines outside fenced code."""
    blocks, current, fenced = [], [], False
    for line in source.strip().splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def block_px(block: str) -> float:
    """Height of one markdown block on a slide: a heading, a table, a list or a paragraph."""
    lines = block.splitlines()
    heading = re.match(r"(#{1,6})\s", lines[0].lstrip())
    if heading:
        return HEADING_PX.get(len(heading.group(1)), 46)
    if lines[0].lstrip().startswith("|"):
        rows = [line for line in lines if not re.match(r"^\s*\|?\s*:?-{3}", line)]
        return len(rows) * TABLE_ROW_PX + 24
    if lines[0].lstrip().startswith("```"):
        return len(lines) * 30 + 24
    items: list[str] = []  # a list item, or a paragraph, wraps on its own
    for line in lines:
        text = line.strip().lstrip(">").strip()
        if items and not re.match(r"(?:[-*+]|\d+\.)\s", text):
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
    return sum(_wrapped_lines(item) for item in items) * LINE_PX + 24 + 6 * (len(items) - 1)


def estimated_px(cell: NotebookNode) -> float:
    """How much of a slide a cell takes, in pixels (outputs estimated from the code)."""
    if cell.cell_type == "markdown":
        return sum(block_px(block) for block in markdown_blocks(cell.source))
    code = (sum(-(-len(line) // (CHARS_PER_LINE - 14)) or 1 for line in cell.source.splitlines())
            * 31 + 30 if code_shown_in_deck(cell) else 0)  # monospace lines wrap sooner
    if OUTPUTS_PX in cell.metadata:  # shaped for a deck, which measured its outputs
        return code + float(cell.metadata[OUTPUTS_PX])
    if cell.get("outputs"):  # executed but not yet shaped: measure what it shows
        from geopolitics.course.slide_outputs import output_px

        heights = [output_px(output) for output in cell.outputs]
        if all(height is not None for height in heights):
            return code + sum(h for h in heights if h is not None)
    kind = _output_kind(cell.source)
    if kind == "table":
        asked = re.search(r"\.head\((\d+)\)\s*$", cell.source)
        rows = min(int(asked.group(1)), DECK_TABLE_ROWS) if asked else DECK_TABLE_ROWS
        more = 0 if asked and int(asked.group(1)) <= DECK_TABLE_ROWS else LINE_PX + 12
        return code + (rows + 1) * TABLE_ROW_PX + 24 + more
    return code + (OUTPUT_PX[kind] if kind else 0)


def plan(notebook: NotebookNode) -> list[str]:
    """The slide type of every cell, by the kit's rules (one idea per slide).

    1. The first cell (title, question, objectives) is the title slide.
    2. Instructor notes become speaker notes (``notes``): the presenter sees them, the room
       does not.
    3. The set-up cell (imports only, before the first section) is skipped: it runs, but
       nobody needs to read it on a slide.
    4. A section heading (``##``), and the Key points and Sources sections whatever their
       level, start a new slide; a sub-heading (``###`` and below) starts a sub-slide.
    5. A pause point (a cell opening with **Try it** or **Discuss**) starts a sub-slide, so
       the question stays on screen while the room works on it; so does **What to see**,
       the reading of a chart, so that it comes after the room has looked (and never on
       the slide of the Try it it answers).
    6. Any other cell continues the slide, unless the slide would then overflow
       (``BUDGET_PX``, outputs estimated from the code): then it starts a sub-slide. Text
       that leads into a code cell moves with it when the two fit on one slide; a chart
       too tall to share a slide with its lead-in gets the next one. A markdown cell too
       tall for any slide is split at its paragraphs in the deck (see
       :func:`geopolitics.course.export.deck_notebook`).
    """
    cells = notebook.cells
    types = ["-"] * len(cells)
    used = 0.0  # lines on the current slide so far
    seen_section = False
    for index, cell in enumerate(cells):
        if is_instructor_note(cell):
            types[index] = "notes"
            continue
        level = heading_level(cell)
        if cell.cell_type == "code" and not seen_section and index > 0 and _only_imports(
                cell.source):
            types[index] = "skip"
            continue
        group = _group_px(cells, index)
        needed = group if group <= BUDGET_PX else estimated_px(cell)
        overflows = used > 0 and used + needed > BUDGET_PX
        if index == 0 or level in (1, 2) or (
                level and OWN_SLIDE_HEADINGS.match(cell.source.lstrip())):
            types[index] = "slide"
        elif (level >= 3 or (cell.cell_type == "markdown" and PAUSE_MARK.match(cell.source))
              or overflows):
            types[index] = "subslide"
        if level >= 2:
            seen_section = True
        if types[index] in ("slide", "subslide"):
            used = 0.0
        used += estimated_px(cell)
    return types


def _group_px(cells: Sequence[NotebookNode], index: int) -> float:
    """A cell and the code cells that follow it (they belong on the same slide)."""
    total = estimated_px(cells[index])
    for cell in cells[index + 1:]:
        if is_instructor_note(cell):
            continue
        if cell.cell_type != "code":
            break
        total += estimated_px(cell)
        if cells[index].cell_type == "code":
            break
    return total


def stored_structure(notebook: NotebookNode) -> list[str | None]:
    """The slide type each cell carries now (None where it carries none)."""
    return [cell.metadata.get("slideshow", {}).get("slide_type") for cell in notebook.cells]


def apply_plan(notebook: NotebookNode) -> bool:
    """Store the planned slide types in the cells' metadata; True if anything changed.

    Only ``metadata.slideshow.slide_type`` is touched: sources, outputs, ids, tags and any
    other metadata stay as they are, so running this twice changes nothing the second time.
    """
    changed = False
    for cell, slide_type in zip(notebook.cells, plan(notebook), strict=True):
        slideshow = cell.metadata.setdefault("slideshow", {})
        if slideshow.get("slide_type") != slide_type:
            slideshow["slide_type"] = slide_type
            changed = True
    return changed


def structure_drift(root: Path = ROOT) -> list[str]:
    """Each cell whose stored slide type differs from the plan, as a sentence."""
    problems = []
    for path in lectures(root):
        notebook = nbformat.read(path, as_version=4)
        for index, (cell, stored, planned) in enumerate(zip(
                notebook.cells, stored_structure(notebook), plan(notebook), strict=True)):
            if stored != planned:
                problems.append(f"{path.relative_to(root)}: cell {index} (id {cell.get('id')}) "
                                f"is {stored!r}, the plan says {planned!r}")
    return problems


def write_structure(root: Path = ROOT) -> list[Path]:
    """Store the planned structure in every lecture; returns the files that changed."""
    written = []
    for path in lectures(root):
        notebook = nbformat.read(path, as_version=4)
        if apply_plan(notebook):
            path.write_text(notebook_text(notebook), encoding="utf-8")
            written.append(path)
    return written


def command(write: bool) -> int:
    """``export structure --write`` stores the plan; ``--check`` reports drift (exit 1)."""
    if write:
        changed = write_structure()
        for path in changed:
            print(f"updated slide structure of {path.relative_to(ROOT)}")
        if not changed:
            print("every lecture already has the planned slide structure")
        return 0
    return report_drift(structure_drift(),
                        "python -m geopolitics.course.export structure --write")
