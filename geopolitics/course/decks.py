"""The lecture as its deck shows it: cut to slides that fit 1280x720, code hidden.

:func:`deck_notebook` takes an executed lecture and returns the notebook the deck exporter
writes: markdown too tall for a slide split between its paragraphs, a panel too tall for one
slide split into its status line and its chart, outputs shaped for a slide
(:mod:`geopolitics.course.slide_outputs`), code hidden unless tagged ``slide-code``, and the
slide structure planned again by the rules of :mod:`geopolitics.course.structure`, now with
the real heights of the outputs. Given the lesson's instructor guide, every slide the guide's
timing plan covers gets a speaker note from it: minutes, what to do, and the prompts shown
with what a strong answer contains (:mod:`geopolitics.course.guide`). :func:`too_tall_slides`
names any slide the plan still expects to overflow; ``make slides`` prints them.
"""


from __future__ import annotations

import nbformat
from nbformat import NotebookNode

from geopolitics.course import slide_outputs, structure
from geopolitics.course.guide import Guide, speaker_notes
from geopolitics.course.slide_page import BUDGET_PX
from geopolitics.text import one_line

#: Each deck cell's number in the lecture, counted as the instructor guide counts them (the
#: title cell is cell 1), so that split pieces and speaker notes know which cells of the
#: guide's timing plan they show.
LECTURE_CELL = "geopolitics_cell"


def _split_markdown(cell: NotebookNode) -> list[NotebookNode]:
    """A markdown cell too tall for a slide, as cells that each fit one, cut between its
    paragraphs (a block taller than a slide stays whole: the deck test names it)."""
    pieces: list[list[str]] = [[]]
    used = 0.0
    for block in structure.markdown_blocks(cell.source):
        height = structure.block_px(block)
        if pieces[-1] and used + height > BUDGET_PX:
            pieces.append([])
            used = 0.0
        pieces[-1].append(block)
        used += height
    cells = []
    for number, blocks in enumerate(pieces):
        piece = nbformat.from_dict(cell)
        piece.source = "\n\n".join(blocks)
        if number:
            piece["id"] = f"{cell.get('id', 'cell')}-{number}"
        cells.append(piece)
    return cells


def _split_panels(cell: NotebookNode) -> list[NotebookNode]:
    """A code cell whose panel is too tall for one slide, as two cells: the panel's status
    and result, then its chart (see :func:`geopolitics.course.slide_outputs.split_panel`)."""
    if cell.cell_type != "code":
        return [cell]
    for index, output in enumerate(cell.get("outputs", [])):
        page = output.get("data", {}).get("text/html")
        parts = slide_outputs.split_panel(page) if isinstance(page, str) else None
        if parts is None:
            continue
        first, second = nbformat.from_dict(cell), nbformat.from_dict(cell)
        first.outputs = [*cell.outputs[:index], nbformat.from_dict(output)]
        first.outputs[-1].data["text/html"] = parts[0]
        second.outputs = [nbformat.from_dict(output), *cell.outputs[index + 1:]]
        second.outputs[0].data["text/html"] = parts[1]
        second.metadata["tags"] = [t for t in second.metadata.get("tags", [])
                                   if t != structure.SHOW_CODE_TAG]  # the code shows once
        second["id"] = f"{cell.get('id', 'cell')}-chart"
        return [first, *_split_panels(second)]
    return [cell]


def deck_notebook(notebook: NotebookNode, guide: Guide | None = None) -> NotebookNode:
    """The lecture as its deck shows it: markdown too tall for a slide split at its
    paragraphs, the slide structure planned again for the pieces, code hidden unless tagged
    ``slide-code``, and tables and lists shaped to fit (see
    :mod:`geopolitics.course.slide_outputs`)."""
    copy = nbformat.from_dict(notebook)
    cells: list[NotebookNode] = []
    for index, cell in enumerate(copy.cells):
        cell.metadata[LECTURE_CELL] = index + 1
        if (cell.cell_type == "markdown" and not structure.is_instructor_note(cell)
                and structure.estimated_px(cell) > BUDGET_PX):
            cells.extend(_split_markdown(cell))
        else:
            cells.append(cell)
    copy.cells = [piece for cell in cells for piece in _split_panels(cell)]
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.metadata["geopolitics_hide_code"] = not structure.code_shown_in_deck(cell)
            heights = [slide_outputs.shape_for_slide(o) for o in cell.get("outputs", [])]
            if heights and None not in heights:  # the plan reads this, not the shaped HTML
                cell.metadata[structure.OUTPUTS_PX] = sum(h for h in heights if h is not None)
    for cell, slide_type in zip(copy.cells, structure.plan(copy), strict=True):
        cell.metadata.setdefault("slideshow", {})["slide_type"] = slide_type
    if guide is not None:
        copy.cells = _with_speaker_notes(copy.cells, guide)
    copy.metadata["geopolitics_deck"] = True
    return copy


def _slide_type(cell: NotebookNode) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def _with_speaker_notes(cells: list[NotebookNode], guide: Guide) -> list[NotebookNode]:
    """The cells with the guide's note for each slide placed after the slide's first cell,
    so that it is the first thing the presenter's view shows for that slide."""
    slides: list[list[NotebookNode]] = []
    for cell in cells:
        if not slides or _slide_type(cell) in ("slide", "subslide"):
            slides.append([])
        slides[-1].append(cell)
    shown = [[c.metadata[LECTURE_CELL] for c in slide  # a lecture note's prompt too
              if _slide_type(c) != "skip" and c.metadata.get(LECTURE_CELL) is not None]
             for slide in slides]
    out: list[NotebookNode] = []
    for slide, note in zip(slides, speaker_notes(guide, shown), strict=True):
        if note is None:
            out.extend(slide)
            continue
        cell = nbformat.v4.new_markdown_cell(note)
        cell["id"] = f"{slide[0].get('id', 'cell')}-guide"
        cell.metadata["slideshow"] = {"slide_type": "notes"}
        cell.metadata[LECTURE_CELL] = None
        out.extend([slide[0], cell, *slide[1:]])
    return out


def too_tall_slides(deck: NotebookNode) -> list[str]:
    """Slides of a deck whose estimated height is more than a slide holds, as sentences
    (a cell that no rule can split, such as one very long paragraph or a tall chart)."""
    found, number, used, first = [], 0, 0.0, ""
    for cell in [*deck.cells, None]:
        kind = (cell.metadata.get("slideshow", {}).get("slide_type", "-")
                if cell is not None else "slide")
        if kind in ("notes", "skip"):
            continue
        if kind in ("slide", "subslide"):
            if number and used > BUDGET_PX:
                found.append(f"slide {number} (from {first!r}) is about {used:.0f} px tall; "
                             f"a slide holds {BUDGET_PX}")
            number, used = number + 1, 0.0
            first = one_line(cell.source, 40) if cell is not None else ""
        if cell is not None:
            used += structure.estimated_px(cell)
    return found
