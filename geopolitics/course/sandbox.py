"""Shut a grading kernel in before it starts: read-only file systems, no network, no root.

This module has two sides. The grader imports it to decide, once per run, how far the machine
lets it shut a kernel in (:func:`detect_sandbox`, :class:`Sandbox`); and it runs this very file
as a script to launch each kernel. ``geopolitics.course.grading`` starts each student's kernel
through the script, inside fresh mount, process and network namespaces made by ``unshare``
(which needs root). Before the kernel's first instruction:

* every mounted file system becomes read-only except the notebook's scratch folder;
* the folder holding every notebook's scratch tree (``--cover``) is covered by an empty
  read-only tmpfs with only this notebook's own tree brought back, and the submissions, the
  grader's copies of them, its output and the instructor's home (``--hide``) are covered by
  empty read-only tmpfs, so no other student's file or kernel is reachable by path;
* the network namespace is empty (not even loopback is up): the grader talks to the kernel
  through unix sockets in the notebook's private control folder;
* ``/dev`` shrinks to null, zero, random and a private shared-memory folder (so no disk
  device can be opened);
* the kernel's data segment is limited (``RLIMIT_DATA``, ``--memory``): an allocation past
  it raises MemoryError in the cell (an address-space limit would break V8, which reserves
  tens of gigabytes it never uses);
* the kernel starts as user ``nobody`` with no capabilities and no way to gain privileges
  back; as root without capabilities only when the instructor asked for it
  (``--allow-root-kernel``).

If any step fails the kernel is not started: a notebook never runs with less protection than
the grader announced, and the grader never quietly settles for less than it was asked for
(:class:`SandboxRefused`).

Only the standard library is used, so this costs milliseconds per kernel. It is run as a
script (``python -I sandbox.py ...``, isolated: it imports nothing of the kit).

Usage: sandbox.py --writable DIR [--cover DIR] [--hide DIR]... [--protect DIR]...
       --report FILE [--memory BYTES] [--as-nobody] [--chown FILE]... -- COMMAND...
       sandbox.py --limits-only [--memory BYTES] -- COMMAND...   (no namespaces: limits only)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
MAX_PROCESSES = 512  # for user nobody: a fork bomb stops here instead of filling the machine
DEFAULT_MEMORY_MB = 1024  # per kernel: the lessons need a few hundred MB at most
SANDBOX_SCRIPT = Path(__file__).resolve()
# The kernel dies with the grader (pdeathsig), and everything it started dies with the kernel
# (the process namespace ends when its first process does: --kill-child). --net: a network
# namespace of its own, with no interface up, so no kernel can reach another or the world.
_UNSHARE = ["setpriv", "--pdeathsig", "KILL", "--", "unshare", "--mount", "--pid", "--net",
            "--fork", "--mount-proc", "--kill-child", "--propagation", "private", "--"]


# --- the grader's side: which protection this machine allows ---------------------------------

@dataclass(frozen=True)
class Sandbox:
    """How far the machine lets the grader shut a kernel in (decided once per run)."""

    namespaces: bool  # private mount, process and network namespaces, file systems read-only
    as_nobody: bool  # the kernel runs as user nobody rather than root without capabilities
    why_not: str = ""  # when there are no namespaces: why

    def describe(self) -> str:
        if self.namespaces:
            who = ("as user 'nobody'" if self.as_nobody else
                   "AS ROOT without capabilities (--allow-root-kernel: a notebook can read "
                   "every file root owns)")
            return ("every file system read-only except the notebook's scratch copy, other "
                    "submissions and kernels hidden, no network, own process namespace, "
                    f"{who}")
        return ("scratch copies only: a notebook can still write anywhere your account can "
                f"({self.why_not}); grade only notebooks you trust, or run as root")

    def kernel_argv(self, scratch: Path, protect: list[Path], *, cover: Path | None = None,
                    hide: list[Path] = (), veil: list[Path] = (), through: list[Path] = (),
                    memory: int | None = None) -> list[str]:
        """The kernel's launch command, run through this script.

        Without namespaces the script only sets the memory limit (on Linux) and starts the
        kernel; with them it seals the kernel in first.
        """
        python = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        limit = [] if memory is None else ["--memory", str(memory)]
        if not self.namespaces:
            if memory is None or not sys.platform.startswith("linux"):
                return python
            return [sys.executable, "-I", str(SANDBOX_SCRIPT), "--limits-only", *limit, "--",
                    *python]
        veiled = [*(f"--veil={p}" for p in veil), *(f"--through={p}" for p in through)]
        return [*_UNSHARE, *self.launcher(scratch, protect, cover=cover, hide=hide),
                *veiled, *limit, "--chown", "{connection_file}", "--", *python]

    def launcher(self, scratch: Path, protect: list[Path], *, cover: Path | None = None,
                 hide: list[Path] = ()) -> list[str]:
        command = [sys.executable, "-I", str(SANDBOX_SCRIPT), "--writable", str(scratch),
                   "--report", str(scratch / "control" / "sandbox.txt")]
        if cover is not None:
            command += ["--cover", str(cover)]
        for path in hide:
            command += ["--hide", str(path)]
        for path in protect:
            command += ["--protect", str(path)]
        return command + (["--as-nobody"] if self.as_nobody else [])


class SandboxRefused(Exception):
    """The machine cannot give the protection grading needs, and the instructor did not
    accept less: ``why`` says what failed; ``as_root_works`` whether the namespaces work
    with a kernel left as root (so ``--allow-root-kernel`` would help)."""

    def __init__(self, why: str, as_root_works: bool) -> None:
        super().__init__(why)
        self.why = why
        self.as_root_works = as_root_works


Probe = Callable[[bool], "str | None"]  # as_nobody -> None if the sandbox works, else why not


def probe_sandbox(as_nobody: bool, protect: list[Path], readable: Path) -> str | None:
    """Run the real sandbox once on a harmless command; None if it worked, else why not.

    The probe imports the kernel's launcher and opens ``readable`` (a file of the kit the
    kernel must be able to read), as a kernel would, sealed as a kernel would be.
    """
    with tempfile.TemporaryDirectory(prefix="geopolitics-probe-") as keep:
        scratch = Path(keep) / "scratch"
        scratch.mkdir(mode=0o711)
        (scratch / "control").mkdir()
        box = Sandbox(True, as_nobody)
        probe = [*_UNSHARE, *box.launcher(scratch, protect, cover=Path(keep)),
                 "--memory", str(DEFAULT_MEMORY_MB << 20), "--", sys.executable, "-c",
                 f"import ipykernel_launcher; open({str(readable)!r}).close()"]
        try:
            done = subprocess.run(probe, capture_output=True, timeout=180, cwd=scratch,
                                  env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                       "HOME": keep, "PYTHONDONTWRITEBYTECODE": "1"})
        except (OSError, subprocess.SubprocessError) as exc:
            return f"the sandbox probe failed: {exc}"
        if done.returncode == 0:
            return None
        report = scratch / "control" / "sandbox.txt"
        if report.is_file():
            why = report.read_text(encoding="utf-8").strip()
        else:
            said = done.stderr.decode(errors="replace").strip().splitlines()
            why = said[-1] if said else f"the probe ended with status {done.returncode}"
    flat = " ".join(why.split())
    return flat if len(flat) <= 160 else flat[:159] + "…"


def detect_sandbox(wanted: bool, protect: list[Path], readable: Path, *,
                   allow_root: bool = False, probe: Probe | None = None) -> Sandbox:
    """Decide how the kernels of this run are shut in: as nobody, or not at all when the
    instructor is not root or said --no-sandbox.

    As root, a kernel that cannot run as ``nobody`` is refused (:class:`SandboxRefused`)
    unless ``allow_root`` (``--allow-root-kernel``): then it runs as root without
    capabilities. Namespaces that do not work at all are refused too: as root, the only
    other way would be a kernel with every power root has.
    """
    if not wanted:
        return Sandbox(False, False, "--no-sandbox was given")
    if os.name != "posix" or os.geteuid() != 0:
        return Sandbox(False, False, "not running as root")
    missing = [c for c in ("unshare", "setpriv", "mount") if not shutil.which(c)]
    if missing:
        raise SandboxRefused(f"{', '.join(missing)} not installed", as_root_works=False)
    if probe is None:
        def probe(as_nobody: bool) -> str | None:
            return probe_sandbox(as_nobody, protect, readable)
    why = probe(True)
    if why is None:
        return Sandbox(True, True)
    as_root = probe(False)
    if as_root is None and allow_root:
        return Sandbox(True, False)
    raise SandboxRefused(why, as_root_works=as_root is None)


def closed_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` (or the file itself) that users other than
    its owner and group cannot enter (or read): why ``nobody`` cannot read the kit."""
    path = path.resolve()
    for step in [*reversed(path.parents), path]:
        try:
            mode = step.stat().st_mode
        except OSError:
            return step
        need = stat.S_IXOTH if stat.S_ISDIR(mode) else stat.S_IROTH
        if not mode & need:
            return step
    return None


# --- the script's side: sealing, then starting the kernel ------------------------------------


class SandboxFailure(Exception):
    """A step of the sealing failed; the message says which, for the gradebook."""


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, timeout=30, check=False)
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip() or "no message"
        raise SandboxFailure(f"mount {' '.join(args)} failed: {said}")


def _mount_points() -> list[tuple[str, list[str]]]:
    """(mount point, options) for every mount this process sees, octal escapes decoded."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
        found.append((point, fields[5].split(",")))
    return found


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def small_dev(scratch: Path) -> None:
    """Replace /dev by a tmpfs holding only harmless devices and a private /dev/shm."""
    dev = scratch / "control" / "dev"
    dev.mkdir()
    _mount("-t", "tmpfs", "-o", "nosuid,noexec,mode=755,size=1m", "tmpfs", str(dev))
    for name in ("null", "zero", "full", "random", "urandom"):
        (dev / name).touch()
        _mount("--bind", f"/dev/{name}", str(dev / name))
    (dev / "shm").mkdir()
    _mount("-t", "tmpfs", "-o", "nosuid,nodev,mode=1777,size=256m", "tmpfs", str(dev / "shm"))
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        (dev / name).symlink_to(target)
    _mount("--move", str(dev), "/dev")


def hide(folder: Path) -> None:
    """Cover ``folder`` with an empty read-only tmpfs in this mount namespace."""
    _mount("-t", "tmpfs", "-o", "ro,nosuid,nodev,noexec,mode=755,size=4k", "tmpfs",
           str(folder))


def cover(root: Path, scratch: Path) -> None:
    """Cover ``root`` (the folder holding every notebook's scratch tree) with an empty tmpfs
    and bring back only ``scratch``, at the same path, so the grader and the kernel still
    share its files (and the kernel's sockets)."""
    if scratch.parent != root:
        raise SandboxFailure(f"{scratch} is not directly inside {root}")
    veil(root, [scratch], scratch / "control" / "cover")


def veil(folder: Path, through: list[Path], stage: Path) -> None:
    """Cover ``folder`` (a shared temporary folder) with an empty read-only tmpfs, bringing
    back only the folders in ``through`` that lie inside it (the kit, this Python, the run's
    scratch trees), at their own paths. ``stage`` is an empty folder to build it in."""
    if any(keep == folder or keep in folder.parents for keep in through):
        return  # the folder itself is needed: leave it
    stage.mkdir()
    _mount("-t", "tmpfs", "-o", "nosuid,nodev,mode=755,size=64k", "tmpfs", str(stage))
    for keep in sorted(through, key=lambda p: len(p.parts)):
        if folder not in keep.parents or not keep.is_dir():
            continue
        inside = stage / keep.relative_to(folder)
        for step in [*reversed(inside.relative_to(stage).parents), inside.relative_to(stage)]:
            (stage / step).mkdir(mode=0o755, exist_ok=True)
        _mount("--bind", str(keep), str(inside))
    _mount("--move", str(stage), str(folder))
    _mount("-o", "remount,ro", str(folder))


def seal(scratch: Path, root: Path | None = None, hidden: list[Path] = (),
         veiled: list[Path] = (), through: list[Path] = ()) -> None:
    """Make every file system read-only in this mount namespace, except ``scratch``; cover
    ``veiled`` but for ``through``, then ``hidden``, then every other tree in ``root``."""
    for number, folder in enumerate(veiled):
        if folder.is_dir():
            veil(folder, through, scratch / "control" / f"veil{number}")
    for folder in hidden:
        if folder.is_dir():
            hide(folder)
    if root is not None:
        cover(root, scratch)  # brings back scratch as a mount of its own
    else:
        _mount("--bind", str(scratch), str(scratch))  # its own mount, so it can stay writable
    small_dev(scratch)
    for point, options in _mount_points():
        if "rw" not in options or _within(point, str(scratch)):
            continue
        if _within(point, "/proc") or _within(point, "/dev"):
            continue
        _mount("-o", "remount,bind,ro", point)
    for special in ("/proc/sys", "/proc/sysrq-trigger"):
        if not os.path.exists(special):
            continue
        _mount("--bind", special, special)
        _mount("-o", "remount,bind,ro", special)


def limit_memory(memory: int | None) -> None:
    """Cap the data segment (heap and private writable mappings) at ``memory`` bytes."""
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writable", type=Path)
    parser.add_argument("--cover", type=Path)
    parser.add_argument("--hide", type=Path, action="append", default=[])
    parser.add_argument("--veil", type=Path, action="append", default=[])
    parser.add_argument("--through", type=Path, action="append", default=[])
    parser.add_argument("--protect", type=Path, action="append", default=[])
    parser.add_argument("--report", type=Path)
    parser.add_argument("--memory", type=int)
    parser.add_argument("--as-nobody", action="store_true")
    parser.add_argument("--limits-only", action="store_true")
    parser.add_argument("--chown", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if args.limits_only:
        limit_memory(args.memory)
        os.execvp(command[0], command)
    if args.writable is None or args.report is None:
        parser.error("--writable and --report are needed to seal a kernel in")
    try:
        if not command:
            raise SandboxFailure("no command to run")
        seal(args.writable, args.cover, args.hide, args.veil, args.through)
        # A working directory inside the scratch folder still points at the mount underneath
        # the new bind mount, now read-only (or hidden): enter it again by name.
        os.chdir(os.getcwd())
        for path in [*args.protect, Path("/")]:
            if os.access(path, os.W_OK):
                raise SandboxFailure(f"{path} is still writable after sealing")
        if args.as_nobody:
            for name in args.chown:
                os.chown(name, NOBODY, NOBODY)
            resource.setrlimit(resource.RLIMIT_NPROC, (MAX_PROCESSES, MAX_PROCESSES))
            drop = [f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        else:
            drop = []
        limit_memory(args.memory)
        # Changing user clears the signal that `unshare --kill-child` set to end this process
        # when unshare ends (when the grader stops it); setpriv sets it again.
        prefix = ["setpriv", *drop, "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all",
                  "--pdeathsig", "KILL", "--"]
        os.execvp(prefix[0], prefix + command)
    except (OSError, subprocess.SubprocessError, SandboxFailure) as exc:
        with contextlib.suppress(OSError):
            args.report.write_text(f"{exc}\n", encoding="utf-8")
        print(f"sandbox: {exc}", file=sys.stderr)
        return 1
    return 0  # not reached: execvp replaced this process


if __name__ == "__main__":
    sys.exit(main())
