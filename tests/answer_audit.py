"""Which checked questions a student could pass by copying a number they can read (issue 19).

Every number in a text is fed to every numeric question, exactly as ``check()`` would read it;
a number that passes is a leak, unless it is a listed coincidence. Used by the export tests
(lectures, decks, site, sheets, docs) and the check tests (the checks' own messages).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from geopolitics import checks
from geopolitics.answers import Number, WholeNumber

ROOT = Path(__file__).resolve().parent.parent
#: A number as prose or code writes it: 4, -3, 84.4, 1,234, −54 (a typographic minus).
NUMBER = re.compile(r"(?<![\w.])[-−–]?\d[\d,]*(?:\.\d+)?")

#: Numbers that pass a question only by coincidence: (question, number) -> the places where
#: the number may appear (``"*"``: anywhere) and why it is not the answer there. Anything else
#: that passes is a leak; so is one of these numbers appearing in a place not listed.
ANYWHERE = frozenset({"*"})
_LECTURE_02 = frozenset({"site/02_censorship.html", "slides/02_censorship.slides.html"})
_LECTURE_05 = frozenset({"site/05_migration_scenarios.html",
                         "slides/05_migration_scenarios.slides.html"})
COINCIDENCES: dict[tuple[str, float], tuple[frozenset[str], str]] = {
    ("q03_first_ahead", 2021.0): (ANYWHERE, "a year: sources, surveys and editions are dated, "
                                            "and a year can be guessed from a handful anyway"),
    ("q03_low_year", 2021.0): (ANYWHERE, "a year, as above"),
    ("q01_jv_gap", 0.1): (_LECTURE_02 | _LECTURE_05 | {"data/datapackage.json"},
                          "other quantities: a rounding note ('to 0.1 million'), a chart's "
                          "axis tick and a model knob's pull"),
    ("q03_unfav_change", -2.0): (frozenset({"docs/grading.md"}),
                                 "file names made unique with -2, -3"),
    ("q03_unfav_change", -2.1): (_LECTURE_05, "TikTok's measured week-on-week change"),
    ("q03_exchange_share", 0.6): (_LECTURE_02, "an axis tick of a chart of filter rates"),
    ("q04_growth", -10.0): (_LECTURE_05, "the low end of the appeal knob's range, in the "
                                          "table of what the January data allow"),
    ("q04_news_profile_young", 58.0): (
        frozenset({"site/01_divestiture_law.html", "slides/01_divestiture_law.slides.html"}),
        "the nays on H.R. 8038 in the votes table the lecture prints"),
}


def numbers_in(text: str) -> set[float]:
    found = set()
    for match in NUMBER.finditer(text):
        written = match.group().replace(",", "").replace("−", "-").replace("–", "-")
        try:
            found.add(float(written))
        except ValueError:
            continue
    return found


def numeric_questions() -> list[str]:
    return [q for q in checks.questions()
            if isinstance(checks.question(q).expects, Number | WholeNumber)]


def passes(qid: str, number: float) -> bool:
    """Whether ``number``, typed as the answer, passes question ``qid``."""
    question = checks.question(qid)
    typed = int(number) if number.is_integer() else number
    try:
        return question.judge(question.expects.read(typed)).passed
    except Exception:  # not an answer of this kind at all
        return False


def leaks(places: dict[str, str]) -> dict[str, dict[float, list[str]]]:
    """For each question, the numbers that pass it and where a student reads them."""
    found: dict[str, dict[float, list[str]]] = {}
    by_number: dict[float, list[str]] = {}
    for where, text in places.items():
        for number in numbers_in(text):
            by_number.setdefault(number, []).append(where)
    for qid in numeric_questions():
        for number, wheres in by_number.items():
            allowed, _why = COINCIDENCES.get((qid, number), (frozenset(), ""))
            unexplained = [w for w in wheres if w not in allowed and allowed != ANYWHERE]
            if unexplained and passes(qid, number):
                found.setdefault(qid, {})[number] = sorted(unexplained)
    return found


def page_text(page: Path | BeautifulSoup) -> str:
    """What a reader sees of a built page or deck: its text, without scripts and styles.
    A parsed page is read, never changed (the export tests share their parsed pages)."""
    soup = (page if isinstance(page, BeautifulSoup)
            else BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
    return " ".join(text for text in soup.find_all(string=True)
                    if text.parent is None or text.parent.name not in ("script", "style"))


def readable_files() -> dict[str, str]:
    """Everything a student can read in the repository itself: the sheets (every cell),
    the README, every page of docs/ and the data notes."""
    places = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
              "data/datapackage.json": (ROOT / "data" / "datapackage.json").read_text(
                  encoding="utf-8")}
    for sheet in sorted((ROOT / "exercises").glob("*.ipynb")):
        cells = nbformat.read(sheet, as_version=4).cells
        places[f"exercises/{sheet.name}"] = "\n".join(c.source for c in cells)
    for page in sorted((ROOT / "docs").rglob("*.md")):
        places[page.relative_to(ROOT).as_posix()] = page.read_text(encoding="utf-8")
    return places


def said(found: dict[str, dict[float, list[str]]]) -> str:
    return "\n".join(f"{qid}: {number:g} in {', '.join(wheres[:6])}"
                     for qid, numbers in found.items() for number, wheres in numbers.items())
