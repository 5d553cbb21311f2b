"""A lesson's instructor guide as data: its timing plan and its discussion prompts.

The guide (``docs/instructor/lesson-NN*.md``) is where an instructor prepares a class: the
first *Timing plan* table gives each block of the lecture its minutes, what the instructor
does and the lecture cells it covers; *Discussion prompts* gives each prompt's cell and what
a strong answer contains. The decks read both from here (:func:`speaker_notes`), so the
presenter's notes and the guide are one text: change the guide and the next ``make slides``
says the same. The guide names the slides of each block and prompt as well as the cells; the
export tests compare those numbers with the built decks (:func:`slides_of`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geopolitics.catalogue import Lesson
from geopolitics.errors import KitError

#: A range or list of numbers as the guide writes them: "4–10", "15, 23", "7".
_NUMBERS = re.compile(r"^\d+(\s*[–-]\s*\d+)?(\s*,\s*\d+(\s*[–-]\s*\d+)?)*$")
#: A prompt heading's place: "(§5, cell 28)" or "(§5, cell 28, slide 31)".
_PLACE = re.compile(r"\((?:§(?P<section>[\d–-]+), )?cells? (?P<cells>[\d–, -]+?)"
                    r"(?:, slides? (?P<slides>[\d–, -]+))?\)\s*$")


class GuideError(KitError, ValueError):
    """A guide's timing table or prompt headings cannot be read."""


@dataclass(frozen=True)
class Block:
    """One row of the timing plan."""

    minutes: str
    activity: str
    does: str
    cells: frozenset[int]
    slides: str  # as the guide writes them ("5–9"), or "" where the table has no such column


@dataclass(frozen=True)
class Prompt:
    """A discussion prompt and what a strong answer contains."""

    question: str
    section: str
    cells: frozenset[int]
    slides: str
    answer: str


@dataclass(frozen=True)
class Guide:
    path: Path
    minutes: str  # the length of the plan, "50"
    blocks: tuple[Block, ...]
    prompts: tuple[Prompt, ...]

    def block_for(self, cells: Iterable[int]) -> Block | None:
        """The block that covers the first of ``cells`` that any block covers."""
        for cell in sorted(cells):
            for block in self.blocks:
                if cell in block.cells:
                    return block
        return None

    def prompts_for(self, cells: Iterable[int]) -> list[Prompt]:
        shown = set(cells)
        return [prompt for prompt in self.prompts if prompt.cells & shown]


def guide_path(lesson: Lesson) -> Path | None:
    """The lesson's guide: ``docs/instructor/lesson-NN.md`` or ``lesson-NN-<name>.md``."""
    found = sorted((lesson.root / "docs" / "instructor").glob(f"lesson-{lesson.id}*.md"))
    return found[0] if found else None


def for_lesson(lesson: Lesson) -> Guide | None:
    """The lesson's guide read, or None for a lesson that has none yet."""
    path = guide_path(lesson)
    return read(path) if path is not None else None


def numbers(text: str) -> frozenset[int]:
    """The numbers a cell or slide column names ("4–10", "15, 23"); none for words such as
    "exercise sheet"."""
    text = text.strip()
    if not _NUMBERS.match(text):
        return frozenset()
    found: set[int] = set()
    for part in text.split(","):
        ends = [int(n) for n in re.split(r"[–-]", part)]
        found.update(range(ends[0], ends[-1] + 1))
    return frozenset(found)


def as_range(values: Iterable[int]) -> str:
    """Numbers as the guide writes them: runs joined by an en dash, runs separated by commas."""
    runs: list[list[int]] = []
    for value in sorted(set(values)):
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _table(lines: list[str], start: int) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the first Markdown table at or after ``start``."""
    index = start
    while index < len(lines) and not lines[index].startswith("|"):
        index += 1
    rows = []
    while index < len(lines) and lines[index].startswith("|"):
        rows.append([c.strip() for c in lines[index].strip().strip("|").split("|")])
        index += 1
    if len(rows) < 3:
        return [], []
    return rows[0], rows[2:]


def read(path: Path) -> Guide:
    """The guide at ``path``: its first timing plan and its discussion prompts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    plan = next((i for i, line in enumerate(lines) if line.startswith("## Timing plan")), None)
    if plan is None:
        raise GuideError(f"{path.name} has no '## Timing plan' section.")
    length = re.search(r"(\d+) minutes", lines[plan])
    header, rows = _table(lines, plan + 1)
    wanted = ["Minutes", "Activity", "What the instructor does", "Cells"]
    if header[:4] != wanted:
        raise GuideError(f"{path.name}: the timing plan's columns are {header}; the decks "
                         f"read {wanted} (then, optionally, Slides).")
    blocks = tuple(Block(row[0], row[1], row[2], numbers(row[3]),
                         row[4] if len(row) > 4 else "") for row in rows)
    return Guide(path, length.group(1) if length else "", blocks, _prompts(lines, path))


def _prompts(lines: list[str], path: Path) -> tuple[Prompt, ...]:
    start = next((i for i, line in enumerate(lines) if line == "## Discussion prompts"), None)
    if start is None:
        return ()
    found: list[Prompt] = []
    heading: str | None = None
    body: list[str] = []

    def close() -> None:
        if heading is None:
            return
        place = _PLACE.search(heading)
        if place is None:
            raise GuideError(f"{path.name}: the prompt {heading!r} does not end with its place, "
                             "as in (§5, cell 28, slide 31).")
        question = heading[:place.start()].strip()
        question = re.sub(r"^Instructor prompt:\s*", "", question)
        found.append(Prompt(question, place["section"] or "", numbers(place["cells"]),
                            (place["slides"] or "").strip(), "\n".join(body).strip()))

    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("### "):
            close()
            heading, body = line[4:].strip(), []
        elif heading is not None:
            body.append(line)
    close()
    return tuple(found)


def speaker_notes(guide: Guide, slides: Sequence[Collection[int]]) -> list[str | None]:
    """The presenter's note for each slide of a deck, given the lecture cells each shows.

    A note opens with its block of the timing plan (minutes, and which of the block's slides
    this is, for pacing); then, on the slide that asks a discussion prompt (the last slide
    showing the prompt's cell, where a split cell ends with its question), the prompt and what
    a strong answer contains; then what to do. A cell the guide names gets the slide it is on,
    which the room's screen shows and cell numbers are not. None for a slide no block covers.
    """
    blocks = [guide.block_for(cells) for cells in slides]
    shown: dict[int, set[int]] = {}  # lecture cell -> the slides (from 1) that show it
    for number, cells in enumerate(slides, 1):
        for cell in cells:
            shown.setdefault(cell, set()).add(number)
    asked = {prompt: int(slide) - 1 for prompt in guide.prompts
             if (slide := prompt_slide(prompt, shown))}
    first_slide = {cell: min(on) for cell, on in shown.items()}
    notes: list[str | None] = []
    for number, block in enumerate(blocks):
        if block is None:
            notes.append(None)
            continue
        mine = [n for n, other in enumerate(blocks) if other == block]
        parts = [f"**Instructor note** · minutes {block.minutes} of {guide.minutes} · "
                 f"{block.activity} · slide {mine.index(number) + 1} of {len(mine)} of "
                 "this block"]
        for prompt in (p for p, n in asked.items() if n == number):
            answer = prompt.answer
            if "strong answer" not in answer.lower():
                answer = f"**A strong answer:** {answer}"
            parts += [f"**Prompt:** {prompt.question}", answer]
        parts.append(f"**Do:** {block.does}")
        parts.append(f"*From the guide, docs/instructor/{guide.path.name}.*")
        notes.append(_with_slides_named("\n\n".join(parts), first_slide))
    return notes


def _with_slides_named(text: str, first_slide: Mapping[int, int]) -> str:
    """"cell 29" becomes "cell 29, slide 20" where the deck shows that cell."""
    def named(match: re.Match[str]) -> str:
        slide = first_slide.get(int(match.group(1)))
        return f"{match.group(0)}, slide {slide}" if slide else match.group(0)

    return re.sub(r"\bcell (\d+)\b(?!, slide)", named, text)


def prompt_slide(prompt: Prompt, shown: Mapping[int, set[int]]) -> str:
    """The slide that asks a prompt: the last one showing its cells."""
    slides = [s for cell in prompt.cells for s in shown.get(cell, ())]
    return str(max(slides)) if slides else ""


def slides_of(deck_cells: Iterable[tuple[str, int | None]]) -> dict[int, set[int]]:
    """Which slides (numbered as the deck counts them, title slide 1) show each lecture
    cell, from the deck's cells as (slide type, lecture cell) in order."""
    found: dict[int, set[int]] = {}
    number = 0
    for slide_type, cell in deck_cells:
        if slide_type in ("slide", "subslide"):
            number += 1
        if cell is None or slide_type == "skip":  # a lecture's note is on its slide's notes
            continue
        found.setdefault(cell, set()).add(max(number, 1))
    return found


def slides_for(cells: Iterable[int], shown: Mapping[int, set[int]]) -> str:
    """The slides a block or prompt covers, as the guide should name them."""
    return as_range(s for cell in cells for s in shown.get(cell, ()))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def with_slides(text: str, shown: Mapping[int, set[int]]) -> str:
    """The guide's text with the Slides column of its first timing plan, and the slide in
    each prompt's place, set from ``shown`` (lecture cell -> the deck's slides).

    The slide numbers follow from the lecture and the deck's rules, so they are written by
    ``python -m geopolitics.course.export slides --update-guides``, never by hand."""
    lines = text.splitlines()
    plan = next((i for i, line in enumerate(lines) if line.startswith("## Timing plan")), None)
    if plan is not None:
        index = plan + 1
        while index < len(lines) and not lines[index].startswith("|"):
            index += 1
        first = index
        while index < len(lines) and lines[index].startswith("|"):
            cells = [c.strip() for c in lines[index].strip().strip("|").split("|")][:5]
            if index == first:
                cells[4:] = ["Slides"]
            elif index == first + 1:
                lines[index] = "|---|---|---|---|---|"
                index += 1
                continue
            else:
                cells[4:] = [slides_for(numbers(cells[3]), shown) or "—"]
            lines[index] = _row(cells)
            index += 1
    in_prompts = False
    for index, line in enumerate(lines):
        if line.startswith("## "):
            in_prompts = line == "## Discussion prompts"
        elif in_prompts and line.startswith("### "):
            place = _PLACE.search(line)
            if place is None:
                continue
            cells = numbers(place["cells"])
            slide = prompt_slide(Prompt("", "", cells, "", ""), shown)
            said = [f"§{place['section']}"] if place["section"] else []
            said.append(f"cell{'s' if len(cells) > 1 else ''} {place['cells'].strip()}")
            if slide:
                said.append(f"slide {slide}")
            lines[index] = line[:place.start()] + "(" + ", ".join(said) + ")"
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def drift(guide: Guide, shown: Mapping[int, set[int]]) -> list[str]:
    """Where the guide's slide numbers differ from the deck's, as sentences."""
    found = []
    for block in guide.blocks:
        wanted = slides_for(block.cells, shown) or "—"
        if block.slides != wanted:
            found.append(f"{guide.path.name}: the block {block.minutes} ({block.activity}) "
                         f"names slides {block.slides or 'none'}; the deck shows it on {wanted}")
    for prompt in guide.prompts:
        wanted = prompt_slide(prompt, shown)
        if prompt.slides != wanted:
            found.append(f"{guide.path.name}: the prompt {prompt.question[:50]!r} names slide "
                         f"{prompt.slides or 'none'}; the deck shows it on {wanted or 'none'}")
    return found


def slides_named(plan: Guide | None, slide_types: Sequence[str],
                 lecture_cells: Sequence[int | None], write: bool = False) -> tuple[str, ...]:
    """Where a lesson's guide names other slides than its deck (cells' slide types and
    lecture cells) shows, after writing the deck's numbers into the guide when ``write``."""
    if plan is None:
        return ()
    shown = slides_of(zip(slide_types, lecture_cells, strict=True))
    if write:
        text = plan.path.read_text(encoding="utf-8")
        plan.path.write_text(with_slides(text, shown), encoding="utf-8")
        plan = read(plan.path)
    return tuple(drift(plan, shown))
