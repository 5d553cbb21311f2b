"""Shut a grading kernel in before it starts: read-only file systems, a small /dev, no root.

``geopolitics.course.grading`` starts each student's kernel through this script, inside fresh mount
and process namespaces made by ``unshare`` (which needs root). Before the kernel's first
instruction, every mounted file system becomes read-only except the notebook's scratch
folder; ``/dev`` shrinks to null, zero, random and a private shared-memory folder (so no disk
device can be opened); and the kernel starts as user ``nobody``, or where ``nobody`` cannot
run this Python as root without capabilities, and with no way to gain privileges back. If
any step fails the kernel is not started: a notebook never runs with less protection than
the grader announced.

Only the standard library is used, so this costs milliseconds per kernel. It is run as a
script (``python -I sandbox.py ...``) and never imported by the kit.

Usage: sandbox.py --writable DIR [--protect DIR]... --report FILE [--as-nobody]
       [--chown FILE]... -- COMMAND...
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

NOBODY = 65534
MAX_PROCESSES = 512  # for user nobody: a fork bomb stops here instead of filling the machine


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
