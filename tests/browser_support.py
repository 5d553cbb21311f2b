"""Helpers for the real-browser tests: a throw-away JupyterLab and a Chromium that sees only it.

``tests/test_browser.py`` proves what nbval cannot: that a student who opens a lesson in
JupyterLab and runs it sees every chart drawn and every control working, with no network.
A kernel-only run passes even when a chart shows "Error loading script", so the only honest
check is a real browser.

Everything here is built so that nothing of the user's is read or changed: the server gets its
own config, data, runtime, settings and workspace folders, autosave is off (so running a
lesson never rewrites the notebook in the repository), and Chromium is told that every host
name but the loopback address does not exist.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

#: Debian's Chromium; ``playwright install`` downloads a browser and cannot work offline.
CHROMIUM_PATHS = ("/usr/bin/chromium",)

#: Flags for a quiet, offline, root-friendly headless Chromium. The resolver rule makes every
#: host name except the test server's address unresolvable, so anything a page tries to fetch
#: from a CDN fails here exactly as it would in a classroom without internet.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # Chromium refuses to run as root with its sandbox on
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-proxy-server",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

#: A viewport like a classroom laptop's screen.
VIEWPORT = {"width": 1400, "height": 900}

#: JupyterLab settings for the test server (``overrides.json``). No news or update check (they
#: would reach the internet and pop up a toast over the notebook), no autosave (a test run
#: must never rewrite a lesson in the repository), every cell attached to the DOM (JupyterLab's
#: default windowing may leave off-screen cells out of the page, so counting would be wrong),
#: and no extension manager (it queries PyPI).
LAB_OVERRIDES: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}

SERVER_START_TIMEOUT = 90.0  # seconds; the first start on a cold disk is the slow one


# --- skipping ---------------------------------------------------------------------------------

def skip_or_fail(reason: str) -> None:
    """Skip when the browser stack is missing, except on CI, where that is a failure.

    A developer without Chromium can still run the rest of the suite; CI installs Chromium
    (see ``.ci/run``), so a missing browser there means the check silently stopped running.
    """
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run on CI)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """The system Chromium to drive, or None when it is not installed."""
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


# --- the JupyterLab server --------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _no_proxy_opener() -> urllib.request.OpenerDirector:
    # A proxy set in the environment must not see (or break) requests to the test server.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class LabServer:
    """A running JupyterLab started by the tests, and what is needed to talk to it."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    runtime_dir: Path
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, **query: str) -> str:
        """An address on the server with the token attached (``?reset`` style flags as '')."""
        params = [k if v == "" else f"{k}={v}" for k, v in query.items()]
        params.append(f"token={self.token}")
        return f"{self.base_url}/{path.lstrip('/')}?{'&'.join(params)}"

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the server's REST API and return the decoded JSON (None for an empty body)."""
        request = urllib.request.Request(
            f"{self.base_url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with _no_proxy_opener().open(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for failure messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def start_lab(root: Path, scratch: Path) -> LabServer:
    """Start JupyterLab on a free loopback port with a random token, isolated in ``scratch``.

    ``root`` is the folder JupyterLab shows (the repository, so lessons import the kit just
    as in ``make lab``). Every folder where Jupyter or IPython would read or write user state
    points into ``scratch``, so a developer's own settings cannot change the result and the
    test leaves nothing behind in their home directory.
    """
    dirs = {
        name: scratch / name
        for name in ("config", "data", "runtime", "app-settings", "user-settings", "workspaces",
                     "ipython")
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    (dirs["app-settings"] / "overrides.json").write_text(
        json.dumps(LAB_OVERRIDES, indent=2), encoding="utf-8"
    )
    token = secrets.token_hex(24)
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={dirs['app-settings']}",
        f"--LabApp.user_settings_dir={dirs['user-settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LabApp.news_url=None",  # no announcements feed
        "--LabApp.check_for_updates_class="
        "jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]
    log_path = scratch / "jupyterlab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its kernels
        )
    server = LabServer(root, port, token, process, dirs["runtime"], log_path)
    try:
        _wait_until_up(server)
    except BaseException:
        stop_lab(server)
        raise
    return server


def _wait_until_up(server: LabServer) -> None:
    """Poll ``/api/status`` until the server answers (never a fixed sleep)."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    status_url = server.url("api/status")
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {server.process.returncode} while starting:\n"
                + server.log_tail()
            )
        try:
            with _no_proxy_opener().open(status_url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"JupyterLab did not answer on {server.base_url} within "
                f"{SERVER_START_TIMEOUT:.0f} s:\n{server.log_tail()}"
            )
        server.process.wait(timeout=0.2) if False else time.sleep(0.2)


def stop_lab(server: LabServer, timeout: float = 15.0) -> None:
    """Shut the server and its kernels down: politely first, then terminate, then kill.

    Only the process group this module started is signalled.
    """
    process = server.process
    if process.poll() is None:
        try:
            server.api("shutdown", method="POST")  # also shuts down the kernels
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=timeout)
    # A kernel that outlived the server would keep running in the same group.
    _signal_group(process, signal.SIGKILL)


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
