"""Slides and the static site: built offline, every chart drawn, structure kept in the lectures.

The lectures are run once per module (``built``): decks and pages go to a temporary folder, so
nothing in ``build/`` is touched except the screenshots in ``build/screenshots/``
(``slides-*``, ``site-*``), which a person should look at.
After the last cell the exporter asks each lecture's kernel how many live charts it made
(the kit's or not): every one must be drawn in the deck and the page.

Browser checks use Debian's Chromium (``/usr/bin/chromium``) with no network; without it they
are skipped, except on CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import browser_support as bs  # tests/ is on sys.path, as for every test module here
import nbformat
import pytest
from bs4 import BeautifulSoup
from explorer_support import lesson_widgets
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from geopolitics import catalogue, charts, load
from geopolitics.catalogue import Lesson
from geopolitics.charts import ChartAccessibilityError
from geopolitics.course import decks, export, fonts, guide, structure
from geopolitics.course.export import ExportError
from geopolitics.explorers.panel import Explorer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
LECTURES = structure.lectures(ROOT)
SCREENSHOTS = ROOT / "build" / "screenshots"
LOAD_TIMEOUT_MS = 30_000


# --- slide structure (no kernel needed) -------------------------------------------------------

def test_every_lecture_stores_the_planned_slide_structure() -> None:
    problems = structure.structure_drift(ROOT)
    assert problems == [], ("run `python -m geopolitics.course.export structure --write`:\n"
                            + "\n".join(problems))


def _lecture(*cells: Any) -> nbformat.NotebookNode:
    notebook = new_notebook(cells=list(cells))
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    return notebook


def _note(text: str = "Ask the room.", tagged: bool = False) -> nbformat.NotebookNode:
    cell = new_markdown_cell(f"> **Instructor note**\n>\n> {text}")
    if tagged:
        cell = new_markdown_cell(text)
        cell.metadata["tags"] = ["instructor"]
    return cell


def test_plan_follows_the_kits_rules() -> None:
    long_text = "\n".join(f"Line {n} of a long explanation." for n in range(14))
    notebook = _lecture(
        new_markdown_cell("# 99 · A lecture\n\n**The question.** Why?"),   # 0 title
        _note(),                                                            # 1 visible note
        new_code_cell("from geopolitics.explorers.lesson00 import event_explorer"),  # 2 set-up
        new_markdown_cell("## 1. A section\n\nShort lead-in:"),             # 3 section
        new_code_cell('table = load("events")\ntable.head()'),              # 4 with lead-in
        new_markdown_cell(long_text),                                       # 5 overflows
        new_code_cell("event_explorer(table)"),                             # 6 a slide
        new_markdown_cell("### A part"),                                    # 7 sub-heading
        new_markdown_cell("**Discuss.** Who gains?"),                       # 8 pause point
        _note("Tagged, not marked.", tagged=True),                          # 9 tagged note
        new_markdown_cell("**Try it:** change a value."),                   # 10 pause point
        new_markdown_cell("#### Key points\n\n* one"),                      # 11 own slide
        new_markdown_cell("## Sources"),                                    # 12 own slide
        new_code_cell("sources_section(table)"),                            # 13 with heading
    )
    assert structure.plan(notebook) == [
        "slide", "notes", "skip", "slide", "-", "subslide", "subslide", "subslide", "subslide",
        "notes", "subslide", "slide", "slide", "-",
    ]


def test_a_short_section_stays_on_one_slide_and_a_long_one_is_split() -> None:
    short = [new_markdown_cell("## 1. Short"), new_code_cell("x = 1\nx"),
             new_markdown_cell("One sentence."), new_code_cell("x + 1")]
    assert structure.plan(_lecture(new_markdown_cell("# T"), *short)) == [
        "slide", "slide", "-", "-", "-"]
    charts_in_a_row = [new_markdown_cell("## 1. Many charts")]
    for n in range(3):
        charts_in_a_row += [new_markdown_cell(f"Chart {n}:"),
                            new_code_cell(f'alt.Chart(t).mark_bar().properties(title="{n}")')]
    types = structure.plan(_lecture(new_markdown_cell("# T"), *charts_in_a_row))
    # a chart fills a slide at the decks' sizes: each starts one of its own
    assert [types[i] for i, c in enumerate(charts_in_a_row, 1) if c.cell_type == "code"] \
        == ["subslide"] * 3, types


def test_code_is_hidden_on_slides_unless_its_cell_is_tagged_to_show_it() -> None:
    shown = new_code_cell("votes = load('votes')\nvotes.head()")
    shown.metadata["tags"] = [structure.SHOW_CODE_TAG]
    hidden = new_code_cell("votes.head()")
    deck = decks.deck_notebook(_lecture(new_markdown_cell("# T"), shown, hidden))
    assert [c.metadata.get("geopolitics_hide_code") for c in deck.cells[1:]] == [False, True]
    assert structure.estimated_px(shown) > structure.estimated_px(hidden)


def test_a_markdown_cell_too_tall_for_a_slide_is_split_between_its_paragraphs() -> None:
    paragraphs = [f"Paragraph {n}. " + "A sentence of a long explanation. " * 6
                  for n in range(12)]
    tall = new_markdown_cell("## 1. A long section\n\n" + "\n\n".join(paragraphs))
    assert structure.estimated_px(tall) > structure.BUDGET_PX
    deck = decks.deck_notebook(_lecture(new_markdown_cell("# T"), tall))
    pieces = deck.cells[1:]
    assert len(pieces) >= 2 and all(structure.estimated_px(c) <= structure.BUDGET_PX
                                    for c in pieces)
    assert "\n\n".join(c.source for c in pieces) == tall.source.strip()  # nothing lost
    assert [c.metadata["slideshow"]["slide_type"] for c in pieces][:2] == ["slide", "subslide"]
    assert len({c["id"] for c in deck.cells}) == len(deck.cells)


def test_a_long_table_keeps_the_rows_that_fit_and_says_where_the_rest_are() -> None:
    from geopolitics.course import slide_outputs

    events = load("events")[["date", "actor", "event"]]
    page, height = slide_outputs.for_slide(events.to_html(classes="dataframe"))
    soup = BeautifulSoup(page, "html.parser")
    kept = len(soup.select("tbody > tr"))
    assert 1 <= kept < len(events) and height <= structure.BUDGET_PX
    assert f"and {len(events) - kept} more rows" in soup.get_text()
    assert soup.select_one("tbody > tr > th") is None, "pandas' row numbers are left out"
    empty = events.assign(value=float("nan")).head(3)
    assert "value" not in slide_outputs.for_slide(empty.to_html())[0], "an all-NaN column"


def test_a_panels_table_keeps_its_first_rows_under_its_header_and_folded_tables_stay_whole(
        ) -> None:
    """Deck 02's playground once showed "Target posts caught, by evasion" as a header and no
    row: a header row of <th> without <thead> was counted as the first row (instructor
    walk-through, issue 20). A table folded in <details> takes no room, so it is not cut."""
    from geopolitics.course import slide_outputs

    rows = "".join(f"<tr><td>kind {n}</td><td>{n}</td></tr>" for n in range(30))
    folded = "<tr><th>id</th></tr>" + "".join(f"<tr><td>p{n}</td></tr>" for n in range(9))
    page, _ = slide_outputs.for_slide(
        f"<p>Status.</p><table><caption>By kind</caption><tr><th>kind</th><th>posts</th></tr>"
        f"{rows}</table><details><summary>Missed</summary><table>{folded}</table></details>")
    soup = BeautifulSoup(page, "html.parser")
    shown, hidden = soup.find_all("table")
    assert shown.find("tr").find("th") and len(shown.find_all("td")) >= 2 * 3
    assert "more rows" in soup.get_text() and len(hidden.find_all("tr")) == 10


def test_a_crosstabs_two_header_rows_both_count_when_its_height_is_estimated() -> None:
    """A crosstab names its columns in one header row and its index in a second, and the
    widest labels are in the first. Counting only the second, the estimate took deck 00's
    crosstab (long source names that wrap beside five basis columns) for 216 px shorter
    than it was drawn, once issue 21 added the column "insider_report"."""
    import pandas as pd

    from geopolitics.course import slide_outputs

    def row_px(lines: int) -> int:
        return lines * (structure.LINE_PX - 2) + slide_outputs.ROW_PADDING_PX

    one = pd.crosstab(pd.Series(["Similarweb"], name="measured_by"),
                      pd.Series(["estimate"], name="basis"))
    soup = BeautifulSoup(one.to_html(), "html.parser")
    assert len(soup.select("thead > tr")) == 2
    assert slide_outputs.for_slide(one.to_html())[1] >= 3 * row_px(1) + 24, \
        "two header rows and one row"
    # The first header row's long names keep their width, so a long source name wraps to
    # three lines beside them (as drawn on deck 00), not two.
    names = ["company_claim", "estimate", "insider_report", "measurement", "ranking"]
    source = "Xiaohongshu live-chat room (reported by Reuters)"
    wide = pd.crosstab(pd.Series([source] * 5, name="measured_by"),
                       pd.Series(names, name="basis"))
    assert slide_outputs.for_slide(wide.to_html())[1] >= 2 * row_px(1) + row_px(3) + 24


def test_a_table_too_wide_for_a_slide_becomes_one_line_a_row() -> None:
    """Nine columns at 24 px cannot stand side by side: each row becomes a line of its
    values, under a line naming the columns, every value whole."""
    from geopolitics.course import slide_outputs

    metrics = load("app_metrics")[["date", "app", "metric", "qualifier", "basis", "value",
                                   "unit", "measured_by", "confidence"]].head(4)
    soup = BeautifulSoup(slide_outputs.for_slide(metrics.to_html())[0], "html.parser")
    assert soup.find("table") is None
    assert soup.select_one(".geopolitics-columns").get_text().startswith("Columns: date · app")
    first = soup.select("ul.geopolitics-records > li")[0].get_text()
    assert first.startswith(str(metrics["date"].iloc[0])[:10]) and "Similarweb" in first


def test_writing_the_plan_is_idempotent_and_touches_only_slide_types(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    first = catalogue.lessons(ROOT)[0]
    (tmp_path / "lessons.toml").write_text(
        f'[[lesson]]\nid = "{first.id}"\nslug = "{first.slug}"\ntitle = "T"\nquestion = "Q?"\n'
        "tables = []\n")
    original = LECTURES[0].read_text(encoding="utf-8")
    target = tmp_path / "notebooks" / LECTURES[0].name
    notebook = nbformat.reads(original, as_version=4)
    wrong = next(i for i, t in enumerate(structure.plan(notebook)) if t == "slide" and i > 0)
    notebook.cells[wrong].metadata["slideshow"]["slide_type"] = "-"
    notebook.cells[wrong].metadata["keep_me"] = {"set": "by an author"}
    del notebook.cells[wrong + 1].metadata["slideshow"]  # a cell added without metadata
    target.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")

    drift = structure.structure_drift(tmp_path)
    assert any(f"cell {wrong} " in d and "'slide'" in d for d in drift), drift
    assert structure.write_structure(tmp_path) == [target]
    assert structure.structure_drift(tmp_path) == []
    assert structure.write_structure(tmp_path) == [], "a second write must change nothing"

    fixed = nbformat.read(target, as_version=4)
    before = nbformat.reads(original, as_version=4)
    assert [c.id for c in fixed.cells] == [c.id for c in before.cells]
    assert [c.source for c in fixed.cells] == [c.source for c in before.cells]
    assert fixed.cells[wrong].metadata["keep_me"] == {"set": "by an author"}
    del fixed.cells[wrong].metadata["keep_me"]
    assert nbformat.writes(fixed) + "\n" == original


# --- static forms, chosen by the exporter (no kernel needed) ----------------------------------

GOOD = charts.timeline(load("events").head(5), title="Five events")


@pytest.fixture
def static_forms() -> Iterator[None]:
    """This process as an exporter's kernel: every chart and panel also offers its static form."""
    charts.offer_static_forms()
    yield
    charts.offer_static_forms(False)


def _output(bundle: Any) -> nbformat.NotebookNode:
    """A display bundle as the notebook stores it (data and metadata)."""
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    return new_output("display_data", data=copy.deepcopy(data), metadata=copy.deepcopy(metadata))


def _exported(bundle: Any) -> dict[str, Any]:
    """What an exported file shows of one display: the data the exporter's preprocessor keeps."""
    notebook = new_notebook(cells=[new_code_cell("chart", outputs=[_output(bundle)])])
    kept, _ = export.StaticOutputs().preprocess(notebook, {})
    return kept.cells[0].outputs[0]["data"]


def test_a_chart_offers_both_forms_and_the_exporter_keeps_the_static_one(
        static_forms: None) -> None:
    data, metadata = charts.render(GOOD.to_dict())
    assert {charts.WIDGET_VIEW, "text/html"} <= set(data), "both forms in one bundle"
    assert metadata[charts.KIT_OUTPUT] == {"kind": "chart", "charts": 1}
    kept = _exported((data, metadata))
    assert charts.WIDGET_VIEW not in kept and kept["text/html"] == data["text/html"]
    notebook = new_notebook(cells=[new_code_cell("chart", outputs=[_output((data, metadata))])])
    assert export.count_charts(notebook) == 1


def test_the_exporter_leaves_other_widgets_and_outputs_alone() -> None:
    other = {charts.WIDGET_VIEW: {"model_id": "x", "version_major": 2, "version_minor": 0},
             "text/plain": "IntSlider()"}
    assert _exported(other) == other
    notebook = new_notebook(cells=[new_code_cell("x", outputs=[_output(other)])])
    assert export.count_charts(notebook) == 0


def test_a_chart_in_a_static_export_is_an_labelled_svg(static_forms: None) -> None:
    bundle = _exported(charts.render(GOOD.to_dict()))
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    page = BeautifulSoup(bundle["text/html"], "html.parser")
    svg = page.select_one("figure.geopolitics-chart > svg")
    assert svg is not None and svg.get("role") == "img"
    assert "Five events" in svg["aria-label"] and "Timeline of 5 events" in svg["aria-label"]
    assert svg.select("g.role-mark"), "the SVG has no data marks"


def test_the_audit_still_applies_to_static_charts(static_forms: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    untitled = GOOD.properties(title="").to_dict()
    monkeypatch.setenv(charts.STRICT_ENV, "1")
    with pytest.raises(ChartAccessibilityError, match="no title"):
        charts.render(untitled)
    monkeypatch.delenv(charts.STRICT_ENV)
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    bundle = _exported(charts.render(untitled))
    assert "<svg" in bundle["text/html"]
    assert any("Chart check" in getattr(obj, "data", "") for obj in shown)


def _data(bundle: Any) -> dict[str, Any]:
    return bundle[0] if isinstance(bundle, tuple) else bundle


def test_live_mode_is_unchanged() -> None:
    """A student's kernel: the live widget view, and no SVG drawn for nothing."""
    assert not charts.static_forms_offered()
    data = _data(charts.render(GOOD.to_dict()))
    assert "application/vnd.jupyter.widget-view+json" in data and "text/html" not in data
    panel = lesson_widgets()["pew_trend"]()
    data = _data(panel._repr_mimebundle_())
    assert "application/vnd.jupyter.widget-view+json" in data and "text/html" not in data


@pytest.mark.parametrize("name", sorted(lesson_widgets()))
def test_every_widget_has_a_static_twin(name: str, static_forms: None) -> None:
    """Its starting chart (or a form's result), what it shows, and the controls by name."""
    panel = lesson_widgets()[name]()
    offered = panel._repr_mimebundle_()
    assert charts.WIDGET_VIEW in _data(offered), "the live view stays in the bundle"
    bundle = _exported(offered)
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    twin = BeautifulSoup(bundle["text/html"], "html.parser")
    line = twin.select_one(".geopolitics-controls").get_text()
    assert "Interactive in JupyterLab" in line
    for control in panel.controls.values():
        assert control.description in line, f"the control {control.description!r} is not named"
    assert twin.select_one(".geopolitics-status").get_text() == BeautifulSoup(
        panel.status.value, "html.parser").get_text()
    if isinstance(panel, Explorer):
        svg = twin.select_one("figure.geopolitics-chart > svg")
        assert svg is not None and svg.select("g.role-mark")
        assert panel.spec().get("description", "")[:40] in svg["aria-label"]
    else:
        assert panel.result.value and panel.result.value in bundle["text/html"]


# --- what the site says about each lesson -----------------------------------------------------

def test_the_site_index_names_each_lessons_title_and_question_from_the_catalogue() -> None:
    page = BeautifulSoup(export.index_html(catalogue.lessons(ROOT)), "html.parser")
    items = page.select("main ol > li")
    assert len(items) == len(LECTURES)
    for item, lesson in zip(items, catalogue.lessons(ROOT), strict=True):
        assert item.a["href"] == f"{lesson.stem}.html"
        assert item.a.get_text() == f"{lesson.id} · {lesson.title}"
        assert item.select_one(".question").get_text().strip() == lesson.question


def test_bad_requests_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="choose 'slides' or 'site'"):
        export.build(["pdf"], tmp_path)
    with pytest.raises(ExportError, match="no lectures"):
        export.build(["site"], tmp_path, lessons=[])


def test_a_lecture_that_fails_is_named_with_its_cell(tmp_path: Path) -> None:
    broken = Lesson("99", "broken", "Broken", "Why?", (), root=tmp_path)
    broken.lecture.parent.mkdir()
    nbformat.write(_lecture(new_markdown_cell("# 99 · Broken"), new_code_cell("1 / 0")),
                   broken.lecture)
    with pytest.raises(ExportError, match=r"99_broken.ipynb did not run: cell 1 raised "
                                          r"ZeroDivisionError"):
        export.build(["site"], tmp_path / "out", lessons=[broken])


# --- the build, once for the module -----------------------------------------------------------

@dataclass
class Build:
    out: Path
    seconds: float
    made: dict[str, int]  # live charts each lecture's kernel made, by lecture stem
    decks: dict[str, export.Built]  # each deck as written, with its slide plan

    def deck(self, stem: str) -> Path:
        return self.out / "slides" / f"{stem}.slides.html"

    def page(self, stem: str) -> Path:
        return self.out / "site" / f"{stem}.html"

    def html_files(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Every lecture run once (static mode) and written as a deck and a page."""
    out = tmp_path_factory.mktemp("export")
    started = time.monotonic()
    written = export.build(["slides", "site"], out)
    seconds = time.monotonic() - started
    print(f"\nbuilt {len(LECTURES)} decks and {len(LECTURES)} pages in {seconds:.0f} s")
    made = {built.path.name.split(".")[0]: built.made for built in written["site"]}
    decks = {built.path.name.split(".")[0]: built for built in written["slides"]}
    return Build(out, seconds, made, decks)


@functools.cache
def _soup(path: Path) -> BeautifulSoup:
    """A built file, parsed once: four tests read each deck and page, and none changes it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_lecture_has_a_deck_a_page_and_a_line_in_the_index(built: Build) -> None:
    index = _soup(built.out / "site" / "index.html")
    links = [a["href"] for a in index.select("li > a")]
    assert links == [f"{p.stem}.html" for p in LECTURES]
    for path in LECTURES:
        assert built.deck(path.stem).is_file() and built.page(path.stem).is_file()
        item = index.select_one(f'a[href="{path.stem}.html"]').parent
        assert item.select_one(".question").get_text(strip=True), f"{path.stem}: no question"


#: Where a page could load something: the tag, and its attribute holding the address.
LOADERS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
           "audio": "src", "video": "src", "embed": "src", "object": "data", "image": "href",
           "use": "href"}
WEB_ADDRESS = re.compile(r"(?:https?:)?//[^\s\"')]+")


def test_nothing_is_loaded_from_the_network(built: Build) -> None:
    """No script, style, image or frame comes from another host; local ones exist."""
    offenders, missing = [], []
    for sheet in built.out.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{sheet.name}: {m}" for m in re.findall(
            r"(?:url\(|@import)\s*['\"]?(?:https?:)?//[^\s'\")]+", text)]
    for path in built.html_files():
        soup = _soup(path)
        for tag, attribute in LOADERS.items():
            for element in soup.find_all(tag):
                address = element.get(attribute) or element.get(f"xlink:{attribute}") or ""
                if WEB_ADDRESS.match(address):
                    offenders.append(f"{path.name}: <{tag} {attribute}={address!r}>")
                elif (address and not address.startswith(("data:", "#"))
                      and not (path.parent / address.split("?")[0]).is_file()):
                    missing.append(f"{path.name}: {address}")
        for block in soup.find_all(["script", "style"]):
            text = block.get_text()
            found = [u for u in WEB_ADDRESS.findall(text) if block.name == "script"
                     or re.search(rf"(url\(|@import)\s*['\"]?{re.escape(u)}", text)]
            offenders += [f"{path.name}: <{block.name}> mentions {u}" for u in found]
        for element in soup.find_all(style=re.compile(r"url\(\s*['\"]?(https?:)?//")):
            offenders.append(f"{path.name}: style attribute {element['style'][:80]}")
    assert offenders == [], "\n".join(offenders)
    assert missing == [], "local files the pages load are missing:\n" + "\n".join(missing)


def test_decks_use_the_local_reveal_5(built: Build) -> None:
    reveal = built.out / "slides" / export.REVEAL_DIR
    assert "reveal.js 5.2" in (reveal / "dist" / "reveal.js").read_text(encoding="utf-8")[:200]
    for path in LECTURES:
        sources = [s["src"] for s in _soup(built.deck(path.stem)).find_all("script", src=True)]
        assert sources == ["reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js"]


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_chart_a_lecture_displays_is_drawn(path: Path, built: Build) -> None:
    """Each live chart the lecture's kernel made (counted by the kernel, whether or not the kit
    drew it) is an SVG chart, with marks and a description, in the deck and in the page."""
    expected = built.made[path.stem]
    assert expected > 0, f"{path.stem}: the kernel made no live chart"
    for kind, file in (("deck", built.deck(path.stem)), ("page", built.page(path.stem))):
        drawn = [svg for svg in _soup(file).select("figure.geopolitics-chart > svg")
                 if svg.select("g.role-mark") and svg.get("aria-label")]
        assert len(drawn) == expected, (f"{path.stem}: the lecture displays {expected} charts, "
                                        f"its {kind} draws {len(drawn)}")


def test_every_chart_offers_its_data_as_a_table_for_screen_readers(built: Build) -> None:
    """Issue 20, item 7: a static chart is one picture to a screen reader, so each figure
    carries the data its marks draw as a table, visually hidden (the chart is what the eye
    reads), captioned with the chart's title."""
    figures = 0
    for path in LECTURES:
        for number, figure in enumerate(_soup(built.page(path.stem)).select(
                "figure.geopolitics-chart"), 1):
            figures += 1
            where = f"{path.stem}, chart {number}"
            hidden = figure.select_one("div.geopolitics-chart-data")
            assert hidden is not None, f"{where}: no data table"
            assert "clip:rect(0,0,0,0)" in hidden["style"] and "position:absolute" in \
                hidden["style"], f"{where}: the table is not visually hidden"
            table = hidden.find("table")
            title = figure.find("svg")["aria-label"].split(". ")[0]
            assert table.caption.get_text().startswith("The data in the chart"), where
            assert title[:40] in table.caption.get_text(), (where, title)
            heads = [th.get_text() for th in table.select("thead th")]
            rows = table.select("tbody tr")
            assert heads and rows, f"{where}: an empty table"
            assert all(len(row.find_all("td")) in (len(heads), 1) for row in rows), where
    assert figures >= 20


def test_every_legend_names_only_what_its_chart_draws_once_in_words(built: Build) -> None:
    """Issue 20, item 6: on every page, each legend entry is something the chart's marks
    draw; no chart shows a legend twice; no entry is a raw code (read from the drawn SVG,
    in which Vega names each mark's data)."""
    from chart_geometry import legend_problems

    with_legends, problems = 0, []
    for path in LECTURES:
        for number, svg in enumerate(_soup(built.page(path.stem)).select(
                "figure.geopolitics-chart svg"), 1):
            if svg.select_one("g.role-legend") is None:
                continue
            with_legends += 1
            problems += [f"{path.stem}, chart {number}: {p}" for p in legend_problems(str(svg))]
    assert with_legends >= 8, f"only {with_legends} charts with a legend were found"
    assert not problems, "\n".join(problems)


def test_the_legend_check_sees_an_entry_that_nothing_draws() -> None:
    """The check above is not blind: a colour scale that lists Germany, a legend shown twice
    and a raw code are each reported."""
    import altair as alt
    import pandas as pd
    import vl_convert
    from chart_geometry import legend_problems

    rows = pd.DataFrame({"year": [2024, 2025, 2024, 2025], "rank": [1, 1, 3, 2],
                         "country": ["United States"] * 2 + ["China"] * 2,
                         "mode": ["online_panel"] * 4})
    scale = alt.Scale(domain=["China", "Germany", "United States"])
    chart = alt.Chart(rows).mark_line(point=True).encode(
        x="year:O", y="rank:Q", color=alt.Color("country:N", title="Country", scale=scale),
        strokeDash=alt.StrokeDash("mode:N", title="Country"))
    found = legend_problems(vl_convert.vegalite_to_svg(chart.to_dict()))
    assert "the legend lists 'Germany', which no mark draws" in found
    assert "the legend 'Country' is shown 2 times" in found
    assert "the legend entry 'online_panel' is a code, not words" in found
    honest = chart.encode(color=alt.Color("country:N", title="Country"),
                          strokeDash=alt.StrokeDash("country:N", title="Country"))
    assert legend_problems(vl_convert.vegalite_to_svg(honest.to_dict())) == []


def test_a_chart_made_outside_the_kit_stops_the_build(tmp_path: Path) -> None:
    """A live chart with no static form would be an empty space on a slide: the exporter
    counts the kernel's live charts and names the lecture rather than write that deck."""
    lecture = Lesson("98", "by_hand", "By hand", "Why?", (), root=tmp_path)
    lecture.lecture.parent.mkdir()
    chart = ("import altair as alt, pandas as pd\n"
             "from geopolitics import load\n"
             "alt.JupyterChart(alt.Chart(pd.DataFrame({'x': [1, 2]})).mark_point()"
             ".encode(x='x:Q'))")
    nbformat.write(_lecture(new_markdown_cell("# 98 · By hand"), new_code_cell(chart)),
                   lecture.lecture)
    with pytest.raises(ExportError, match=r"98_by_hand.ipynb makes 1 live chart\(s\) but 0 "
                                          r"static one\(s\)"):
        export.build(["site"], tmp_path / "out", lessons=[lecture])


def test_the_student_site_leaves_the_instructor_notes_to_the_instructor_site(
        built: Build) -> None:
    """Issue 20: the site can be posted for a class; the instructor edition keeps the notes."""
    for path in LECTURES:
        notes = structure.plan(nbformat.read(path, as_version=4)).count("notes")
        student = _soup(built.page(path.stem)).get_text()
        teacher = _soup(built.out / "site-instructor" / f"{path.stem}.html").get_text()
        assert "Instructor note" not in student and "strong answer" not in student.lower()
        assert teacher.count("Instructor note") >= notes >= 1
        assert export.INSTRUCTOR_BANNER[:40] in teacher
    index = _soup(built.out / "site-instructor" / "index.html").get_text()
    assert "Do not post it for a class" in index
    assert "Do not post" not in _soup(built.out / "site" / "index.html").get_text()


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_decks_follow_the_plan_with_notes_for_the_presenter(path: Path, built: Build) -> None:
    types = structure.plan(nbformat.read(path, as_version=4))
    shown = built.decks[path.stem].slide_types  # the lecture's cells, split where too tall
    soup = _soup(built.deck(path.stem))
    slides = soup.select("div.slides > section")
    assert len(slides) == types.count("slide") == shown.count("slide")
    assert len(soup.select("div.slides > section > section")) == (
        shown.count("slide") + shown.count("subslide"))
    assert built.decks[path.stem].too_tall == (), "the plan expects a slide to overflow"
    notes = soup.select("aside.notes")
    assert len(notes) == built.decks[path.stem].slide_types.count("notes") > types.count("notes")
    assert all("Instructor note" in n.get_text() for n in notes)
    shown = soup.select("section > .jp-Cell")
    assert not any("Instructor note" in cell.get_text() for cell in shown), \
        "an instructor note is on a slide the room sees"


@pytest.mark.parametrize("lesson", catalogue.lessons(), ids=lambda lesson: lesson.id)
def test_every_slide_carries_the_guides_minutes_and_each_prompt_its_strong_answer(
        lesson: Lesson, built: Build) -> None:
    """Issue 20: the presenter's view of every slide gives its block's minutes and what to do,
    from the lesson's guide; the slide that asks a prompt adds what a strong answer contains;
    and the guide names the slides the deck shows each block and prompt on."""
    deck = built.decks[lesson.stem]
    plan = guide.for_lesson(lesson)
    assert plan is not None
    leaves = _soup(built.deck(lesson.stem)).select("div.slides > section > section")
    said = [" ".join(a.get_text(" ") for a in leaf.select("aside.notes")) for leaf in leaves]
    bare = [number for number, notes in enumerate(said, 1)
            if f"of {plan.minutes} ·" not in notes or "Do:" not in notes]
    assert not bare, f"slides with no minutes from {plan.path.name}: {bare}"
    by_cell = guide.slides_of(zip(deck.slide_types, deck.lecture_cells, strict=True))
    for prompt in plan.prompts:
        slide = guide.prompt_slide(prompt, by_cell)
        assert slide, f"{plan.path.name}: the prompt {prompt.question!r} is on no slide"
        notes = " ".join(said[int(slide) - 1].split())
        assert prompt.question[:40] in notes and "strong answer" in notes.lower(), slide
        elsewhere = [n for n, other in enumerate(said, 1) if n != int(slide)
                     and prompt.question[:40] in " ".join(other.split())]
        assert not elsewhere, f"{prompt.question!r} is asked on slide {slide}, not {elsewhere}"
    assert deck.guide_drift == (), "\n".join(deck.guide_drift)


# --- in a real browser, with no network ---------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if importlib.util.find_spec("playwright") is None:
        bs.skip_or_fail("the playwright package is not installed (pip install '.[test]')")
    path = bs.find_chromium()
    if path is None:
        bs.skip_or_fail("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in [*SCREENSHOTS.glob("slides-*.png"), *SCREENSHOTS.glob("site-*.png")]:
        if bs.SCREENSHOTS_WANTED:  # a new set replaces the old one
            old.unlink()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True,
                                              args=bs.CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class FileLog:
    """What a page opened from disk reported; anything beyond file:// is blocked and noted."""

    errors: list[str]
    requests: list[str]

    def report(self) -> str:
        return f"\nconsole errors: {self.errors}\nblocked or failed requests: {self.requests}"


def _open_from_disk(browser: Browser, path: Path) -> tuple[Page, FileLog]:
    context = browser.new_context(viewport=bs.VIEWPORT)
    log = FileLog([], [])

    def only_local(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            log.requests.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("requestfailed", lambda r: log.requests.append(f"{r.url}: {r.failure}"))
    page.goto(path.as_uri())
    return page, log


@dataclass
class Deck:
    """One lecture's deck opened from disk at the projector's 1280x720, for the checks below."""

    lecture: Path
    page: Page
    log: FileLog


@pytest.fixture(scope="module", params=LECTURES, ids=lambda p: p.stem)
def deck(request: pytest.FixtureRequest, built: Build, browser: Browser) -> Iterator[Deck]:
    """Each deck is loaded once for every check of it (a deck load costs a Chromium page of
    inline charts; two loads of six decks were a tenth of this file's time)."""
    lecture: Path = request.param
    page, log = _open_from_disk(browser, built.deck(lecture.stem))
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=LOAD_TIMEOUT_MS)
    page.set_viewport_size({"width": structure.SLIDE_PX[0], "height": structure.SLIDE_PX[1]})
    page.evaluate("Reveal.layout()")
    yield Deck(lecture, page, log)
    page.context.close()


def test_every_deck_opens_from_disk_and_shows_its_charts(deck: Deck, built: Build) -> None:
    """reveal.js starts from file:// with no network, and every chart fits on its slide."""
    lecture, page, log = deck.lecture, deck.page, deck.log
    types = built.decks[lecture.stem].slide_types
    total = page.evaluate("Reveal.getTotalSlides()")
    assert total == types.count("slide") + types.count("subslide") >= 8
    bs.picture_for_people(page, SCREENSHOTS / f"slides-{lecture.stem}-title.png")
    chart_slides = page.evaluate("""() => Reveal.getSlides()
        .filter((s) => s.querySelector('figure.geopolitics-chart svg'))
        .map((s) => Reveal.getIndices(s))""")
    assert chart_slides, "no slide has a chart"
    for number, where in enumerate(chart_slides, 1):
        page.evaluate(f"Reveal.slide({where['h']}, {where.get('v') or 0})")
        svg = page.locator("section.present:not(.stack) figure.geopolitics-chart svg").first
        svg.wait_for(state="visible")
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, box
        assert box["y"] + box["height"] <= structure.SLIDE_PX[1] + 1, \
            f"chart {number} runs off the bottom of its slide: {box}"
        bs.picture_for_people(page, SCREENSHOTS / f"slides-{lecture.stem}-chart-{number}.png")
    assert log.errors == [] and log.requests == [], log.report()


#: Every slide of a deck, measured as the room sees it at 1280x720 (issue 20): whether it
#: runs past the screen, its smallest text outside charts, and its charts' smallest text and
#: share of the screen's width, each drawn as scaled on the slide.
SLIDE_MEASURES_JS = """() => {
  const found = [];
  for (const slide of Reveal.getSlides()) {
    const where = Reveal.getIndices(slide);
    Reveal.slide(where.h, where.v || 0);
    const scale = Reveal.getScale();
    let text = Infinity, sample = "";
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, element = node.parentElement;
      if (!node.textContent.trim()
          || element.closest("svg, aside.notes, .geopolitics-chart-data")) continue;
      if (element.getBoundingClientRect().width === 0) continue;
      const size = parseFloat(getComputedStyle(element).fontSize) * scale;
      if (size < text) { text = size; sample = node.textContent.trim().slice(0, 40); }
    }
    const charts = [...slide.querySelectorAll("figure.geopolitics-chart svg")].map((svg) => {
      const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
      const drawn = Math.min(box.width / view.width, box.height / view.height);
      const sizes = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim())
        .map((t) => parseFloat(t.getAttribute("font-size") || getComputedStyle(t).fontSize));
      return {text: Math.min(...sizes) * drawn, width: view.width * drawn / innerWidth};
    });
    const right = Math.max(0, ...[...slide.querySelectorAll("*")]
      .filter((e) => !e.closest("aside.notes, .geopolitics-chart-data")
                     && e.getBoundingClientRect().width > 0)
      .map((e) => e.getBoundingClientRect().right));
    found.push({slide: `${where.h + 1}.${(where.v || 0) + 1}`, text, sample, charts,
                overflow: slide.scrollHeight - slide.clientHeight, wide: right - innerWidth});
  }
  return found;
}"""


#: Issue 20: a chart is drawn across at least this share of a 1280-px screen, so the back
#: row can read it. A chart too tall for its width meets the slide's height first: give it a
#: wider plot (its ``width``), not a smaller font.
CHART_SHARE_OF_WIDTH = 0.8


def test_every_slide_fits_1280x720_and_reads_from_the_back(deck: Deck) -> None:
    """Issue 20: nothing runs off a slide at 1280x720, down or to the right; body text is
    at least 24 px and chart text at least 14 px, as drawn (a chart is never shrunk below
    its own size), and every chart spans at least 80% of the screen's width."""
    page, log = deck.page, deck.log
    assert page.viewport_size == {"width": structure.SLIDE_PX[0],
                                  "height": structure.SLIDE_PX[1]}
    slides = page.evaluate(SLIDE_MEASURES_JS)
    assert len(slides) >= 8
    over = [f"{s['slide']} by {s['overflow']} px" for s in slides if s["overflow"] > 2]
    assert not over, f"slides that run off the bottom of the screen: {over}"
    wide = [f"{s['slide']} by {s['wide']:.0f} px" for s in slides if s["wide"] > 2]
    assert not wide, f"slides whose content runs off the right of the screen: {wide}"
    small = [f"{s['slide']}: {s['text']:.1f} px ({s['sample']!r})" for s in slides
             if s["text"] < structure.TEXT_PX - 0.5]
    assert not small, f"text smaller than {structure.TEXT_PX} px: {small}"
    tiny = [f"{s['slide']}: {c['text']:.1f} px" for s in slides for c in s["charts"]
            if c["text"] < charts.MIN_FONT_PX - 0.5]
    assert not tiny, f"chart text smaller than {charts.MIN_FONT_PX} px: {tiny}"
    narrow = [f"{s['slide']}: {c['width']:.0%}" for s in slides for c in s["charts"]
              if c["width"] < CHART_SHARE_OF_WIDTH]
    assert not narrow, (f"charts drawn across less than {CHART_SHARE_OF_WIDTH:.0%} of the "
                        f"screen's width: {narrow}")
    assert any(s["charts"] for s in slides), "no slide has a chart"
    assert log.errors == [] and log.requests == [], log.report()


#: Marks up to three elements of a slide whose own text is Chinese, going to the slide of each
#: (a slide not shown has no layout, so no fonts to ask about).
CHINESE_ELEMENTS_JS = """(pattern) => {
  const cjk = new RegExp(pattern);
  const found = [...document.querySelectorAll(".slides section *")].filter((e) =>
    !e.closest("aside.notes")
    && [...e.childNodes].some((n) => n.nodeType === 3 && cjk.test(n.data)));
  return found.slice(0, 3).map((e, i) => {
    e.dataset.chineseProbe = String(i);
    return [Reveal.getIndices(e.closest("section")), e.textContent.trim().slice(0, 30)];
  });
}"""


def test_chinese_is_drawn_in_the_kits_own_font(deck: Deck) -> None:
    """Issue 20: 走出去 on a slide is drawn with the font the deck carries ("Kit CJK"), not with
    one the computer happens to have: Chromium names the fonts it used for each element."""
    page = deck.page
    probes = page.evaluate(CHINESE_ELEMENTS_JS, fonts.CJK_JS)
    if not probes:
        pytest.skip(f"{deck.lecture.stem} shows no Chinese")
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    for number, (where, text) in enumerate(probes):
        page.evaluate(f"Reveal.slide({where['h']}, {where.get('v') or 0})")
        root = client.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = client.send("DOM.querySelector", {"nodeId": root,
                                                 "selector": f'[data-chinese-probe="{number}"]'})
        used = client.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        names = {f["familyName"]: f["isCustomFont"] for f in used}
        assert names.get(fonts.FAMILY) is True, f"{text!r} was drawn with {names}"
        assert not any("CJK" in name for name in names if name != fonts.FAMILY), names
    client.detach()


def test_every_chinese_character_a_deck_or_page_shows_is_in_the_font(built: Build) -> None:
    """A lecture, table or explorer that gains a Chinese character the font lacks would show
    an empty box on a computer with no Chinese font: `tools/cjk_font.py` adds it."""
    from fontTools.ttLib import TTFont

    have = {chr(code) for code in TTFont(fonts.FONT).getBestCmap()}
    for path in built.html_files():
        text = path.read_text(encoding="utf-8")
        missing = fonts.chinese_in(text) - have
        assert not missing, (f"{path.name} shows {''.join(sorted(missing))}, which the kit's "
                             "font lacks: run tools/cjk_font.py")
        assert (fonts.FAMILY in text) == bool(fonts.chinese_in(text)), path.name


def test_speaker_notes_open_from_disk_with_the_s_key(built: Build, browser: Browser) -> None:
    lecture = LECTURES[0]
    page, log = _open_from_disk(browser, built.deck(lecture.stem))
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=LOAD_TIMEOUT_MS)
    page.evaluate("""() => { const noted = Reveal.getSlides().find((s) => s.querySelector(
        'aside.notes')); const where = Reveal.getIndices(noted); Reveal.slide(where.h,
        where.v || 0); }""")
    assert "Instructor note" in page.evaluate("Reveal.getSlideNotes() || ''")
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.set_viewport_size(bs.VIEWPORT)
    speaker.get_by_text("Instructor note").first.wait_for(timeout=LOAD_TIMEOUT_MS)
    bs.picture_for_people(speaker, SCREENSHOTS / f"slides-{lecture.stem}-speaker-view.png")
    assert log.errors == [] and log.requests == [], log.report()
    page.context.close()


def test_the_site_reads_offline(built: Build, browser: Browser) -> None:
    page, log = _open_from_disk(browser, built.out / "site" / "index.html")
    bs.picture_for_people(page, SCREENSHOTS / "site-index.png", full_page=True)
    page.locator("li > a").first.click()
    page.wait_for_load_state()
    lecture = LECTURES[0]
    assert page.url.endswith(f"{lecture.stem}.html")
    figures = page.locator("figure.geopolitics-chart svg")
    assert figures.count() >= 1
    for number, figure in enumerate(figures.all(), 1):
        figure.scroll_into_view_if_needed()
        assert figure.is_visible()
        bs.picture_for_people(page, SCREENSHOTS / f"site-{lecture.stem}-chart-{number}.png")
    page.get_by_role("link", name="← All lessons").click()
    page.wait_for_load_state()
    assert page.url.endswith("index.html")
    assert log.errors == [] and log.requests == [], log.report()
    page.context.close()


#: The site's pages axe-core reads in `make test`: the front page and lesson 00's, which
#: share every page's template and style sheet. Each lesson page takes 2-4 s of a busy
#: Chromium, so the other five are read by `make audit`, which CI runs after the suite.
AUDITED_IN_MAKE_TEST = ("index", LECTURES[0].stem)


@pytest.mark.parametrize("stem", [
    pytest.param(stem, marks=() if stem in AUDITED_IN_MAKE_TEST else pytest.mark.audit)
    for stem in ("index", *(p.stem for p in LECTURES))])
def test_axe_finds_nothing_serious_on_the_student_site(built: Build, browser: Browser,
                                                      stem: str) -> None:
    """axe-core, run offline on the site's front page and each lesson page: no serious or
    critical violation of WCAG 2.1 A/AA or best practice (issue 20)."""
    page, _ = _open_from_disk(browser, built.out / "site" / f"{stem}.html")
    found = bs.serious_accessibility_problems(page)
    page.context.close()
    assert found == [], found


def test_axe_finds_nothing_serious_on_any_deck(deck: Deck) -> None:
    """axe-core on each deck at its first slide (title, controls, slide number): the slides'
    content is the pages' content, which the test above reads."""
    deck.page.evaluate("Reveal.slide(0, 0)")
    shown = "section.present, .reveal .controls, .reveal .slide-number, .reveal .progress"
    assert bs.serious_accessibility_problems(deck.page, within=shown) == []


@pytest.mark.audit
def test_axe_finds_nothing_serious_on_any_slide(deck: Deck) -> None:
    """axe-core on every slide of every deck, each as it is shown (`make audit`)."""
    found = {}
    for number in range(1, deck.page.evaluate("Reveal.getSlides().length") + 1):
        deck.page.evaluate("(n) => Reveal.slide(...Object.values("
                           "Reveal.getIndices(Reveal.getSlides()[n - 1])))", number)
        problems = bs.serious_accessibility_problems(deck.page, within="section.present")
        if problems:
            found[number] = problems
    assert found == {}, found


def test_the_accessibility_check_sees_a_real_problem(browser: Browser, tmp_path: Path) -> None:
    """The check above can fail: grey text on white and an image with no text are found."""
    page_file = tmp_path / "poor.html"
    page_file.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
                         '<main><p style="color:#bbb">faint words</p><img src="x.png">'
                         "</main></body></html>", encoding="utf-8")
    page, _ = _open_from_disk(browser, page_file)
    found = " ".join(bs.serious_accessibility_problems(page))
    page.context.close()
    assert "color-contrast" in found and "image-alt" in found, found


def test_no_number_a_student_can_read_passes_a_checked_question(built: Build) -> None:
    """Transfer, not copying (issue 19): every number in the lectures and their outputs, the
    decks, the site, the sheets, the README, docs/ and the data notes, typed as an answer to
    every numeric question, passes none of them."""
    import answer_audit

    places = answer_audit.readable_files()
    for path in built.html_files():
        places[path.relative_to(built.out).as_posix()] = answer_audit.page_text(_soup(path))
    found = answer_audit.leaks(places)
    assert not found, "a student could pass by copying:\n" + answer_audit.said(found)
