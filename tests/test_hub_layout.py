"""The kit runs where a JupyterHub puts it, with data and package from that copy.

nbgitpuller clones the repository into the student's home folder under the repository's
name; the hub's image holds the pinned environment but not the kit's own package, and each
notebook's kernel starts in the notebook's folder (``notebooks/``, ``exercises/`` or
``solutions/``). The recipe in ``docs/hub-and-binder.md`` is that the hub puts the pulled
folder on Python's path (``PYTHONPATH``, or a one-line ``.pth`` file in the image), so
``import geopolitics`` finds the package of the same pull as the notebooks and
``geopolitics.data`` finds ``data/`` beside it.

These tests build that situation here: a Python environment with every pinned package but
without the kit (a venv that sees this checkout's site-packages, but not its editable
install), a kernel spec for it, and a clean copy of the kit under another home folder and
another folder name. Every file the kernel opens is recorded, so a run that quietly read
this checkout's data or package would fail.
"""

from __future__ import annotations

import json
import os
import re
import site
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from kit_copy import copy_kit
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "hub-and-binder.md"
KERNEL = "hub-image-python3"
FOLDER = "my-class-kit"  # not the repository's name, and not this checkout's path

#: First cell: record every file the kernel opens from here on (imports included).
AUDIT_CELL = """\
import os as _os, sys as _sys
_opened = set()
def _record_open(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        _opened.add(_os.path.realpath(_os.fsdecode(args[0])))
_sys.addaudithook(_record_open)
"""

#: Last cell: where the package and data came from, as one JSON line.
REPORT_CELL = """\
import json as _json
import geopolitics as _kit
from geopolitics.data import data_dir as _data_dir
print(_json.dumps({"package": _os.path.realpath(_kit.__file__),
                   "data": _os.path.realpath(_data_dir()), "opened": sorted(_opened)}))
"""


@dataclass(frozen=True)
class Hub:
    """A stand-in for a hub's single-user server: an image's Python, a home, a pulled kit."""

    home: Path
    kit: Path
    python: Path
    site_packages: Path

    def kernel_env(self, *, pythonpath: bool = False) -> dict[str, str]:
        """A single-user server's environment: its own home, none of this machine's paths."""
        env = {k: v for k, v in os.environ.items()
               if k not in {"PYTHONPATH", "GEOPOLITICS_DATA", "XDG_CACHE_HOME"}}
        env["HOME"] = str(self.home)
        if pythonpath:  # the Zero to JupyterHub setting in docs/hub-and-binder.md
            env["PYTHONPATH"] = str(self.kit)
        return env


def _pth_line_from_the_guide(folder: str) -> str:
    """The ``.pth`` line the guide tells hub admins to write, for the clone's folder name."""
    found = re.search(r"echo '(import os, sys; sys\.path\.append\(.+\))'",
                      DOC.read_text(encoding="utf-8"))
    assert found, "docs/hub-and-binder.md no longer gives the .pth line"
    return found[1].replace("tiktok-refugees", folder)


def _image_python(where: Path) -> tuple[Path, Path]:
    """A venv with every package of this checkout's environment except the kit itself.

    A ``.pth`` line adds the environment's site-packages as a plain path, so the ``.pth``
    files inside it, among them the kit's editable install, are not run.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True,
                   timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    (Path(purelib) / "hub-image.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return python, Path(purelib)


@pytest.fixture(scope="module")
def hub_setup(tmp_path_factory: pytest.TempPathFactory) -> Hub:
    base = tmp_path_factory.mktemp("hub")
    python, site_packages = _image_python(base / "image")
    spec = base / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (hub image)", "language": "python"}), encoding="utf-8")
    home = base / "home" / "jovyan"
    return Hub(home=home, kit=copy_kit(home / FOLDER), python=python,
               site_packages=site_packages)


@pytest.fixture
def hub(hub_setup: Hub, monkeypatch: pytest.MonkeyPatch) -> Hub:
    """The stand-in hub, with its kernel spec visible to nbclient for this test only."""
    monkeypatch.setenv("JUPYTER_PATH", str(hub_setup.python.parent.parent.parent / "jupyter"))
    return hub_setup


@contextmanager
def kit_on_path(hub: Hub, setting: str) -> Iterator[dict[str, str]]:
    """The kernel environment, with the kit put on the path by one of the guide's settings."""
    if setting == "PYTHONPATH":
        yield hub.kernel_env(pythonpath=True)
        return
    pth = hub.site_packages / "tiktok-refugees-kit.pth"
    pth.write_text(_pth_line_from_the_guide(FOLDER) + "\n", encoding="utf-8")
    try:
        yield hub.kernel_env()
    finally:
        pth.unlink()


def _run(notebook: nbformat.NotebookNode, cwd: Path, env: dict[str, str]) -> dict:
    notebook.cells.insert(0, nbformat.v4.new_code_cell(AUDIT_CELL))
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT_CELL))
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=600,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute(env=env)
    printed = [o["text"] for o in notebook.cells[-1].outputs if o.get("name") == "stdout"]
    return json.loads("".join(printed).strip().splitlines()[-1])


def _assert_everything_came_from(report: dict, kit: Path) -> None:
    kit = kit.resolve()  # the kernel reports real paths
    assert Path(report["package"]).is_relative_to(kit / "geopolitics"), report["package"]
    assert Path(report["data"]) == kit / "data"
    here = [p for p in report["opened"] if Path(p).is_relative_to(ROOT)
            and not Path(p).is_relative_to(ROOT / ".venv")]  # the environment lives there
    assert here == [], f"the kernel opened files of {ROOT}: {here[:5]}"
    read = [p for p in report["opened"] if Path(p).is_relative_to(kit / "data")]
    assert any(p.endswith(".csv") for p in read), "no table was read from the pulled copy"


def test_the_stand_in_image_has_the_environment_but_not_the_kit(hub: Hub) -> None:
    probe = "import pandas, altair, ipykernel\ntry:\n import geopolitics\nexcept ImportError:\n" \
            " print('no kit')\nelse:\n print(geopolitics.__file__)"
    out = subprocess.run([str(hub.python), "-c", probe], cwd=hub.home, capture_output=True,
                         text=True, timeout=120, env=hub.kernel_env())
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "no kit"


def test_a_lecture_runs_from_the_pulled_copy_with_its_own_data(hub: Hub) -> None:
    lecture = hub.kit / "notebooks" / "00_start_here.ipynb"
    with kit_on_path(hub, "PYTHONPATH") as env:
        report = _run(nbformat.read(lecture, as_version=4), lecture.parent, env)
    _assert_everything_came_from(report, hub.kit)


# Each run imports the kit in a fresh kernel (seconds each), so the two settings share the
# exercise folders rather than multiply them.
@pytest.mark.parametrize(("folder", "setting"), [("exercises", ".pth file"),
                                                 ("solutions", "PYTHONPATH")])
def test_exercise_folders_import_the_pulled_package(hub: Hub, folder: str, setting: str) -> None:
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from geopolitics import check, load\nevents = load('events')")])
    with kit_on_path(hub, setting) as env:
        report = _run(probe, hub.kit / folder, env)
    _assert_everything_came_from(report, hub.kit)


def test_without_the_hub_setting_a_notebook_cannot_import_the_kit(hub: Hub) -> None:
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import geopolitics")])
    with pytest.raises(CellExecutionError, match="No module named 'geopolitics'"):
        _run(probe, hub.kit / "notebooks", hub.kernel_env())


def test_the_guide_gives_both_hub_settings() -> None:
    guide = DOC.read_text(encoding="utf-8")
    assert "PYTHONPATH: /home/jovyan/tiktok-refugees" in guide
    assert _pth_line_from_the_guide("x").endswith('os.path.expanduser("~/x"))')
    assert "requirements.lock" in guide and "nbgitpuller" in guide
