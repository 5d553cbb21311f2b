"""A clean copy of the kit, holding what a clone of the repository would hold and nothing else.

Binder and nbgitpuller both start from a fresh clone, so tests of those routes must not see a
developer's ``.venv/``, ``build/`` or editable-install metadata. Where git is available the
copy holds the files git tracks plus new files it would not ignore (the next commit); in a
downloaded archive without ``.git`` the same folders are left out by name.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What ``.gitignore`` keeps out of a clone, for copies made without git.
_NOT_IN_A_CLONE = (".git", ".venv", "build", "__pycache__", "*.egg-info", ".ipynb_checkpoints",
                   ".pytest_cache", ".hypothesis", ".ruff_cache")


def _files_git_would_commit(root: Path) -> list[str] | None:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in listed.stdout.decode().split("\0") if name]


def copy_kit(dest: Path, root: Path = ROOT) -> Path:
    """Copy the kit to ``dest`` (which must not exist yet) as a clone would have it."""
    names = _files_git_would_commit(root)
    if names is None:
        shutil.copytree(root, dest, ignore=shutil.ignore_patterns(*_NOT_IN_A_CLONE))
        return dest
    for name in names:
        source = root / name
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # keeps the executable bit of postBuild
    return dest
