"""The lesson catalogue: one list of lessons that every part of the kit reads.

A new lesson is its own files plus one entry in ``lessons.toml``; the last test adds a lesson
06 to a copy of the kit that way and shows that exercises, slides, site, grading and links
all find it without any other edit.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from kit_copy import copy_kit
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from geopolitics import catalogue, data
from geopolitics.catalogue import CatalogueError

ROOT = Path(__file__).resolve().parent.parent
LESSONS = catalogue.lessons(ROOT)
FOLDERS = ("notebooks", "solutions", "exercises")


def _catalogue(tmp_path: Path, text: str) -> Path:
    (tmp_path / "lessons.toml").write_text(text, encoding="utf-8")
    return tmp_path


ENTRY = '[[lesson]]\nid = "{id}"\nslug = "{slug}"\ntitle = "T"\nquestion = "Q?"\ntables = []\n'


# --- reading it ------------------------------------------------------------------------------

def test_the_kit_lists_its_lessons_in_teaching_order() -> None:
    assert [lesson.id for lesson in LESSONS] == sorted(lesson.id for lesson in LESSONS)
    assert catalogue.ids(ROOT)[0] == "00"
    assert all((lesson.title and lesson.question.endswith("?")) or lesson.question.endswith(".")
               for lesson in LESSONS)


@pytest.mark.parametrize(("text", "says"), [
    ("not toml [", "not valid TOML"),
    ("title = 'x'\n", "lists no [[lesson]] entries"),
    ('[[lesson]]\nid = "00"\n', "lacks slug, title, question, tables"),
    (ENTRY.format(id="0", slug="a"), "must be two digits"),
    (ENTRY.format(id="00", slug="Start Here"), "lower-case words"),
    (ENTRY.format(id="00", slug="a") + ENTRY.format(id="00", slug="b"), "unique and in order"),
    (ENTRY.format(id="01", slug="a") + ENTRY.format(id="00", slug="b"), "unique and in order"),
    (ENTRY.format(id="00", slug="a").replace("tables = []", "tables = [1]"), "table names"),
    (ENTRY.format(id="00", slug="a") + "colour = 'red'\n", "unknown keys colour"),
])
def test_a_malformed_catalogue_is_refused_with_a_sentence(tmp_path: Path, text: str,
                                                          says: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(says)):
        catalogue.lessons(_catalogue(tmp_path, text))


def test_a_missing_catalogue_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot be read"):
        catalogue.lessons(tmp_path)


def test_an_edited_catalogue_is_read_again(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, ENTRY.format(id="00", slug="a"))
    assert catalogue.ids(root) == ["00"]
    (root / "lessons.toml").write_text(ENTRY.format(id="00", slug="a")
                                       + ENTRY.format(id="01", slug="b"))
    os.utime(root / "lessons.toml", (1, 1))  # a different stamp, as any later edit has
    assert catalogue.ids(root) == ["00", "01"]


# --- what it says about the kit --------------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.stem)
def test_each_lesson_has_its_three_notebooks(lesson: catalogue.Lesson) -> None:
    for path in (lesson.lecture, lesson.solution, lesson.exercise):
        assert path.is_file(), f"{lesson.heading}: {path.relative_to(ROOT)} is missing"


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_lesson_notebook_is_in_the_catalogue(folder: str) -> None:
    listed = {lesson.name for lesson in LESSONS}
    found = {p.name for p in (ROOT / folder).glob("*.ipynb") if ".mine-" not in p.name}
    assert found <= listed, f"add these to lessons.toml or remove them: {sorted(found - listed)}"


def _tables_loaded(path: Path) -> set[str]:
    text = "".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    return set(re.findall(r"""\bload\(\s*["'](\w+)["']""", text))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.stem)
def test_each_lesson_lists_the_tables_its_notebooks_load(lesson: catalogue.Lesson) -> None:
    assert set(lesson.tables) <= set(data.table_names()), "a listed table does not exist"
    loaded = _tables_loaded(lesson.lecture) | _tables_loaded(lesson.solution)
    assert loaded == set(lesson.tables), (
        f"lessons.toml lists {sorted(lesson.tables)} for {lesson.stem}; its notebooks load "
        f"{sorted(loaded)}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.stem)
def test_each_question_bank_holds_only_its_own_lessons_questions(lesson: catalogue.Lesson) -> None:
    """A bank copied from another lesson and not fully edited would file its questions under
    the wrong lesson; ids and lessons must both name the bank's lesson."""
    from geopolitics.checks import _REGISTRY, questions

    questions()  # loads every bank
    module = importlib.import_module(lesson.questions_module)
    source = Path(module.__file__).read_text(encoding="utf-8")
    ids = re.findall(r"""\bid=["'](q\w+)["']""", source)
    assert ids, f"{lesson.questions_module} registers no questions"
    for qid in ids:
        assert qid.startswith(f"q{lesson.id}_"), f"{qid} in lesson {lesson.id}'s bank"
        assert _REGISTRY[qid].lesson == lesson.id, f"{qid} is filed under another lesson"


def _table_rows(text: str, header: str) -> list[list[str]]:
    block = text[text.index(header):].split("\n\n")[0].splitlines()[2:]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in block]


def test_the_readme_lesson_table_is_the_catalogue() -> None:
    rows = _table_rows((ROOT / "README.md").read_text(encoding="utf-8"),
                       "| Lesson | Question | Status |")
    assert [row[:2] for row in rows] == [[lesson.heading, lesson.question] for lesson in LESSONS]


def test_the_guide_index_names_each_lesson_and_its_page() -> None:
    guide = ROOT / "docs" / "instructor-guide.md"
    rows = _table_rows(guide.read_text(encoding="utf-8"),
                       "| Lesson | Question | Lecture time | Guide page |")
    assert [row[:2] for row in rows] == [[lesson.heading, lesson.question] for lesson in LESSONS]
    for row, lesson in zip(rows, LESSONS, strict=True):
        page = re.search(r"\]\((instructor/lesson-(\d\d)[a-z-]*\.md)\)", row[3])
        assert page and page.group(2) == lesson.id, row
        assert (guide.parent / page.group(1)).is_file()


def test_a_lesson_can_be_named_as_a_person_would() -> None:
    assert catalogue.lesson(2).id == catalogue.lesson("lesson 02").id == "02"
    with pytest.raises(CatalogueError, match="numbered 00 to"):
        catalogue.lesson("42")


# --- a new lesson: its files and one catalogue entry, nothing else ---------------------------

NEW = {"id": "06", "slug": "new_lesson", "title": "A new lesson",
       "question": "Does the kit pick up a lesson from its catalogue entry alone?"}

QUESTIONS = '''"""Lesson 06's checked question (written for the catalogue test)."""

from geopolitics.answers import WholeNumber
from geopolitics.checks import Question, register

register(Question(id="q06_events", lesson="06", expects=WholeNumber(), digests=[{digest!r}]))
'''


def _lesson_06(root: Path) -> None:
    """Write lesson 06's own files into a copy of the kit and add its catalogue entry."""
    title = new_markdown_cell(f"# 06 · {NEW['title']}\n\n**The question.** {NEW['question']}")
    lecture = new_notebook(cells=[
        title,
        new_code_cell("from geopolitics import load\n\nevents = load(\"events\")"),
        new_markdown_cell("## How many events?\n\nThe table has one row per event."),
        new_code_cell("len(events)"),
    ])
    solution = new_notebook(cells=[
        new_markdown_cell("# 06 · Exercises"),
        new_code_cell("from geopolitics import check, load, report\n\nevents = load(\"events\")"),
        new_markdown_cell("## Question 1\n\nHow many events does the table hold?"),
        new_code_cell("### BEGIN SOLUTION\ncount = len(events)\n### END SOLUTION"),
        new_code_cell('check("q06_events", count)'),
        new_code_cell('report("06")'),
    ])
    for notebook in (lecture, solution):
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
    nbformat.write(lecture, root / "notebooks" / "06_new_lesson.ipynb")
    nbformat.write(solution, root / "solutions" / "06_new_lesson.ipynb")
    events = len(data.load("events"))
    digest = hashlib.sha256(f"q06_events|{events}".encode()).hexdigest()
    (root / "geopolitics" / "question_banks" / "lesson06.py").write_text(
        QUESTIONS.format(digest=digest), encoding="utf-8")
    with (root / "lessons.toml").open("a", encoding="utf-8") as catalogue_file:
        catalogue_file.write("\n[[lesson]]\n" + "".join(
            f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in NEW.items())
            + 'tables = ["events"]\n')


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_a_new_lesson_needs_only_its_files_and_one_catalogue_entry(tmp_path: Path) -> None:
    root = copy_kit(tmp_path / "kit")
    _lesson_06(root)
    # the copy's own package is the one that runs
    found = _run(root, "-c", "import geopolitics, sys; print(geopolitics.__file__)")
    assert found.stdout.strip().startswith(str(root))

    # exercises: written from the new solution, answer removed
    _run(root, "-m", "geopolitics.course.exercises")
    sheet = nbformat.read(root / "exercises" / "06_new_lesson.ipynb", as_version=4)
    assert "len(events)" not in "".join(c.source for c in sheet.cells)

    # the question is registered, and checks the right answer
    checked = _run(root, "-c", "from geopolitics import check, load, questions\n"
                   "print(questions('06'), check('q06_events', len(load('events'))).passed)")
    assert checked.stdout.split() == ["['q06_events']", "True"]

    # slides and site, for the new lesson alone and in the index
    out = tmp_path / "built"
    _run(root, "-m", "geopolitics.course.export", "slides", "site", "--lesson", "06",
         "--out", str(out))
    assert (out / "slides" / "06_new_lesson.slides.html").is_file()
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert "06_new_lesson.html" in index and NEW["question"] in index
    assert (out / "site" / "06_new_lesson.html").is_file()

    # grading: a student's sheet for lesson 06 is recognised and checked
    submissions = tmp_path / "class"
    submissions.mkdir()
    answered = nbformat.read(root / "solutions" / "06_new_lesson.ipynb", as_version=4)
    nbformat.write(answered, submissions / "ana-06_new_lesson.ipynb")
    grades = tmp_path / "grades"
    _run(root, "-m", "geopolitics.course.grading", str(submissions), "--out", str(grades),
         "--no-sandbox")
    book = (grades / "gradebook.csv").read_text(encoding="utf-8")
    assert re.search(r"ana-06_new_lesson\.ipynb,06,q06_events,True", book), book

    # links open the new lecture
    links = _run(root, "-m", "geopolitics.course.links", "--repo", "me/kit", "--lesson", "06")
    assert "notebooks/06_new_lesson.ipynb" in links.stdout
