"""The kit's own errors, and how a notebook shows them.

A student who meets a broken data file or a nonsense widget value should read one clear
sentence about what to do, not forty lines of traceback. Every error the kit raises on
purpose is a :class:`KitError`; inside IPython, :func:`show_kit_errors_plainly` makes such
errors print as a short message box while every other error keeps its full traceback.
"""

from __future__ import annotations

import html
from typing import Any


class KitError(Exception):
    """An error the kit raises on purpose, with a message a student can act on."""


class KitErrorView:
    """How a notebook shows a :class:`KitError`: one boxed sentence, and plain text for logs."""

    def __init__(self, exc: BaseException) -> None:
        self.kind = type(exc).__name__
        self.text = str(exc)

    def __repr__(self) -> str:
        return f"{self.kind}: {self.text}"

    def _repr_html_(self) -> str:
        # The warning sign and the word carry the meaning; the colour only repeats it.
        return (
            '<div role="alert" style="border-left:4px solid #D55E00;padding:0.4em 0.8em;'
            f'background:#FFF4EC"><strong>⚠ {html.escape(self.kind)}</strong>: '
            f"{html.escape(self.text)}</div>"
        )


def show_kit_errors_plainly() -> bool:
    """Inside IPython, show :class:`KitError` as a short message instead of a traceback.

    Returns True when a handler was installed. The cell still counts as failed (so "Run
    all" stops and nbval reports it); only the display changes.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the kit
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None):
        from IPython.display import display

        display(KitErrorView(value))
        return None

    shell.set_custom_exc((KitError,), handler)
    return True
