"""Grade a class: run every submitted exercise notebook and collect its checks in a gradebook.

``python -m geopolitics.course.grading SUBMISSIONS`` (``make grade SUBMISSIONS=dir``) finds every
``*.ipynb`` under a folder, works out which lesson each one is, runs it top to bottom in its
own fresh kernel with a time limit (several at once, each from a copy taken before any ran),
and pulls out, after each cell, the last answer each ``check(...)`` was given, as plain data.
It then judges those answers itself, with its own copy of the question banks
(:func:`geopolitics.checks.verdict`): what a kernel says about its verdicts is never read, so
a notebook that rewrites the checker fakes nothing. It writes ``gradebook.csv`` (one row per
notebook and question), ``summary.csv`` and a chart of the pass rate per question, and
prints a short table.

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

The work is split by what each part holds: :mod:`~geopolitics.course.submissions` finds and
reads the files, :mod:`~geopolitics.course.sandbox` shuts kernels in,
:mod:`~geopolitics.course.runner` runs a notebook, :mod:`~geopolitics.course.gradebook` turns
outcomes into rows, the CSV files and the summary chart. This module runs a class: the
:class:`Grader` and the command line. Judging answers loads pandas (tables) and, for a
chart answer, Altair; importing this module loads neither.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from geopolitics.checks import Result, lessons, questions
from geopolitics.course import runner
from geopolitics.course.feedback import read_roster, write_canvas, write_feedback
from geopolitics.course.gradebook import (
    Outcome,
    Row,
    print_summary,
    printable,
    rows_for,
    summarise,
    write_chart,
    write_gradebook,
    write_summary,
)
from geopolitics.course.isolation import (
    choose_sandbox,
    hidden_folders,
    needed_folders,
    temporary_folders,
)
from geopolitics.course.kernel_answers import Answers
from geopolitics.course.runner import CellError, Execution
from geopolitics.course.sandbox import DEFAULT_MEMORY_MB, NOBODY, Sandbox
from geopolitics.course.submissions import (
    GradingError,
    Run,
    Submission,
    changes,
    collect_copies,
    find_notebooks,
    fingerprint,
    kit_files,
    lesson_from_name,
    read_submission,
)
from geopolitics.errors import KitError
from geopolitics.paths import BUILD, DATA, ROOT
from geopolitics.text import one_line

__all__ = ["DEFAULT_OUT", "DEFAULT_TIMEOUT", "Grader", "GradingError", "grade_folder", "main"]

DEFAULT_OUT = BUILD / "grades"
DEFAULT_TIMEOUT = 120  # seconds per notebook; lesson notebooks need well under a minute
#: Notebooks graded at once: one per core (a kernel keeps one core busy). Each kernel may
#: use up to its memory limit (1 GB by default): on a machine with many cores and little
#: memory, give --jobs.
DEFAULT_JOBS = max(1, os.cpu_count() or 1)
KERNEL_NAME = "geopolitics-grading"
MIN_MEMORY_MB = 256


# --- the grader: one scratch tree and one kernel per notebook ------------------------------

@dataclass
class Grader:
    """What the runs of one class share: the kit's state, the limits, the sandbox."""

    folder: Path
    timeout: int
    sandbox: Sandbox
    pristine: Path  # a copy of the kit's data taken before the first notebook ran
    kit_prints: dict[str, str]
    submission_prints: dict[str, str]
    runs: Path | None = None  # the folder holding every scratch tree of this run
    hide: list[Path] = field(default_factory=list)  # folders a kernel must not see
    veil: list[Path] = field(default_factory=list)  # shared temporary folders to cover ...
    through: list[Path] = field(default_factory=list)  # ... but for these (the kit, Python)
    memory: int = DEFAULT_MEMORY_MB  # MB per kernel
    alerts: list[str] = field(default_factory=list)
    running: set[str] = field(default_factory=set)  # graded right now
    since_last_look: set[str] = field(default_factory=set)  # ran since the last harm check

    def scratch_tree(self, sub: Submission) -> Path:
        """A fresh tree laid out like the kit (``work/data``, ``work/exercises/<notebook>``),
        plus ``control/`` for the kernel's launch files, which the kernel cannot write, and
        ``control/ipc/``, the one folder there the kernel owns: its sockets."""
        scratch = Path(tempfile.mkdtemp(prefix="geopolitics-grade-", dir=self.runs))
        scratch.chmod(0o711)
        control, work = scratch / "control", scratch / "work"
        for folder in (control, control / "runtime", control / "kernels" / KERNEL_NAME):
            folder.mkdir(mode=0o711, parents=True)
        (control / "ipc").mkdir(mode=0o700)
        shutil.copytree(self.pristine, work / "data")
        for name in ("exercises", "home", "tmp"):
            (work / name).mkdir(parents=True)
        if self.sandbox.as_nobody:
            for path in [work, *work.rglob("*"), control / "ipc"]:
                os.lchown(path, NOBODY, NOBODY)
        protect = [ROOT, self.folder]
        argv = self.sandbox.kernel_argv(
            scratch, protect, cover=self.runs, hide=self.hide, veil=self.veil,
            through=self.through, memory=self.memory << 20)
        spec = {"argv": argv, "display_name": "Python (grading)", "language": "python"}
        (control / "kernels" / KERNEL_NAME / "kernel.json").write_text(json.dumps(spec))
        return scratch

    def environment(self, scratch: Path) -> dict[str, str]:
        """A small fixed environment: none of the instructor's tokens, every cache in scratch.

        It names no notebook (no ``JPY_SESSION_NAME``), so a graded run keeps no record of
        progress (:mod:`geopolitics.progress`): it writes nothing beside any sheet.
        """
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

    async def run(self, sub: Submission) -> Outcome:
        """Run one notebook in its own scratch tree; the tree is deleted afterwards."""
        scratch = self.scratch_tree(sub)
        answers = Answers(sub.lesson or "", questions(sub.lesson or ""))
        try:
            cwd = scratch / "work" / "exercises"
            copy = cwd / Path(sub.name).name
            copy.write_bytes(sub.path.read_bytes())
            if self.sandbox.as_nobody:
                os.lchown(copy, NOBODY, NOBODY)
            env = self.environment(scratch)
            job = runner.run_notebook(
                sub.notebook, cwd=cwd, env=env, kernel_name=KERNEL_NAME,
                kernel_dirs=[scratch / "control" / "kernels"],
                connection_file=Path(env["JUPYTER_RUNTIME_DIR"]) / "kernel.json",
                # In its own network namespace the kernel has no TCP to offer: unix sockets
                # in the folder only it and the grader can reach.
                ipc_sockets=(scratch / "control" / "ipc" / "kernel"
                             if self.sandbox.namespaces else None),
                total_timeout=self.timeout, allow_errors=True, keep_outputs=False,
                quiet_kernel=True, startup_timeout=90, immediate_shutdown=True,
                after_cell=answers.after_cell)
            # A last resort only: the runner stops a cell at the time limit by itself.
            execution = await asyncio.wait_for(job, self.timeout + 180)
            report = scratch / "control" / "sandbox.txt"
            if execution.ending is runner.Ending.KERNEL_FAILED and report.is_file():
                execution.detail = "the sandbox refused to start the kernel: " + one_line(
                    report.read_text(encoding="utf-8", errors="replace"), 160)
            return _outcome(sub, execution, await answers.judged(), self.timeout, self.memory)
        except TimeoutError:
            return Outcome(sub, Run.TIMED_OUT, _run_notes(
                Run.TIMED_OUT, None, 0, self.timeout,
                detail="the kernel did not stop when asked"), await answers.judged())
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    async def grade(self, sub: Submission) -> Outcome:
        """Run one submission (or say why not) and check that it harmed nothing."""
        if sub.problem:
            return Outcome(sub, sub.problem.kind)  # the problem is the row's message
        self.running.add(sub.name)
        self.since_last_look.add(sub.name)
        try:
            outcome = await self.run(sub)
        finally:
            self.running.discard(sub.name)
        outcome.notes += self.harm_done(sub.name)
        return outcome

    def harm_done(self, name: str) -> list[str]:
        """Warnings if the kit or another submission changed since the last look.

        Notebooks are graded several at a time, so a change seen when ``name`` finishes may
        have been made by any notebook that ran since the last look: the warning names them.
        """
        others = sorted(self.since_last_look - {name})
        self.since_last_look = set(self.running)
        suspects = "while this notebook ran" + (
            f" (or one graded beside it: {', '.join(printable(o) for o in others[:5])})"
            if others else "")
        said = []
        kit_now = fingerprint(kit_files(), ROOT)
        kit_changed = changes(self.kit_prints, kit_now)
        if kit_changed:
            said.append(f"WARNING: the kit changed {suspects} ("
                        + ", ".join(kit_changed[:5]) + "); if no one was editing the kit, "
                        "restore it with git.")
            self.kit_prints = kit_now
        subs_now = fingerprint((self.folder / n for n in self.submission_prints), self.folder)
        subs_changed = changes(self.submission_prints, subs_now)
        if subs_changed:
            said.append(f"WARNING: other submissions changed {suspects} ("
                        + ", ".join(subs_changed[:5]) + ").")
            self.submission_prints = subs_now
        self.alerts += said
        return said


def _outcome(sub: Submission, execution: Execution, results: list[Result] | None,
             timeout: int, memory: int = DEFAULT_MEMORY_MB) -> Outcome:
    """What the runner saw, in the grader's terms (cells counted from 1, as Jupyter does)."""
    run = Run(execution.ending.value)
    stopped = None if execution.stopped_at is None else execution.stopped_at + 1
    # The kernel's memory is capped (RLIMIT_DATA), so a cell that wants more gets a
    # MemoryError: the notebook hit the limit, whether or not Python survived it.
    hit = next((e for e in execution.errors if e.ename == "MemoryError"), None)
    if hit is not None and run in (Run.COMPLETED, Run.KERNEL_DIED):
        run = Run.MEMORY_LIMIT
    notes = _run_notes(run, stopped, len(execution.notebook.cells), timeout,
                       execution.detail, execution.errors, execution.output_bytes,
                       memory=memory, memory_cell=None if hit is None else hit.index + 1)
    return Outcome(sub, run, notes, results, round(execution.seconds, 1), stopped)


def _run_notes(run: Run, cell: int | None, cells: int, timeout: int, detail: str = "",
               errors: list[CellError] | None = None, printed: int = 0, *,
               memory: int = DEFAULT_MEMORY_MB, memory_cell: int | None = None) -> list[str]:
    notes = []
    where = f" in cell {cell} of {cells}" if cell else ""
    if run is Run.MEMORY_LIMIT:
        notes.append(f"Hit the memory limit ({memory} MB per notebook) in cell {memory_cell} "
                     f"of {cells}: Python refused to allocate more (MemoryError)"
                     + (f", then stopped{where}; questions checked after it were not "
                        "reached." if cell else "; the cells after it still ran."))
    elif run is Run.TIMED_OUT:
        notes.append(f"Stopped at the {timeout} s time limit{where} (an endless loop or a "
                     "very slow cell); questions checked after it were not reached.")
    elif run is Run.KERNEL_DIED:
        notes.append(f"Python stopped{where} (exit, os._exit, a crash or too much memory); "
                     "questions checked after it were not reached.")
    elif run is not Run.COMPLETED:
        notes.append(f"Could not run this notebook: {detail or 'no detail'}.")
    errors = errors or []
    if errors:
        shown = ", ".join(f"cell {e.index + 1}: {one_line(e.ename, 60)}" for e in errors[:4])
        more = f" and {len(errors) - 4} more" if len(errors) > 4 else ""
        notes.append(f"{len(errors)} cell(s) raised an error ({shown}{more}); the rest ran.")
    if printed > 1_000_000:
        notes.append(f"Printed {printed / 1e6:.1f} MB of output (counted, not kept).")
    return notes


# --- the command line ----------------------------------------------------------------------

def grade_folder(folder: Path, out: Path, timeout: int = DEFAULT_TIMEOUT,
                 sandbox: bool = True, echo: bool = True, jobs: int = DEFAULT_JOBS, *,
                 roster: Path | None = None, memory: int = DEFAULT_MEMORY_MB,
                 allow_root_kernel: bool = False) -> list[Row]:
    """Grade every notebook under ``folder``; write the gradebook and summary into ``out``,
    with a feedback page per notebook and ``canvas.csv`` (joined to ``roster`` if given).

    ``jobs`` notebooks run at once, each in its own kernel and scratch tree; the gradebook
    lists them in the order of their paths, whichever finished first. ``memory`` is each
    kernel's limit in MB. As root, a kernel that cannot run as user ``nobody`` stops the
    run with a :class:`GradingError`, unless ``allow_root_kernel``.
    """
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
    if jobs < 1:
        raise GradingError("grade at least one notebook at a time (--jobs 1 or more).")
    if memory < MIN_MEMORY_MB:
        raise GradingError(f"give each notebook at least {MIN_MEMORY_MB} MB of memory "
                           "(--memory 1G is the default); Python and pandas need that much.")
    known = read_roster(roster) if roster else None  # a bad roster stops us before, not after
    started = time.monotonic()
    asked = {lesson: questions(lesson) for lesson in lessons()}  # the grader's own banks
    box = choose_sandbox(sandbox, folder, allow_root_kernel)
    out = out.expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    with (tempfile.TemporaryDirectory(prefix="geopolitics-pristine-") as keep,
          tempfile.TemporaryDirectory(prefix="geopolitics-grade-run-") as runs):
        pristine = Path(keep) / "data"
        shutil.copytree(DATA, pristine)
        grader = Grader(folder, timeout, box, pristine, fingerprint(kit_files(), ROOT),
                        fingerprint(paths, folder), runs=Path(runs), memory=memory,
                        hide=hidden_folders([folder, Path(keep), out], Path(runs)),
                        veil=temporary_folders(), through=needed_folders(Path(runs)))
        offline = "offline" if os.environ.get("GEOPOLITICS_OFFLINE") == "1" else (
            "NOT offline (make grade cuts the network)")
        say(f"Grading {len(paths)} notebook(s) in {folder}: {timeout} s each at most, "
            f"{memory} MB each at most, {min(jobs, len(paths))} at a time, {offline}."
            f"\nSandbox: {box.describe()}.")
        if hidden:
            say(f"Skipped {hidden} notebook(s) in hidden folders such as .ipynb_checkpoints.")
        finished = itertools.count(1)

        def tell(outcome: Outcome, new: list[Row]) -> None:
            asked = [r for r in new if r.question_id]
            ran = asked and outcome.submission.problem is None
            told = (f"{sum(r.passed for r in asked)} of {len(asked)} passed" if ran
                    else outcome.run.value)
            if ran and outcome.run is not Run.COMPLETED:
                told += f" ({outcome.run})"
            took = f", {outcome.seconds:.0f} s" if outcome.seconds else ""
            say(f"[{next(finished)}/{len(paths)}] {printable(outcome.submission.name)}: "
                f"{told}{took}")

        to_read = collect_copies(paths, folder, Path(keep) / "collected")

        async def one(path: Path, base: Path,
                      gate: asyncio.Semaphore) -> tuple[Outcome, list[Row]]:
            async with gate:
                outcome = await _grade_safely(grader, path, base, sorted(asked))
            new = rows_for(outcome, asked.get(outcome.submission.lesson or "", []))
            outcome.submission.notebook = None  # the rows say what is needed: memory stays flat
            tell(outcome, new)
            return outcome, new

        async def grade_all() -> list[tuple[Outcome, list[Row]]]:
            gate = asyncio.Semaphore(jobs)
            return list(await asyncio.gather(*(one(path, base, gate)
                                               for path, base in to_read)))

        graded = asyncio.run(grade_all())
        outcomes = [outcome for outcome, _ in graded]
        rows = [row for _, new in graded for row in new]
    summary = summarise(rows)
    graded_at = datetime.now()
    canvas, canvas_said = write_canvas(rows, out, known)
    written = [write_gradebook(rows, out), write_summary(summary, out),
               write_feedback(rows, out, graded_at), canvas]
    heading = (f"{len(paths)} notebook(s) from the folder {folder.name}, graded "
               f"{graded_at:%d %B %Y at %H:%M}; time limit {timeout} s per notebook.")
    if summary:
        written += write_chart(summary, out, heading)
    if echo:
        print_summary(summary, outcomes)
    for alert in [*dict.fromkeys(grader.alerts), *canvas_said]:
        say(alert)
    say(f"\nGraded in {time.monotonic() - started:.0f} s. Wrote "
        + ", ".join(_shown(p) for p in written) + ".")
    return rows


async def _grade_safely(grader: Grader, path: Path, folder: Path,
                        lessons: list[str]) -> Outcome:
    """Grade one file; whatever goes wrong becomes a note on its row, never a stop."""
    try:
        sub = read_submission(path, folder, lessons)
    except Exception as exc:
        sub = Submission(path, path.relative_to(folder).as_posix(),
                         lesson_from_name(path.name, lessons)).refuse(
            Run.NOT_RUN, f"not graded: could not read the file ({type(exc).__name__}).")
    try:
        return await grader.grade(sub)
    except Exception as exc:  # a bug in the grader must not cost the rest of the class
        return Outcome(sub, Run.GRADER_FAILED, [
            f"Could not grade this file ({type(exc).__name__}: {one_line(str(exc), 120)})."])


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def megabytes(text: str) -> int:
    """``--memory``: a number of MB, or a number with M/MB or G/GB (``1.5G``)."""
    value = text.strip().upper().removesuffix("B")
    scale = 1
    if value.endswith("G"):
        value, scale = value[:-1], 1024
    elif value.endswith("M"):
        value = value[:-1]
    try:
        number = float(value)
    except ValueError:
        raise GradingError(f"--memory {text}: say how much memory each notebook may use, "
                           "in MB (1024) or with a unit (512M, 2G).") from None
    return int(number * scale)


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
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS,
                        help=f"notebooks graded at once (default: {DEFAULT_JOBS}, one per core)")
    parser.add_argument("--roster", type=Path, default=None,
                        help="CSV mapping student_key to Canvas's Student, ID, SIS User ID, "
                             "SIS Login ID and Section, for canvas.csv (see docs/grading.md)")
    parser.add_argument("--memory", default=f"{DEFAULT_MEMORY_MB}M",
                        help="memory each notebook may use, in MB or with a unit: 512M, 2G "
                             "(default: 1G)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="skip the namespace sandbox (only for notebooks you trust)")
    parser.add_argument("--allow-root-kernel", action="store_true",
                        help="as root, where user nobody cannot read the kit: run kernels as "
                             "root without capabilities instead of refusing")
    args = parser.parse_args(argv)
    runner.stop_on_sigterm()
    try:
        grade_folder(args.submissions, args.out, args.timeout, sandbox=not args.no_sandbox,
                     jobs=args.jobs, roster=args.roster, memory=megabytes(args.memory),
                     allow_root_kernel=args.allow_root_kernel)
    except KitError as exc:
        print(f"make grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("make grade: stopped; the gradebook was not written.", file=sys.stderr)
        return 130
    except Exception as exc:  # the promise: a sentence, not a traceback
        print(f"make grade: grading stopped unexpectedly ({type(exc).__name__}: "
              f"{one_line(str(exc), 200)}). Please report this with the command you ran.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
