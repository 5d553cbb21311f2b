"""`make grade` shuts each kernel in: no other student's files, no other kernel, no network,
a memory limit, and never a root kernel unless the instructor asked for one.

One small class of lesson 01 notebooks is graded once, two at a time (a module fixture):
an honest sheet and notebooks that attack as a student would. Each attack cell raises
``RuntimeError("ATTACK WORKED ...")`` if the attack succeeds; when the sandbox stops it, the
cell fails with the operating system's own error, which the gradebook's note names. The
class and output folders are made readable by every user, so that only the sandbox, not
file permissions, stands in the way.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from geopolitics import checks
from geopolitics.course import grading, sandbox
from geopolitics.course.grading import main, megabytes
from geopolitics.course.sandbox import Sandbox, SandboxRefused, detect_sandbox, probe_sandbox

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01"
SHEET = "01_divestiture_law.ipynb"
TIMEOUT = 25  # seconds per notebook: the connection attack waits 8 s for its neighbour
SANDBOX_POSSIBLE = (os.name == "posix" and os.geteuid() == 0
                    and all(shutil.which(c) for c in ("unshare", "setpriv", "mount")))
needs_sandbox = pytest.mark.skipif(not SANDBOX_POSSIBLE,
                                   reason="the sandbox needs root, unshare and setpriv")

_WORKED = 'raise RuntimeError("ATTACK WORKED: " + str({what}))'

READER = [
    # 1: a classmate's notebook, by absolute path
    "from pathlib import Path\n"
    "text = Path('__HONEST__').read_text()\n" + _WORKED.format(what="len(text)"),
    # 2: the grader's collected copies of every submission
    "import glob\n"
    "copies = glob.glob('/tmp/geopolitics-pristine-*/collected/**/*.ipynb', recursive=True)\n"
    "if not copies:\n"
    "    raise FileNotFoundError('no collected copy in sight')\n"
    + _WORKED.format(what="copies"),
    # 3: the grader's output folder (an earlier gradebook)
    "text = Path('__OUT__/earlier-gradebook.csv').read_text()\n" + _WORKED.format(what="text"),
    # 4: the password hashes
    "text = open('/etc/shadow').read()\n" + _WORKED.format(what="len(text)"),
]

CONNECTOR = [
    # 1: another kernel's connection file (its key and sockets): two of these run at once
    "import glob, json, os, time\n"
    "from pathlib import Path\n"
    "mine = os.environ['JUPYTER_RUNTIME_DIR']\n"
    "patterns = ['/tmp/geopolitics-grade-*/control/runtime/kernel.json',\n"
    "            '/tmp/geopolitics-grade-run-*/*/control/runtime/kernel.json']\n"
    "others, waited = [], time.time() + 8\n"
    "while not others and time.time() < waited:\n"
    "    others = [p for pattern in patterns for p in glob.glob(pattern)\n"
    "              if not p.startswith(mine)]\n"
    "    time.sleep(0.2)\n"
    "if not others:\n"
    "    raise FileNotFoundError(\"no other kernel's connection file in sight\")\n"
    "info = json.loads(open(others[0]).read())\n" + _WORKED.format(what="info"),
    # 2: this run's folder of scratch trees holds only this notebook's own
    "here = Path(mine).parents[1]\n"
    "seen = sorted(os.listdir(here.parent))\n"
    "if seen != [here.name]:\n"
    "    " + _WORKED.format(what="seen"),
]

NETWORK = [
    # 1: a port on the grader's loopback (the test listens on it)
    "import socket\n"
    "socket.create_connection(('127.0.0.1', __PORT__), timeout=3).close()\n"
    + _WORKED.format(what="'loopback'"),
    # 2: the outside world
    "socket.create_connection(('1.1.1.1', 443), timeout=3).close()\n"
    + _WORKED.format(what="'internet'"),
]

GREEDY = [
    "b = bytearray(1_500_000_000)\n" + _WORKED.format(what="len(b)"),
    "after = 'the kernel is still alive'",
]


def _notebook(cells: list[str], target: Path, **fill: object) -> Path:
    book = nbformat.v4.new_notebook()
    book.metadata["geopolitics"] = {"lesson": LESSON}
    for source in cells:
        for key, value in fill.items():
            source = source.replace(f"__{key.upper()}__", str(value))
        book.cells.append(nbformat.v4.new_code_cell(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(book), encoding="utf-8")
    return target


@dataclass
class Graded:
    result: subprocess.CompletedProcess[str]
    rows: list[dict[str, str]]

    def of(self, student: str) -> dict[str, dict[str, str]]:
        found = {r["question_id"]: r for r in self.rows
                 if r["student_file"] == f"{student}/{SHEET}"}
        assert found, f"no gradebook row for {student}"
        return found

    def note(self, student: str) -> str:
        return next(iter(self.of(student).values()))["note"]


@pytest.fixture(scope="module")
def graded() -> Iterator[Graded]:
    if not SANDBOX_POSSIBLE:
        pytest.skip("the sandbox needs root, unshare and setpriv")
    base = Path(tempfile.mkdtemp(prefix="isolation-test-"))
    try:
        base.chmod(0o755)  # readable by nobody: only the sandbox may stand in the way
        folder, out = base / "class", base / "out"
        honest = folder / "honest" / SHEET
        honest.parent.mkdir(parents=True)
        shutil.copyfile(ROOT / "solutions" / SHEET, honest)
        out.mkdir()
        (out / "earlier-gradebook.csv").write_text("student,grade\nana,A\n")
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        _notebook(CONNECTOR, folder / "conn1" / SHEET)  # sorted first: they run together
        _notebook(CONNECTOR, folder / "conn2" / SHEET)
        _notebook(GREEDY, folder / "greedy" / SHEET)
        _notebook(NETWORK, folder / "network" / SHEET, port=listener.getsockname()[1])
        _notebook(READER, folder / "reader" / SHEET, honest=honest, out=out)
        for path in [folder, *folder.rglob("*"), out, *out.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        result = subprocess.run(
            [sys.executable, "-m", "geopolitics.course.grading", str(folder), "--out",
             str(out), "--timeout", str(TIMEOUT), "--jobs", "2"],
            capture_output=True, text=True, timeout=600, cwd=ROOT)
        listener.close()
        with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle)) if result.returncode == 0 else []
        yield Graded(result, rows)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@needs_sandbox
def test_the_class_is_graded_and_the_protections_announced(graded: Graded) -> None:
    assert graded.result.returncode == 0, graded.result.stderr
    assert "Traceback" not in graded.result.stdout + graded.result.stderr
    said = graded.result.stdout
    assert "other submissions and kernels hidden, no network" in said
    assert "as user 'nobody'" in said and "1024 MB each at most" in said
    assert "ATTACK WORKED" not in said


@needs_sandbox
def test_an_honest_notebook_beside_the_attacks_passes(graded: Graded) -> None:
    rows = graded.of("honest")
    assert set(rows) == set(checks.questions(LESSON))
    assert all(r["passed"] == "True" for r in rows.values()), rows
    assert {r["run"] for r in rows.values()} == {"completed"}
    assert "WARNING" not in rows[checks.questions(LESSON)[0]]["note"]


@needs_sandbox
def test_other_submissions_copies_output_and_secrets_are_out_of_reach(graded: Graded) -> None:
    note = graded.note("reader")
    assert "RuntimeError" not in note, note
    assert ("4 cell(s) raised an error (cell 1: FileNotFoundError, cell 2: FileNotFoundError, "
            "cell 3: FileNotFoundError, cell 4: PermissionError)") in note


@needs_sandbox
def test_no_kernel_sees_another_kernels_connection_file(graded: Graded) -> None:
    for student in ("conn1", "conn2"):
        note = graded.note(student)
        assert "RuntimeError" not in note, note
        assert "1 cell(s) raised an error (cell 1: FileNotFoundError)" in note


@needs_sandbox
def test_a_kernel_has_no_network_not_even_loopback(graded: Graded) -> None:
    note = graded.note("network")
    assert "RuntimeError" not in note, note
    # "Network is unreachable" (OSError), not refused or timed out: no interface is up
    assert "2 cell(s) raised an error (cell 1: OSError, cell 2: OSError)" in note


@needs_sandbox
def test_a_notebook_that_wants_too_much_memory_is_named(graded: Graded) -> None:
    rows = graded.of("greedy")
    assert {r["run"] for r in rows.values()} == {"memory limit"}
    note = next(iter(rows.values()))["note"]
    assert "Hit the memory limit (1024 MB per notebook) in cell 1 of 2" in note
    assert "the cells after it still ran" in note
    assert "RuntimeError" not in note


# --- the decision to refuse a root kernel ---------------------------------------------------

@pytest.fixture
def as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 0)
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: f"/usr/bin/{name}")


def _probe(as_nobody: str | None, as_root: str | None):  # type: ignore[no-untyped-def]
    return lambda nobody: as_nobody if nobody else as_root


def test_a_kernel_that_cannot_run_as_nobody_is_refused(as_root: None) -> None:
    denied = "[Errno 13] Permission denied: '/root/kit/geopolitics/checks.py'"
    with pytest.raises(SandboxRefused) as refused:
        detect_sandbox(True, [], Path("x"), probe=_probe(denied, None))
    assert refused.value.why == denied and refused.value.as_root_works


def test_a_root_kernel_runs_only_when_asked_and_says_so(as_root: None) -> None:
    box = detect_sandbox(True, [], Path("x"), allow_root=True, probe=_probe("denied", None))
    assert box == Sandbox(True, False)
    assert "AS ROOT without capabilities" in box.describe()
    nobody = detect_sandbox(True, [], Path("x"), allow_root=True, probe=_probe(None, None))
    assert nobody == Sandbox(True, True), "the flag allows root; it does not prefer it"


def test_namespaces_that_do_not_work_as_root_are_refused_too(as_root: None) -> None:
    with pytest.raises(SandboxRefused) as refused:
        detect_sandbox(True, [], Path("x"), allow_root=True,
                       probe=_probe("unshare failed", "unshare failed"))
    assert not refused.value.as_root_works


def test_without_root_or_with_no_sandbox_nothing_changes() -> None:
    assert detect_sandbox(False, [], Path("x")).describe().startswith("scratch copies only")


def test_the_refusal_is_one_clear_paragraph_with_a_way_out(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 0)
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(sandbox, "probe_sandbox", lambda as_nobody, protect, readable: (
        "[Errno 13] Permission denied: 'checks.py'" if as_nobody else None))
    (tmp_path / "class").mkdir()
    shutil.copyfile(ROOT / "exercises" / SHEET, tmp_path / "class" / SHEET)
    assert main([str(tmp_path / "class"), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr()
    assert said.err.startswith("make grade: grading stopped before running any notebook")
    assert "user 'nobody'" in said.err and "Permission denied" in said.err
    assert "chmod o+rx" in said.err and "/opt or /srv" in said.err
    assert "--allow-root-kernel" in said.err
    assert "Traceback" not in said.err + said.out and said.err.count("\n") == 1
    assert not (tmp_path / "out" / "gradebook.csv").exists()


@needs_sandbox
def test_the_real_probe_fails_as_nobody_on_a_file_only_root_can_read(tmp_path: Path) -> None:
    secret = tmp_path / "checks.py"
    secret.write_text("")
    secret.chmod(0o600)
    why = probe_sandbox(True, [], secret)
    assert why is not None and "Permission denied" in why
    assert probe_sandbox(False, [], secret) is None


def test_memory_is_given_in_megabytes_or_with_a_unit() -> None:
    assert [megabytes(t) for t in ("1024", "512M", "512MB", "2G", "1.5gb")] == [
        1024, 512, 512, 2048, 1536]
    with pytest.raises(grading.GradingError, match="--memory lots"):
        megabytes("lots")
