"""The instructor guide points at real things: links, files, data rows, questions and cells.

The guide (docs/instructor-guide.md and docs/instructor/*.md) names cells, sections, source ids
and question ids so an instructor can find them in class. When a lesson changes, these tests
say which reference went stale instead of letting the guide drift.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from geopolitics import catalogue
from geopolitics.checks import questions

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = [DOCS / "instructor-guide.md", *sorted((DOCS / "instructor").glob("*.md"))]
#: Question ids that only appear as a worked example of adding a question.
EXAMPLE_QUESTIONS = {"q04_news_growth"}
LESSON_PAGE = re.compile(r"lesson-(\d\d)(?:-[a-z]+)?\.md")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", path.read_text("utf-8"), re.M)}


def row_ids() -> set[str]:
    ids = set()
    for table in (ROOT / "data").glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as f:
            ids |= {row["id"] for row in csv.DictReader(f) if "id" in row}
    return ids


def prose(text: str) -> str:
    """The guide without fenced code blocks (their ids are examples, not references)."""
    return re.sub(r"```.*?```", "", re.sub(r"````.*?````", "", text, flags=re.S), flags=re.S)


def cell_sources(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"]]


def section_of_each_cell(sources: list[str]) -> dict[int, int | None]:
    """Cell number (from 1, as the guide counts) -> the numbered section it sits in."""
    section: int | None = None
    found = {}
    for number, source in enumerate(sources, 1):
        heading = re.match(r"## (\d+)\.", source)
        if heading:
            section = int(heading.group(1))
        elif source.startswith("## "):
            section = None
        found[number] = section
    return found


def numbers(text: str) -> list[int]:
    """Every number in '3', '3–5' or '3, 7–9'."""
    found = []
    for low, high in re.findall(r"(\d+)(?:–(\d+))?", text):
        found += range(int(low), int(high or low) + 1)
    return found


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: p.name)
def test_links_resolve(page: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)]+)\)", page.read_text("utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no such heading")
    assert not broken, f"{page.name}: " + "; ".join(broken)


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: p.name)
def test_named_questions_paths_and_rows_exist(page: Path) -> None:
    known_questions, ids = set(questions()), row_ids()
    stale = []
    for token in re.findall(r"`([^`\n]+)`", prose(page.read_text("utf-8"))):
        token = token.strip()
        if re.fullmatch(r"q\d\d_[a-z0-9_]+", token):
            if token not in known_questions and not (
                    token in EXAMPLE_QUESTIONS and page.name == "adapting.md"):
                stale.append(f"question {token}")
        elif re.fullmatch(r"[a-z]+(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}-[a-z0-9-]+", token):
            if token not in ids:
                stale.append(f"row or source {token}")
        elif re.fullmatch(r"(docs|data|notebooks|solutions|exercises|geopolitics|tools|tests)/\S+",
                          token):
            if any(ch in token for ch in "*<") or "NN" in token:
                continue
            if not (ROOT / token).exists():
                stale.append(f"path {token}")
    assert not stale, f"{page.name} names things that do not exist: " + ", ".join(stale)


LESSON_PAGES = [p for p in GUIDE if LESSON_PAGE.fullmatch(p.name)]


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda p: p.name)
def test_objectives_are_the_lectures(page: Path) -> None:
    number = LESSON_PAGE.fullmatch(page.name).group(1)
    lecture = cell_sources(next((ROOT / "notebooks").glob(f"{number}_*.ipynb")))
    in_lecture = [" ".join(o.split()) for o in
                  re.findall(r"^\d\. (.*?)(?=^\d\. |\n\n)", lecture[0], flags=re.M | re.S)]
    block = page.read_text("utf-8").split("## Objectives")[1].split("\n## ")[0]
    in_guide = [" ".join(o.split()) for o in
                re.findall(r"^\d\. (.*?)(?=^\d\. |\Z)", block.strip() + "\n", flags=re.M | re.S)]
    assert in_guide == in_lecture


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda p: p.name)
def test_cell_references_point_into_the_named_section(page: Path) -> None:
    number = LESSON_PAGE.fullmatch(page.name).group(1)
    lecture = cell_sources(next((ROOT / "notebooks").glob(f"{number}_*.ipynb")))
    solution = cell_sources(next((ROOT / "solutions").glob(f"{number}_*.ipynb")))
    sections, count = section_of_each_cell(lecture), len(lecture)
    text = page.read_text("utf-8")
    stale = []
    for q in re.findall(r"exercise(?: sheet)?,? questions? (\d)", text):
        if not any(s.startswith(f"## Question {q} ") for s in solution):
            stale.append(f"exercise question {q} is not in the solutions")
    for line in text.splitlines():
        ranges = re.findall(r"§\d+(?:–§?\d+)?", line)
        named_sections = numbers(" ".join(ranges).replace("§", ""))
        closing = re.search(r"key points|wrap|close|sources", line, flags=re.I)
        cells = []
        for match in re.finditer(r"cells? (\d+(?:–\d+)?(?:, \d+(?:–\d+)?)*)", line):
            cells += numbers(match.group(1))
        if line.startswith("|") and line.count("|") >= 5:  # a timing plan: Cells is column 4
            named = line.strip().strip("|").split("|")[3].strip()
            if re.fullmatch(r"\d+(?:–\d+)?(?:, \d+(?:–\d+)?)*", named):
                cells += numbers(named)
        for cell in cells:
            if cell > count:
                stale.append(f"cell {cell} (the lecture has {count}): {line[:70]}")
            elif named_sections and sections[cell] not in named_sections and not (
                    sections[cell] is None and (cell <= 3 or closing)):
                stale.append(f"cell {cell} is in §{sections[cell]}, not §{named_sections}: "
                             f"{line[:70]}")
        prompt = re.match(r"^### .*\(§(\d+), cell (\d+)(?:, slides? [\d–, ]+)?\)", line)
        if prompt and prompt.group(2).isdigit() and int(prompt.group(2)) <= count:
            source = lecture[int(prompt.group(2)) - 1]
            if "Discuss" not in source and "Instructor note" not in source:
                stale.append(f"cell {prompt.group(2)} is not a Discuss or instructor note")
    assert not stale, f"{page.name}: " + "; ".join(stale)


def test_the_guide_counts_each_sheets_checked_questions_right() -> None:
    """It once said six for every sheet while sheet 04 had seven."""
    text = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    counts = {lesson.id: len(questions(lesson.id)) for lesson in catalogue.lessons()
              if questions(lesson.id)}
    usual = max(set(counts.values()), key=list(counts.values()).count)
    words = {6: "six", 7: "seven"}
    assert f"Every exercise sheet has {words[usual]} checked questions" in text
    for lesson, count in counts.items():
        if count != usual:
            assert f"sheet {lesson}\nhas {words[count]}" in text or (
                f"sheet {lesson} has {words[count]}" in text), lesson


# --- the guide as the decks read it (issue 20: speaker notes from one source) ---------------

@pytest.mark.parametrize("lesson", catalogue.lessons(), ids=lambda lesson: lesson.id)
def test_each_guides_timing_plan_covers_every_cell_a_slide_shows(lesson: catalogue.Lesson) -> None:
    """Every slide's speaker note comes from the block of the plan that covers its cells, so
    a cell outside every block would leave a slide with no minutes and nothing to do."""
    import nbformat

    from geopolitics.course import guide, structure

    plan = guide.for_lesson(lesson)
    assert plan is not None, f"lesson {lesson.id} has no guide in docs/instructor/"
    assert plan.minutes == "50" and plan.blocks, plan.path.name
    covered = set().union(*(block.cells for block in plan.blocks))
    cells = nbformat.read(lesson.lecture, as_version=4).cells
    shown = [number for number, cell in enumerate(cells, 1)
             if not structure.is_instructor_note(cell)
             and cell.metadata.get("slideshow", {}).get("slide_type") != "skip"]
    missing = [n for n in shown if n not in covered]
    assert not missing, (f"{plan.path.name}: no block of the timing plan covers cells "
                         f"{guide.as_range(missing)}")
    for prompt in plan.prompts:
        assert prompt.cells and prompt.answer, f"{plan.path.name}: {prompt.question}"


def test_the_guide_reader_reads_ranges_places_and_writes_slides_back(tmp_path: Path) -> None:
    from geopolitics.course import guide

    assert guide.numbers("4–10") == frozenset(range(4, 11))
    assert guide.numbers("15, 23–25") == {15, 23, 24, 25}
    assert guide.numbers("exercise sheet") == frozenset()
    assert guide.as_range([5, 3, 4, 9, 11, 10]) == "3–5, 9–11"
    text = ("## Timing plan: 50 minutes\n\n"
            "| Minutes | Activity | What the instructor does | Cells |\n|---|---|---|---|\n"
            "| 0–5 | Start (§1) | Ask a question. | 1–3 |\n"
            "| 5–50 | Exercises | Circulate. | exercise sheet |\n\n"
            "## Discussion prompts\n\n### \"Why?\" (§1, cell 3)\n\nA strong answer says how.\n")
    shown = {1: {1}, 2: {2}, 3: {2, 3}}
    written = guide.with_slides(text, shown)
    assert "| 0–5 | Start (§1) | Ask a question. | 1–3 | 1–3 |" in written
    assert "| 5–50 | Exercises | Circulate. | exercise sheet | — |" in written
    assert '### "Why?" (§1, cell 3, slide 3)' in written  # asked on the last slide of its cell
    assert guide.with_slides(written, shown) == written  # a second run changes nothing
    (tmp_path / "lesson-09.md").write_text(written, encoding="utf-8")
    plan = guide.read(tmp_path / "lesson-09.md")
    assert [b.slides for b in plan.blocks] == ["1–3", "—"]
    assert plan.prompts[0].slides == "3" and plan.prompts[0].cells == {3}
    assert guide.drift(plan, shown) == []
    assert guide.drift(plan, {1: {1}, 2: {2}, 3: {4}}) == [
        "lesson-09.md: the block 0–5 (Start (§1)) names slides 1–3; the deck shows it on 1–2, 4",
        "lesson-09.md: the prompt '\"Why?\"' names slide 3; the deck shows it on 4"]


def test_speaker_notes_pace_each_block_and_put_a_prompt_where_it_is_asked() -> None:
    from geopolitics.course import guide

    plan = guide.Guide(Path("lesson-09.md"), "50", (
        guide.Block("0–5", "Start (§1)", "Ask about cell 3.", frozenset({1, 2, 3}), ""),
        guide.Block("5–9", "Next (§2)", "Show it.", frozenset({4}), "")), (
        guide.Prompt('"Why?"', "1", frozenset({3}), "", "It says how."),
        guide.Prompt('"How?"', "2", frozenset({4}), "", "A strong answer names two.")))
    notes = guide.speaker_notes(plan, [[1], [2, 3], [3], [4], [9]])
    assert notes[0] is not None and notes[0].startswith(
        "**Instructor note** · minutes 0–5 of 50 · Start (§1) · slide 1 of 3 of this block")
    assert "**Do:** Ask about cell 3, slide 2." in notes[0]  # the cell's first slide, named
    assert "Prompt" not in notes[0] + (notes[1] or "")  # a split cell asks on its last slide
    assert notes[2] is not None and "slide 3 of 3" in notes[2]
    assert '**Prompt:** "Why?"\n\n**A strong answer:** It says how.' in notes[2]
    assert notes[3] is not None and notes[3].count("trong answer") == 1  # not said twice
    assert notes[2].index("Prompt") < notes[2].index("Do:")  # what is special to the slide first
    assert notes[4] is None
