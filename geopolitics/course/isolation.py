"""What a grading kernel may see: the sandbox chosen for a run, and the folders hidden from it.

:mod:`geopolitics.course.sandbox` seals each kernel in; this module decides, once per run,
with what: which protection the machine allows (and a refusal, in words, where the only way
would be a kernel with root's powers), which folders every kernel sees empty (the
submissions, the grader's copies and output, the instructor's home, the shared temporary
folders) and which it must still see (the kit, this Python, its own scratch tree).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from geopolitics.course.sandbox import (
    Sandbox,
    SandboxRefused,
    closed_folder,
    detect_sandbox,
)
from geopolitics.course.submissions import GradingError
from geopolitics.paths import PACKAGE, ROOT

__all__ = ["choose_sandbox", "hidden_folders", "needed_folders", "refusal",
           "temporary_folders"]


def choose_sandbox(wanted: bool, folder: Path, allow_root_kernel: bool) -> Sandbox:
    """The run's sandbox, or a GradingError that says why there is none and what to do."""
    try:
        return detect_sandbox(wanted, [ROOT, folder], readable=PACKAGE / "checks.py",
                              allow_root=allow_root_kernel)
    except SandboxRefused as refused:
        raise GradingError(refusal(refused, ROOT)) from None


def refusal(refused: SandboxRefused, kit: Path) -> str:
    """One paragraph for an instructor: why grading will not start, and the way out."""
    if not refused.as_root_works:
        return (f"grading stopped before running any notebook: you are root, but the "
                f"sandbox that shuts each kernel in does not work here ({refused.why}), and "
                "without it every notebook would run with all of root's powers. Grade as "
                "an ordinary user instead (a notebook can then harm only what that user "
                "owns), or, only for notebooks you trust, pass --no-sandbox.")
    closed = closed_folder(kit / "geopolitics" / "checks.py")
    where = (f" ({closed} is closed to other users)" if closed is not None else "")
    return (f"grading stopped before running any notebook: the kernels would run as user "
            f"'nobody', who cannot use the kit at {kit}{where}: {refused.why}. Running "
            "students' code as root instead would let it read every file root owns (such as "
            "/etc/shadow and your home folder). Put the kit where other users can read it: "
            f"chmod o+rx on each folder from / down to {kit} (and o+r on its files), or "
            "clone it under /opt or /srv; then grade again. To run the kernels as root "
            "without capabilities anyway, pass --allow-root-kernel.")


def needed_folders(runs: Path) -> list[Path]:
    """What a kernel needs to see: the kit, this Python (its environment and the real folder
    of its executable) and the run's scratch trees."""
    found = [ROOT, Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).parent,
             Path(sys.executable).resolve().parent, runs]
    return list(dict.fromkeys(p.resolve() for p in found))


def temporary_folders() -> list[Path]:
    """Folders every user may write, where other graders' (and other programs') scratch
    files lie: a kernel sees them empty, but for what it needs."""
    found = [Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp")]
    return [p for p in dict.fromkeys(f.resolve() for f in found)
            if p.is_dir() and p != Path("/")]


def hidden_folders(candidates: list[Path], runs: Path) -> list[Path]:
    """Folders a kernel must not see (the submissions, the grader's copies of them and its
    output, the instructor's home), less any that holds what the kernel needs: the kit,
    this Python, the scratch trees."""
    homes = [Path("/root"), Path.home()]
    sudo_user = os.environ.get("SUDO_USER")
    if sudo_user:
        import pwd

        with contextlib.suppress(KeyError):
            homes.append(Path(pwd.getpwnam(sudo_user).pw_dir))
    needed = needed_folders(runs)
    found = []
    for folder in [*candidates, *homes]:
        folder = folder.expanduser().resolve()
        if folder in found or folder == Path("/") or not folder.is_dir():
            continue
        if any(n == folder or folder in n.parents for n in needed):
            continue
        found.append(folder)
    return found
