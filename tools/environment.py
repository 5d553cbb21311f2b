"""Write ``environment.yml`` (conda, Binder) from the pip route's pins, so both agree.

The kit's dependencies are declared once, in ``pyproject.toml``; ``requirements.lock`` pins
everything they pull in (``make lock`` writes it). This script renders the conda file from
those two, and ``--check`` (used by the tests) says whether the committed file is current.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

from geopolitics.paths import ROOT  # standard library only: runs before any environment exists

PYTHON = "3.11"
HEADER = """\
# Written by `make environment` from pyproject.toml and requirements.lock: do not edit.
# The same pinned packages as `make venv`, for conda users and Binder.
"""


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[; ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _version(requirement: str) -> str:
    """The pinned version; names are compared separately, since pip writes `a_b` for `a-b`."""
    return requirement.partition("==")[2].strip()


def declared(root: Path = ROOT) -> dict[str, str]:
    """Direct dependencies (runtime and test) as name -> requirement from pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {}
    for req in project["dependencies"] + [
        r for extra in project.get("optional-dependencies", {}).values() for r in extra
    ]:
        found[_name(req)] = req.replace(" ", "")
    return found


def locked(root: Path = ROOT) -> dict[str, str]:
    """Every pinned package from requirements.lock as name -> 'name==version'."""
    found = {}
    for line in (root / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            found[_name(line)] = line
    return found


def render(root: Path = ROOT) -> str:
    lock = locked(root)
    lines = [HEADER, "name: geopolitics-kit", "channels:", "  - conda-forge", "dependencies:",
             f"  - python={PYTHON}", "  - pip", "  - pip:"]
    lines += [f"      - {lock[name]}" for name in sorted(lock)]
    return "\n".join(lines) + "\n"


def problems(root: Path = ROOT) -> list[str]:
    """Ways in which the two routes disagree (empty: they agree)."""
    found = []
    lock = locked(root)
    for name, requirement in declared(root).items():
        if "==" not in requirement:
            found.append(f"{requirement} in pyproject.toml is not pinned with ==")
        elif _version(lock.get(name, "")) != _version(requirement):
            found.append(f"pyproject.toml pins {requirement} but requirements.lock has "
                         f"{lock.get(name, 'nothing')}")
    env = root / "environment.yml"
    if not env.exists() or env.read_text(encoding="utf-8") != render(root):
        found.append("environment.yml is not what `make environment` writes")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.write:
        (ROOT / "environment.yml").write_text(render(), encoding="utf-8")
        print("wrote environment.yml")
        return 0
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
