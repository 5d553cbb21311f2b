"""Slides and a static web site from the lectures, built with no network.

``python -m geopolitics.course.export slides`` (``make slides``) runs every lecture in
``notebooks/`` in a fresh kernel and writes one reveal.js deck per lecture to
``build/slides/``; ``python -m geopolitics.course.export site`` (``make site``) writes one web page
per lecture and a lesson list to ``build/site/``. Both open from disk with no internet:

* reveal.js 5 is copied from the installed ``sphinx_revealjs`` package next to the decks,
  and the page templates load no require.js, MathJax, Mermaid or widget manager from a CDN;
* a live chart (a JupyterChart widget) would leave an empty space in a file, so the lectures
  run with ``GEOPOLITICS_EXPORT=static``: every chart is drawn as inline SVG after the usual
  accessibility audit, and each widget panel shows a static twin (its starting chart or
  result, with a line naming its controls).

Slide structure is data in each cell's ``metadata.slideshow.slide_type``, decided by the
rules of :func:`plan` (written once, here) so that a new lecture gets the same shape:
``python -m geopolitics.course.export structure --write`` stores it in the lectures and
``--check`` (run by the tests) reports a lecture whose stored structure has drifted.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import html
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from geopolitics import catalogue
from geopolitics.catalogue import Lesson
from geopolitics.charts import EXPORT_ENV
from geopolitics.errors import KitError
from geopolitics.paths import ROOT

REVEAL_DIR = "reveal.js"  # beside the decks; the decks name it by this relative path
CELL_TIMEOUT = 300  # seconds for one cell; a lecture cell takes well under one
WORKERS = 2  # kernels at once: the kit's machines have two cores


class ExportError(KitError):
    """A lecture could not be turned into slides or a page (says which, and why)."""


def lectures(root: Path = ROOT) -> list[Path]:
    """Every catalogued lecture, in lesson order: ``notebooks/NN_name.ipynb``."""
    return [lesson.lecture for lesson in catalogue.lessons(root)]


# --- slide structure ------------------------------------------------------------------------

#: Lines of text that fit on one slide at the decks' font size (see ``SLIDE_SIZE``).
SLIDE_BUDGET = 27
#: Lines a kind of output takes on a slide, estimated from the code that makes it. In a
#: deck, an output other than a chart scrolls in a box of at most ``OUTPUT_BOX`` lines.
OUTPUT_BOX = 13
OUTPUT_LINES = {"widget": 15, "chart": 13, "sources": OUTPUT_BOX, "table": 11, "text": 11,
                "value": 3}
INSTRUCTOR_TAG = "instructor"
NOTE_MARK = re.compile(r"^\s*>\s*\*\*Instructor note")
PAUSE_MARK = re.compile(r"^\s*\*\*(Try it|Discuss)\b")
OWN_SLIDE_HEADINGS = re.compile(r"^#+\s*(Key points|Sources)\b", re.I)
#: Code longer than this is folded in a deck (a "Code" line to click), so that the chart it
#: draws and the sentence after it share a slide; the web pages show all code.
FOLD_LINES = 8
#: A call that shows one of the kit's widget panels: ``widgets.index_explorer(...)`` or a
#: factory named for what it is (``scenario_explorer()``, ``deadline_calculator()``...).
WIDGET_CALL = re.compile(r"(\w*widgets\.\w+|\w+_(explorer|calculator|form|playground|trend))\(")


def is_instructor_note(cell: NotebookNode) -> bool:
    """Instructor notes are marked visibly (a quote starting **Instructor note**) or tagged."""
    if cell.cell_type != "markdown":
        return False
    return INSTRUCTOR_TAG in cell.metadata.get("tags", []) or bool(NOTE_MARK.match(cell.source))


def heading_level(cell: NotebookNode) -> int:
    """1 for '# Title', 2 for '## Section', 3 for '### Part'; 0 when not a heading cell."""
    if cell.cell_type != "markdown":
        return 0
    match = re.match(r"(#{1,6})\s", cell.source.lstrip())
    return len(match.group(1)) if match else 0


def _only_imports(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Import | ast.ImportFrom) for node in body)


def _output_kind(source: str) -> str | None:
    """What a code cell shows, guessed from its last line (the lectures' cells are short)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return "text"
    shown = [n for n in body if isinstance(n, ast.Expr)]
    if not shown:
        return None
    last = ast.unparse(body[-1]) if isinstance(body[-1], ast.Expr) else ""
    if not last:
        return "text"  # print() or display() earlier in the cell
    if WIDGET_CALL.match(last):
        return "widget"
    if re.match(r"sources_section\(", last):
        return "sources"
    if re.search(r"\balt\.|\bcharts\.|\.properties\(|\.encode\(|\.mark_\w+\(", last):
        return "chart"
    if re.match(r"print\(", last):
        return "text"
    if isinstance(body[-1].value, ast.Subscript) or re.search(
            r"\.(head|tail|pivot|crosstab|describe|value_counts|groupby)\b|^pd\.", last):
        return "table"
    return "value"


def folded_in_deck(cell: NotebookNode) -> bool:
    """Whether a deck shows this cell's code folded (see ``FOLD_LINES``)."""
    return cell.cell_type == "code" and len(cell.source.splitlines()) > FOLD_LINES


def estimated_lines(cell: NotebookNode) -> float:
    """How much of a slide a cell takes, in lines of text (outputs estimated from the code)."""
    lines = cell.source.splitlines()
    if cell.cell_type == "markdown":
        return sum(2 if line.startswith("#") else 0.5 if not line.strip() else 1
                   for line in lines)
    code = 1 if folded_in_deck(cell) else len(lines)
    kind = _output_kind(cell.source)
    if kind == "table":
        rows = re.search(r"\.head\((\d+)\)\s*$", cell.source)
        return code + (min(int(rows.group(1)) + 1, OUTPUT_BOX) if rows
                       else OUTPUT_LINES["table"])
    return code + (OUTPUT_LINES[kind] if kind else 0)


def plan(notebook: NotebookNode) -> list[str]:
    """The slide type of every cell, by the kit's rules (one idea per slide).

    1. The first cell (title, question, objectives) is the title slide.
    2. Instructor notes become speaker notes (``notes``): the presenter sees them, the room
       does not.
    3. The set-up cell (imports only, before the first section) is skipped: it runs, but
       nobody needs to read it on a slide.
    4. A section heading (``##``), and the Key points and Sources sections whatever their
       level, start a new slide; a sub-heading (``###`` and below) starts a sub-slide.
    5. A pause point (a cell opening with **Try it** or **Discuss**) starts a sub-slide, so
       the question stays on screen while the room works on it.
    6. Any other cell continues the slide, unless the slide would then overflow
       (``SLIDE_BUDGET`` lines, outputs estimated from the code): then a markdown cell starts
       a sub-slide. A code cell stays with the text that leads into it, and its output
       with the code; a cell too long for any slide gets one to itself (the deck scrolls it).
    """
    cells = notebook.cells
    types = ["-"] * len(cells)
    used = 0.0  # lines on the current slide so far
    seen_section = False
    for index, cell in enumerate(cells):
        if is_instructor_note(cell):
            types[index] = "notes"
            continue
        level = heading_level(cell)
        if cell.cell_type == "code" and not seen_section and index > 0 and _only_imports(
                cell.source):
            types[index] = "skip"
            continue
        overflows = used > 0 and used + _group_lines(cells, index) > SLIDE_BUDGET
        if index == 0 or level in (1, 2) or (
                level and OWN_SLIDE_HEADINGS.match(cell.source.lstrip())):
            types[index] = "slide"
        elif (level >= 3 or (cell.cell_type == "markdown" and PAUSE_MARK.match(cell.source))
              or (overflows and (cell.cell_type == "markdown"
                                 or _previous_shown(cells, types, index) == "code"))):
            types[index] = "subslide"
        if level >= 2:
            seen_section = True
        if types[index] in ("slide", "subslide"):
            used = 0.0
        used += estimated_lines(cell)
    return types


def _previous_shown(cells: Sequence[NotebookNode], types: list[str], index: int) -> str | None:
    """The type of the nearest earlier cell that appears on a slide."""
    for earlier in range(index - 1, -1, -1):
        if types[earlier] not in ("notes", "skip"):
            return str(cells[earlier].cell_type)
    return None


def _group_lines(cells: Sequence[NotebookNode], index: int) -> float:
    """A cell and the code cells that follow it (they belong on the same slide)."""
    total = estimated_lines(cells[index])
    for cell in cells[index + 1:]:
        if is_instructor_note(cell):
            continue
        if cell.cell_type != "code":
            break
        total += estimated_lines(cell)
        if cells[index].cell_type == "code":
            break
    return total


def stored_structure(notebook: NotebookNode) -> list[str | None]:
    """The slide type each cell carries now (None where it carries none)."""
    return [cell.metadata.get("slideshow", {}).get("slide_type") for cell in notebook.cells]


def apply_plan(notebook: NotebookNode) -> bool:
    """Store the planned slide types in the cells' metadata; True if anything changed.

    Only ``metadata.slideshow.slide_type`` is touched: sources, outputs, ids, tags and any
    other metadata stay as they are, so running this twice changes nothing the second time.
    """
    changed = False
    for cell, slide_type in zip(notebook.cells, plan(notebook), strict=True):
        slideshow = cell.metadata.setdefault("slideshow", {})
        if slideshow.get("slide_type") != slide_type:
            slideshow["slide_type"] = slide_type
            changed = True
    return changed


def _notebook_text(notebook: NotebookNode) -> str:
    return nbformat.writes(notebook, version=4) + "\n"


def structure_drift(root: Path = ROOT) -> list[str]:
    """Each cell whose stored slide type differs from the plan, as a sentence."""
    problems = []
    for path in lectures(root):
        notebook = nbformat.read(path, as_version=4)
        for index, (cell, stored, planned) in enumerate(zip(
                notebook.cells, stored_structure(notebook), plan(notebook), strict=True)):
            if stored != planned:
                problems.append(f"{path.relative_to(root)}: cell {index} (id {cell.get('id')}) "
                                f"is {stored!r}, the plan says {planned!r}")
    return problems


def write_structure(root: Path = ROOT) -> list[Path]:
    """Store the planned structure in every lecture; returns the files that changed."""
    written = []
    for path in lectures(root):
        notebook = nbformat.read(path, as_version=4)
        if apply_plan(notebook):
            path.write_text(_notebook_text(notebook), encoding="utf-8")
            written.append(path)
    return written


# --- running a lecture for export -----------------------------------------------------------

def static_env() -> dict[str, str]:
    """The kernel's environment: the caller's, with charts and widgets drawn statically.

    (The second variable only quiets the debugger's start-up warning about frozen modules.)
    """
    return {**os.environ, EXPORT_ENV: "static", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


async def _execute(path: Path, gate: asyncio.Semaphore) -> NotebookNode:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    async with gate:
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=False,  # no widget state: nothing for a widget manager to load
            record_timing=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter
        )
        try:
            await client.async_execute(env=static_env())
        except (CellExecutionError, CellTimeoutError) as exc:
            raise ExportError(f"{path.name} did not run: {_first_error(notebook, exc)}") from None
        notebook.metadata.pop("widgets", None)
        return notebook


def _first_error(notebook: NotebookNode, exc: Exception) -> str:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {index} raised {output['ename']}: {output['evalue']}"
    return str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__


def execute_static(paths: Sequence[Path], workers: int = WORKERS) -> list[NotebookNode]:
    """Run each lecture top to bottom in a fresh kernel (cwd ``notebooks/``), in static mode.

    Two kernels run at once; the results come back in the order of ``paths``.
    """
    async def run_all() -> list[NotebookNode]:
        gate = asyncio.Semaphore(max(1, workers))
        return list(await asyncio.gather(*(_execute(p, gate) for p in paths)))

    return asyncio.run(run_all())


# --- templates -------------------------------------------------------------------------------

#: Decks: nbconvert's reveal template without its CDN scripts (jQuery, require.js, Mermaid,
#: MathJax, the widget manager); reveal.js and its notes plugin load from the local copy.
SLIDES_TEMPLATE = """
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">
/* A slide taller than the screen scrolls instead of being cut off. */
.reveal .slides section:not(.stack) { max-height: 100%; overflow-y: auto; }
.reveal .slides { text-align: left; }
.reveal .jp-RenderedHTMLCommon table { font-size: 16px; }
.reveal .geopolitics-static-widget p { margin: 0.2em 0; }
.reveal .geopolitics-controls { font-size: 16px; color: #444; }
.reveal figure.geopolitics-chart svg { max-width: 100%; height: auto; }
.reveal aside.notes { display: none; }
.reveal ol:has(> li[id^="src-"]) { font-size: 15px; }
/* Long tables and printed text scroll in their own box, so the slide keeps its shape. */
.reveal .jp-OutputArea-output:not(:has(.geopolitics-chart, .geopolitics-static-widget)) {
  display: block; max-height: {{ resources.geopolitics_box_px }}px; overflow-y: auto; }
.reveal details.geopolitics-code > summary { font-size: 16px; color: #555; cursor: pointer; }
</style>
{%- endblock html_head_css -%}
{% block input_group -%}
{%- if cell.metadata.get("geopolitics_fold") -%}
<details class="geopolitics-code">
<summary>Code ({{ cell.source.splitlines() | length }} lines)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock input_group %}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true,
  progress: true,
  hash: true,
  center: false,
  transition: "{{ resources.reveal.transition }}",
  slideNumber: "{{ resources.reveal.number }}",
  width: {{ resources.reveal.width }},
  height: {{ resources.reveal.height }},
  plugins: [RevealNotes],
});
</script>
{% endblock footer_js %}
"""

#: Pages: nbconvert's lab template without CDN scripts, with a link back to the lesson list.
PAGE_TEMPLATE = """
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
main { max-width: 1100px; margin: 0 auto; padding: 1em; }
nav.geopolitics-nav { font-family: var(--jp-ui-font-family); margin: 0.5em 0 1em; }
.geopolitics-controls { color: #444; }
figure.geopolitics-chart svg { max-width: 100%; height: auto; }
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="geopolitics-nav"><a href="index.html">&larr; All lessons</a></nav>
{%- endblock body_header -%}
"""

SLIDE_SIZE = (1200, 860)  # reveal.js scales this box to the screen
LINE_PX = 32  # one line of slide text, in the box's pixels


def _loader() -> Any:
    from jinja2 import DictLoader

    return DictLoader({"geopolitics-slides.html.j2": SLIDES_TEMPLATE,
                       "geopolitics-page.html.j2": PAGE_TEMPLATE})


def _for_export(notebook: NotebookNode, lesson: Lesson, deck: bool = False) -> NotebookNode:
    """A copy to export: titled, and in a deck with long code marked for folding."""
    copy = nbformat.from_dict(notebook)
    copy.metadata["title"] = f"{lesson.id} · {lesson.title}"
    for cell in copy.cells:
        if deck and folded_in_deck(cell):
            cell.metadata["geopolitics_fold"] = True
    return copy


def deck_html(notebook: NotebookNode, lesson: Lesson) -> str:
    """A reveal.js deck of an executed lecture, loading reveal.js from ``reveal.js/``."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        template_file="geopolitics-slides.html.j2", extra_loaders=[_loader()],
        reveal_url_prefix=REVEAL_DIR, reveal_theme="white", reveal_transition="none",
        reveal_number="c/t", reveal_width=str(SLIDE_SIZE[0]), reveal_height=str(SLIDE_SIZE[1]),
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    resources = {"metadata": {"name": lesson.stem}, "geopolitics_box_px": OUTPUT_BOX * LINE_PX}
    body, _ = exporter.from_notebook_node(_for_export(notebook, lesson, deck=True), resources)
    return body


def page_html(notebook: NotebookNode, lesson: Lesson) -> str:
    """A web page of an executed lecture (nbconvert's lab template, no CDN)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="geopolitics-page.html.j2",
                            extra_loaders=[_loader()])
    body, _ = exporter.from_notebook_node(_for_export(notebook, lesson),
                                          resources={"metadata": {"name": lesson.stem}})
    return body


def index_html(lessons: Iterable[Lesson]) -> str:
    """The site's front page: each lesson's title and question, linking to its page."""
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
body {{ font-family: "Helvetica Neue", Arial, "Noto Sans CJK SC", sans-serif; line-height: 1.5;
       max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; }}
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
    """One file written, and how many charts it draws (for the build's report)."""

    path: Path
    charts: int


def count_charts(text: str) -> int:
    """Charts drawn in an exported file: inline SVG figures from the kit's renderer."""
    return len(re.findall(r'<figure class="geopolitics-chart"', text))


def build(kinds: Sequence[str], out: Path, lessons: Sequence[Lesson] | None = None,
          workers: int = WORKERS) -> dict[str, list[Built]]:
    """Run the lectures once and write each kind asked for ('slides', 'site') under ``out``.

    Decks go to ``out/slides/``, pages to ``out/site/``.
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
        for notebook, lesson in zip(executed, lessons, strict=True):
            if kind == "slides":
                target, text = folder / f"{lesson.stem}.slides.html", deck_html(notebook, lesson)
            else:
                target, text = folder / f"{lesson.stem}.html", page_html(notebook, lesson)
            target.write_text(text, encoding="utf-8")
            files.append(Built(target, count_charts(text)))
        if kind == "site":
            (folder / "index.html").write_text(index_html(lessons), encoding="utf-8")
        written[kind] = files
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geopolitics.course.export",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["slides", "site", "structure"])
    parser.add_argument("--out", type=Path, default=ROOT / "build",
                        help="folder for slides/ and site/ (default: build/)")
    parser.add_argument("--lesson", action="append", metavar="NN",
                        help="only this lesson (repeatable), e.g. --lesson 00")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="structure: store the plan")
    action.add_argument("--check", action="store_true", help="structure: report drift")
    args = parser.parse_args(argv)
    try:
        if args.what == "structure":
            return _structure_command(write=args.write)
        chosen = ([catalogue.lesson(which) for which in args.lesson] if args.lesson
                  else list(catalogue.lessons()))
        started = time.monotonic()
        result = build([args.what], args.out, chosen)
        for built in result[args.what]:
            print(f"wrote {_shown(built.path)} ({built.charts} charts)")
        where = args.out / args.what
        first = "index.html" if args.what == "site" else result[args.what][0].path.name
        print(f"{len(chosen)} lectures in {time.monotonic() - started:.0f} s; open "
              f"{_shown(where / first)} in a browser (no network needed).")
    except KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _structure_command(write: bool) -> int:
    if write:
        changed = write_structure()
        for path in changed:
            print(f"updated slide structure of {_shown(path)}")
        if not changed:
            print("every lecture already has the planned slide structure")
        return 0
    problems = structure_drift()
    for problem in problems:
        print(f"drift: {problem}")
    if problems:
        print("Run `python -m geopolitics.course.export structure --write` and commit the result.")
    return 1 if problems else 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
