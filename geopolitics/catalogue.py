"""The lesson catalogue: which lessons the kit has, read from ``lessons.toml``.

Every part of the kit that needs the list of lessons asks this module, so adding, renaming or
reordering a lesson is one entry in one file (plus the lesson's own notebooks and modules).
It uses the standard library only: ``make links`` and the grader read it without pandas.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from geopolitics.errors import KitError
from geopolitics.paths import ROOT

_ID = re.compile(r"[0-9]{2}")
_SLUG = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
_SPOKEN = re.compile(r"\s*(?:lesson\s*)?([0-9]{1,2})\s*", re.IGNORECASE)
_FIELDS = {"id": str, "slug": str, "title": str, "question": str, "tables": list}


class CatalogueError(KitError, ValueError):
    """The catalogue file is malformed, or a lesson was asked for that it does not list."""


@dataclass(frozen=True)
class Lesson:
    """One lesson: what it is called and asks, and where its files are."""

    id: str
    slug: str
    title: str
    question: str
    tables: tuple[str, ...]
    root: Path = ROOT

    @property
    def stem(self) -> str:
        """The shared file name of its notebooks, without ``.ipynb`` ("02_censorship")."""
        return f"{self.id}_{self.slug}"

    @property
    def name(self) -> str:
        """The notebook file name the lecture, solution and exercise share."""
        return f"{self.stem}.ipynb"

    @property
    def lecture(self) -> Path:
        return self.root / "notebooks" / self.name

    @property
    def solution(self) -> Path:
        return self.root / "solutions" / self.name

    @property
    def exercise(self) -> Path:
        return self.root / "exercises" / self.name

    @property
    def questions_module(self) -> str:
        """The module that registers its checked questions (it may not exist yet)."""
        return f"geopolitics.question_banks.lesson{self.id}"

    @property
    def explorers_module(self) -> str:
        """The module that holds its explorers (it may not exist: not every lesson has any)."""
        return f"geopolitics.explorers.lesson{self.id}"

    @property
    def heading(self) -> str:
        """How lists name it: "02 Censorship and content moderation"."""
        return f"{self.id} {self.title}"


def _entry(raw: Any, where: str, root: Path) -> Lesson:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where} is not a table of id, slug, title, question and tables.")
    missing = [name for name in _FIELDS if name not in raw]
    extra = sorted(set(raw) - set(_FIELDS))
    if missing or extra:
        said = [f"lacks {', '.join(missing)}"] if missing else []
        said += [f"has unknown keys {', '.join(extra)}"] if extra else []
        raise CatalogueError(f"{where} {' and '.join(said)}.")
    for name, kind in _FIELDS.items():
        if not isinstance(raw[name], kind) or (kind is str and not raw[name].strip()):
            raise CatalogueError(f"{where}: {name} must be a {'list' if kind is list else 'text'}"
                                 " and not empty.")
    if not _ID.fullmatch(raw["id"]):
        raise CatalogueError(f"{where}: id {raw['id']!r} must be two digits, like \"06\".")
    if not _SLUG.fullmatch(raw["slug"]):
        raise CatalogueError(f"{where}: slug {raw['slug']!r} must be lower-case words joined by "
                             "underscores, like \"soft_power\".")
    if not all(isinstance(t, str) and t for t in raw["tables"]):
        raise CatalogueError(f"{where}: tables must be a list of table names.")
    return Lesson(raw["id"], raw["slug"], raw["title"].strip(), raw["question"].strip(),
                  tuple(raw["tables"]), root)


@cache
def _read(path: Path, stamp: float) -> tuple[Lesson, ...]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"The lesson catalogue {path} cannot be read ({exc.strerror}).") \
            from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"The lesson catalogue {path.name} is not valid TOML: {exc}.") \
            from None
    entries = raw.get("lesson")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{path.name} lists no [[lesson]] entries.")
    found = [_entry(e, f"{path.name}, lesson entry {n}", path.parent)
             for n, e in enumerate(entries, 1)]
    ids = [lesson.id for lesson in found]
    if ids != sorted(set(ids)):
        raise CatalogueError(f"{path.name}: lesson ids must be unique and in order; found "
                             f"{', '.join(ids)}.")
    return tuple(found)


def lessons(root: Path = ROOT) -> tuple[Lesson, ...]:
    """Every lesson, in teaching order."""
    path = root / "lessons.toml"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = 0.0
    return _read(path, stamp)


def ids(root: Path = ROOT) -> list[str]:
    """The lesson ids, in order: ["00", "01", ...]."""
    return [lesson.id for lesson in lessons(root)]


def lesson(which: Any, root: Path = ROOT) -> Lesson:
    """A lesson from how a person might name it: 2, "2", "02" or "lesson 02".

    Anything else, or a number the catalogue does not list, raises a :class:`CatalogueError`
    that names the lessons there are.
    """
    known = {entry.id: entry for entry in lessons(root)}
    key = None
    if isinstance(which, int) and not isinstance(which, bool) and 0 <= which <= 99:
        key = f"{which:02d}"
    elif isinstance(which, str) and (match := _SPOKEN.fullmatch(which)):
        key = match.group(1).zfill(2)
    if key in known:
        return known[key]
    shown = repr(which) if len(repr(which)) <= 40 else repr(which)[:37] + "..."
    raise CatalogueError(f"There is no lesson {shown}: the lessons are {_span(list(known))}.")


def _span(names: list[str]) -> str:
    """ "numbered 00 to 05" for an unbroken run of ids, else the ids listed."""
    if len(names) > 2 and [int(n) for n in names] == list(range(int(names[0]),
                                                               int(names[-1]) + 1)):
        return f"numbered {names[0]} to {names[-1]}"
    return ", ".join(names)
