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
        if line.startswith("|") and line.count("|") >= 5:
            last = line.strip("|").split("|")[-1].strip()
            if re.fullmatch(r"\d+(?:–\d+)?(?:, \d+(?:–\d+)?)*", last):
                cells += numbers(last)
        for cell in cells:
            if cell > count:
                stale.append(f"cell {cell} (the lecture has {count}): {line[:70]}")
            elif named_sections and sections[cell] not in named_sections and not (
                    sections[cell] is None and (cell <= 3 or closing)):
                stale.append(f"cell {cell} is in §{sections[cell]}, not §{named_sections}: "
                             f"{line[:70]}")
        prompt = re.match(r"^### .*\(§(\d+), cell (\d+)\)", line)
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
