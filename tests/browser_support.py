"""Helpers for the real-browser tests: a throw-away JupyterLab and a Chromium that sees only it.

``tests/test_browser.py`` proves what nbval cannot: that a student who opens a lesson in
JupyterLab and runs it sees every chart drawn and every control working, with no network.
A kernel-only run passes even when a chart shows "Error loading script", so the only honest
check is a real browser.

Everything here is built so that nothing of the user's is read or changed: the server gets its
own config, data, runtime, settings, workspace and IPython folders; autosave is off and the
page may not write through the contents API (so running a lesson never rewrites the notebook
in the repository, nor adds ``.ipynb_checkpoints/`` beside it); and Chromium is told that
every host name but the loopback address does not exist.
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
import urllib.request
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from geopolitics.course import export

if TYPE_CHECKING:  # imported lazily elsewhere, so a missing playwright can be a skip
    from playwright.sync_api import Locator, Page, Request, Route

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

#: Pictures for people (every chart, slide and panel as the tests saw it) are written only
#: when asked for: ``make screenshots``. They cost Chromium about 11 CPU-seconds a suite run,
#: and no assertion reads them. A failing lesson's picture is always written.
SCREENSHOTS_WANTED = os.environ.get("GEOPOLITICS_SCREENSHOTS") == "1"


def picture_for_people(target: Any, path: Path, **options: Any) -> None:
    """Save a screenshot of a page or locator at ``path`` if pictures were asked for."""
    if SCREENSHOTS_WANTED:
        target.screenshot(path=path, **options)


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

#: JupyterLab's page configuration (``page_config.json``). Without the "is the build up to
#: date?" check, a developer's stray extension cannot raise a "Build recommended" dialog over
#: the lesson; a test server has nothing to rebuild.
LAB_PAGE_CONFIG: dict[str, Any] = {"buildCheck": False, "buildAvailable": False}

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
    (dirs["app-settings"] / "page_config.json").write_text(
        json.dumps(LAB_PAGE_CONFIG, indent=2), encoding="utf-8"
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
        "--LabApp.extension_manager=readonly",  # never asks PyPI for extensions
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
        except OSError:  # not listening yet (URLError, ConnectionError, timeouts)
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"JupyterLab did not answer on {server.base_url} within "
                f"{SERVER_START_TIMEOUT:.0f} s:\n{server.log_tail()}"
            )
        with suppress(subprocess.TimeoutExpired):  # a pause that ends if the server dies
            server.process.wait(timeout=0.2)


def stop_lab(server: LabServer, timeout: float = 15.0) -> None:
    """Shut the server and its kernels down: politely first, then terminate, then kill.

    Only the process group this module started is signalled.
    """
    process = server.process
    if process.poll() is None:
        with suppress(OSError):  # URLError, ConnectionError and TimeoutError included
            server.api("shutdown", method="POST")  # also shuts down the kernels
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
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


# --- what the page says ---------------------------------------------------------------------

@dataclass
class PageLog:
    """Everything the browser reported while a lesson ran, for assertions and failure messages.

    A chart that does not draw usually says why only in the browser console, so every
    failure message carries this log.
    """

    server_host: str = "127.0.0.1"
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    blocked_writes: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Listen to the page, and keep it from changing any file on disk.

        The server's root is the repository, so a save would rewrite a lesson there.
        Autosave is off; any write to the contents API is aborted and recorded, except
        the checkpoint JupyterLab makes when it opens a notebook that has none, which is
        answered with a made-up one (nothing is written).
        """
        page.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("requestfailed", self._on_request_failed)
        page.on("request", self._on_request)
        page.route(re.compile(r"/api/contents/"), self._guard_contents)

    def forget(self) -> None:
        """Start a new record (the page stays watched): one page serves several lessons."""
        for entries in (self.console, self.page_errors, self.failed_requests,
                        self.external_requests, self.blocked_writes):
            entries.clear()

    def _on_request(self, request: Request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if f"//{self.server_host}:" not in url.split("?", 1)[0]:
            self.external_requests.append(f"{request.method} {url}")

    def _on_request_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _guard_contents(self, route: Route, request: Request) -> None:
        path = request.url.split("?", 1)[0]
        if path.endswith("/checkpoints"):
            # Even listing checkpoints makes the server create .ipynb_checkpoints/ beside the
            # lesson; answer both the list and the creation here instead.
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            made_up = {"id": "checkpoint", "last_modified": now}
            listing = request.method == "GET"
            route.fulfill(status=200 if listing else 201, content_type="application/json",
                          body=json.dumps([] if listing else made_up))
        elif request.method in ("GET", "HEAD"):
            route.continue_()
        else:
            self.blocked_writes.append(f"{request.method} {path}")
            route.abort()

    def report(self) -> str:
        """A readable summary of the browser's messages, for an assertion message."""
        sections = [
            ("uncaught page errors", self.page_errors),
            ("console messages", self.console),
            ("failed requests", self.failed_requests),
            ("requests to hosts other than the test server", self.external_requests),
            ("blocked writes to the repository", self.blocked_writes),
        ]
        lines = ["", "--- browser log ---"]
        for title, items in sections:
            lines.append(f"{title}: {len(items) or 'none'}")
            lines.extend(f"    {item[:500]}" for item in items[-40:])
        return "\n".join(lines)


# --- JupyterLab in the page -----------------------------------------------------------------

def click_menu(page: Page, menu: str, item: str) -> None:
    """Choose ``menu > item`` from JupyterLab's menu bar, as a student would."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(menu)}$")).click()
    label = re.compile(rf"^{re.escape(item)}$")
    page.locator(".lm-Menu-itemLabel:visible").filter(has_text=label).click()


#: True once *Run All* has queued or run a code cell (its prompt shows ``[*]:`` or ``[n]:``).
RUN_STARTED_JS = """
(panel) => [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
  .some((p) => /^\\[(\\*|\\d+)\\]:$/.test(p.textContent.trim()))
"""

#: True once every code cell shows an execution count ``[n]:``, or once an error output
#: appears (JupyterLab stops "Run All" at an error, so the other prompts would stay empty).
ALL_CELLS_RAN_JS = """
(panel) => {
  if (panel.querySelector('[data-mime-type="application/vnd.jupyter.stderr"],'
                          + ' [data-mime-type="application/vnd.jupyter.error"]')) {
    return true;
  }
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .map((p) => p.textContent.trim());
  return prompts.length > 0 && prompts.every((p) => /^\\[\\d+\\]:$/.test(p));
}
"""

#: What one chart (a ``.vega-embed`` element) drew. For an SVG view, each data-mark group
#: (points, bars, text...) is checked for at least one item with a real size, and each axis
#: for tick labels: a scale with an impossible domain (a log scale that includes zero, say)
#: still draws the frame and the titles, but its marks collapse to nothing and its axis has
#: no ticks, so "an SVG is present" is not enough. Rules and lines need only a length (a flat
#: line is real data: users that do not change). A canvas cannot be inspected; its size is.
CHART_JS = """
(embed) => {
  // The kit's charts have no action menu, so Vega draws straight into the embed element
  // (with a menu, vega-embed puts a .chart-wrapper between them); the element drawn into
  // carries the chart's description as its aria-label.
  const view = embed.querySelector('svg.marks, canvas.marks');
  const box = view ? view.getBoundingClientRect() : {width: 0, height: 0};
  const wrapper = view ? view.parentElement : null;
  const info = {
    kind: view ? view.tagName.toLowerCase() : null,
    width: box.width, height: box.height, marks: null, emptyMarks: [], axesWithoutTicks: [],
    label: wrapper ? wrapper.getAttribute('aria-label') : null,
    text: embed.textContent.slice(0, 300),
  };
  if (!view || view.tagName.toLowerCase() !== 'svg') return info;
  const hasSize = (item, isRule) => {
    const b = item.getBBox();
    const ok = (v) => Number.isFinite(v) && v > 0;
    return isRule ? ok(b.width) || ok(b.height) : ok(b.width) && ok(b.height);
  };
  const groups = [...view.querySelectorAll('g.role-mark')].filter((g) => g.childElementCount);
  info.marks = groups.length;
  info.emptyMarks = groups
    .filter((g) => ![...g.children].some(
      (item) => hasSize(item, g.matches('.mark-rule, .mark-line'))))
    .map((g) => `${g.getAttribute('aria-roledescription') || g.getAttribute('class')}`
                + ` (${g.childElementCount} items, none with a size)`);
  info.axesWithoutTicks = [...view.querySelectorAll('g.role-axis[aria-label]')]
    .filter((axis) => {
      const labels = axis.querySelector('g.role-axis-label');
      return labels !== null && labels.childElementCount === 0;
    })
    .map((axis) => axis.getAttribute('aria-label'));
  return info;
}
"""

#: ``CHART_JS`` for every chart in a notebook panel, in page order.
CHARTS_JS = f"(panel) => [...panel.querySelectorAll('.vega-embed')].map({CHART_JS.strip()})"


def chart_problems(info: dict[str, Any]) -> list[str]:
    """What is wrong with a chart as ``CHART_JS`` described it; empty when it drew."""
    problems = []
    if not info["kind"]:
        problems.append("no Vega view (no SVG or canvas) was drawn")
    elif info["width"] <= 50 or info["height"] <= 50:
        problems.append(f"the view is only {info['width']:.0f}x{info['height']:.0f} px")
    if info["marks"] == 0:
        problems.append("it has axes but no data marks")
    problems += [f"marks drawn with no size: {m}" for m in info["emptyMarks"]]
    problems += [f"an axis has no tick labels: {a}" for a in info["axesWithoutTicks"]]
    return problems


#: CSS selector for each widget class the kernel may create, to compare kernel and page.
WIDGET_SELECTORS: dict[str, str] = {
    "JupyterChart": ".vega-embed:has(.marks)",
    "Dropdown": ".widget-dropdown",
    "ToggleButtons": ".widget-toggle-buttons",
    "SelectMultiple": ".widget-select-multiple",
    "Select": ".widget-select:not(.widget-select-multiple)",
    "SelectionRangeSlider": ".widget-slider",
    "SelectionSlider": ".widget-slider",
    "IntSlider": ".widget-slider",
    "FloatSlider": ".widget-slider",
    "IntRangeSlider": ".widget-slider",
    "FloatRangeSlider": ".widget-slider",
    "FloatLogSlider": ".widget-slider",
    "Text": ".widget-text",
    "Checkbox": ".widget-checkbox",
    "DatePicker": ".widget-datepicker",
    "HTML": ".widget-html",
    "VBox": ".widget-vbox",
    "HBox": ".widget-hbox",
}

#: Find every control a student can change (drop-downs, toggle buttons, multiple selections,
#: sliders), and for each the explorer it belongs to: the status line (the first
#: ``.widget-html`` after the control's box) and the chart after it. Elements are tagged
#: with ``data-bt-*`` attributes so that Playwright locators can find them again.
TAG_CONTROLS_JS = """
(panel) => {
  const kinds = [
    ['dropdown', '.widget-dropdown'],
    ['toggle', '.widget-toggle-buttons'],
    ['select-multiple', '.widget-select-multiple'],
    ['slider', '.widget-slider'],
  ];
  const selector = kinds.map(([, css]) => css).join(', ');
  const roots = [];
  const found = [];
  const explorerOf = (control) => {
    for (let node = control; node && node.parentElement; node = node.parentElement) {
      let status = node.nextElementSibling;
      while (status && !status.matches('.widget-html')) status = status.nextElementSibling;
      if (status) {
        let chart = null;
        for (let s = status.nextElementSibling; s && !chart; s = s.nextElementSibling) {
          chart = s.matches('.vega-embed') ? s : s.querySelector('.vega-embed');
        }
        // A form shows its result (e.g. a verdict with reasons) in the next HTML block.
        let result = status.nextElementSibling;
        while (result && !result.matches('.widget-html')) result = result.nextElementSibling;
        return {root: node.parentElement, status, chart, result};
      }
      if (node.parentElement.matches('.jp-OutputArea-output')) return null;
    }
    return null;
  };
  panel.querySelectorAll(selector).forEach((control, index) => {
    const kind = kinds.find(([, css]) => control.matches(css))[0];
    control.dataset.btControl = String(index);
    const label = control.querySelector('.widget-label');
    const explorer = explorerOf(control);
    let e = null;
    if (explorer) {
      e = roots.indexOf(explorer.root);
      if (e < 0) { roots.push(explorer.root); e = roots.length - 1; }
      explorer.root.dataset.btExplorer = String(e);
      explorer.status.dataset.btStatus = String(e);
      if (explorer.chart) explorer.chart.dataset.btChart = String(e);
      if (explorer.result) explorer.result.dataset.btResult = String(e);
    }
    found.push({
      index, kind, explorer: e, hasChart: Boolean(explorer && explorer.chart),
      hasResult: Boolean(explorer && explorer.result),
      label: label ? label.textContent.trim() : '',
    });
  });
  return found;
}
"""


#: What the Vega views inside an element have drawn, read once the page has painted a new
#: frame: each view's SVG markup, or a canvas's pixels, reduced in the page to its length and
#: two 32-bit hashes (FNV-1a and a multiplicative one). Comparing these tells a redrawn chart
#: from an unchanged one as strictly as comparing screenshots, for a fifth of the time (a
#: slider stepped thirty times is read sixty times or more), and only the short fingerprint
#: crosses to the test: the markup of a timeline is megabytes a reading.
DRAWN_JS = """
async (target) => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const views = [...target.querySelectorAll('.vega-embed .marks')];
  if (!views.length) return '';
  const text = views.map((v) => v.tagName === 'CANVAS' ? v.toDataURL() : v.outerHTML)
    .join('\\n');
  let fnv = 0x811c9dc5, mul = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    fnv = Math.imul(fnv ^ c, 0x01000193);
    mul = (Math.imul(mul, 31) + c) | 0;
  }
  return `${views.length}:${text.length}:${fnv >>> 0}:${mul >>> 0}`;
}
"""


def picture(target: Locator) -> bytes:
    """What ``target`` shows now: a fingerprint of its charts as drawn (:data:`DRAWN_JS`),
    or a screenshot if it holds none."""
    drawn = target.evaluate(DRAWN_JS)
    return drawn.encode() if drawn else target.screenshot()


def settled_picture(target: Locator, timeout: float = 15.0) -> bytes:
    """The :func:`picture` of ``target`` once it has stopped changing (two identical in a row).

    Each reading waits for a new frame, so this needs no sleep; it only makes sure a redraw
    that has started is finished before pictures are compared.
    """
    deadline = time.monotonic() + timeout
    previous = picture(target)
    while True:
        shot = picture(target)
        if shot == previous:
            return shot
        if time.monotonic() > deadline:
            raise AssertionError(f"the chart kept changing for {timeout:.0f} s")
        previous = shot


def wait_for_new_picture(target: Locator, before: bytes, timeout: float = 15.0) -> bytes:
    """Wait until ``target`` looks different from ``before`` and has stopped changing.

    A redraw happens asynchronously after the kernel's message, so this compares pictures
    until two in a row are identical and differ from the old one: proof that a new picture
    was drawn, without guessing a delay.
    """
    deadline = time.monotonic() + timeout
    previous: bytes | None = None
    while True:
        shot = picture(target)
        if shot != before and shot == previous:
            return shot
        if time.monotonic() > deadline:
            raise AssertionError(
                "the chart did not redraw: its picture "
                + ("is unchanged" if shot == before else "kept changing")
                + f" after {timeout:.0f} s"
            )
        previous = shot


#: Seconds between two readings of a chart that is not expected to change: reading it every
#: frame kept Chromium drawing frames (about a fifth of the browser tests' CPU time).
PAUSE_S = 0.1


def picture_if_changed(target: Locator, before: bytes, within: float = 0.4) -> bytes | None:
    """The settled new picture if ``target`` changes from ``before`` within ``within`` s,
    else None: a step that rightly changes nothing costs this short wait, no more."""
    deadline = time.monotonic() + within
    while True:
        if picture(target) != before:
            after = settled_picture(target)
            return after if after != before else None
        if time.monotonic() > deadline:
            return None
        time.sleep(PAUSE_S)


# --- asking the kernel ------------------------------------------------------------------------

#: One expression, evaluated in the lesson's kernel without touching its history or
#: namespace: how many live widgets (with an open comm) of each class the lesson made. The
#: exporter asks its kernels the same (``geopolitics.course.export``).
WIDGET_CENSUS = export.WIDGET_CENSUS


def kernel_widget_census(server: LabServer, notebook: str, timeout: float = 30.0) -> dict[str, int]:
    """Ask the kernel of ``notebook`` how many widgets of each class it displayed.

    The kernel is the ground truth for how many charts and controls a lesson shows, so the
    page can be checked against it (a chart that failed to load leaves no trace in the page
    to count). The connection file is in the server's private runtime folder.
    """
    from jupyter_client import BlockingKernelClient

    sessions = server.api("sessions")
    kernel_ids = [s["kernel"]["id"] for s in sessions if s.get("path") == notebook]
    if len(kernel_ids) != 1:
        raise AssertionError(f"expected one kernel for {notebook}, the server has {sessions}")
    client = BlockingKernelClient()
    client.load_connection_file(str(server.runtime_dir / f"kernel-{kernel_ids[0]}.json"))
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        msg_id = client.execute("", silent=True, store_history=False,
                                user_expressions={"census": WIDGET_CENSUS})
        while True:
            reply = client.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    finally:
        client.stop_channels()
    result = reply["content"].get("user_expressions", {}).get("census", {})
    if result.get("status") != "ok":
        raise AssertionError(f"the widget census failed in the kernel: {result}")
    return export.read_census(result["data"]["text/plain"])


def counts_in_page(panel: Locator) -> dict[str, int]:
    """How many elements the page shows for each widget class of ``WIDGET_SELECTORS``."""
    return {name: panel.locator(css).count() for name, css in WIDGET_SELECTORS.items()}


# --- accessibility, measured by axe-core -------------------------------------------------------

#: What axe-core checks: WCAG 2.1 at levels A and AA, and Deque's best practices. Only the
#: violations are returned, which keeps a run on a page of long tables to about 2 s.
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def serious_accessibility_problems(page: Page, within: str | None = None) -> list[str]:
    """axe-core's serious and critical findings on the page, or inside the elements matching
    the CSS selector ``within`` (a list, "a, b", matches either): one line each, with the
    rule, how many elements, the first of them and what to fix. axe-core comes inside the
    axe-playwright-python package, so nothing is fetched."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        skip_or_fail("the axe-playwright-python package is not installed (pip install "
                     "'.[test]')")
    context = {"include": [[within]]} if within else None
    found = Axe().run(page, context=context, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s), first "
            f"{v['nodes'][0]['target']}): {v['help']}"
            for v in found if v.get("impact") in ("serious", "critical")]
