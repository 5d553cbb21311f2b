"""Finding and reading the notebooks a class handed in, and telling which lesson each one is.

Nothing here runs a student's code: a submission is read as a file, and whatever cannot be
run gets a :class:`Problem` with its kind (the gradebook's ``run`` word) and one sentence
for the instructor. Only the standard library and nbformat are loaded.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from geopolitics.course.runner import Ending
from geopolitics.errors import KitError
from geopolitics.paths import DATA, PACKAGE
from geopolitics.text import one_line

MAX_NOTEBOOK_BYTES = 50_000_000
_LESSON_IN_NAME = re.compile(r"(?<![0-9])([0-9]{2})_")
_QUESTION_ID = re.compile(r"""check\(\s*["']q([0-9]{2})_""")


class GradingError(KitError):
    """The grader cannot start or finish: no such folder, no notebook in it, a broken kit."""


class Run(StrEnum):
    """What became of a notebook as a whole: the gradebook's ``run`` column."""

    COMPLETED = Ending.COMPLETED.value
    TIMED_OUT = Ending.TIMED_OUT.value
    KERNEL_DIED = Ending.KERNEL_DIED.value
    KERNEL_FAILED = Ending.KERNEL_FAILED.value
    MEMORY_LIMIT = "memory limit"  # a cell wanted more memory than the kernel may have
    NOT_A_NOTEBOOK = "not a notebook"  # empty, a PDF, binary, not notebook JSON
    NOT_RUN = "not run"  # a notebook, but not one to run (too big, a link, gone)
    UNKNOWN_LESSON = "unknown lesson"
    GRADER_FAILED = "grader failed"



@dataclass(frozen=True)
class Problem:
    """Why a file cannot be graded: its kind and one sentence for the instructor."""

    kind: Run
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Submission:
    """One file to grade, and what could be learnt about it before running it."""

    path: Path
    name: str  # path relative to the submissions folder, as the gradebook shows it
    lesson: str | None = None
    notebook: Any = None  # the parsed notebook, when the file is one
    problem: Problem | None = None  # why it cannot be run

    def refuse(self, kind: Run, message: str) -> Submission:
        self.problem = Problem(kind, message)
        return self


def find_notebooks(folder: Path) -> tuple[list[Path], int]:
    """Every ``*.ipynb`` under ``folder``, and how many were skipped in hidden folders.

    Hidden folders hold copies a student never meant to hand in (``.ipynb_checkpoints``).
    """
    found, hidden = [], 0
    for path in sorted(folder.rglob("*.ipynb")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            hidden += 1
            continue
        found.append(path)
    return found, hidden


def collect_copies(paths: list[Path], folder: Path, into: Path) -> list[tuple[Path, Path]]:
    """Copy every submission under ``into`` before any is run; say where each is to be read.

    Notebooks are graded several at a time, so without this a notebook that deletes or
    rewrites a classmate's file by its absolute path could change that classmate's grade,
    depending on which ran first. Each pair is (file to read, folder its name is relative
    to). A link, a folder or an oversized file is not copied: it is read where it is, and
    refused there with its reason.
    """
    read_from = []
    for path in paths:
        name = path.relative_to(folder)
        try:
            plain = (not path.is_symlink() and path.is_file()
                     and path.stat().st_size <= MAX_NOTEBOOK_BYTES)
            if plain:
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, into / name)
                read_from.append((into / name, into))
                continue
        except OSError:
            pass  # unreadable: read where it is, and refused there
        read_from.append((path, folder))
    return read_from


def lesson_from_name(name: str, lessons: Iterable[str]) -> str | None:
    """The lesson number in a file name such as ``00_start_here.mine-2025.ipynb``."""
    for number in _LESSON_IN_NAME.findall(name):
        if number in lessons:
            return number
    return None


def lesson_of(path: Path, notebook: Any, lessons: list[str]) -> str | None:
    """Which lesson a notebook is: its metadata, else its file name, else the ids it checks.

    Exercise sheets record the solution they were written from (``generated_from``), which
    survives a student renaming the file; the ids in ``check("q00_...")`` calls are the last
    resort, for a renamed copy of a solution.
    """
    meta = notebook.metadata.get("geopolitics") if notebook is not None else None
    if isinstance(meta, dict):
        for value in (meta.get("lesson"), meta.get("generated_from")):
            if isinstance(value, str | int):
                text = str(value)
                if text.zfill(2) in lessons and text.isdigit():
                    return text.zfill(2)
                found = lesson_from_name(Path(text).name, lessons)
                if found:
                    return found
    found = lesson_from_name(path.name, lessons)
    if found or notebook is None:
        return found
    counts: dict[str, int] = {}
    for cell in notebook.cells:
        for number in _QUESTION_ID.findall(str(cell.get("source", ""))):
            counts[number] = counts.get(number, 0) + 1
    known = {n: c for n, c in counts.items() if n in lessons}
    return max(known, key=lambda n: known[n]) if known else None


def read_submission(path: Path, folder: Path, lessons: list[str]) -> Submission:
    """Parse one file; anything that is not a runnable notebook comes back with a problem."""
    import nbformat

    sub = Submission(path, path.relative_to(folder).as_posix())
    sub.lesson = lesson_from_name(path.name, lessons)
    if not path.exists() and not path.is_symlink():
        return sub.refuse(Run.NOT_RUN,
                          "not graded: the file disappeared before its turn came.")
    if path.is_symlink() or not path.is_file():
        return sub.refuse(Run.NOT_RUN,
                          "not graded: this is a link or a folder, not a notebook file.")
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return sub.refuse(Run.NOT_RUN,
                          f"not graded: the file is {size / 1e6:.0f} MB, more than any "
                          "exercise sheet should be; clear its outputs and collect it again.")
    raw = path.read_bytes()
    if not raw.strip():
        return sub.refuse(Run.NOT_A_NOTEBOOK,
                          "not a notebook: the file is empty (it may not have been saved).")
    if raw.lstrip().startswith(b"%PDF"):
        return sub.refuse(Run.NOT_A_NOTEBOOK,
                          "not a notebook: the file is a PDF renamed .ipynb; ask for the "
                          "notebook itself (File > Download in JupyterLab).")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return sub.refuse(Run.NOT_A_NOTEBOOK, "not a notebook: the file is not text (a "
                          "binary file renamed .ipynb).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validator.normalize(notebook)
            nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        first = str(exc).strip().splitlines()[0][:160]
        return sub.refuse(Run.NOT_A_NOTEBOOK, f"not a valid notebook: {first}")
    except Exception as exc:  # broken JSON comes in many shapes; each is the student's file
        return sub.refuse(Run.NOT_A_NOTEBOOK,
                          f"not a notebook: the file is not notebook JSON "
                          f"({type(exc).__name__}: {one_line(str(exc), 120)}).")
    sub.notebook = notebook
    sub.lesson = lesson_of(path, notebook, lessons)
    if sub.lesson is None:
        sub.refuse(Run.UNKNOWN_LESSON,
                   "not graded: could not tell which lesson this is (name the file like "
                   f"exercises/NN_name.ipynb; known lessons: {', '.join(lessons)}).")
    return sub


# --- fingerprints: proof that a run changed nothing it should not --------------------------

def fingerprint(paths: Iterable[Path], base: Path) -> dict[str, str]:
    """SHA-256 of each file, by path relative to ``base`` (missing files are left out)."""
    found = {}
    for path in paths:
        try:
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(base).as_posix()] = hashlib.sha256(
                    path.read_bytes()).hexdigest()
        except OSError:
            continue
    return found


def kit_files() -> list[Path]:
    """The kit files a notebook must never change: its data and its Python package."""
    files = [p for p in DATA.rglob("*") if p.is_file()]
    files += [p for p in PACKAGE.rglob("*.py")]
    return sorted(files)


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or changed between two fingerprints, in words."""
    said = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            said.append(f"{name} deleted")
        elif name not in before:
            said.append(f"{name} added")
        elif before[name] != after[name]:
            said.append(f"{name} changed")
    return said
