"""Where the kit's folders are: one definition for every module and tool.

The kit runs from its own folder (a clone, a hub copy or Binder's checkout), so every path is
found from this file's place in it rather than from the working directory.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "geopolitics"
DATA = ROOT / "data"
BUILD = ROOT / "build"
