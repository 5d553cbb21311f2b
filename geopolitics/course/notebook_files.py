"""The kit's canonical notebook text: how every notebook the kit writes is laid out on disk.

Exercise sheets (``make exercises``) and lectures with a stored slide plan (``export
structure --write``) are both compared byte for byte with what the tools would write, so
both must write notebooks the same way: nbformat 4 JSON and a final newline.
"""

from __future__ import annotations

import nbformat
from nbformat import NotebookNode


def notebook_text(notebook: NotebookNode) -> str:
    """The notebook as the kit stores it (nbformat 4 JSON, one final newline)."""
    return nbformat.writes(notebook, version=4) + "\n"



def report_drift(problems: list[str], remedy: str) -> int:
    """Print each file that differs from what its generator would write, then the command
    that rewrites them; the exit code a ``--check`` returns (1 when anything drifted)."""
    for problem in problems:
        print(f"drift: {problem}")
    if problems:
        print(f"Run `{remedy}` and commit the result.")
    return 1 if problems else 0
