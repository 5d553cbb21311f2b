"""A student's record of checks on one exercise sheet, kept in a small file beside the sheet.

A kernel forgets everything when it restarts, and ``check()`` keeps only the latest attempt,
so a question that passed once could read "Not yet" after one more try, or "Not answered"
after a restart. This record keeps, for each question, the best result so far and the
latest one, so that ``report()`` can show both and survive a restart.

The record is kept only for the kit's exercise sheets, in ``<sheet>.progress.json`` beside
the sheet: never inside the notebook (a student's work is never rewritten) and never shared
by two sheets. Jupyter tells the kernel which notebook it runs (``JPY_SESSION_NAME``); a
sheet is a notebook written by ``make exercises`` (its metadata says so). Lectures, solution
notebooks, nbval runs and the grader's kernels (whose environment names no notebook) keep no
record. Nothing is read from it for grading: a grade comes from the sheet's final run.

Nothing here may stop a check: a record that cannot be read starts again, one that cannot be
written is skipped, and :func:`current` says which, for ``report()`` to tell the student.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUFFIX = ".progress.json"
#: The statuses a record holds, worst first (the words of :class:`geopolitics.checks.Status`).
RANK = ("not answered", "not yet", "correct")
#: The largest record read (a sheet has a handful of questions; anything bigger is not ours).
MAX_BYTES = 200_000


@dataclass
class Entry:
    """One question's record: its best and latest status, and how many checks it had."""

    best: str
    latest: str
    checks: int = 1

    def after(self, status: str) -> Entry:
        best = max(self.best, status, key=RANK.index)
        return Entry(best, status, self.checks + 1)


@dataclass
class Record:
    """The record of one sheet (``path`` is None where no record is kept)."""

    path: Path | None
    entries: dict[str, Entry] = field(default_factory=dict)
    trouble: str = ""  # why the record was started afresh or is not being saved

    def note(self, question: str, status: str) -> None:
        """Add one check's result and save the record (quietly skipped if it cannot be)."""
        if status not in RANK:
            return
        old = self.entries.get(question)
        self.entries[question] = old.after(status) if old else Entry(status, status)
        if self.path is not None:
            self._save()

    def _save(self) -> None:
        assert self.path is not None
        data = {
            "about": "Your check() results on this exercise sheet, best and latest, kept so "
                     "that report() remembers them after a restart. Delete this file to "
                     "start the record again. Grades never come from it.",
            "sheet": self.path.name.removesuffix(SUFFIX) + ".ipynb",
            "questions": {q: {"best": e.best, "latest": e.latest, "checks": e.checks}
                          for q, e in self.entries.items()},
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:
            self.trouble = (f"your progress could not be saved beside the sheet "
                            f"({exc.strerror or type(exc).__name__}), so it lasts only until "
                            "the kernel restarts")
            self.path = None
            temporary.unlink(missing_ok=True)


def sheet_path(environ: os._Environ[str] | dict[str, str] = os.environ) -> Path | None:
    """The exercise sheet this kernel runs, or None if it runs anything else.

    Jupyter gives the notebook's path in ``JPY_SESSION_NAME``; only notebooks written by
    ``make exercises`` (``generated_from`` in their metadata) count as sheets.
    """
    named = environ.get("JPY_SESSION_NAME", "")
    if not named.endswith(".ipynb"):
        return None
    path = Path(named)
    try:
        with path.open("rb") as handle:
            head = handle.read(5_000_000)
        meta = json.loads(head).get("metadata", {}).get("geopolitics", {})
    except (OSError, ValueError, AttributeError):
        return None
    return path if isinstance(meta, dict) and meta.get("generated_from") else None


def read(sheet: Path) -> Record:
    """The record kept beside ``sheet``; an empty one if there is none or it is unreadable."""
    path = sheet.with_name(sheet.stem + SUFFIX)
    if not path.exists():
        return Record(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError("too large")
        raw = json.loads(path.read_text(encoding="utf-8"))["questions"]
        entries = {str(q): _entry(e) for q, e in raw.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Record(path, trouble=f"{path.name} could not be read, so the record starts "
                                    "again from this session")
    return Record(path, entries)


def _entry(raw: Any) -> Entry:
    best, latest, checks = raw["best"], raw["latest"], raw.get("checks", 1)
    if best not in RANK or latest not in RANK or not isinstance(checks, int):
        raise ValueError("not a record entry")
    return Entry(best, latest, checks)


_CURRENT: Record | None = None


def current() -> Record:
    """This kernel's record, read once per session."""
    global _CURRENT
    if _CURRENT is None:
        sheet = sheet_path()
        _CURRENT = read(sheet) if sheet is not None else Record(None)
    return _CURRENT


def forget() -> None:
    """Drop the record held in memory (tests; the file stays)."""
    global _CURRENT
    _CURRENT = None
