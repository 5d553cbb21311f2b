"""The benchmark's helpers: the bench itself is too slow for the suite, its parts are not."""

from __future__ import annotations

import statistics
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest
from explorer_support import all_factories, evenly_spaced, values_a_student_can_give
from tool_scripts import load_tool

bench = load_tool("bench")


def test_every_widget_factory_is_registered() -> None:
    """A lesson that adds an explorer must tell the bench how to build it (make bench fails)."""
    bench.check_registry(list(all_factories()), bench.widget_registry())


def test_an_unregistered_factory_is_named() -> None:
    with pytest.raises(bench.MeasurementError, match="map_explorer"):
        bench.check_registry(["event_explorer", "map_explorer"], {"event_explorer": None})


def test_percentile_matches_the_inclusive_quantiles() -> None:
    samples = [float(x * x % 17) for x in range(60)]
    assert bench.percentile(samples, 95) == pytest.approx(
        statistics.quantiles(samples, n=100, method="inclusive")[94]
    )
    assert bench.percentile([3.0], 95) == 3.0


def test_evenly_spaced_keeps_both_ends() -> None:
    assert evenly_spaced(range(100), 5) == [0, 25, 50, 74, 99]
    assert evenly_spaced([1, 2], 5) == [1, 2]


def test_peak_memory_is_read_from_proc_status() -> None:
    assert bench.vm_hwm_mb("VmPeak:\t  9 kB\nVmHWM:\t  204800 kB\n") == 200.0
    with pytest.raises(bench.MeasurementError):
        bench.vm_hwm_mb("Name: python\n")


def test_floor_runs_are_spread_among_the_notebooks() -> None:
    notebooks = [Path(f"{i:02}.ipynb") for i in range(3)]
    order = bench.schedule(notebooks, 3)
    assert [p for p in order if p is not None] == notebooks
    assert order.count(None) == 3
    assert order[0] is None and order[-1] is None


def test_lesson_notebooks_are_found_but_not_a_students_copies(tmp_path: Path) -> None:
    (tmp_path / "lessons.toml").write_text(
        '[[lesson]]\nid = "00"\nslug = "a"\ntitle = "A"\nquestion = "Q?"\ntables = []\n')
    for name in ("notebooks/00_a.ipynb", "exercises/00_a.ipynb", "exercises/00_a.mine-1.ipynb",
                 "notebooks/01_not_catalogued.ipynb"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = [p.relative_to(tmp_path).as_posix() for p in bench.find_notebooks(tmp_path)]
    assert found == ["notebooks/00_a.ipynb", "exercises/00_a.ipynb"]


@pytest.mark.parametrize(
    ("control", "expected"),
    [
        (w.Dropdown(options=["a", "b", "c"]), ["a", "b", "c"]),
        (w.ToggleButtons(options=[("Linear", "linear"), ("Log", "log")]), ["linear", "log"]),
        (w.Checkbox(), [True, False]),
        (w.SelectionRangeSlider(options=["x", "y"], index=(0, 1)),
         [("x", "x"), ("x", "y"), ("y", "y")]),
        (w.SelectMultiple(options=["p", "q"]), [(), ("p",), ("q",), ("p", "q")]),
        (w.IntSlider(min=0, max=4, step=2), [0, 2, 4]),
    ],
)
def test_values_are_what_a_student_can_choose(control: w.ValueWidget,
                                                        expected: list[object]) -> None:
    assert values_a_student_can_give(control) == expected


def test_an_unknown_control_type_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="ColorPicker"):
        values_a_student_can_give(w.ColorPicker())


def test_interactions_use_every_value_and_always_change_something() -> None:
    controls = {"kind": w.Dropdown(options=["a", "b", "c"]), "flag": w.Checkbox()}
    seen: dict[str, set[object]] = {"kind": set(), "flag": set()}
    moves = 0
    for name, control, value in bench.interactions(controls, at_least=10):
        assert value != control.value
        control.value = value
        seen[name].add(value)
        moves += 1
    assert moves >= 10
    assert seen == {"kind": {"a", "b", "c"}, "flag": {True, False}}


def test_the_scenario_model_is_timed_once_per_run() -> None:
    times = bench.scenario_runs(3)
    assert len(times) == 3
    assert all(t > 0 for t in times)
    assert "scenario_run_p95_ms" in bench.TARGETS


def test_a_run_is_timed_and_its_kernels_peak_memory_read(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"),
                                         nbformat.v4.new_code_cell("x = list(range(10))")])
    run = bench.run_notebook(nb, tmp_path, "tiny")
    assert run.seconds > 0 and run.peak_rss_mb > 10
    assert len(run.cell_seconds) == 2 and run.cell_seconds[0] == 0.0
    assert [c["cell"] for c in run.slowest_cells(nb, 1)] == [1]


def test_a_cell_that_raises_is_named_with_its_index(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"),
                                         nbformat.v4.new_code_cell("1 / 0")])
    with pytest.raises(bench.MeasurementError,
                       match=r"broken, cell index 1 raised ZeroDivisionError"):
        bench.run_notebook(nb, tmp_path, "broken")


def test_the_first_chart_is_timed_from_the_kernel_start(tmp_path: Path) -> None:
    chart = ('import altair as alt, pandas as pd\nfrom geopolitics import load\n'
             'alt.Chart(pd.DataFrame({"x": [1, 2]}), title="Two bars", description="Two bars '
             'for the bench.").mark_bar().encode(alt.X("x:Q", title="x (units)"))')
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time; time.sleep(0.3)"),
                                         nbformat.v4.new_markdown_cell("# a chart"),
                                         nbformat.v4.new_code_cell(chart),
                                         nbformat.v4.new_code_cell("time.sleep(0.5)")])
    run = bench.run_notebook(nb, tmp_path, "chart")
    assert run.first_chart_cell == 2
    assert run.first_chart_seconds is not None
    assert 0.3 < run.first_chart_seconds < run.seconds - 0.4


def test_a_notebook_without_charts_has_no_first_chart(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    assert bench.run_notebook(nb, tmp_path, "plain").first_chart_seconds is None
    assert {"ratio_to_floor", "max_first_chart_seconds"} <= set(bench.TARGETS)
    assert bench.TARGETS["ratio_to_floor"] <= 1.3
    assert bench.TARGETS["max_first_chart_seconds"] <= 2.5
