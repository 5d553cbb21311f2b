"""Slides and a static web site from the lectures, built with no network.

``python -m geopolitics.course.export slides`` (``make slides``) runs every lecture in
``notebooks/`` in a fresh kernel and writes one reveal.js deck per lecture to
``build/slides/``; ``python -m geopolitics.course.export site`` (``make site``) writes one web page
per lecture and a lesson list to ``build/site/``. Both open from disk with no internet:

* reveal.js 5 is copied from the installed ``sphinx_revealjs`` package next to the decks,
  and the page templates load no require.js, MathJax, Mermaid or widget manager from a CDN;
* a live chart (a JupyterChart widget) would leave an empty space in a file, so each lecture
  runs with a first cell that asks the kit for static forms (:data:`STATIC_FORMS_SOURCE`):
  every chart and widget panel then displays one bundle holding both its live widget view and
  its static form (an inline SVG figure after the usual accessibility audit; for a panel, a
  static twin with its starting chart or result and a line naming its controls). The
  exporter chooses, as Jupyter Book chooses outputs per format: :class:`StaticOutputs`, an
  nbconvert preprocessor, keeps the static form and drops the live view. JupyterLab, given
  the same bundle, shows the live widget (its renderer outranks HTML).

Slide structure (which cell starts a slide) is planned in :mod:`geopolitics.course.structure`;
``python -m geopolitics.course.export structure --write`` stores it in the lectures and
``--check`` reports a lecture whose stored structure has drifted.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import functools
import html
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

from geopolitics import catalogue
from geopolitics.catalogue import Lesson
from geopolitics.charts import KIT_OUTPUT, WIDGET_VIEW
from geopolitics.course import decks, fonts, guide, runner, structure, templates
from geopolitics.course.runner import Execution
from geopolitics.course.structure import SLIDE_PX
from geopolitics.errors import KitError
from geopolitics.paths import ROOT
from geopolitics.text import one_line

REVEAL_DIR = "reveal.js"  # beside the decks; the decks name it by this relative path
CELL_TIMEOUT = 300  # seconds for one cell; a lecture cell takes well under one
WORKERS = 2  # kernels at once: the kit's machines have two cores


class ExportError(KitError):
    """A lecture could not be turned into slides or a page (says which, and why)."""


# --- running a lecture for export -----------------------------------------------------------

#: The cell run first in every lecture exported: from then on each chart and panel offers its
#: static form beside its live view (see :func:`geopolitics.charts.offer_static_forms`). It
#: is a cell, not an environment variable, so the choice lives in the kernel that draws.
STATIC_FORMS_SOURCE = "import geopolitics.charts\ngeopolitics.charts.offer_static_forms()"


def kernel_env() -> dict[str, str]:
    """The kernel's environment: the caller's, with the debugger's start-up warning about
    frozen modules quieted."""
    return {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def with_static_forms(notebook: NotebookNode) -> NotebookNode:
    """The notebook with :data:`STATIC_FORMS_SOURCE` as its first cell (run, then removed by
    :func:`without_static_forms`, so cell numbers in messages are the lecture's own)."""
    from nbformat.v4 import new_code_cell

    notebook.cells.insert(0, new_code_cell(STATIC_FORMS_SOURCE, id="geopolitics-static-forms"))
    return notebook


def without_static_forms(notebook: NotebookNode) -> NotebookNode:
    if notebook.cells and notebook.cells[0].get("id") == "geopolitics-static-forms":
        del notebook.cells[0]
    return notebook


#: Asked of a lecture's kernel after its last cell: how many live widgets of each class
#: (with an open comm) it made, as JSON, whether or not through the kit. Every
#: ``JupyterChart`` among them must have a static form in the export, or it would leave an
#: empty space on a slide. The browser tests ask JupyterLab's kernels the same question.
WIDGET_CENSUS = (
    "(lambda gc, json, sys: json.dumps(__import__('collections').Counter("
    "type(o).__name__ for o in gc.get_objects() "
    "if 'ipywidgets' in sys.modules "
    "and isinstance(o, sys.modules['ipywidgets'].DOMWidget) "
    "and getattr(o, 'comm', None) is not None)))"
    "(__import__('gc'), __import__('json'), __import__('sys'))"
)


def read_census(answer: str | None) -> dict[str, int]:
    """The kernel's answer to :data:`WIDGET_CENSUS` (a repr of JSON) as counts by class."""
    census = json.loads(ast.literal_eval(answer or ""))
    if not isinstance(census, dict):
        raise ValueError(f"a census is a JSON object, not {type(census).__name__}")
    return {str(name): int(count) for name, count in census.items()}


@dataclass(frozen=True)
class Executed:
    """A lecture run for export, and how many live charts its kernel made (each of which
    has a static form: see :func:`check_every_chart_is_drawn`)."""

    notebook: NotebookNode
    charts_made: int


async def _execute(path: Path, gate: asyncio.Semaphore) -> Executed:
    async with gate:
        notebook = with_static_forms(nbformat.read(path, as_version=4))
        counted: list[str | None] = []

        async def count_live_charts(session: runner.Session) -> None:
            counted.append(await session.evaluate(WIDGET_CENSUS, 30.0))

        done = await runner.run_notebook(
            notebook, cwd=path.parent, env=kernel_env(), cell_timeout=CELL_TIMEOUT,
            before_shutdown=count_live_charts,
            extra_arguments=["--IPKernelApp.log_level=ERROR"])  # no start-up chatter
        without_static_forms(notebook)
        if not done.completed:
            raise ExportError(f"{path.name} did not run: {_first_error(done)}")
        notebook.metadata.pop("widgets", None)
        answer = counted[0] if counted else None
        try:
            live = read_census(answer).get("JupyterChart", 0)
        except (ValueError, SyntaxError, TypeError):
            raise ExportError(f"{path.name} ran, but its kernel did not say how many charts "
                              f"it made ({one_line(str(answer), 80)}).") from None
        check_every_chart_is_drawn(notebook, path, live)
        return Executed(notebook, live)


def check_every_chart_is_drawn(notebook: NotebookNode, path: Path, live: int) -> None:
    """An error if any of the ``live`` charts the lecture made has no static form.

    A chart displayed outside the kit's renderer (``alt.JupyterChart(...)`` by hand, say)
    has only a live view, which a file cannot show: the deck would have an empty space where
    the lecture has a chart, and nothing would say so.
    """
    drawn = count_charts(notebook)
    if drawn != live:
        raise ExportError(
            f"{path.name} makes {live} live chart(s) but {drawn} static one(s): a chart shown "
            "without the kit's renderer or panels would be an empty space on the slide. "
            "Display charts as Altair charts (the kit's renderer draws both forms), or build "
            "the widget with geopolitics.explorers.")


def _lecture_cell(index: int) -> str:
    """A cell of the run as the lecture counts its cells (from 0, as nbformat indexes them):
    the run had the static-forms cell in front of them."""
    return "the static-forms set-up cell" if index == 0 else f"cell {index - 1}"


def _first_error(done: Execution) -> str:
    """What stopped a lecture, naming the cell as the lecture counts it."""
    error = done.error
    if error is not None:
        return f"{_lecture_cell(error.index)} raised {error.ename}: {error.evalue}"
    where = f"{_lecture_cell(done.stopped_at)}: " if done.stopped_at is not None else ""
    return f"{where}{done.detail or done.ending.value}"


def execute_static(paths: Sequence[Path], workers: int = WORKERS) -> list[Executed]:
    """Run each lecture top to bottom in a fresh kernel (cwd ``notebooks/``), static forms on.

    Two kernels run at once; the results come back in the order of ``paths``. Widget state
    is not stored (nothing for a widget manager to load).
    """
    async def run_all() -> list[Executed]:
        gate = asyncio.Semaphore(max(1, workers))
        return list(await asyncio.gather(*(_execute(p, gate) for p in paths)))

    return asyncio.run(run_all())


# --- choosing the static form ------------------------------------------------------------------

def _kit_display(output: NotebookNode) -> dict[str, Any] | None:
    """The kit's marking of a chart or panel display (its kind and charts), or None."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    mark = output.get("metadata", {}).get(KIT_OUTPUT)
    return mark if isinstance(mark, dict) else None


def _static_form(output: NotebookNode) -> NotebookNode:
    """The output with only its static form, where the kit's display offered one."""
    if _kit_display(output) is not None and "text/html" in output.get("data", {}):
        output.data.pop(WIDGET_VIEW, None)
    return output


class StaticOutputs(Preprocessor):
    """Keep the static form of each kit chart and panel and drop its live widget view.

    A display of the kit holds both (see :func:`geopolitics.charts.both_forms`); a file with
    no kernel can only show the static one. Other outputs are left as they are, so the
    preprocessor composes with nbconvert's own, like nbgrader's.
    """

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any],
                        index: int) -> tuple[NotebookNode, dict[str, Any]]:
        for output in cell.get("outputs", []):
            _static_form(output)
        return cell, resources


# --- writing decks and pages (templates in geopolitics.course.templates) --------------------

def _for_export(notebook: NotebookNode, lesson: Lesson) -> NotebookNode:
    """A copy to export, titled."""
    copy = nbformat.from_dict(notebook)
    copy.metadata["title"] = f"{lesson.id} · {lesson.title}"
    return copy


@functools.cache
def _deck_exporter() -> Any:
    """One deck exporter for the build: a new one compiles its templates again (0.25 s)."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        template_file="geopolitics-slides.html.j2", extra_loaders=[templates.loader()],
        reveal_url_prefix=REVEAL_DIR, reveal_theme="white", reveal_transition="none",
        reveal_number="c/t", reveal_width=str(SLIDE_PX[0]), reveal_height=str(SLIDE_PX[1]),
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    exporter.register_preprocessor(StaticOutputs(), enabled=True)
    return exporter


@functools.cache
def _page_exporter() -> Any:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="geopolitics-page.html.j2",
                            extra_loaders=[templates.loader()], exclude_input_prompt=True,
                            exclude_output_prompt=True)  # greyed to a contrast of 2.2
    exporter.register_preprocessor(StaticOutputs(), enabled=True)
    return exporter


def deck_html(notebook: NotebookNode, lesson: Lesson) -> str:
    """A reveal.js deck of an executed lecture, loading reveal.js from ``reveal.js/``."""
    resources = {"metadata": {"name": lesson.stem}}
    deck = notebook if notebook.metadata.get("geopolitics_deck") else decks.deck_notebook(notebook)
    body, _ = _deck_exporter().from_notebook_node(_for_export(deck, lesson), resources)
    return fonts.with_chinese_font(body)


#: The instructor edition of the site (``site-instructor/``) says so at the top of each page.
INSTRUCTOR_BANNER = ("Instructor edition: with the instructor notes (timings, prompts and what "
                     "a strong answer contains). Do not post it for a class: the student "
                     "edition, without them, is in the folder site/ beside this one.")


def page_html(notebook: NotebookNode, lesson: Lesson, edition: str = "student") -> str:
    """A web page of an executed lecture (nbconvert's lab template, no CDN); the student
    edition leaves the instructor notes out."""
    copy = _for_export(notebook, lesson)
    if edition == "student":
        copy.cells = [c for c in copy.cells if not structure.is_instructor_note(c)]
    else:
        copy.cells.insert(0, nbformat.v4.new_markdown_cell(f"> **{INSTRUCTOR_BANNER}**"))
    body, _ = _page_exporter().from_notebook_node(copy,
                                                  resources={"metadata": {"name": lesson.stem}})
    return fonts.with_chinese_font(body)


def index_html(lessons: Iterable[Lesson], edition: str = "student") -> str:
    """The site's front page: each lesson's title and question, linking to its page."""
    which = (f"<p><strong>{html.escape(INSTRUCTOR_BANNER)}</strong></p>"
             if edition == "instructor" else "")
    items = "\n".join(
        f'<li><a href="{html.escape(lesson.stem)}.html">'
        f'{html.escape(f"{lesson.id} · {lesson.title}")}</a>'
        f'<div class="question"><p>{html.escape(lesson.question)}</p></div></li>'
        for lesson in lessons
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>TikTok refugees: a teaching kit on digital geopolitics</title>
<style>
body {{ font-family: "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans CJK SC", sans-serif;
       line-height: 1.5; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; }}
li {{ margin: 0 0 1.2em; }}
li > a {{ font-size: 1.2em; font-weight: bold; }}
.question p {{ margin: 0.3em 0; }}
</style>
</head>
<body>
<main>
<h1>TikTok refugees: a teaching kit on digital geopolitics</h1>
<p>The lectures of the kit as static pages: every chart is a picture of its starting state.
To use the charts and controls, open the lesson in JupyterLab (<code>make lab</code>).</p>
{which}
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


# --- building ---------------------------------------------------------------------------------

def reveal_source() -> Path:
    """reveal.js 5 as the installed sphinx-revealjs package ships it."""
    try:
        import sphinx_revealjs
    except ImportError:
        raise ExportError("reveal.js comes from the sphinx-revealjs package, which is not "
                          "installed: run `make venv`.") from None
    source = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    if not (source / "dist" / "reveal.js").is_file():
        raise ExportError(f"sphinx-revealjs has no reveal.js at {source}: reinstall it.")
    return source


#: The parts of reveal.js a deck loads: the script, its styles, the white theme with its
#: (local) font, and the speaker-notes plugin. The other themes fetch web fonts, so they stay.
REVEAL_FILES = ("LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css",
                "dist/theme/white.css", "dist/theme/fonts/source-sans-pro",
                "plugin/notes/notes.js")


def copy_reveal(out_dir: Path) -> Path:
    """Copy the parts of reveal.js that the decks load into ``reveal.js/`` beside them."""
    source, target = reveal_source(), out_dir / REVEAL_DIR
    if target.exists():
        shutil.rmtree(target)
    for part in REVEAL_FILES:
        (target / part).parent.mkdir(parents=True, exist_ok=True)
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    return target


@dataclass(frozen=True)
class Built:
    """One file written, how many charts it draws, and how many its lecture made live; for
    a deck, the type of each of its cells' slides and the slides estimated to overflow."""

    path: Path
    charts: int
    made: int
    slide_types: tuple[str, ...] = ()
    too_tall: tuple[str, ...] = ()
    lecture_cells: tuple[int | None, ...] = ()  # for a deck, the lecture cell each cell shows
    guide_drift: tuple[str, ...] = ()  # for a deck, where its guide names other slides


def count_charts(notebook: NotebookNode, deck: bool = False) -> int:
    """Charts an exported file draws: the static forms the kit's displays say they hold.

    Read from the outputs' metadata (see :func:`geopolitics.charts.both_forms`), counting only
    outputs whose static form is there; a deck leaves out the cells its plan skips.
    """
    count = 0
    for cell in notebook.cells:
        if deck and cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "skip":
            continue
        for output in cell.get("outputs", []):
            mark = _kit_display(output)
            if mark is not None and "text/html" in output.get("data", {}):
                count += int(mark.get("charts", 0))
    return count


def build(kinds: Sequence[str], out: Path, lessons: Sequence[Lesson] | None = None,
          workers: int = WORKERS, update_guides: bool = False) -> dict[str, list[Built]]:
    """Run the lectures once and write each kind asked for ('slides', 'site') under ``out``.

    Decks go to ``out/slides/``, pages to ``out/site/`` (the student edition) and
    ``out/site-instructor/`` (with the instructor notes). A deck's speaker notes come from
    its lesson's instructor guide; ``update_guides`` writes the slides each block and prompt
    falls on back into the guide (they follow from the lecture and the deck's rules).
    """
    unknown = set(kinds) - {"slides", "site"}
    if unknown:
        raise ExportError(f"unknown export {sorted(unknown)}: choose 'slides' or 'site'.")
    lessons = list(lessons) if lessons is not None else list(catalogue.lessons())
    if not lessons:
        raise ExportError("there are no lectures to export: lessons.toml lists none.")
    executed = execute_static([lesson.lecture for lesson in lessons], workers)
    written: dict[str, list[Built]] = {}
    for kind in kinds:
        folder = out / kind
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "slides":
            copy_reveal(folder)
        files = []
        for run, lesson in zip(executed, lessons, strict=True):
            notebook = run.notebook
            if kind == "slides":
                plan = guide.for_lesson(lesson)  # read once: the notes and the drift
                deck = decks.deck_notebook(notebook, plan)
                target, text = folder / f"{lesson.stem}.slides.html", deck_html(deck, lesson)
                shape = (tuple(c.metadata["slideshow"]["slide_type"] for c in deck.cells),
                         tuple(decks.too_tall_slides(deck)),
                         tuple(c.metadata.get(decks.LECTURE_CELL) for c in deck.cells))
                shape = (*shape, guide.slides_named(plan, shape[0], shape[2],
                                                    write=update_guides))
            else:
                target, text = folder / f"{lesson.stem}.html", page_html(notebook, lesson)
                shape = ((), ())
                notes = out / "site-instructor"
                notes.mkdir(parents=True, exist_ok=True)
                (notes / target.name).write_text(page_html(notebook, lesson, "instructor"),
                                                 encoding="utf-8")
            target.write_text(text, encoding="utf-8")
            files.append(Built(target, count_charts(notebook, deck=kind == "slides"),
                               run.charts_made, *shape))
        if kind == "site":
            (folder / "index.html").write_text(index_html(lessons), encoding="utf-8")
            (out / "site-instructor" / "index.html").write_text(
                index_html(lessons, "instructor"), encoding="utf-8")
        written[kind] = files
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geopolitics.course.export",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="+", choices=["slides", "site", "structure"],
                        help="slides and/or site (the lectures run once for both), or "
                             "structure")
    parser.add_argument("--out", type=Path, default=ROOT / "build",
                        help="folder for slides/ and site/ (default: build/)")
    parser.add_argument("--lesson", action="append", metavar="NN",
                        help="only this lesson (repeatable), e.g. --lesson 00")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="structure: store the plan")
    action.add_argument("--check", action="store_true", help="structure: report drift")
    parser.add_argument("--update-guides", action="store_true",
                        help="slides: write each timing block's and prompt's slide numbers "
                             "into docs/instructor/")
    args = parser.parse_args(argv)
    kinds = list(dict.fromkeys(args.what))
    if "structure" in kinds and len(kinds) > 1:
        parser.error("structure is a command of its own: give it alone")
    try:
        if kinds == ["structure"]:
            return structure.command(write=args.write)
        chosen = ([catalogue.lesson(which) for which in args.lesson] if args.lesson
                  else list(catalogue.lessons()))
        started = time.monotonic()
        result = build(kinds, args.out, chosen, update_guides=args.update_guides)
        for kind in kinds:
            for built in result[kind]:
                print(f"wrote {_shown(built.path)} ({built.charts} charts)")
                for problem in built.too_tall:
                    print(f"  may not fit at 1280x720: {problem}")
                for problem in built.guide_drift:
                    print(f"  {problem} (`python -m geopolitics.course.export slides "
                          "--update-guides` writes them)")
        opened = [_shown(args.out / kind / ("index.html" if kind == "site"
                                            else result[kind][0].path.name)) for kind in kinds]
        lectures = "1 lecture" if len(chosen) == 1 else f"{len(chosen)} lectures"
        print(f"{lectures} in {time.monotonic() - started:.0f} s; open "
              f"{' or '.join(opened)} in a browser (no network needed).")
    except KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
