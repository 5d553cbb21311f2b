"""Grade a class: run every submitted exercise notebook and collect its checks in a gradebook.

``python -m geopolitics.course.grading SUBMISSIONS`` (``make grade SUBMISSIONS=dir``) finds every
``*.ipynb`` under a folder, works out which lesson each one is, runs it top to bottom in its
own fresh kernel with a time limit, and reads back what the kit's ``check(...)`` cells
decided. It writes ``gradebook.csv`` (one row per notebook and question), ``summary.csv``
and a chart of the pass rate per question, and prints a short table.

Students' notebooks are untrusted code. Each one runs in a scratch copy of the parts of the
kit it needs (its own ``data/``, found through ``GEOPOLITICS_DATA``), so a cell that deletes
``../data/events.csv`` deletes a copy. Where the machine allows it (root and ``unshare``),
the kernel also runs in private mount and process namespaces in which every file system is
read-only except that scratch copy, as the unprivileged user ``nobody`` with no
capabilities. After each notebook the kit's data and package and every other submission are
checksummed again, and a change is reported in the gradebook. ``docs/grading.md`` says what
this protects and what it does not.

A notebook that crashes, loops forever, prints megabytes, is not a notebook at all or
belongs to no known lesson gets a row saying so; nothing a submission does stops the run.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import csv
import hashlib
import html
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from geopolitics.errors import KitError
from geopolitics.paths import BUILD, DATA, PACKAGE, ROOT

DEFAULT_OUT = BUILD / "grades"
DEFAULT_TIMEOUT = 120  # seconds per notebook; lesson notebooks need well under a minute
MAX_NOTEBOOK_BYTES = 50_000_000
KERNEL_NAME = "geopolitics-grading"
NOBODY = 65534
COLUMNS = ["student_file", "lesson", "question_id", "passed", "status", "message", "run",
           "note"]
_LESSON_IN_NAME = re.compile(r"(?<![0-9])([0-9]{2})_")
_QUESTION_ID = re.compile(r"""check\(\s*["']q([0-9]{2})_""")


class GradingError(KitError):
    """The grader cannot start: no such folder, or no notebook in it."""


# --- finding and reading submissions -------------------------------------------------------

@dataclass
class Submission:
    """One file to grade, and what could be learnt about it before running it."""

    path: Path
    name: str  # path relative to the submissions folder, as the gradebook shows it
    lesson: str | None = None
    notebook: Any = None  # the parsed notebook, when the file is one
    problem: str | None = None  # why it cannot be run, in one sentence for the instructor


def find_notebooks(folder: Path) -> tuple[list[Path], int]:
    """Every ``*.ipynb`` under ``folder``, and how many were skipped in hidden folders.

    Hidden folders hold copies a student never meant to hand in (``.ipynb_checkpoints``).
    """
    found, hidden = [], 0
    for path in sorted(folder.rglob("*.ipynb")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            hidden += 1
            continue
        found.append(path)
    return found, hidden


def lesson_from_name(name: str, lessons: Iterable[str]) -> str | None:
    """The lesson number in a file name such as ``00_start_here.mine-2025.ipynb``."""
    for number in _LESSON_IN_NAME.findall(name):
        if number in lessons:
            return number
    return None


def lesson_of(path: Path, notebook: Any, lessons: list[str]) -> str | None:
    """Which lesson a notebook is: its metadata, else its file name, else the ids it checks.

    Exercise sheets record the solution they were written from (``generated_from``), which
    survives a student renaming the file; the ids in ``check("q00_...")`` calls are the last
    resort, for a renamed copy of a solution.
    """
    meta = notebook.metadata.get("geopolitics") if notebook is not None else None
    if isinstance(meta, dict):
        for value in (meta.get("lesson"), meta.get("generated_from")):
            if isinstance(value, str | int):
                text = str(value)
                if text.zfill(2) in lessons and text.isdigit():
                    return text.zfill(2)
                found = lesson_from_name(Path(text).name, lessons)
                if found:
                    return found
    found = lesson_from_name(path.name, lessons)
    if found or notebook is None:
        return found
    counts: dict[str, int] = {}
    for cell in notebook.cells:
        for number in _QUESTION_ID.findall(str(cell.get("source", ""))):
            counts[number] = counts.get(number, 0) + 1
    known = {n: c for n, c in counts.items() if n in lessons}
    return max(known, key=lambda n: known[n]) if known else None


def read_submission(path: Path, folder: Path, lessons: list[str]) -> Submission:
    """Parse one file; anything that is not a runnable notebook comes back with a problem."""
    import nbformat

    sub = Submission(path, path.relative_to(folder).as_posix())
    sub.lesson = lesson_from_name(path.name, lessons)
    if not path.exists() and not path.is_symlink():
        sub.problem = "not graded: the file disappeared before its turn came."
        return sub
    if path.is_symlink() or not path.is_file():
        sub.problem = "not graded: this is a link or a folder, not a notebook file."
        return sub
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        sub.problem = (f"not graded: the file is {size / 1e6:.0f} MB, more than any exercise "
                       "sheet should be; clear its outputs and collect it again.")
        return sub
    raw = path.read_bytes()
    if not raw.strip():
        sub.problem = "not a notebook: the file is empty (it may not have been saved)."
        return sub
    if raw.lstrip().startswith(b"%PDF"):
        sub.problem = ("not a notebook: the file is a PDF renamed .ipynb; ask for the "
                       "notebook itself (File > Download in JupyterLab).")
        return sub
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        sub.problem = "not a notebook: the file is not text (a binary file renamed .ipynb)."
        return sub
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validator.normalize(notebook)
            nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        first = str(exc).strip().splitlines()[0][:160]
        sub.problem = f"not a valid notebook: {first}"
        return sub
    except Exception as exc:  # broken JSON comes in many shapes; each is the student's file
        sub.problem = (f"not a notebook: the file is not notebook JSON "
                       f"({type(exc).__name__}: {_one_line(str(exc), 120)}).")
        return sub
    sub.notebook = notebook
    sub.lesson = lesson_of(path, notebook, lessons)
    if sub.lesson is None:
        sub.problem = (
            "not graded: could not tell which lesson this is (name the file like "
            f"exercises/NN_name.ipynb; known lessons: {', '.join(lessons)})."
        )
    return sub


# --- fingerprints: proof that a run changed nothing it should not --------------------------

def fingerprint(paths: Iterable[Path], base: Path) -> dict[str, str]:
    """SHA-256 of each file, by path relative to ``base`` (missing files are left out)."""
    found = {}
    for path in paths:
        try:
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(base).as_posix()] = hashlib.sha256(
                    path.read_bytes()).hexdigest()
        except OSError:
            continue
    return found


def kit_files() -> list[Path]:
    """The kit files a notebook must never change: its data and its Python package."""
    files = [p for p in DATA.rglob("*") if p.is_file()]
    files += [p for p in PACKAGE.rglob("*.py")]
    return sorted(files)


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or changed between two fingerprints, in words."""
    said = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            said.append(f"{name} deleted")
        elif name not in before:
            said.append(f"{name} added")
        elif before[name] != after[name]:
            said.append(f"{name} changed")
    return said


# --- the sandbox ---------------------------------------------------------------------------

SANDBOX_SCRIPT = Path(__file__).resolve().parent / "sandbox.py"
# The kernel dies with the grader (pdeathsig), and everything it started dies with the kernel
# (the process namespace ends when its first process does: --kill-child).
_UNSHARE = ["setpriv", "--pdeathsig", "KILL", "--", "unshare", "--mount", "--pid", "--fork",
            "--mount-proc", "--kill-child", "--propagation", "private", "--"]


@dataclass(frozen=True)
class Sandbox:
    """How far the machine lets the grader shut a kernel in (decided once per run)."""

    namespaces: bool  # private mount and process namespaces, file systems read-only
    as_nobody: bool  # the kernel runs as user nobody rather than root without capabilities
    why_not: str = ""  # when there are no namespaces: why

    def describe(self) -> str:
        if self.namespaces:
            who = ("as user 'nobody'" if self.as_nobody else
                   "as root without capabilities ('nobody' cannot run this Python)")
            return ("every file system read-only except the notebook's scratch copy, own "
                    f"process namespace, {who}")
        return ("scratch copies only: a notebook can still write anywhere your account can "
                f"({self.why_not}); grade only notebooks you trust, or run as root")

    def kernel_argv(self, scratch: Path, protect: list[Path]) -> list[str]:
        """The kernel's launch command, run through ``sandbox.py`` when namespaces work."""
        python = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        if not self.namespaces:
            return python
        return [*_UNSHARE, *self.launcher(scratch, protect), "--chown", "{connection_file}",
                "--", *python]

    def launcher(self, scratch: Path, protect: list[Path]) -> list[str]:
        command = [sys.executable, "-I", str(SANDBOX_SCRIPT), "--writable", str(scratch),
                   "--report", str(scratch / "control" / "sandbox.txt")]
        for path in protect:
            command += ["--protect", str(path)]
        return command + (["--as-nobody"] if self.as_nobody else [])


def detect_sandbox(wanted: bool, protect: list[Path]) -> Sandbox:
    """Try the real sandbox once on a harmless command: as nobody, else as root, else none."""
    if not wanted:
        return Sandbox(False, False, "--no-sandbox was given")
    if os.name != "posix" or os.geteuid() != 0:
        return Sandbox(False, False, "not running as root")
    missing = [c for c in ("unshare", "setpriv", "mount") if not shutil.which(c)]
    if missing:
        return Sandbox(False, False, f"{', '.join(missing)} not installed")
    why = "unshare failed"
    for as_nobody in (True, False):
        with tempfile.TemporaryDirectory(prefix="geopolitics-probe-") as keep:
            scratch = Path(keep)
            scratch.chmod(0o711)
            (scratch / "control").mkdir()
            box = Sandbox(True, as_nobody)
            readable = f"open({str(PACKAGE / 'checks.py')!r}).close()"
            probe = [*_UNSHARE, *box.launcher(scratch, protect), "--", sys.executable, "-c",
                     f"import ipykernel_launcher; {readable}"]
            try:
                done = subprocess.run(probe, capture_output=True, timeout=180, cwd=scratch,
                                      env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                           "HOME": keep, "PYTHONDONTWRITEBYTECODE": "1"})
            except (OSError, subprocess.SubprocessError) as exc:
                return Sandbox(False, False, f"the sandbox probe failed: {exc}")
            if done.returncode == 0:
                return box
            report = scratch / "control" / "sandbox.txt"
            if report.is_file():
                why = report.read_text(encoding="utf-8").strip()
    return Sandbox(False, False, _one_line(why, 160))


# --- running one notebook ------------------------------------------------------------------

def _results_expression(lesson: str) -> str:
    # Reads the checker's record without importing anything the notebook did not: a sheet
    # that never imported the checker has no results, and loading it here costs seconds.
    return (f"__import__('json').dumps(getattr(__import__('sys').modules.get("
            f"'geopolitics.checks'), 'results', lambda lesson: None)({lesson!r}))")


def _output_size(content: dict[str, Any]) -> int:
    size = len(str(content.get("text", "")))
    data = content.get("data")
    if isinstance(data, dict):
        size += sum(len(str(v)) for v in data.values())
    return size


def _quiet_client_class() -> type:
    from nbclient import NotebookClient

    class QuietClient(NotebookClient):
        """Counts a notebook's output instead of keeping it: a cell may print gigabytes."""

        output_bytes = 0

        def output(self, outs: list[Any], msg: dict[str, Any], display_id: str | None,
                   cell_index: int) -> None:
            self.output_bytes += _output_size(msg.get("content", {}))
            return None

    return QuietClient


async def _ask_results(client: Any, lesson: str, wait: float) -> list[dict[str, Any]] | None:
    """The checker's results, asked of the kernel between cells (None if it cannot say)."""
    from jupyter_core.utils import ensure_async

    msg_id = await ensure_async(client.kc.execute(
        "", silent=True, store_history=False,
        user_expressions={"results": _results_expression(lesson)}))
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        try:
            msg = await ensure_async(client.kc.shell_channel.get_msg(timeout=left))
        except Exception:  # queue.Empty: the kernel is busy or gone
            return None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        answer = msg["content"].get("user_expressions", {}).get("results", {})
        if answer.get("status") != "ok":
            return None
        try:
            value = json.loads(ast.literal_eval(answer["data"]["text/plain"]))
        except (KeyError, ValueError, SyntaxError, TypeError):
            return None
        return value if isinstance(value, list) else []
    return None


def _let_ctrl_c_stop_grading() -> None:
    """nbclient answers Ctrl-C by killing the kernel and carrying on with the next cell;
    an instructor who presses it means "stop grading", so give the signals back."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(Exception):
            loop.remove_signal_handler(signum)
    _stop_on_sigterm()


def _stop_on_sigterm() -> None:
    """Treat a polite kill like Ctrl-C, so the kernel and its scratch copy are cleaned up."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # only possible in the main thread
        signal.signal(signal.SIGTERM, interrupt)


async def run_notebook(notebook: Any, lesson: str, timeout: int, kernel_dirs: list[str],
                       cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """Execute a notebook cell by cell within a total time budget, asking for the checker's
    results after each cell, so a loop in cell 20 does not lose the answers of cells 1-19."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    manager = AsyncKernelManager(
        kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=kernel_dirs))
    manager.connection_file = str(Path(env["JUPYTER_RUNTIME_DIR"]) / "kernel.json")
    client = _quiet_client_class()(
        notebook, km=manager, kernel_name=KERNEL_NAME, allow_errors=True,
        record_timing=False, startup_timeout=90, iopub_timeout=5,
        raise_on_iopub_timeout=False, shutdown_kernel="immediate", store_widget_state=False)
    errors: list[dict[str, Any]] = []

    def on_cell_executed(cell: Any, cell_index: int, execute_reply: dict[str, Any]) -> None:
        content = (execute_reply or {}).get("content", {})
        if content.get("status") == "error":
            errors.append({"cell": cell_index + 1, "ename": str(content.get("ename", ""))})

    client.on_cell_executed = on_cell_executed
    outcome: dict[str, Any] = {"run": "completed", "cell": None, "results": None,
                               "errors": errors, "cells": len(notebook.cells)}
    started = time.monotonic()
    try:
        async with client.async_setup_kernel(
                cleanup_kc=True, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            _let_ctrl_c_stop_grading()
            started = time.monotonic()
            deadline = started + timeout
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code" or not str(cell.source).strip():
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    outcome.update(run="timed out", cell=index + 1)
                    break
                client.timeout = max(1, math.ceil(left))
                try:
                    await client.async_execute_cell(cell, index)
                except CellTimeoutError:
                    outcome.update(run="timed out", cell=index + 1)
                    break
                except DeadKernelError:
                    outcome.update(run="kernel died", cell=index + 1)
                    break
                cell.outputs = []
                now = await _ask_results(client, lesson,
                                         min(15.0, max(2.0, deadline - time.monotonic())))
                if now is not None:
                    outcome["results"] = now
    except Exception as exc:  # a kernel that cannot start, or a kernel gone mid-message
        if outcome["run"] == "completed" and outcome["results"] is None:
            outcome.update(run="kernel failed",
                           detail=f"{type(exc).__name__}: {_one_line(str(exc), 120)}")
    outcome["seconds"] = round(time.monotonic() - started, 1)
    outcome["output_bytes"] = client.output_bytes
    return outcome


# --- the grader: one scratch tree and one kernel per notebook ------------------------------

@dataclass
class Outcome:
    """What happened to one submission, ready to become gradebook rows."""

    submission: Submission
    run: str  # completed, timed out, kernel died, not a notebook, unknown lesson, ...
    notes: list[str] = field(default_factory=list)
    results: list[dict[str, Any]] | None = None
    seconds: float = 0.0
    stopped_at: int | None = None  # the cell (1-based) where a time limit or exit hit


@dataclass
class Grader:
    """What the runs of one class share: the kit's state, the limits, the sandbox."""

    folder: Path
    timeout: int
    sandbox: Sandbox
    pristine: Path  # a copy of the kit's data taken before the first notebook ran
    kit_prints: dict[str, str]
    submission_prints: dict[str, str]
    alerts: list[str] = field(default_factory=list)

    def scratch_tree(self, sub: Submission) -> Path:
        """A fresh tree laid out like the kit (``work/data``, ``work/exercises/<notebook>``),
        plus ``control/`` for the kernel's launch files, which the kernel cannot write."""
        scratch = Path(tempfile.mkdtemp(prefix="geopolitics-grade-"))
        scratch.chmod(0o711)
        control, work = scratch / "control", scratch / "work"
        for folder in (control, control / "runtime", control / "kernels" / KERNEL_NAME):
            folder.mkdir(mode=0o711, parents=True)
        shutil.copytree(self.pristine, work / "data")
        for name in ("exercises", "home", "tmp"):
            (work / name).mkdir(parents=True)
        if self.sandbox.as_nobody:
            for path in [work, *work.rglob("*")]:
                os.lchown(path, NOBODY, NOBODY)
        protect = [ROOT, self.folder]
        spec = {"argv": self.sandbox.kernel_argv(scratch, protect),
                "display_name": "Python (grading)", "language": "python"}
        (control / "kernels" / KERNEL_NAME / "kernel.json").write_text(json.dumps(spec))
        return scratch

    def environment(self, scratch: Path) -> dict[str, str]:
        """A small fixed environment: none of the instructor's tokens, every cache in scratch."""
        work, control = scratch / "work", scratch / "control"
        home = work / "home"
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(home),
            "TMPDIR": str(work / "tmp"), "IPYTHONDIR": str(home / ".ipython"),
            "MPLCONFIGDIR": str(home / ".matplotlib"), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
            "JUPYTER_CONFIG_DIR": str(control / "config"),
            "JUPYTER_DATA_DIR": str(control / "data"),
            "JUPYTER_RUNTIME_DIR": str(control / "runtime"), "JUPYTER_PLATFORM_DIRS": "1",
            "GEOPOLITICS_DATA": str(work / "data"), "PYTHONDONTWRITEBYTECODE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            # The kernel checks answers with the kit that grades them, also when that kit is
            # a copy found through PYTHONPATH (a hub) rather than the installed one.
            "PYTHONPATH": str(ROOT),
        }
        for name in ("GEOPOLITICS_OFFLINE", "SYSTEMROOT"):
            if os.environ.get(name):
                env[name] = os.environ[name]
        return env

    def run(self, sub: Submission) -> dict[str, Any]:
        """Run one notebook in its own scratch tree; the tree is deleted afterwards."""
        scratch = self.scratch_tree(sub)
        try:
            cwd = scratch / "work" / "exercises"
            copy = cwd / Path(sub.name).name
            copy.write_bytes(sub.path.read_bytes())
            if self.sandbox.as_nobody:
                os.lchown(copy, NOBODY, NOBODY)
            run = run_notebook(sub.notebook, sub.lesson or "", self.timeout,
                               [str(scratch / "control" / "kernels")], cwd,
                               self.environment(scratch))
            # A last resort only: nbclient stops a cell at the time limit by itself.
            result = asyncio.run(asyncio.wait_for(run, self.timeout + 180))
            report = scratch / "control" / "sandbox.txt"
            if result.get("run") == "kernel failed" and report.is_file():
                result["detail"] = "the sandbox refused to start the kernel: " + _one_line(
                    report.read_text(encoding="utf-8", errors="replace"), 160)
            return result
        except TimeoutError:
            return {"run": "timed out", "detail": "the kernel did not stop when asked"}
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def grade(self, sub: Submission) -> Outcome:
        """Run one submission (or say why not) and check that it harmed nothing."""
        if sub.problem:
            run = "not a notebook" if sub.problem.startswith("not a") else "not run"
            if sub.notebook is not None and sub.lesson is None:
                run = "unknown lesson"
            return Outcome(sub, run)  # the problem is the row's message
        result = self.run(sub)
        outcome = Outcome(sub, result.get("run", "grader failed"), _run_notes(result,
                          self.timeout), result.get("results"), float(result.get("seconds", 0)),
                          result.get("cell"))
        outcome.notes += self.harm_done()
        return outcome

    def harm_done(self) -> list[str]:
        """Warnings if the kit or another submission changed since the last look."""
        said = []
        kit_now = fingerprint(kit_files(), ROOT)
        kit_changed = changes(self.kit_prints, kit_now)
        if kit_changed:
            said.append("WARNING: the kit changed while this notebook ran ("
                        + ", ".join(kit_changed[:5]) + "); if no one was editing the kit, "
                        "restore it with git.")
            self.kit_prints = kit_now
        subs_now = fingerprint((self.folder / n for n in self.submission_prints), self.folder)
        subs_changed = changes(self.submission_prints, subs_now)
        if subs_changed:
            said.append("WARNING: other submissions changed while this notebook ran ("
                        + ", ".join(subs_changed[:5]) + ").")
            self.submission_prints = subs_now
        self.alerts += said
        return said


def _run_notes(result: dict[str, Any], timeout: int) -> list[str]:
    notes = []
    run, cell, cells = result.get("run"), result.get("cell"), result.get("cells")
    where = f" in cell {cell} of {cells}" if cell else ""
    if run == "timed out":
        notes.append(f"Stopped at the {timeout} s time limit{where} (an endless loop or a "
                     "very slow cell); questions checked after it were not reached.")
    elif run == "kernel died":
        notes.append(f"Python stopped{where} (exit, os._exit, a crash or too much memory); "
                     "questions checked after it were not reached.")
    elif run != "completed":
        notes.append(f"Could not run this notebook: {result.get('detail', 'no detail')}.")
    errors = result.get("errors") or []
    if errors:
        shown = ", ".join(f"cell {e['cell']}: {e['ename']}" for e in errors[:4])
        more = f" and {len(errors) - 4} more" if len(errors) > 4 else ""
        notes.append(f"{len(errors)} cell(s) raised an error ({shown}{more}); the rest ran.")
    printed = int(result.get("output_bytes") or 0)
    if printed > 1_000_000:
        notes.append(f"Printed {printed / 1e6:.1f} MB of output (counted, not kept).")
    return notes


# --- the gradebook -------------------------------------------------------------------------

def rows_for(outcome: Outcome) -> list[dict[str, Any]]:
    """One row per question of the notebook's lesson; one row in all if the lesson is unknown."""
    from geopolitics.checks import questions

    sub = outcome.submission
    note = " ".join(outcome.notes)
    base = {"student_file": sub.name, "lesson": sub.lesson or "", "run": outcome.run,
            "note": note}
    if sub.lesson is None:
        return [{**base, "question_id": "", "passed": False, "status": "not graded",
                 "message": sub.problem or "not graded."}]
    found = {r.get("question"): r for r in outcome.results or [] if isinstance(r, dict)}
    rows = []
    for qid in questions(sub.lesson):
        result = found.get(qid)
        if sub.problem:
            status, passed, message = "not graded", False, sub.problem
        elif result is None or result.get("status") == "not checked":
            status, passed, message = "not checked", False, _why_unchecked(outcome, qid)
        else:
            status, passed = str(result.get("status", "")), result.get("passed") is True
            message = str(result.get("message", ""))
        rows.append({**base, "question_id": qid, "passed": passed, "status": status,
                     "message": message})
    return rows


def _check_cell(notebook: Any, qid: str) -> int | None:
    """The first cell (1-based) that mentions a question id, where its check should be."""
    for index, cell in enumerate(getattr(notebook, "cells", [])):
        if cell.get("cell_type") == "code" and qid in str(cell.get("source", "")):
            return index + 1
    return None


def _why_unchecked(outcome: Outcome, qid: str) -> str:
    """Why a question's check never ran, as precisely as the notebook shows."""
    cell = _check_cell(outcome.submission.notebook, qid)
    if cell is None:
        return "This notebook has no check for this question (the check cell was deleted?)."
    if outcome.stopped_at is not None and cell >= outcome.stopped_at:
        return (f"The notebook stopped in cell {outcome.stopped_at}, before this question's "
                f"check (cell {cell}).")
    if outcome.results is None:
        return (f"The check (cell {cell}) did not run: the checker was never imported, or "
                "the notebook could not run.")
    return f"The check (cell {cell}) did not run: an error in that cell or an earlier one?"


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _safe_cell(value: Any) -> Any:
    """Student-controlled text must not become a spreadsheet formula when the CSV is opened."""
    if not isinstance(value, str):
        return value
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_gradebook(rows: list[dict[str, Any]], out: Path) -> Path:
    path = out / "gradebook.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _safe_cell(row.get(k, "")) for k in COLUMNS})
    return path


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per question: how many notebooks of its lesson passed, were unanswered or unchecked."""
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        if not row["question_id"]:
            continue
        entry = table.setdefault(row["question_id"], {
            "lesson": row["lesson"], "question_id": row["question_id"], "notebooks": 0,
            "passed": 0, "not_answered": 0, "not_checked": 0})
        entry["notebooks"] += 1
        entry["passed"] += bool(row["passed"])
        entry["not_answered"] += row["status"] == "not answered"
        entry["not_checked"] += row["status"] in {"not checked", "not graded"}
    for entry in table.values():
        entry["pass_rate_percent"] = round(100 * entry["passed"] / entry["notebooks"], 1)
    from geopolitics.checks import questions

    def position(entry: dict[str, Any]) -> tuple[str, int]:
        ids = questions(entry["lesson"])
        where = ids.index(entry["question_id"]) if entry["question_id"] in ids else len(ids)
        return entry["lesson"], where

    return sorted(table.values(), key=position)


SUMMARY_COLUMNS = ["lesson", "question_id", "notebooks", "passed", "pass_rate_percent",
                   "not_answered", "not_checked"]


def write_summary(summary: list[dict[str, Any]], out: Path) -> Path:
    path = out / "summary.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        writer.writerows(summary)
    return path


def summary_chart(summary: list[dict[str, Any]]) -> Any:
    """Pass rate per question as labelled bars, in the kit's style (no meaning by colour)."""
    import altair as alt
    import pandas as pd

    import geopolitics.charts  # noqa: F401  (registers and enables the kit's theme)

    frame = pd.DataFrame(summary)
    frame["label"] = [f"{p} of {n} ({r:.0f}%)" for p, n, r in
                      zip(frame["passed"], frame["notebooks"], frame["pass_rate_percent"],
                          strict=True)]
    lowest = frame.sort_values("pass_rate_percent").iloc[0]
    notebooks = ", ".join(f"lesson {lesson}: {n}" for lesson, n in
                          frame.groupby("lesson")["notebooks"].max().items())
    description = (
        "Horizontal bar chart, one bar per checked question, showing the percentage of the "
        f"graded notebooks ({notebooks}) whose answer passed its check; each bar is labelled "
        f"with the count. The lowest is {lowest['question_id']} at "
        f"{lowest['pass_rate_percent']:.0f}%."
    )
    order = list(frame["question_id"])
    x_title = "Notebooks that passed (% of notebooks)"
    base = alt.Chart(frame).encode(y=alt.Y("question_id:N", title="Question", sort=order))
    bars = base.mark_bar().encode(
        x=alt.X("pass_rate_percent:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
        tooltip=["question_id", "passed", "notebooks", "pass_rate_percent"])
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X("pass_rate_percent:Q", title=x_title), text="label:N")
    return (bars + labels).properties(
        title="Share of notebooks that passed each checked question", description=description,
        width=460, height=alt.Step(26))


def write_chart(summary: list[dict[str, Any]], out: Path, heading: str) -> list[Path]:
    """``summary.svg`` and ``summary.html``: drawn on this machine, no script, no CDN."""
    from geopolitics.charts import audit, svg_figure

    chart = summary_chart(summary)
    spec = chart.to_dict()
    problems = audit(spec)
    if problems:  # the kit's own chart must pass its own audit
        raise GradingError("the summary chart fails the accessibility check: "
                           + " ".join(problems))
    figure = svg_figure(spec)
    svg = figure[figure.index("<svg"): figure.rindex("</svg>") + len("</svg>")]
    (out / "summary.svg").write_text(svg, encoding="utf-8")
    header = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in SUMMARY_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(e[c]))}</td>" for c in SUMMARY_COLUMNS)
        + "</tr>" for e in summary)
    page = (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>Grading summary</title><style>body{font-family:Helvetica Neue,Arial,"
        "sans-serif;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:"
        "collapse}td,th{border:1px solid #999;padding:0.2em 0.6em;text-align:left}</style>"
        f"</head><body><h1>Grading summary</h1><p>{html.escape(heading)}</p>{figure}"
        f"<p>{html.escape(str(spec.get('description', '')))}</p>"
        "<p>Status words: <em>not answered</em> means the answer was still the placeholder; "
        "<em>not checked</em> means the check never ran (the notebook stopped, or was not "
        "a notebook).</p>"
        f"<table><caption>Per question</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>\n"
    )
    (out / "summary.html").write_text(page, encoding="utf-8")
    return [out / "summary.svg", out / "summary.html"]


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def print_summary(summary: list[dict[str, Any]], outcomes: list[Outcome]) -> None:
    if summary:
        width = max(len("question"), *(len(e["question_id"]) for e in summary))
        print(f"\n{'question':<{width}}  passed          not answered  never checked")
        for e in summary:
            passed = f"{e['passed']} of {e['notebooks']} ({e['pass_rate_percent']:.0f}%)"
            print(f"{e['question_id']:<{width}}  {passed:<15} {e['not_answered']:>12}  "
                  f"{e['not_checked']:>13}")
    troubled = [o for o in outcomes if o.run != "completed" or o.notes]
    if troubled:
        print("\nNotebooks to look at:")
        for o in troubled:
            said = " ".join(o.notes) or o.submission.problem or o.run
            print(f"  {_printable(o.submission.name)}: {_printable(said)}")


# --- the command line ----------------------------------------------------------------------

def grade_folder(folder: Path, out: Path, timeout: int = DEFAULT_TIMEOUT,
                 sandbox: bool = True, echo: bool = True) -> list[dict[str, Any]]:
    """Grade every notebook under ``folder``; write the gradebook and summary into ``out``."""
    import logging

    for name in ("traitlets", "nbclient", "jupyter_client"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    say = print if echo else (lambda *a, **k: None)
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise GradingError(f"there is no folder {folder}: say where the collected notebooks "
                           "are, e.g. make grade SUBMISSIONS=~/class/lesson00")
    paths, hidden = find_notebooks(folder)
    if not paths:
        raise GradingError(f"{folder} holds no .ipynb notebook (hidden folders such as "
                           ".ipynb_checkpoints are skipped).")
    if timeout < 1:
        raise GradingError("the time limit must be at least 1 second.")
    started = time.monotonic()
    from geopolitics.checks import lessons as lessons_with_questions

    lessons = lessons_with_questions()
    box = detect_sandbox(sandbox, [ROOT, folder])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geopolitics-pristine-") as keep:
        pristine = Path(keep) / "data"
        shutil.copytree(DATA, pristine)
        grader = Grader(folder, timeout, box, pristine, fingerprint(kit_files(), ROOT),
                        fingerprint(paths, folder))
        offline = "offline" if os.environ.get("GEOPOLITICS_OFFLINE") == "1" else (
            "NOT offline (make grade cuts the network)")
        say(f"Grading {len(paths)} notebook(s) in {folder}: {timeout} s each at most, "
            f"{offline}.\nSandbox: {box.describe()}.")
        if hidden:
            say(f"Skipped {hidden} notebook(s) in hidden folders such as .ipynb_checkpoints.")
        outcomes, rows = [], []
        for number, path in enumerate(paths, start=1):
            outcome = _grade_safely(grader, path, folder, lessons)
            outcomes.append(outcome)
            new = rows_for(outcome)
            rows += new
            asked = [r for r in new if r["question_id"]]
            told = (f"{sum(bool(r['passed']) for r in asked)} of {len(asked)} passed"
                    if asked and outcome.submission.problem is None else outcome.run)
            if asked and outcome.submission.problem is None and outcome.run != "completed":
                told += f" ({outcome.run})"
            took = f", {outcome.seconds:.0f} s" if outcome.seconds else ""
            say(f"[{number}/{len(paths)}] {_printable(outcome.submission.name)}: {told}{took}")
    summary = summarise(rows)
    written = [write_gradebook(rows, out), write_summary(summary, out)]
    heading = (f"{len(paths)} notebook(s) from the folder {folder.name}, graded "
               f"{datetime.now():%d %B %Y at %H:%M}; time limit {timeout} s per notebook.")
    if summary:
        written += write_chart(summary, out, heading)
    if echo:
        print_summary(summary, outcomes)
    for alert in dict.fromkeys(grader.alerts):
        say(alert)
    say(f"\nGraded in {time.monotonic() - started:.0f} s. Wrote "
        + ", ".join(_shown(p) for p in written) + ".")
    return rows


def _grade_safely(grader: Grader, path: Path, folder: Path, lessons: list[str]) -> Outcome:
    """Grade one file; whatever goes wrong becomes a note on its row, never a stop."""
    try:
        sub = read_submission(path, folder, lessons)
    except Exception as exc:
        sub = Submission(path, path.relative_to(folder).as_posix(),
                         lesson_from_name(path.name, lessons),
                         problem=f"not graded: could not read the file ({type(exc).__name__}).")
    try:
        return grader.grade(sub)
    except Exception as exc:  # a bug in the grader must not cost the rest of the class
        return Outcome(sub, "grader failed", [
            f"Could not grade this file ({type(exc).__name__}: {_one_line(str(exc), 120)})."])


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m geopolitics.course.grading",
        description="Run every exercise notebook under a folder and write a gradebook.")
    parser.add_argument("submissions", type=Path, help="folder of collected notebooks")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where to write gradebook.csv and the summary "
                             "(default: build/grades)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds each notebook may run (default: {DEFAULT_TIMEOUT})")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="skip the namespace sandbox (only for notebooks you trust)")
    args = parser.parse_args(argv)
    _stop_on_sigterm()
    try:
        grade_folder(args.submissions, args.out, args.timeout, sandbox=not args.no_sandbox)
    except KitError as exc:
        print(f"make grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("make grade: stopped; the gradebook was not written.", file=sys.stderr)
        return 130
    except Exception as exc:  # the promise: a sentence, not a traceback
        print(f"make grade: grading stopped unexpectedly ({type(exc).__name__}: "
              f"{_one_line(str(exc), 200)}). Please report this with the command you ran.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
