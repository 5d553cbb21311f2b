"""JupyterLab settings for this environment: no news pop-up over a projected lesson.

JupyterLab 4 asks, in a pop-up in the corner of the window, whether to fetch "official Jupyter
news", and then fetches it and update notices from the internet. On a projector that pop-up
sits over the lesson in front of the room, and in a classroom without a network the check
fails. JupyterLab reads ``<environment>/share/jupyter/lab/settings/overrides.json`` as the
defaults of every user of the environment, so the kit sets news and update checks off there.

``make venv`` and Binder's ``postBuild`` run ``python -m geopolitics.course.lab_settings``.
Settings already in the file are kept: the kit only adds its own where none is set, so an
environment owner's choice stands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

NOTIFICATIONS = "@jupyterlab/apputils-extension:notification"
#: What the kit sets: no news fetched and no pop-up asking about it, no update check.
SETTINGS: dict[str, dict[str, Any]] = {
    NOTIFICATIONS: {"fetchNews": "false", "checkForUpdates": False},
}


def overrides_path(prefix: Path | str = sys.prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write(prefix: Path | str = sys.prefix) -> str:
    """Add the kit's settings to the environment's overrides; say what happened."""
    path = overrides_path(prefix)
    current: dict[str, Any] = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return f"{path} could not be read as JSON: left as it is."
        if not isinstance(current, dict):
            return f"{path} does not hold a JSON object: left as it is."
    merged = {**current}
    for plugin, settings in SETTINGS.items():
        existing = merged.get(plugin)
        existing = existing if isinstance(existing, dict) else {}
        merged[plugin] = {**settings, **existing}  # the owner's values win
    if merged == current:
        return f"{path} is up to date."
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return f"Wrote {path}: JupyterLab here shows no news pop-up and checks for no updates."


def main() -> int:
    print(write())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
