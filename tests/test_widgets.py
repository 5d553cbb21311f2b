"""Every explorer answers every value its controls can produce, and explains nonsense."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable

import ipywidgets as w
import pytest
from explorer_support import CALLS, all_factories, lesson_widgets, values_a_student_can_give

from geopolitics import charts, load
from geopolitics.charts import audit
from geopolitics.explorers.lesson00 import event_explorer, scale_explorer
from geopolitics.explorers.panel import UNEXPECTED, Explorer, Panel

FACTORIES: dict[str, Callable[[], Panel]] = lesson_widgets()


def test_every_widget_factory_is_tested() -> None:
    """Discovered per lesson: every public factory of each lesson's explorers module."""
    public = set(all_factories())
    tested = {name.split("_by_")[0] for name in CALLS}
    assert public == tested, "add new widget factories to CALLS in tests/explorer_support.py"


def _spec(panel: Panel) -> str:
    """What the student sees besides the status line: the chart spec or the result block."""
    if isinstance(panel, Explorer):
        return json.dumps(panel.spec(), sort_keys=True, default=str)
    return panel.result.value


def _values(control: w.ValueWidget) -> list[object]:
    """Every value a control can produce (sampled evenly where there are many)."""
    return values_a_student_can_give(control, limit=40)


@pytest.mark.parametrize("name", FACTORIES)
def test_every_value_gives_a_chart_or_an_explanation(name: str) -> None:
    explorer = FACTORIES[name]()
    for control_name, control in explorer.controls.items():
        for value in _values(control):
            control.value = value
            status = explorer.status.value
            assert status, f"{name}.{control_name}={value!r} left the status empty"
            assert UNEXPECTED not in status, f"{name}.{control_name}={value!r}: {status}"
            if "⚠" not in status and isinstance(explorer, Explorer):
                assert audit(explorer.spec()) == [], (name, control_name, value)


@pytest.mark.parametrize("name", FACTORIES)
def test_a_control_change_changes_the_chart_and_the_status(name: str) -> None:
    explorer = FACTORIES[name]()
    before_spec, before_status = _spec(explorer), explorer.status.value
    changed = False
    for control in explorer.controls.values():
        for value in _values(control)[1:]:
            control.value = value
            if "⚠" not in explorer.status.value and _spec(explorer) != before_spec:
                assert explorer.status.value != before_status
                changed = True
                break
        if changed:
            break
    assert changed, f"no control of {name} changed its chart"


@pytest.mark.parametrize("name", FACTORIES)
def test_nonsense_set_in_code_is_explained_and_the_chart_is_kept(name: str) -> None:
    explorer = FACTORIES[name]()
    last_good = _spec(explorer)
    for control_name in explorer.controls:
        for nonsense in ("<script>alert(1)</script>", -1, None, float("nan"), 10**30, "小红书"):
            accepted = explorer.set(**{control_name: nonsense})
            if not accepted:
                assert "⚠" in explorer.status.value
                assert "<script>" not in explorer.status.value
            if "⚠" in explorer.status.value:
                # Refused or explained: what the student saw last stays on screen.
                assert _spec(explorer) == last_good, (control_name, nonsense)
            else:
                last_good = _spec(explorer)
    assert not explorer.set(no_such_control=1)
    assert "no control called" in explorer.status.value


@pytest.mark.parametrize("name", FACTORIES)
def test_a_failing_redraw_keeps_the_last_chart(name: str) -> None:
    explorer = FACTORIES[name]()
    spec = _spec(explorer)
    control_name, control = next(iter(explorer.controls.items()))
    # Force a value past the control's own validation, as a broken front end might.
    control._trait_values["value"] = object()
    explorer.update()
    assert "⚠" in explorer.status.value and "last valid choice" in explorer.status.value
    assert _spec(explorer) == spec, control_name


def test_status_text_from_the_data_is_escaped() -> None:
    events = load("events")
    events.loc[events.index[:3], "theme"] = "<b>bold</b>"
    explorer = event_explorer(events)
    explorer.set(theme="<b>bold</b>")
    assert "<b>bold</b>" not in explorer.status.value
    assert "&lt;b&gt;" in explorer.status.value


def test_scale_explorer_only_mixes_figures_of_one_unit() -> None:
    explorer = scale_explorer(load("app_metrics"))
    metrics = load("app_metrics")
    labels = explorer.controls["figures"].options
    assert len(labels) == (metrics["unit"] == "users").sum()
    assert all(isinstance(x, str) for x in labels)


def _as_altair_sets_it_up(widget: object) -> dict[str, object]:
    """What a JupyterChart holds besides its spec: parameters, selections and their kinds."""
    selections = widget.selections  # type: ignore[attr-defined]
    return {
        "params": widget.params.trait_values(),  # type: ignore[attr-defined]
        "_params": widget._params,  # type: ignore[attr-defined]
        "_selection_types": widget._selection_types,  # type: ignore[attr-defined]
        "_vl_selections": widget._vl_selections,  # type: ignore[attr-defined]
        "selections": {name: repr(getattr(selections, name)) for name in selections.trait_names()},
    }


def _altair_chart(spec: dict[str, object]) -> object:
    """The Altair chart of a validated spec, rebuilt without validating it again (the widget
    validates it once more itself); the top-level class is read from the spec."""
    import altair as alt

    kinds = {"layer": alt.LayerChart, "hconcat": alt.HConcatChart,
             "vconcat": alt.VConcatChart, "concat": alt.ConcatChart, "facet": alt.FacetChart}
    kind = next((k for key, k in kinds.items() if key in spec), alt.Chart)
    return kind.from_dict(spec, validate=False)


def _returns_an_explorer(name: str) -> bool:
    """Read from the factory's annotation: building every explorer here would cost seconds
    each time the tests are collected."""
    factory = all_factories()[name.split("_by_")[0]]
    returns = typing.get_type_hints(factory).get("return")
    return isinstance(returns, type) and issubclass(returns, Explorer)


@pytest.mark.parametrize("name", [n for n in FACTORIES if _returns_an_explorer(n)])
def test_an_explorers_widget_is_the_one_altair_would_make(name: str) -> None:
    """``charts.interactive`` builds the widget from the validated dict, not from the chart
    (a second validation); it must hold what ``JupyterChart(chart=...)`` holds, so that an
    Altair upgrade that changes how parameters are set up fails here, not in a classroom."""
    import altair as alt

    explorer = FACTORIES[name]()
    assert isinstance(explorer, Explorer)
    for variant, spec in explorer._specs.items():
        ours = charts.interactive(spec)
        theirs = alt.JupyterChart(chart=_altair_chart(spec))
        assert ours.spec == theirs.spec, f"{name} ({variant})"
        assert _as_altair_sets_it_up(ours) == _as_altair_sets_it_up(theirs), f"{name} ({variant})"
        for param, value in ours._params.items():  # a control sets a parameter ...
            new = {str: "changed", list: ["changed"]}.get(type(value), 7)
            setattr(ours.params, param, new)
            assert ours._params[param] == new, f"{name}: {param} is not sent to the browser"


def test_a_preselected_figure_that_matches_no_label_is_an_authors_error() -> None:
    """Lecture 00 once preselected "TikTok: us daily" after the labels became "US daily", and
    silently opened on other figures than its text described (found by a walkthrough)."""
    from geopolitics import load
    from geopolitics.explorers.lesson00 import scale_explorer

    with pytest.raises(ValueError, match="is in no figure's label"):
        scale_explorer(load("app_metrics"), preselect=["TikTok: us daily"])


def test_a_log_slider_is_bounded_by_its_values_not_its_exponents() -> None:
    """A log slider's min and max are powers of its base: 2 million users is inside the
    penalty calculator's range (1 to about 316 million), 10^12 is beyond it and said so."""
    calculator = lesson_widgets()["penalty_calculator"]()
    assert calculator.set(users=2e6) and not calculator.said.startswith("Note")
    assert calculator.set(users=1e12)
    assert calculator.said.startswith("Note: US users 1,000,000,000,000 is beyond the slider's "
                                      "range (1 to 316,227,766), so 316,227,766 is used.")


def test_soft_power_values_stay_readable_where_a_line_crosses_them() -> None:
    """Issue 20 (deck 03): the US line climbs from 6th (2021) to 1st (2022) straight through
    the label "6". Each value is drawn over a white halo of the same text, so a line that
    crosses it cannot hide it; the halo is silent to screen readers (the value is read once)."""
    from geopolitics.explorers.lesson03 import soft_power_explorer

    for measure in ("Brand Finance rank", "Brand Finance score"):
        explorer = soft_power_explorer(load("soft_power_index"))
        explorer.set(measure=measure)
        layers = explorer.spec()["layer"]
        texts = [(i, layer) for i, layer in enumerate(layers)
                 if isinstance(layer["mark"], dict) and layer["mark"]["type"] == "text"
                 and layer["encoding"]["text"].get("field") == "value"]
        halos = [i for i, layer in texts if layer["mark"].get("stroke") == "white"]
        values = [i for i, layer in texts if "stroke" not in layer["mark"]]
        assert len(halos) == 1 and len(values) == 1, texts
        halo, value = layers[halos[0]], layers[values[0]]
        assert halos[0] < values[0], "the halo is drawn first, under the value"
        assert halo["mark"]["aria"] is False and halo["mark"]["strokeWidth"] >= 3
        assert halo["mark"]["dy"] == value["mark"]["dy"]
        assert halo["encoding"]["text"] == value["encoding"]["text"]
