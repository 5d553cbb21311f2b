"""The package's shape: parts grouped by who uses them, no import circles, no giant modules.

These tests read the source (its import statements), so they hold for code paths no other test
happens to run.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "geopolitics"
#: About a screenful of screens: past this a module holds more than one idea. Question banks
#: are lists of questions, one after another, and may run longer.
MOST_LINES = 500
LONG_ALLOWED = ("geopolitics/question_banks/",)
#: Only the instructor's and author's tools may drive notebooks.
NOTEBOOK_DRIVERS = ("nbclient", "nbconvert")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str, at_load: bool = False) -> set[str]:
    """Every module ``module`` imports, at any depth of its code (function bodies included).

    With ``at_load``, only what importing the module itself imports (its top-level statements).
    """
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in (tree.body if at_load else ast.walk(tree)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            # ``from geopolitics import charts`` imports the module geopolitics.charts;
            # ``from geopolitics import load`` imports the package itself
            submodules = {f"{base}.{alias.name}" for alias in node.names} & set(MODULES)
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(base)
    return found


def _kit_imports(module: str) -> set[str]:
    return {name for name in _imports(module) if name in MODULES and name != module}


def _reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        for name in _kit_imports(module) - seen:
            seen.add(name)
            todo.append(name)
    return seen


def _cycle_through(start: str) -> list[str] | None:
    """An import path that leads from ``start`` back to itself, if there is one."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        module = todo.pop(0)
        for name in sorted(_kit_imports(module)):
            if name == start:
                return [*paths[module], start]
            if name not in paths:
                paths[name] = [*paths[module], name]
                todo.append(name)
    return None


def test_the_package_has_no_import_circles() -> None:
    circles = [" -> ".join(c) for m in MODULES if (c := _cycle_through(m)) is not None]
    assert not circles, "import circles:\n" + "\n".join(circles)


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_no_module_runs_past_about_five_hundred_lines(module: str) -> None:
    path = MODULES[module]
    if path.relative_to(ROOT).as_posix().startswith(LONG_ALLOWED):
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it"


RUNTIME = sorted(m for m in MODULES if not m.startswith("geopolitics.course"))


@pytest.mark.parametrize("module", RUNTIME, ids=str)
def test_what_a_notebook_imports_never_reaches_the_course_tools(module: str) -> None:
    """A lecture or sheet stays light: no nbclient, nbconvert, grader or exporter behind it."""
    reached = {module, *_reachable(module)}
    tools = sorted(m for m in reached if m.startswith("geopolitics.course"))
    drivers = sorted({name for m in reached for name in _imports(m)
                      if name.split(".")[0] in NOTEBOOK_DRIVERS})
    assert not tools and not drivers, f"{module} reaches {tools + drivers}"


def test_each_lessons_explorers_build_only_on_the_panel_core() -> None:
    """A lecture loads only its own lesson's explorers; question banks and the glossary need
    no widgets at all."""
    assert _kit_imports("geopolitics.explorers") == set(), "the package's __init__ imports"
    lessons = [m for m in MODULES if m.startswith("geopolitics.explorers.lesson")]
    assert lessons and "geopolitics.explorers.panel" in MODULES
    for module in lessons:
        others = {m for m in _kit_imports(module) if m.startswith("geopolitics.explorers.lesson")}
        assert not others, f"{module} imports another lesson's explorers: {others}"
    for module in ("geopolitics.glossary", *(m for m in MODULES if ".question_banks" in m)):
        widgets = {m for m in _reachable(module) if m.startswith("geopolitics.explorers")}
        assert not widgets, f"{module} reaches {widgets}"


def test_only_the_course_tools_drive_notebooks() -> None:
    drivers = {m for m in MODULES for name in _imports(m)
               if name.split(".")[0] in NOTEBOOK_DRIVERS}
    assert drivers and all(m.startswith("geopolitics.course") for m in drivers), drivers


def test_the_models_do_not_depend_on_notebook_display() -> None:
    """Law, censorship and scenario models are plain Python: usable from a script or a test."""
    for module in (m for m in MODULES if m.startswith("geopolitics.models")):
        reached = {module, *_reachable(module)}
        shown = {name for m in reached for name in _imports(m, at_load=True)
                 if name.split(".")[0] in {"ipywidgets", "IPython", "anywidget"}}
        assert not shown, f"{module} reaches {sorted(shown)}"


def _printed_by(code: str) -> str:
    """What ``code`` prints when a fresh interpreter runs it (it must not fail)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_package_costs_nothing_until_a_name_is_used() -> None:
    """Course tools import ``geopolitics`` without paying for pandas, Altair and the charts."""
    code = ("import sys, geopolitics, geopolitics.catalogue, geopolitics.course.links\n"
            "print(sorted(m for m in ('pandas', 'altair', 'ipywidgets') if m in sys.modules))")
    assert _printed_by(code).strip() == "[]"


@pytest.mark.parametrize("first", ["geopolitics", "altair"])
def test_a_notebooks_first_import_sets_the_kit_up(first: str) -> None:
    """Altair gets the kit's renderer and theme whether it is imported before or after."""
    imports = ["from geopolitics import load", "import altair as alt, pandas as pd"]
    code = ("\n".join(imports if first == "geopolitics" else imports[::-1]) + "\n"
            "print(alt.renderers.active, alt.theme.active, pd.get_option('display.max_colwidth'))")
    assert _printed_by(code).split() == ["geopolitics", "geopolitics", "240"]


def test_a_sheet_that_draws_no_chart_never_imports_altair() -> None:
    """Loading, checking and reporting leave Altair (half a second of every start) alone."""
    code = ("import sys\nfrom geopolitics import check, load, report\n"
            "check('q02_rank_gap_2024', len(load('press_freedom')))\nreport('02')\n"
            "print('altair' in sys.modules)")
    assert _printed_by(code).splitlines()[-1] == "False"


def test_an_unknown_name_is_an_attribute_error() -> None:
    import geopolitics

    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        geopolitics.lod  # noqa: B018
    assert "load" in dir(geopolitics)


def test_sheets_written_before_the_new_layout_still_run_their_set_up() -> None:
    """A student's edited sheet keeps its old imports; ``make exercises`` never rewrites it."""
    code = ("from geopolitics import check, law, load, report\n"
            "from geopolitics import censorship\n"
            "from geopolitics import scenarios\n"
            "from geopolitics.scenarios import Params\n"
            "from geopolitics.models import censorship as c, law as l, scenarios as s\n"
            "print(law is l, censorship is c, scenarios is s, Params is s.Params)")
    assert _printed_by(code).split() == ["True"] * 4


def test_questions_stays_the_function_after_a_check() -> None:
    """A package named like a function would replace it once imported (it used to)."""
    code = ("from geopolitics import check\ncheck('q00_jump_multiple', 1)\n"
            "from geopolitics import questions\nprint(callable(questions))")
    assert _printed_by(code).strip() == "True"
