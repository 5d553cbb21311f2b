"""Speed and memory figures for the kit: how long a lesson takes to run, how much memory its
kernel needs, how quickly a control answers, and what ``import geopolitics`` costs.

Run with ``make bench``. It prints a table and writes ``build/bench.json``. It is a
measurement, not a test: a missed target is printed as MISS and the exit status stays 0, so
CI keeps a record without failing on a slow machine. It exits 1 only when a figure cannot be
measured at all (a notebook fails, a kernel's memory cannot be read, an explorer is not listed
in ``CALLS`` in ``tests/explorer_support.py``, which says how each lesson builds each explorer and
is shared with the tests), with a message saying which and why.

Figures are relative where they can be, because absolute seconds depend on the machine:

* each notebook is timed in a fresh kernel against the *floor*, the same harness on a
  notebook that only imports the kit's libraries, i.e. what Jupyter itself costs;
* ``from geopolitics import load, check`` (what sets a notebook up) is timed against importing
  pandas, altair and ipywidgets alone.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.metadata
import itertools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat

if typing.TYPE_CHECKING:
    import ipywidgets as w

    from geopolitics.explorers.panel import Explorer

from geopolitics.course import runner
from geopolitics.course.runner import Session
from geopolitics.paths import BUILD, ROOT

OUTPUT = BUILD / "bench.json"
#: Lectures first, then solutions, then the exercise sheets made from them.
NOTEBOOK_FOLDERS = ("notebooks", "solutions", "exercises")
KERNEL_NAME = "python3"
CELL_TIMEOUT_SECONDS = 300
# ``import geopolitics`` alone loads nothing (its names load on first use), so the kit's cost
# is measured by importing what every lecture imports.
FLOOR_SOURCE = "import altair, pandas, ipywidgets\nfrom geopolitics import load, check"
IMPORT_KIT = "from geopolitics import load, check"
IMPORT_BASELINE = "import pandas, altair, ipywidgets"

#: What the project aims for (see the benchmark issue). Keys are the measured figures' keys.
TARGETS: dict[str, float] = {
    "ratio_to_floor": 1.3,
    # What a student waits for: from starting the kernel to the lecture's first chart.
    "max_first_chart_seconds": 2.5,
    "max_kernel_rss_mb": 300.0,
    "widget_callback_p95_ms": 50.0,
    "import_ratio": 1.3,
    # Lesson 05's sliders re-run the scenario model on every move (issue 9: well under 50 ms).
    "scenario_run_p95_ms": 50.0,
    # A class of 200 graded in under 10 minutes (issue 18): 3 s of wall time per notebook.
    "grading_seconds_per_notebook": 3.0,
}


class MeasurementError(Exception):
    """A figure could not be measured; the message says which one and why."""


# --- running notebooks -----------------------------------------------------------------------


@dataclass(frozen=True)
class KernelRun:
    """One notebook run top to bottom in a fresh kernel."""

    seconds: float
    peak_rss_mb: float
    cell_seconds: tuple[float, ...] = ()
    #: From starting the kernel until the first cell that shows a chart has finished, i.e.
    #: until the chart's display has reached the client (None: the notebook draws none).
    first_chart_seconds: float | None = None
    first_chart_cell: int | None = None

    def slowest_cells(self, nb: nbformat.NotebookNode, count: int = 3) -> list[dict[str, Any]]:
        """The cells that cost most, so a lesson author knows where to look first."""
        ranked = sorted(enumerate(self.cell_seconds), key=lambda pair: -pair[1])[:count]
        return [{"cell": i, "seconds": s, "source": _first_line(nb.cells[i].source)}
                for i, s in ranked]


def _first_line(source: str) -> str:
    return next((line for line in source.splitlines() if line.strip()), "")[:60]


def find_notebooks(root: Path = ROOT) -> list[Path]:
    """Every catalogued lesson's notebooks: lectures, then solutions, then exercise sheets."""
    from geopolitics import catalogue

    lessons = catalogue.lessons(root)
    found = [lesson.root / folder / lesson.name for folder in NOTEBOOK_FOLDERS
             for lesson in lessons]
    return [path for path in found if path.is_file()]


def kernel_environment() -> dict[str, str]:
    """The environment the tests give kernels: strict, so a chart failing its audit fails."""
    return {**os.environ, "GEOPOLITICS_STRICT": "1"}


def vm_hwm_mb(status_text: str) -> float:
    """The peak resident memory (``VmHWM``) in a ``/proc/<pid>/status`` text, in MiB."""
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status_text, re.MULTILINE)
    if match is None:
        raise MeasurementError("no VmHWM line in the kernel's /proc status (not Linux?)")
    return int(match.group(1)) / 1024


def kernel_pid(session: Session) -> int | None:
    """The kernel's process id, if jupyter_client launched it directly as an ipykernel.

    jupyter_client 8 keeps it on the kernel manager's provisioner. If the kernel was started
    through a wrapper (another provisioner, ``conda run``...), the pid would be the wrapper's,
    so it is only trusted when that process really is an ipykernel.
    """
    pid = session.kernel_pid()
    if pid is None:
        return None
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return pid if b"ipykernel" in command else None


PROBE_SOURCE = "open('/proc/self/status').read()"


async def peak_rss_mb(session: Session) -> float:
    """The kernel's peak memory, read just before it shuts down.

    Read from outside through its pid when we can; otherwise the kernel reads its own
    status (after the timed run, so it costs no measured time).
    """
    pid = kernel_pid(session)
    if pid is not None:
        try:
            return vm_hwm_mb(Path(f"/proc/{pid}/status").read_text())
        except OSError:
            pass
    text = await session.evaluate(PROBE_SOURCE, wait=60)
    try:
        status = ast.literal_eval(text) if text is not None else ""
    except (ValueError, SyntaxError):
        status = ""
    return vm_hwm_mb(str(status))


def run_notebook(nb: nbformat.NotebookNode, folder: Path, label: str) -> KernelRun:
    """Run every cell in a fresh kernel, as a student's "Restart and run all" does.

    The clock runs from starting the kernel to the end of the last cell; shutting the kernel
    down is not counted, since no student waits for it.
    """
    nb = copy.deepcopy(nb)
    peaks: list[float] = []

    async def read_peak(session: Session) -> None:
        peaks.append(await peak_rss_mb(session))

    done = runner.run(nb, cwd=folder, env=kernel_environment(), kernel_name=KERNEL_NAME,
                      cell_timeout=CELL_TIMEOUT_SECONDS, before_shutdown=read_peak,
                      extra_arguments=["--IPKernelApp.log_level=ERROR"])  # no start-up chatter
    error = done.error
    if error is not None:
        outputs = nb.cells[error.index].get("outputs", [])
        trace = "\n".join(line for o in outputs if o.get("output_type") == "error"
                          for line in o.get("traceback", []))
        raise MeasurementError(f"{label}, cell index {error.index} raised {error.ename}: "
                               f"{error.evalue}\n{_last_lines(trace)}")
    if not done.completed:
        where = f" at cell index {done.stopped_at}" if done.stopped_at is not None else ""
        raise MeasurementError(f"{label} could not be run: {done.ending}{where}"
                               + (f": {done.detail}" if done.detail else ""))
    if not peaks:
        raise MeasurementError(f"{label}: the kernel's peak memory could not be read")
    chart_cell = first_chart_cell(nb)
    first_chart = (None if chart_cell is None
                   else done.startup_seconds + sum(done.cell_seconds[:chart_cell + 1]))
    return KernelRun(seconds=done.startup_seconds + done.seconds, peak_rss_mb=peaks[0],
                     cell_seconds=done.cell_seconds, first_chart_seconds=first_chart,
                     first_chart_cell=chart_cell)


def first_chart_cell(nb: nbformat.NotebookNode) -> int | None:
    """The first cell whose output is one of the kit's charts, or a panel that draws one.

    The kit marks every chart and explorer it displays (:data:`geopolitics.charts.KIT_OUTPUT`
    in the output's metadata, with how many charts it draws), so the bench need not guess
    from mimetypes.
    """
    from geopolitics.charts import KIT_OUTPUT

    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            mark = output.get("metadata", {}).get(KIT_OUTPUT)
            if isinstance(mark, dict) and mark.get("charts", 0):
                return index
    return None


def _last_lines(text: str, count: int = 12) -> str:
    """The end of a traceback, without terminal colour codes: where the error is said."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return "\n".join(line for line in plain.strip().splitlines()[-count:] if line.strip())


def schedule(notebooks: Sequence[Path], floor_runs: int) -> list[Path | None]:
    """The notebooks with the floor runs (``None``) spread among them, not all first.

    A machine shared with other jobs drifts; spreading the floor runs over the whole run
    keeps a slow or fast spell from landing only on the floor or only on the lessons.
    """
    order: list[Path | None] = []
    gaps = max(floor_runs - 1, 1)  # first run before the first notebook, last after the last
    places = [round(len(notebooks) * i / gaps) for i in range(floor_runs)]
    for index, path in enumerate(notebooks):
        order += [None] * places.count(index)
        order.append(path)
    order += [None] * places.count(len(notebooks))
    return order


def floor_notebook() -> nbformat.NotebookNode:
    """A notebook that loads the kit's libraries and draws nothing: what Jupyter costs."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3", "language":
                                 "python"}
    return nb


# --- import time -----------------------------------------------------------------------------


def import_seconds_once(statement: str) -> float:
    """Seconds one fresh interpreter spends on ``statement``: what a new kernel pays."""
    code = f"import time; t=time.perf_counter(); {statement}; print(time.perf_counter()-t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=kernel_environment(), cwd=ROOT, check=False)
    if done.returncode != 0:
        raise MeasurementError(f"`{statement}` failed:\n{_last_lines(done.stderr)}")
    return float(done.stdout.strip().splitlines()[-1])


def import_runs(runs: int) -> tuple[list[float], list[float]]:
    """Kit and baseline imports, alternated so that a slow spell on the machine hits both."""
    kit: list[float] = []
    baseline: list[float] = []
    for _ in range(runs):
        kit.append(import_seconds_once(IMPORT_KIT))
        baseline.append(import_seconds_once(IMPORT_BASELINE))
    return kit, baseline


# --- widget callbacks ------------------------------------------------------------------------

def _explorer_support() -> ModuleType:
    """``tests/explorer_support.py``: how each lesson builds each explorer, and what a student
    can do to a control (shared with the tests, which import tools/ the mirror way)."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import explorer_support

    return explorer_support


def widget_registry() -> dict[str, Callable[[], Explorer]]:
    """Every widget of the kit, built as its lesson builds it (``lesson_widgets``)."""
    return _explorer_support().lesson_widgets()


def check_registry(factories: Sequence[str], registry: dict[str, Any]) -> None:
    """Fail loudly when the registry and ``geopolitics.explorers`` disagree."""
    built = {name.split("_by_")[0] for name in registry}  # e.g. event_explorer_by_actor
    missing = sorted(set(factories) - built)
    stale = sorted(built - set(factories))
    problems = []
    if missing:
        problems.append("geopolitics.explorers has factories that lesson_widgets() does not "
                        f"build: {', '.join(missing)}. Add each to CALLS in "
                        "tests/explorer_support.py.")
    if stale:
        problems.append("CALLS in tests/explorer_support.py names factories that "
                        f"geopolitics.explorers no longer has: {', '.join(stale)}.")
    if problems:
        raise MeasurementError(" ".join(problems))


def interactions(controls: dict[str, w.ValueWidget], at_least: int,
                 limit: int = 24) -> Iterator[tuple[str, w.ValueWidget, Any]]:
    """Controls in turn, each moved to its next value, until every value has been used once
    and there have been ``at_least`` moves. A value equal to the current one is skipped: a
    student cannot trigger a callback that way.
    """
    values_a_student_can_give = _explorer_support().values_a_student_can_give

    values = {name: values_a_student_can_give(c, limit) for name, c in controls.items()}
    cycles = {name: itertools.cycle(v) for name, v in values.items()}
    used = dict.fromkeys(controls, 0)
    moves = 0
    while moves < at_least or any(used[n] < len(values[n]) for n in controls):
        moved = False
        for name, control in controls.items():
            for _ in range(len(values[name])):
                used[name] += 1
                value = next(cycles[name])
                if value != control.value:
                    yield name, control, value
                    moves += 1
                    moved = True
                    break
        if not moved:
            raise MeasurementError("no control can change value: nothing to interact with")


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile, interpolated between the nearest samples."""
    if not values:
        raise MeasurementError("no samples to take a percentile of")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def time_callbacks(name: str, explorer: Explorer, at_least: int) -> dict[str, Any]:
    """Milliseconds from setting a control's value until the status line says what is shown.

    The observer runs synchronously in this process, so the assignment's duration is the
    callback's. The kernel's trip to the browser (a few ms on loopback) is not included.
    A value that the explorer explains instead of drawing (e.g. nothing selected) is a real
    interaction and is counted; an unexpected error in the drawing code stops the bench.
    """
    from geopolitics.explorers.panel import UNEXPECTED

    samples: list[float] = []
    drawn: list[float] = []
    problems: dict[str, int] = {}
    for control_name, control, value in interactions(explorer.controls, at_least):
        start = time.perf_counter()
        control.value = value
        samples.append((time.perf_counter() - start) * 1000)
        status = explorer.status.value
        if UNEXPECTED in status:
            raise MeasurementError(f"{name}: setting {control_name} to {value!r} broke the "
                                   f"chart: {re.sub('<[^>]+>', '', status)}")
        if "role='alert'" in status:
            text = re.sub("<[^>]+>", "", status).strip()
            problems[text] = problems.get(text, 0) + 1
        else:
            drawn.append(samples[-1])
    return {
        "interactions": len(samples),
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 95),
        "max_ms": max(samples),
        # Explaining is much cheaper than drawing: the p95 of redraws alone, for comparison.
        "p95_drawn_ms": percentile(drawn, 95) if drawn else None,
        "explained_instead_of_drawn": sum(problems.values()),
        "explanations": problems,
    }


def measure_widgets(at_least: int) -> dict[str, dict[str, Any]]:
    """Every explorer of the kit, built as its lesson builds it and exercised in-process."""
    os.environ["GEOPOLITICS_STRICT"] = "1"  # as in the kernels: a failing chart is an error
    registry = widget_registry()
    check_registry(list(_explorer_support().all_factories()), registry)
    return {name: time_callbacks(name, build(), at_least)
            for name, build in sorted(registry.items())}


# --- the whole run ---------------------------------------------------------------------------


def progress(message: str) -> None:
    """A line on stderr, so a CI log shows where a slow run is; stdout keeps the table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """What the figures were measured on, since seconds mean little without it."""
    packages = ("altair", "pandas", "jupyterlab", "ipywidgets", "ipykernel", "nbclient",
                "jupyter_client", "vl-convert-python", "anywidget")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {p: importlib.metadata.version(p) for p in packages},
    }


def scenario_runs(count: int) -> list[float]:
    """Milliseconds for each of ``count`` runs of lesson 05's model, as one slider move makes."""
    from geopolitics.models import scenarios

    times = []
    for _ in range(count):
        began = time.perf_counter()
        scenarios.run(scenarios.Params(), "as_happened", 120)
        times.append(1000 * (time.perf_counter() - began))
    return times


#: Submissions in the graded class: each lesson's worked solution and blank sheet, repeated.
CLASS_SIZE = 40


def grading_run(count: int) -> dict[str, Any]:
    """Grade a class of ``count`` notebooks as ``make grade`` does (sandbox and all), timed
    from the command's start, kernel starts included, to the gradebook written."""
    import tempfile

    from geopolitics.course.grading import DEFAULT_JOBS, grade_folder

    sheets = sorted([*(ROOT / "solutions").glob("*.ipynb"), *(ROOT / "exercises").glob(
        "[0-9]*.ipynb")])
    with tempfile.TemporaryDirectory(prefix="geopolitics-bench-class-") as keep:
        folder = Path(keep) / "class"
        for number, sheet in zip(range(count), itertools.cycle(sheets), strict=False):
            target = folder / f"student{number:03d}" / sheet.name
            target.parent.mkdir(parents=True)
            target.write_bytes(sheet.read_bytes())
        started = time.perf_counter()
        rows = grade_folder(folder, Path(keep) / "out", echo=False)
        seconds = time.perf_counter() - started
    per_notebook = seconds / count
    return {"notebooks": count, "jobs": DEFAULT_JOBS, "seconds": seconds,
            "seconds_per_notebook": per_notebook, "class_of_200_minutes": 200 * per_notebook / 60,
            "rows": len(rows), "passed": sum(r.passed for r in rows)}


def measure(floor_runs: int, import_run_count: int, interactions_per_widget: int
            ) -> dict[str, Any]:
    """Every figure the issue asks for, in one dictionary ready for ``bench.json``."""
    progress(f"import time, {import_run_count} fresh interpreters each")
    kit_imports, baseline_imports = import_runs(import_run_count)

    paths = find_notebooks()
    if not paths:
        raise MeasurementError(f"no notebooks found in {', '.join(NOTEBOOK_FOLDERS)}")
    floor_folder = ROOT / NOTEBOOK_FOLDERS[0]
    progress("warm-up kernel (not counted: the first kernel reads everything from disk)")
    warmup = run_notebook(floor_notebook(), floor_folder, "the floor notebook")
    floors: list[KernelRun] = []
    notebooks = []
    for path in schedule(paths, floor_runs):
        if path is None:
            progress(f"floor notebook, run {len(floors) + 1} of {floor_runs}")
            floors.append(run_notebook(floor_notebook(), floor_folder, "the floor notebook"))
            continue
        label = str(path.relative_to(ROOT))
        progress(f"running {label}")
        nb = nbformat.read(path, as_version=4)
        run = run_notebook(nb, path.parent, label)
        notebooks.append({"path": label, "seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb,
                          "first_chart_seconds": run.first_chart_seconds,
                          "first_chart_cell": run.first_chart_cell,
                          "slowest_cells": run.slowest_cells(nb)})
    floor_seconds = statistics.median(r.seconds for r in floors)
    lecture_first_charts = {n["path"]: n["first_chart_seconds"] for n in notebooks
                            if n["path"].startswith(f"{NOTEBOOK_FOLDERS[0]}/")
                            and n["first_chart_seconds"] is not None}

    progress(f"widget callbacks, at least {interactions_per_widget} interactions each")
    callbacks = measure_widgets(interactions_per_widget)
    by_widget = {name: figures["p95_ms"] for name, figures in callbacks.items()}

    progress("scenario model, 200 runs of 120 days")
    scenario_ms = scenario_runs(200)

    progress(f"grading a class of {CLASS_SIZE} notebooks")
    grading = grading_run(CLASS_SIZE)

    kit_import = statistics.median(kit_imports)
    baseline_import = statistics.median(baseline_imports)
    result: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "notebooks": notebooks,
        "floor_seconds": floor_seconds,
        "floor_runs": [r.seconds for r in floors],
        "floor_statistic": f"median of {floor_runs} runs, spread among the notebooks, after "
                           "one uncounted warm-up run",
        "warmup_seconds": warmup.seconds,
        "floor_peak_rss_mb": max(r.peak_rss_mb for r in floors),
        "ratio_to_floor": sum(n["seconds"] for n in notebooks) / (len(notebooks) * floor_seconds),
        "max_kernel_rss_mb": max(n["peak_rss_mb"] for n in notebooks),
        "max_first_chart_seconds": max(lecture_first_charts.values(), default=0.0),
        "first_chart_seconds_by_lecture": lecture_first_charts,
        "widget_callback_p95_ms": max(by_widget.values()) if by_widget else 0.0,
        "widget_callback_p95_ms_by_widget": by_widget,
        "widget_callbacks": callbacks,
        "scenario_run_p95_ms": percentile(scenario_ms, 95),
        "scenario_run_median_ms": statistics.median(scenario_ms),
        "import_seconds": kit_import,
        "import_baseline_seconds": baseline_import,
        "import_ratio": kit_import / baseline_import,
        "import_runs": {"geopolitics": kit_imports, "baseline": baseline_imports,
                        "statistic": f"median of {import_run_count} runs",
                        "baseline_statement": IMPORT_BASELINE},
        "grading": grading,
        "grading_seconds_per_notebook": grading["seconds_per_notebook"],
        "targets": dict(TARGETS),
    }
    result["meets_targets"] = meets_targets(result)
    return result


def meets_targets(result: dict[str, Any]) -> dict[str, bool]:
    """Each target met or not; every target is an upper bound on the figure of that name."""
    return {key: bool(result[key] <= limit) for key, limit in TARGETS.items()}


# --- the report ------------------------------------------------------------------------------


def report(result: dict[str, Any]) -> str:
    """The figures as a plain-text table a person can read in a CI log."""
    floor, g = result["floor_seconds"], result["grading"]
    key_width = max(map(len, result["targets"])) + 2
    width = max(len(n["path"]) for n in result["notebooks"]) + 2
    lines = [
        f"{'notebook':<{width}}{'seconds':>9}{'x floor':>9}{'first chart s':>15}"
        f"{'peak RSS MB':>13}",
        "-" * (width + 46),
    ]
    for n in result["notebooks"]:
        lines.append(f"{n['path']:<{width}}{n['seconds']:>9.2f}{n['seconds'] / floor:>9.2f}"
                     f"{_number(n.get('first_chart_seconds'), 15)}{n['peak_rss_mb']:>13.1f}")
    runs = ", ".join(f"{s:.2f}" for s in result["floor_runs"])
    lines += [
        f"{'floor (imports only)':<{width}}{floor:>9.2f}{1:>9.2f}{'':>15}"
        f"{result['floor_peak_rss_mb']:>13.1f}   median of [{runs}]",
        "first chart: seconds from starting the kernel until the cell that draws the first chart "
        "has run (its display has reached the client; the browser then draws it)",
        "",
        f"{'widget':<{width}}{'moves':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}"
        f"{'explained':>11}{'p95 drawn ms':>14}",
        "-" * (width + 63),
    ]
    for name, c in result["widget_callbacks"].items():
        lines.append(f"{name:<{width}}{c['interactions']:>9}{c['median_ms']:>11.1f}"
                     f"{c['p95_ms']:>9.1f}{c['max_ms']:>9.1f}"
                     f"{c['explained_instead_of_drawn']:>11}"
                     f"{_number(c['p95_drawn_ms'], 14)}")
    lines += [
        "",
        f"scenario model, one 120-day run: {result['scenario_run_median_ms']:.1f} ms median, "
        f"{result['scenario_run_p95_ms']:.1f} ms p95 of 200",
        f"from geopolitics import load, check  {result['import_seconds']:.2f} s (median)",
        f"import pandas, altair, ipywidgets  {result['import_baseline_seconds']:.2f} s (median)",
        f"grading {g['notebooks']} notebooks, {g['jobs']} at a time: {g['seconds']:.0f} s, "
        f"{g['seconds_per_notebook']:.2f} s a notebook, so a class of 200 in about "
        f"{g['class_of_200_minutes']:.1f} minutes ({g['passed']} of {g['rows']} rows passed)",
        "",
        f"{'target':<{key_width}}{'measured':>10}{'limit':>10}  result",
        "-" * (key_width + 28),
    ]
    for key, limit in result["targets"].items():
        verdict = "PASS" if result["meets_targets"][key] else "MISS"
        lines.append(f"{key:<{key_width}}{result[key]:>10.2f}{limit:>10.2f}  {verdict}")
    m = result["machine"]
    lines += ["", f"{m['nproc']} CPUs, Python {m['python']}, measured {result['timestamp']}; "
              f"whole bench {result['bench_seconds']:.0f} s"]
    return "\n".join(lines)


def positive(text: str) -> int:
    """An argparse type: a count of runs must be at least one."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _number(value: float | None, width: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the JSON")
    # Five, not three: a kernel start on a shared machine sometimes costs 0.4 s more, and
    # the floor divides every ratio, so its median must not rest on one unlucky run.
    parser.add_argument("--floor-runs", type=positive, default=5)
    parser.add_argument("--import-runs", type=positive, default=5)
    parser.add_argument("--interactions", type=positive, default=60,
                        help="simulated interactions per widget, at least (default 60)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    args.output.unlink(missing_ok=True)  # never leave an old result beside a failed run
    try:
        result = measure(args.floor_runs, args.import_runs, args.interactions)
    except MeasurementError as exc:
        print(f"bench: could not measure: {exc}", file=sys.stderr)
        return 1
    result["bench_seconds"] = time.perf_counter() - started
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(report(result))
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"\nwrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
