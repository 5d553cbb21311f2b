"""Set this environment's kernels up to explain a student's commonest mistakes from the start.

The kit explains a name used before its cell ran, a misspelt column or an empty selection in
two or three lines (:mod:`geopolitics.errors`), but only once a notebook has imported the
kit: a cell run before the sheet's first cell, or after a restart, still showed IPython's
whole traceback. IPython reads ``<environment>/etc/ipython/`` for every profile, so a
kernel configuration written there lets every kernel of the environment install the kit's
explanations as it starts (about 20 ms; the kit's data, pandas and Altair are not loaded).

``make venv`` and Binder's ``postBuild`` run ``python -m geopolitics.course.kernel_start``.
A configuration file that the kit did not write is left alone, with a message: it is the
environment owner's.
"""

from __future__ import annotations

import sys
from pathlib import Path

MARK = "# Written by `python -m geopolitics.course.kernel_start`"
CONFIG = MARK + r""" (make venv, Binder's postBuild).
# Every kernel of this environment installs the kit's short explanations of a student's own
# mistakes as it starts (see geopolitics/errors.py). Delete this file to turn that off.
c = get_config()  # noqa: F821 - IPython provides it
c.IPKernelApp.exec_lines = [
    "try:\n"
    "    import geopolitics.errors as _kit\n"
    "    _kit.show_kit_errors_plainly()\n"
    "    del _kit\n"
    "except Exception:\n"
    "    pass",
]
"""


def config_path(prefix: Path | str = sys.prefix) -> Path:
    return Path(prefix) / "etc" / "ipython" / "ipython_kernel_config.py"


def write(prefix: Path | str = sys.prefix) -> str:
    """Write the configuration into the environment at ``prefix``; say what happened."""
    path = config_path(prefix)
    if path.exists() and not path.read_text(encoding="utf-8").startswith(MARK):
        return (f"{path} exists and was not written by the kit: left as it is. Kernels "
                "explain mistakes once a notebook imports the kit.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == CONFIG:
        return f"{path} is up to date."
    path.write_text(CONFIG, encoding="utf-8")
    return f"Wrote {path}: kernels here explain a student's mistakes from their first cell."


def main() -> int:
    print(write())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
