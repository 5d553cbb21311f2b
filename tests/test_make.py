"""The README's two commands do what it says: `make lab` serves the start notebook, and
`make venv` does nothing when nothing changed."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_venv_is_up_to_date_after_a_build() -> None:
    started = time.perf_counter()
    result = subprocess.run(["make", "-q", "venv"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "make venv would rebuild although nothing changed"
    assert time.perf_counter() - started < 5


def test_make_lab_serves_the_start_notebook(tmp_path: Path) -> None:
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} "
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}")
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "JupyterLab did not start within 90 s"
                time.sleep(0.5)
        url = f"{base}/api/contents/notebooks/00_start_here.ipynb?content=0&token={token}"
        with urllib.request.urlopen(url, timeout=10) as reply:
            assert json.load(reply)["type"] == "notebook"
        with urllib.request.urlopen(f"{base}/lab/tree/notebooks/00_start_here.ipynb"
                                    f"?token={token}", timeout=10) as reply:
            assert reply.status == 200 and b"JupyterLab" in reply.read()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_the_files_started_first_exist_and_make_test_keeps_their_order() -> None:
    """A renamed slow file would silently lose its early start (and the suite a minute)."""
    from conftest import START_FIRST

    missing = [name for name in START_FIRST if not (ROOT / name).is_file()]
    assert not missing, f"conftest.START_FIRST names files that are gone: {missing}"
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:")[1].split("\n\n")[0]
    assert "--dist loadfile --no-loadscope-reorder" in " ".join(recipe.replace("\\", " ").split())


def test_make_test_and_bench_compile_the_kit_before_any_kernel_starts() -> None:
    """With PYTHONDONTWRITEBYTECODE set (CI machines, containers), nothing writes the kit's
    bytecode, and each of a run's hundred kernels and tools compiled the package again."""
    for target in ("test", "bench"):
        planned = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True,
                                 text=True, check=True).stdout.splitlines()
        compiles = [n for n, line in enumerate(planned) if "-m compileall" in line
                    and " geopolitics" in line]
        runs = [n for n, line in enumerate(planned) if "pytest" in line or "bench.py" in line]
        assert compiles and runs and compiles[0] < runs[0], f"make {target}: {planned}"
