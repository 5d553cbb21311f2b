"""Shared code for the digital-geopolitics teaching kit.

One import sets a notebook up: ``from geopolitics import load, check`` loads the kit's
tables, turns on offline, accessible charts (see :mod:`geopolitics.charts`) and makes the
kit's own errors show as short messages instead of tracebacks.

The package is laid out by who uses it (see ``docs/architecture.md``):

* what a lecture or sheet imports: this module's names, :mod:`geopolitics.data`,
  :mod:`geopolitics.charts`, :mod:`geopolitics.checks`, :mod:`geopolitics.sources`,
  :mod:`geopolitics.glossary` and the explorers in :mod:`geopolitics.explorers`;
* the subject models: :mod:`geopolitics.models` (the law, censorship filters, scenarios);
* the instructor's and author's tools: :mod:`geopolitics.course` (exercises, slides and site,
  grading, links), the only code that drives nbclient or nbconvert.

The names below are loaded on first use, so a course tool that imports
``geopolitics.course.grading`` does not pay for pandas, Altair and the chart set-up. Altair
is set up when a notebook first imports it, not before: a sheet that draws no chart starts
without it, about half a second sooner.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.util import find_spec
from types import ModuleType
from typing import Any

#: Each name a notebook may import from ``geopolitics``, and the module that defines it.
_NAMES = {
    "DataError": "geopolitics.data",
    "field_info": "geopolitics.data",
    "load": "geopolitics.data",
    "sources_used": "geopolitics.data",
    "table_names": "geopolitics.data",
    "KitError": "geopolitics.errors",
    "check": "geopolitics.checks",
    "questions": "geopolitics.checks",
    "report": "geopolitics.checks",
    "cite": "geopolitics.sources",
    "further_reading": "geopolitics.sources",
    "sources_section": "geopolitics.sources",
}
_MODULES = ("charts",)

__all__ = sorted([*_NAMES, *_MODULES])


_set_up = False


def set_up_notebook() -> None:
    """What every lecture and sheet needs once: offline charts, plain kit errors, wide cells."""
    global _set_up
    if _set_up:
        return
    _set_up = True
    import pandas as pd

    # The kit's renderer and theme, registered as soon as Altair is imported (now, if it is).
    after_import("altair", lambda: import_module("geopolitics.charts"))
    from geopolitics.errors import show_kit_errors_plainly

    show_kit_errors_plainly()
    # The kit's tables hold sentences (events, rules, arguments); pandas would cut them at 50
    # characters, which leaves a student reading fragments.
    pd.set_option("display.max_colwidth", 240)


def after_import(name: str, then: Callable[[], object]) -> None:
    """Call ``then`` once module ``name`` has been imported: now if it has, else right after."""
    if name in sys.modules:
        then()
    else:
        sys.meta_path.insert(0, _AfterImport(name, then))


class _AfterImport(MetaPathFinder):
    """Finds ``name`` as the other finders would, and runs ``then`` once it has loaded."""

    def __init__(self, name: str, then: Callable[[], object]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)  # one use; find_spec below must not find this finder
        spec = find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader, then = spec.loader, self.then
        load = loader.exec_module

        def load_then(module: ModuleType) -> None:
            load(module)
            then()

        loader.exec_module = load_then  # type: ignore[method-assign]  # this spec's own loader
        return spec


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        set_up_notebook()
        value = getattr(import_module(_NAMES[name]), name)
    elif name in _MODULES:
        set_up_notebook()
        value = import_module(f"geopolitics.{name}")
    else:
        raise AttributeError(f"module 'geopolitics' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
