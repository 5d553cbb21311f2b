"""Which checked questions a student could pass by copying a number they can read (issue 19).

Every number in a text is fed to every numeric question, exactly as ``check()`` would read it;
a number that passes is a leak, unless it is a listed coincidence. Used by the export tests
(lectures, decks, site, sheets, docs) and the check tests (the checks' own messages).
"""

from __future__ import annotations

import functools
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
def _lecture(stem: str) -> frozenset[str]:
    """A lecture's deck and its page in both editions of the site."""
    return frozenset({f"site/{stem}.html", f"site-instructor/{stem}.html",
                      f"slides/{stem}.slides.html"})


_LECTURE_02 = _lecture("02_censorship")
_LECTURE_05 = _lecture("05_migration_scenarios")
COINCIDENCES: dict[tuple[str, float], tuple[frozenset[str], str]] = {
    ("q03_first_ahead", 2021.0): (ANYWHERE, "a year: sources, surveys and editions are dated, "
                                            "and a year can be guessed from a handful anyway"),
    ("q03_rise_year", 2022.0): (ANYWHERE, "a year, as above"),
    ("q01_jv_gap", 0.1): (_LECTURE_02 | _LECTURE_05 | {"data/datapackage.json"},
                          "other quantities: a rounding note ('to 0.1 million'), a chart's "
                          "axis tick and a model knob's pull"),
    ("q03_unfav_change", -2.0): (frozenset({"docs/grading.md"}),
                                 "file names made unique with -2, -3"),
    ("q03_unfav_change", -2.1): (_LECTURE_05, "TikTok's measured week-on-week change"),
    ("q03_speech_share", 0.4): (_LECTURE_02 | _LECTURE_05
                                | {"docs/instructor/lesson-05-capstone.md"},
                                "an axis tick of a chart of filter rates, and the low end of "
                                "the attention knob's accepted range (0.4 to 1.0)"),
    ("q04_growth", -10.0): (_LECTURE_05, "the low end of the appeal knob's range, in the "
                                          "table of what the January data allow"),
    ("q05_band_ratio", 20.36): (frozenset({"explorer scenario_explorer"}),
                                "the model's Xiaohongshu users on 13 January, in millions, "
                                "with anticipation at 2.6 (off the slider's steps)"),
    ("q04_news_profile_young", 58.0): (
        _lecture("01_divestiture_law") | _lecture("00_start_here")
        | {"docs/instructor/lesson-05-capstone.md"},
        "the nays on H.R. 8038: in the votes table lecture 01 prints, and in the timeline's "
        "event 'by 360 votes to 58', which the timeline's data table for screen readers reads "
        "out in lectures 00 and 01; and a cell number in the lesson-05 guide"),
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


@functools.cache  # a number read in several places is judged once per question
def passes(qid: str, number: float) -> bool:
    """Whether ``number``, typed as the answer, passes question ``qid``."""
    question = checks.question(qid)
    typed = int(number) if number.is_integer() else number
    try:
        return question.judge(question.expects.read(typed)).passed
    except Exception:  # not an answer of this kind at all
        return False


def leaks(places: dict[str, str],
          asked: list[str] | None = None) -> dict[str, dict[float, list[str]]]:
    """For each question (each numeric one, or those ``asked``), the numbers that pass it and
    where a student reads them."""
    found: dict[str, dict[float, list[str]]] = {}
    by_number: dict[float, list[str]] = {}
    for where, text in places.items():
        for number in numbers_in(text):
            by_number.setdefault(number, []).append(where)
    for qid in numeric_questions() if asked is None else asked:
        for number, wheres in by_number.items():
            allowed, _why = COINCIDENCES.get((qid, number), (frozenset(), ""))
            unexplained = [w for w in wheres if w not in allowed and allowed != ANYWHERE]
            if unexplained and passes(qid, number):
                found.setdefault(qid, {})[number] = sorted(unexplained)
    return found


def page_text(page: Path | BeautifulSoup) -> str:
    """What a reader sees of a built page or deck: its text, without scripts and styles,
    nor a deck's counts of the rows it leaves for the web page ("… and 12 more rows").
    A parsed page is read, never changed (the export tests share their parsed pages)."""
    soup = (page if isinstance(page, BeautifulSoup)
            else BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
    return " ".join(text for text in soup.find_all(string=True)
                    if text.parent is None or (
                        text.parent.name not in ("script", "style")
                        and "geopolitics-more" not in (text.parent.get("class") or [])))


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


# --- the explorers: what a student reads after moving a control --------------------------

def _formatted(value: object, pattern: str | None) -> str:
    """A value as a chart's text mark writes it (Vega-Lite's ``.Nf`` formats, or as is)."""
    if isinstance(value, int | float) and pattern and pattern.startswith(".") \
            and pattern.endswith("f"):
        return f"{value:.{int(pattern[1:-1])}f}"
    return str(value)


def _text_marks(spec: dict) -> list[tuple[dict, dict]]:
    """(layer, its text encoding) for every text mark in a chart spec, however nested."""
    found = []
    for layer in [spec, *spec.get("layer", []), *spec.get("hconcat", []),
                  *spec.get("vconcat", [])]:
        if layer is not spec and any(k in layer for k in ("layer", "hconcat", "vconcat")):
            found.extend(_text_marks(layer))
            continue
        mark = layer.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        text = layer.get("encoding", {}).get("text")
        if kind == "text" and isinstance(text, dict) and "field" in text:
            found.append((layer, text))
    return found


def chart_labels(spec: dict) -> str:
    """Every label a chart's text marks can write, for any choice of its parameters: each
    text field of every row of the data it reads (a filter can only show fewer)."""
    datasets = spec.get("datasets", {})
    said = []
    for layer, text in _text_marks(spec):
        data = layer.get("data") or spec.get("data") or {}
        for row in datasets.get(data.get("name"), data.get("values", [])) or []:
            if isinstance(row, dict) and text["field"] in row:
                said.append(_formatted(row[text["field"]], text.get("format")))
    return " ".join(said)


@functools.cache
def explorer_places() -> dict[str, tuple[str, str]]:
    """What each lesson explorer shows (status line, result, chart labels) as a student moves
    each of its controls through the values a student can give, one control at a time, as
    ``{place: (lesson, text)}``.

    A status line restates the controls' settings; those numbers are the student's own
    input, so they are left out of the text."""
    from explorer_support import all_factories, lesson_widgets, values_a_student_can_give

    from geopolitics.explorers.panel import Explorer, Form

    factories = all_factories()
    places: dict[str, tuple[str, str]] = {}
    for name, build in lesson_widgets().items():
        lesson = factories[name.split("_by_")[0]].__module__.rsplit("lesson", 1)[1]
        panel = build()
        shown = [panel.said]
        if isinstance(panel, Explorer):
            shown.extend(chart_labels(spec) for spec in panel._specs.values())
        start = panel.values()
        for control_name, control in panel.controls.items():
            for value in values_a_student_can_give(control):
                panel.set(**{control_name: value})
                settings = {float(v) for v in panel.values().values()
                            if isinstance(v, int | float) and not isinstance(v, bool)}
                said = panel.said
                if isinstance(panel, Form):
                    said += " " + page_text(BeautifulSoup(panel.result.value, "html.parser"))
                shown.append(" ".join(sorted(f"{n:g}" for n in numbers_in(said) - settings)))
            panel.set(**{control_name: start[control_name]})
        places[f"explorer {name}"] = (lesson, "\n".join(shown))
    return places


def explorer_leaks() -> dict[str, dict[float, list[str]]]:
    """The numbers an explorer shows that pass a question of its own lesson.

    An explorer's numbers are its lesson's quantities: that is what makes one copyable into
    that lesson's sheet. The scenario model's outputs run over a continuum as its knobs move
    and cross other lessons' answers by chance; a student of another lesson would have to
    know the answer to find the setting that shows it."""
    found: dict[str, dict[float, list[str]]] = {}
    for where, (lesson, text) in explorer_places().items():
        own = [q for q in numeric_questions() if checks.question(q).lesson == lesson]
        for qid, numbers in leaks({where: text}, own).items():
            found.setdefault(qid, {}).update(numbers)
    return found
