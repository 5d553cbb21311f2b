"""Shut a grading kernel in before it starts: read-only file systems, a small /dev, no root.

This module has two sides. The grader imports it to decide, once per run, how far the machine
lets it shut a kernel in (:func:`detect_sandbox`, :class:`Sandbox`); and it runs this very file
as a script to launch each kernel. ``geopolitics.course.grading`` starts each student's kernel
through the script, inside fresh mount
and process namespaces made by ``unshare`` (which needs root). Before the kernel's first
instruction, every mounted file system becomes read-only except the notebook's scratch
folder; ``/dev`` shrinks to null, zero, random and a private shared-memory folder (so no disk
device can be opened); and the kernel starts as user ``nobody``, or where ``nobody`` cannot
run this Python as root without capabilities, and with no way to gain privileges back. If
any step fails the kernel is not started: a notebook never runs with less protection than
the grader announced.

Only the standard library is used, so this costs milliseconds per kernel. It is run as a
script (``python -I sandbox.py ...``, isolated: it imports nothing of the kit).

Usage: sandbox.py --writable DIR [--protect DIR]... --report FILE [--as-nobody]
       [--chown FILE]... -- COMMAND...
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
MAX_PROCESSES = 512  # for user nobody: a fork bomb stops here instead of filling the machine
SANDBOX_SCRIPT = Path(__file__).resolve()
# The kernel dies with the grader (pdeathsig), and everything it started dies with the kernel
# (the process namespace ends when its first process does: --kill-child).
_UNSHARE = ["setpriv", "--pdeathsig", "KILL", "--", "unshare", "--mount", "--pid", "--fork",
            "--mount-proc", "--kill-child", "--propagation", "private", "--"]


# --- the grader's side: which protection this machine allows ---------------------------------

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
        """The kernel's launch command, run through this script when namespaces work."""
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


def detect_sandbox(wanted: bool, protect: list[Path], readable: Path) -> Sandbox:
    """Try the real sandbox once on a harmless command: as nobody, else as root, else none.

    The probe imports the kernel's launcher and opens ``readable`` (a file of the kit the
    kernel must be able to read), as a kernel would.
    """
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
            probe = [*_UNSHARE, *box.launcher(scratch, protect), "--", sys.executable, "-c",
                     f"import ipykernel_launcher; open({str(readable)!r}).close()"]
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
    flat = " ".join(why.split())
    return Sandbox(False, False, flat if len(flat) <= 160 else flat[:159] + "…")


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


def seal(scratch: Path) -> None:
    """Make every file system read-only in this mount namespace, except ``scratch``."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writable", type=Path, required=True)
    parser.add_argument("--protect", type=Path, action="append", default=[])
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--as-nobody", action="store_true")
    parser.add_argument("--chown", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    try:
        if not command:
            raise SandboxFailure("no command to run")
        seal(args.writable)
        # A working directory inside the scratch folder still points at the mount underneath
        # the new bind mount, now read-only: enter it again by name.
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
