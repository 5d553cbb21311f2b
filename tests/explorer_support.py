"""Every explorer as its lesson builds it, and what a student can do to each control.

Used by the explorer tests and by ``tools/bench.py`` (which puts this folder on ``sys.path``):
nothing a lecture runs needs it, so it lives with the tests, not in the package.

The factories are found by walking the catalogue (``lessons.toml``): for each lesson with an
explorers module (``lesson.explorers_module``), every public function whose return annotation
is a :class:`~geopolitics.explorers.panel.Panel`. :data:`CALLS` says how the lessons call each
one; the tests and the bench check that the two agree, so a new explorer cannot be left
untested or unbenchmarked.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import itertools
import typing
from collections.abc import Callable, Sequence
from datetime import date
from types import ModuleType
from typing import Any

import ipywidgets as w

from geopolitics import catalogue
from geopolitics.explorers.panel import Panel


def _load(table: str) -> Any:
    from geopolitics.data import load

    return load(table)


#: How the lessons call each factory, on the tables they give it. Names are the factory's,
#: with ``_by_...`` for a second way a lesson calls it.
CALLS: dict[str, Callable[[Callable[..., Panel]], Panel]] = {
    "event_explorer": lambda f: f(_load("events")),
    "event_explorer_by_actor": lambda f: f(_load("events"), by="actor"),
    "scale_explorer": lambda f: f(
        _load("app_metrics"),
        preselect=["Xiaohongshu: US daily active users (Similarweb, 13", "TikTok: US daily"]),
    "glossary_explorer": lambda f: f(),
    "coverage_form": lambda f: f(),
    "deadline_calculator": lambda f: f(),
    "penalty_calculator": lambda f: f(_load("app_metrics")),
    "filter_playground": lambda f: f(_load("synthetic_posts")),
    "index_explorer": lambda f: f(_load("press_freedom")),
    "soft_power_explorer": lambda f: f(_load("soft_power_index")),
    "pew_trend": lambda f: f(_load("pew_china_views")),
    "framing_explorer": lambda f: f(_load("framing")),
    "demographic_explorer": lambda f: f(_load("pew_tiktok")),
    "demographic_explorer_by_ban": lambda f: f(
        _load("pew_tiktok"), start=("supports_ban", "user_status", 2025)),
    "compare_audiences": lambda f: f(_load("audience_profiles"), _load("rednote_audience")),
    "scenario_explorer": lambda f: f(),
}


def explorer_modules() -> list[ModuleType]:
    """Each lesson's explorers module, in lesson order; a lesson without one is skipped."""
    modules = []
    for lesson in catalogue.lessons():
        if importlib.util.find_spec(lesson.explorers_module) is not None:
            modules.append(importlib.import_module(lesson.explorers_module))
    return modules


def public_factories(module: ModuleType) -> dict[str, Callable[..., Panel]]:
    """Public functions defined in ``module`` whose return annotation is a ``Panel``."""
    found = {}
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        returns = typing.get_type_hints(function).get("return")
        if isinstance(returns, type) and issubclass(returns, Panel):
            found[name] = function
    return found


def all_factories() -> dict[str, Callable[..., Panel]]:
    """Every public factory of every lesson's explorers module, by name."""
    found: dict[str, Callable[..., Panel]] = {}
    for module in explorer_modules():
        for name, function in public_factories(module).items():
            if name in found:
                raise AssertionError(f"two lessons define {name}: a lecture that needs another "
                                     "lesson's explorer imports it from that lesson's module.")
            found[name] = function
    return found


def lesson_widgets() -> dict[str, Callable[[], Panel]]:
    """How each lesson builds each widget, on the table it gives it (see :data:`CALLS`).

    The tests feed every one of these every value its controls can produce, and the
    benchmark times them. Which factories exist but have no entry in :data:`CALLS` (or the
    reverse) is for the caller to check against :func:`all_factories`, as both do.
    """
    factories = all_factories()

    def builder(name: str) -> Callable[[], Panel]:
        def build() -> Panel:
            factory = factories.get(name.split("_by_")[0])
            if factory is None:
                raise AssertionError(f"CALLS names {name}, which no lesson's explorers module "
                                     "defines.")
            return CALLS[name](factory)
        return build

    return {name: builder(name) for name in CALLS}


# --- what a student can do to a control -----------------------------------------------------

def evenly_spaced(items: Sequence[Any], limit: int) -> list[Any]:
    """At most ``limit`` items spread over the sequence, first and last included."""
    if len(items) <= limit:
        return list(items)
    if limit == 1:
        return [items[0]]
    step = (len(items) - 1) / (limit - 1)
    return [items[round(i * step)] for i in range(limit)]


def _number_grid(low: float, high: float, step: float | None, limit: int,
                 integer: bool) -> list[Any]:
    count = limit if not step else min(limit, round((high - low) / step) + 1)
    count = max(count, 2)
    grid = [low + (high - low) * i / (count - 1) for i in range(count)]
    return sorted({round(x) for x in grid}) if integer else grid


def values_a_student_can_give(control: w.ValueWidget, limit: int = 24) -> list[Any]:
    """Values a student can give this control, at most ``limit`` of them, spread evenly.

    Single choices: every option. Several choices: none, each one, each neighbouring pair
    and all. Ranges: pairs of start and end. A control type not handled here stops the
    bench and the tests with a message, so that a new kind of control is not left out.
    Text boxes and date pickers get awkward values too (markup, Chinese, empty, far dates).
    """
    if isinstance(control, w.SelectionRangeSlider):
        options = control._options_values  # the values behind the labels
        pairs = [(options[i], options[j]) for i, j in
                 itertools.combinations_with_replacement(range(len(options)), 2)]
        return evenly_spaced(pairs, limit)
    if isinstance(control, w.SelectMultiple):
        options = control._options_values
        choices = [(), *((o,) for o in options), *itertools.pairwise(options), tuple(options)]
        return evenly_spaced(list(dict.fromkeys(choices)), limit)
    if isinstance(control, w.Dropdown | w.ToggleButtons | w.RadioButtons | w.Select
                  | w.SelectionSlider):
        return evenly_spaced(list(control._options_values), limit)
    if isinstance(control, w.Checkbox | w.ToggleButton):
        return [True, False]
    if isinstance(control, w.IntRangeSlider | w.FloatRangeSlider):
        integer = isinstance(control, w.IntRangeSlider)
        ends = _number_grid(control.min, control.max, control.step, 8, integer)
        return evenly_spaced(list(itertools.combinations(ends, 2)), limit)
    if isinstance(control, w.IntSlider | w.BoundedIntText | w.FloatSlider | w.BoundedFloatText):
        integer = isinstance(control, w.IntSlider | w.BoundedIntText)
        return _number_grid(control.min, control.max, control.step, limit, integer)
    if isinstance(control, w.FloatLogSlider):
        exponents = _number_grid(control.min, control.max, control.step, limit, False)
        return [control.base ** x for x in exponents]
    if isinstance(control, w.Text | w.Textarea):
        return ["", "TikTok", "<script>alert(1)</script>", "小红书 RedNote", "x" * 300,
                "六 四\n.*+?[](){}|\\^$\n🙂", "tank + photo; 六 + 四; +"]
    if isinstance(control, w.DatePicker):
        return [None, date(2020, 1, 1), date(2024, 4, 24), date(2025, 1, 1), date(2031, 12, 31)]
    raise TypeError(f"no list of values for a {type(control).__name__} control: add it to "
                    "values_a_student_can_give() in tests/explorer_support.py.")
