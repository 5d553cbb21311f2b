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
from geopolitics.course.notebook_files import notebook_text
from geopolitics.paths import ROOT


def lectures(root: Path = ROOT) -> list[Path]:
    """Every catalogued lecture, in lesson order: ``notebooks/NN_name.ipynb``."""
    return [lesson.lecture for lesson in catalogue.lessons(root)]


# --- slide structure ------------------------------------------------------------------------

#: Lines of text that fit on one slide at the decks' font size (see ``SLIDE_SIZE`` in
#: :mod:`geopolitics.course.export`).
SLIDE_BUDGET = 27
#: Lines a kind of output takes on a slide, estimated from the code that makes it. In a
#: deck, an output other than a chart scrolls in a box of at most ``OUTPUT_BOX`` lines.
OUTPUT_BOX = 13
OUTPUT_LINES = {"widget": 15, "chart": 13, "sources": OUTPUT_BOX, "table": 11, "text": 11,
                "value": 3}
INSTRUCTOR_TAG = "instructor"
NOTE_MARK = re.compile(r"^\s*>\s*\*\*Instructor note")
PAUSE_MARK = re.compile(r"^\s*\*\*(Try it|Discuss)\b")
OWN_SLIDE_HEADINGS = re.compile(r"^#+\s*(Key points|Sources)\b", re.I)
#: Code longer than this is folded in a deck (a "Code" line to click), so that the chart it
#: draws and the sentence after it share a slide; the web pages show all code.
FOLD_LINES = 8
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


def folded_in_deck(cell: NotebookNode) -> bool:
    """Whether a deck shows this cell's code folded (see ``FOLD_LINES``)."""
    return cell.cell_type == "code" and len(cell.source.splitlines()) > FOLD_LINES


def estimated_lines(cell: NotebookNode) -> float:
    """How much of a slide a cell takes, in lines of text (outputs estimated from the code)."""
    lines = cell.source.splitlines()
    if cell.cell_type == "markdown":
        return sum(2 if line.startswith("#") else 0.5 if not line.strip() else 1
                   for line in lines)
    code = 1 if folded_in_deck(cell) else len(lines)
    kind = _output_kind(cell.source)
    if kind == "table":
        rows = re.search(r"\.head\((\d+)\)\s*$", cell.source)
        return code + (min(int(rows.group(1)) + 1, OUTPUT_BOX) if rows
                       else OUTPUT_LINES["table"])
    return code + (OUTPUT_LINES[kind] if kind else 0)


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
       the question stays on screen while the room works on it.
    6. Any other cell continues the slide, unless the slide would then overflow
       (``SLIDE_BUDGET`` lines, outputs estimated from the code): then a markdown cell starts
       a sub-slide. A code cell stays with the text that leads into it, and its output
       with the code; a cell too long for any slide gets one to itself (the deck scrolls it).
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
        overflows = used > 0 and used + _group_lines(cells, index) > SLIDE_BUDGET
        if index == 0 or level in (1, 2) or (
                level and OWN_SLIDE_HEADINGS.match(cell.source.lstrip())):
            types[index] = "slide"
        elif (level >= 3 or (cell.cell_type == "markdown" and PAUSE_MARK.match(cell.source))
              or (overflows and (cell.cell_type == "markdown"
                                 or _previous_shown(cells, types, index) == "code"))):
            types[index] = "subslide"
        if level >= 2:
            seen_section = True
        if types[index] in ("slide", "subslide"):
            used = 0.0
        used += estimated_lines(cell)
    return types


def _previous_shown(cells: Sequence[NotebookNode], types: list[str], index: int) -> str | None:
    """The type of the nearest earlier cell that appears on a slide."""
    for earlier in range(index - 1, -1, -1):
        if types[earlier] not in ("notes", "skip"):
            return str(cells[earlier].cell_type)
    return None


def _group_lines(cells: Sequence[NotebookNode], index: int) -> float:
    """A cell and the code cells that follow it (they belong on the same slide)."""
    total = estimated_lines(cells[index])
    for cell in cells[index + 1:]:
        if is_instructor_note(cell):
            continue
        if cell.cell_type != "code":
            break
        total += estimated_lines(cell)
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
