"""What every kernel pays before a lesson's first line runs.

Each lecture, sheet and grading kernel imports Altair and nbformat, and with them jsonschema.
jsonschema 4.25 and later import ``rfc3987_syntax`` at start (about 35 parsers built, 0.7 to
1.5 s here); the kit pins a release that does not (see pyproject.toml). These tests fail if an
upgrade brings that second back, whatever the version numbers say.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLOW_AT_START = ("rfc3987_syntax", "lark")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


@pytest.mark.parametrize("statement", ["import altair", "import nbformat",
                                       "from geopolitics import load, check"])
def test_a_kernel_start_does_not_build_uri_parsers(statement: str) -> None:
    loaded = _loaded_after(statement)
    assert not loaded & set(SLOW_AT_START), (
        f"`{statement}` imports {sorted(loaded & set(SLOW_AT_START))}: a jsonschema that "
        "builds its format parsers at start is installed (see the pin in pyproject.toml)")


def test_jsonschema_still_checks_what_notebooks_need() -> None:
    """The pinned jsonschema validates a notebook, which is what nbformat asks of it."""
    code = ("import nbformat\nnb = nbformat.v4.new_notebook()\n"
            "nbformat.validate(nb)\nimport jsonschema\nprint(jsonschema.__version__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
