"""Every lecture, run in JupyterLab in a real headless Chromium with no network.

nbval runs the lessons in a kernel only, so it passes even when every chart in the browser
reads "Error loading script". These tests do what a student does: open a lesson in
JupyterLab, choose *Run > Run All Cells*, look at the result and use the controls. They check
that no cell fails, that every chart the kernel made is drawn, that every widget appears, and
that each control changes its status line and redraws its chart. Chromium can resolve no host
name but the loopback address, so anything fetched from the internet fails as it would in a
classroom without a connection.

Screenshots go to ``build/screenshots/`` for a person to look at: ``NAME-top.png`` (the lesson
after running), ``NAME-chart-N.png`` (the Nth chart scrolled into view) and
``NAME-widget-N.png`` (the Nth explorer after each of its controls was changed).

The browser is Debian's Chromium (``/usr/bin/chromium``); without it, or without the
``playwright`` package, the tests are skipped, except on CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import importlib.util
import re
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import browser_support as bs  # tests/ is on sys.path, as for every test module here
import pytest

from geopolitics import catalogue

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

ROOT = Path(__file__).resolve().parent.parent
LECTURES = [lesson.lecture for lesson in catalogue.lessons(ROOT)]
SCREENSHOTS = ROOT / "build" / "screenshots"

OPEN_TIMEOUT_MS = 60_000  # JupyterLab loads the lesson and its kernel reports "Idle"
RUN_TIMEOUT_MS = 120_000  # a whole lesson, run top to bottom
#: How often, in ms, a wait for a whole lesson's run looks at the page. Playwright's default
#: looks every animation frame, which keeps Chromium drawing frames for the whole run: with
#: it, the browser tests used 50 CPU-seconds of renderer, with a look every 250 ms 41.
RUN_POLL_MS = 250
DRAW_TIMEOUT_MS = 30_000  # charts and widgets after the kernel is idle
#: Texts that mean a chart or widget did not appear where the lesson displayed one.
BROKEN_OUTPUT_TEXTS = ("Error loading script", "Error displaying widget", "Loading widget...",
                       "JavaScript Error")


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium() -> str:
    """The path of the system Chromium; skip (or fail on CI) when the stack is missing."""
    if importlib.util.find_spec("playwright") is None:
        bs.skip_or_fail("the playwright package is not installed (pip install '.[test]')")
    path = bs.find_chromium()
    if path is None:
        bs.skip_or_fail("Chromium is not installed (apt-get install chromium)")
    assert path is not None
    return path


@pytest.fixture(scope="module")
def lab(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[bs.LabServer]:
    """A JupyterLab of our own on the repository, with private settings; stopped at the end."""
    server = bs.start_lab(ROOT, tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield server
    finally:
        bs.stop_lab(server)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """One headless Chromium for the module; each lesson gets its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=bs.CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Lesson:
    """A lecture opened in the browser and run top to bottom, shared by the checks below."""

    path: Path
    page: Page
    log: bs.PageLog
    server: bs.LabServer
    _census: dict[str, int] | None = None

    def census(self) -> dict[str, int]:
        """How many live widgets of each class the lesson's kernel made (asked once: the
        checks below change controls, which make no new widgets)."""
        if self._census is None:
            self._census = bs.kernel_widget_census(self.server, self.notebook)
        return self._census

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def notebook(self) -> str:
        """The lesson's path on the server, e.g. ``notebooks/00_start_here.ipynb``."""
        return self.path.relative_to(ROOT).as_posix()

    @property
    def panel(self) -> Locator:
        return self.page.locator(".jp-NotebookPanel:visible")

    def fail(self, message: str) -> NoReturn:
        """Fail the test with the browser's log appended: the console often says why."""
        pytest.fail(f"{self.notebook}: {message}{self.log.report()}", pytrace=False)

    def screenshot(self, suffix: str, target: Locator | None = None) -> Path:
        """Save a screenshot (the window, or one element) as ``build/screenshots/NAME-x.png``,
        when pictures were asked for (``make screenshots``)."""
        path = SCREENSHOTS / f"{self.name}-{suffix}.png"
        bs.picture_for_people(self.page if target is None else target, path)
        return path


@dataclass
class Workspace:
    """One JupyterLab tab in which the lectures are opened one after another.

    The first lecture is opened by its address; each later one with *File > Open from
    Path...*, as a student opens a second notebook. Loading JupyterLab itself takes about
    6 s on two cores, opening a notebook in it about 1 s. After a failure the tab is thrown
    away, so the next lecture starts in a new one.
    """

    browser: Browser
    server: bs.LabServer
    page: Page | None = None
    log: bs.PageLog = field(default_factory=bs.PageLog)

    def open(self, notebook: str) -> Page:
        """Show ``notebook`` in the tab, its kernel started and idle; the log starts anew."""
        if self.page is None:
            page = self.browser.new_context(viewport=bs.VIEWPORT).new_page()
            self.page, self.log = page, bs.PageLog()
            self.log.attach(page)
            page.goto(self.server.url(f"lab/tree/{notebook}", reset=""))
            _wait_for_idle(page, OPEN_TIMEOUT_MS)
            page.keyboard.press("Control+b")  # hide the file browser: more room for the lesson
            page.locator("#jp-left-stack").wait_for(state="hidden")
            return page
        page = self.page
        self.log.forget()
        bs.click_menu(page, "File", "Open from Path…")
        page.locator(".jp-Dialog input").fill(notebook)
        page.keyboard.press("Enter")
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current",
                     has_text=Path(notebook).name).wait_for(timeout=OPEN_TIMEOUT_MS)
        _wait_for_idle(page, OPEN_TIMEOUT_MS)
        return page

    def discard(self) -> None:
        if self.page is not None:
            with suppress(Exception):
                self.page.context.close()
        self.page = None


def _wait_for_idle(page: Page, timeout_ms: int) -> None:
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=timeout_ms)


#: Seconds within which *Run All Cells* marks the first cell queued (``[*]:``) or run.
RUN_STARTS_S = 15


def _run_all(page: Page, panel: Locator) -> None:
    """Choose *Run > Run All Cells* until the cells are queued.

    Just after a notebook opens, the status bar can still say "Idle" for the notebook shown
    before it, while the new one's kernel is not yet connected; JupyterLab then runs
    nothing, silently (every prompt stays ``[ ]:``). Seen once in three suite runs with three
    workers on two cores. So the run must be seen to start; if it is not, wait for the
    kernel and choose the command again, as a student would.
    """
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(3):
        bs.click_menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(bs.RUN_STARTED_JS, arg=panel.element_handle(),
                                   polling=RUN_POLL_MS, timeout=RUN_STARTS_S * 1000)
            return
        except PlaywrightError:
            _wait_for_idle(page, OPEN_TIMEOUT_MS)
    raise AssertionError(f"Run All Cells queued no cell in three tries of {RUN_STARTS_S} s")


@pytest.fixture(scope="module")
def workspace(lab: bs.LabServer, browser: Browser) -> Iterator[Workspace]:
    shared = Workspace(browser, lab)
    yield shared
    shared.discard()


@pytest.fixture(scope="module", params=LECTURES, ids=lambda path: path.stem)
def lesson(request: pytest.FixtureRequest, workspace: Workspace) -> Lesson:
    """Open a lecture in JupyterLab, clear it, run all cells and wait until the kernel is idle."""
    path: Path = request.param
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{path.stem}-*.png"):  # no stale picture from an older run
        if bs.SCREENSHOTS_WANTED or old.name.endswith("-failure.png"):
            old.unlink()
    notebook = path.relative_to(ROOT).as_posix()
    started = time.monotonic()
    page: Page | None = None
    try:
        page = workspace.open(notebook)
        lesson = Lesson(path, page, workspace.log, workspace.server)
        # Start from empty outputs, so "every cell has a count" can only mean this run.
        bs.click_menu(page, "Edit", "Clear Outputs of All Cells")
        _run_all(page, lesson.panel)
        page.wait_for_function(bs.ALL_CELLS_RAN_JS, arg=lesson.panel.element_handle(),
                               polling=RUN_POLL_MS, timeout=RUN_TIMEOUT_MS)
        _wait_for_idle(page, RUN_TIMEOUT_MS)
    except Exception as exc:
        log = workspace.log
        if page is not None:
            with suppress(Exception):
                page.screenshot(path=SCREENSHOTS / f"{path.stem}-failure.png")
        workspace.discard()
        pytest.fail(f"{notebook}: did not run in JupyterLab: {exc}\n--- server log ---\n"
                    f"{workspace.server.log_tail()}{log.report()}", pytrace=False)
    print(f"{lesson.notebook}: opened and ran in JupyterLab in "
          f"{time.monotonic() - started:.1f} s")
    return lesson


# --- checks ---------------------------------------------------------------------------------

def test_lesson_runs_offline_without_errors(lesson: Lesson) -> None:
    """No cell fails, no script crashes and nothing is fetched from beyond this machine."""
    panel = lesson.panel
    errors = panel.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
        ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
    ).all_inner_texts()
    failing = [text for text in errors if re.search(r"Traceback|Error", text)]
    if failing:
        lesson.fail(f"{len(failing)} cell(s) failed in JupyterLab:\n"
                    + "\n\n".join(text[-1500:] for text in failing))
    prompts = panel.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
    not_run = [i for i, p in enumerate(prompts, 1) if not re.fullmatch(r"\[\d+\]:", p.strip())]
    if not_run:
        lesson.fail(f"code cells {not_run} did not run")
    if lesson.log.page_errors:
        lesson.fail("uncaught JavaScript errors in the page")
    if lesson.log.external_requests:
        lesson.fail("the page tried to reach hosts other than the local server "
                    "(it must work offline)")
    if lesson.log.blocked_writes:
        lesson.fail("the page tried to save files; running a lesson must not change the "
                    "repository")


def test_every_chart_draws(lesson: Lesson) -> None:
    """Every chart the kernel displayed is drawn, with its data, without the internet."""
    expected = lesson.census().get("JupyterChart", 0)
    if expected < 1:
        lesson.fail("displays no chart (its kernel made no JupyterChart)")
    page, panel = lesson.page, lesson.panel
    from playwright.sync_api import Error as PlaywrightError

    with suppress(PlaywrightError):  # on a timeout, the checks below say what is missing
        page.wait_for_function(
            "([panel, n]) => panel.querySelectorAll("
            "'.vega-embed .marks').length >= n",
            arg=[panel.element_handle(), expected], timeout=DRAW_TIMEOUT_MS,
        )
    # Pictures first, so that a person can see what a failure below is about.
    panel.locator(".jp-WindowedPanel-outer").evaluate("(e) => e.scrollTo(0, 0)")
    lesson.screenshot("top")
    for number, embed in enumerate(panel.locator(".vega-embed").all(), 1):
        embed.scroll_into_view_if_needed()
        lesson.screenshot(f"chart-{number}")

    text = panel.inner_text()
    shown = [t for t in BROKEN_OUTPUT_TEXTS if t in text]
    if shown:
        lesson.fail(f"the lesson shows {shown} where output should be")
    charts = panel.evaluate(bs.CHARTS_JS)
    if len(charts) != expected:
        lesson.fail(f"the kernel displayed {expected} chart(s), the page has {len(charts)} "
                    f"chart outputs: {charts}")
    broken = {
        f"chart {n} ({(c['label'] or c['text'])[:120]!r})": problems
        for n, c in enumerate(charts, 1) if (problems := bs.chart_problems(c))
    }
    if broken:
        lesson.fail(f"charts that did not draw: {broken}")
    warnings = [m for m in lesson.log.console if m.startswith("[warning] WARN")]
    if warnings:
        print("Vega warnings (not failures):\n" + "\n".join(sorted(set(warnings))))


def test_a_chart_shown_on_its_own_keeps_its_legend_selection(lesson: Lesson) -> None:
    """A chart displayed on its own gets its spec as it is (no Python-side parameters, see
    ``charts._drawn``); its interactions live in the browser, so clicking a legend entry of
    lesson 00's timeline must still pick out that kind of event."""
    if lesson.path != LECTURES[0]:
        pytest.skip("checked on the first lecture's timeline, a chart with a legend selection")
    embed = lesson.panel.locator(".vega-embed").first
    embed.scroll_into_view_if_needed()
    before = bs.settled_picture(embed)
    entry = embed.locator("g.role-legend-symbol path, g.role-legend-entry").first
    if entry.count() == 0:
        lesson.fail("the first chart has no legend entries to click")
    entry.click()
    bs.wait_for_new_picture(embed, before)
    lesson.screenshot("legend-selection", embed)


def test_presentation_mode_keeps_the_kits_widgets_working(lesson: Lesson) -> None:
    """The fallback for teaching live: JupyterLab's Presentation Mode, widgets still live.

    Checked on the first lecture, already run in the tab: a drop-down that drives a chart is
    changed with Presentation Mode on, and its status line and chart must follow. The mode is
    switched off again afterwards, so the other checks see the lesson as a student does.
    """
    from playwright.sync_api import expect

    if lesson.path != LECTURES[0]:
        pytest.skip("checked on the first lecture")
    page, panel = lesson.page, lesson.panel

    def toggle_presentation_mode() -> None:
        page.locator(".lm-MenuBar-item", has_text="View").click()
        page.locator(".lm-Menu-itemLabel:visible").filter(has_text="Appearance").hover()
        page.locator(".lm-Menu-itemLabel:visible").filter(
            has_text=re.compile(r"^Presentation Mode$")).click()

    toggle_presentation_mode()
    try:
        expect(page.locator(".jp-mod-presentationMode")).to_have_count(1)
        controls = panel.evaluate(bs.TAG_CONTROLS_JS)
        dropdown = next((c for c in controls if c["kind"] == "dropdown" and c["hasChart"]),
                        None)
        if dropdown is None:
            lesson.fail("has no drop-down that drives a chart to try in Presentation Mode")
        explorer = dropdown["explorer"]
        select = panel.locator(f'[data-bt-control="{dropdown["index"]}"] select')
        status = panel.locator(f'[data-bt-status="{explorer}"] .widget-html-content')
        chart = panel.locator(f'[data-bt-chart="{explorer}"]')
        select.scroll_into_view_if_needed()
        before, picture = status.inner_text(), bs.settled_picture(chart)
        options = select.locator("option")
        current = select.input_value()
        other = next(i for i in range(options.count())
                     if options.nth(i).get_attribute("value") != current)
        choice = options.nth(other).inner_text().strip()
        select.select_option(value=options.nth(other).get_attribute("value"))
        expect(status).not_to_have_text(before, timeout=DRAW_TIMEOUT_MS)
        assert choice.lower() in status.inner_text().lower()
        bs.wait_for_new_picture(chart, picture)
        lesson.screenshot("presentation-mode")
        assert not lesson.log.page_errors and not lesson.log.external_requests, \
            lesson.log.report()
    finally:
        toggle_presentation_mode()
        expect(page.locator(".jp-mod-presentationMode")).to_have_count(0)


def test_every_widget_renders(lesson: Lesson) -> None:
    """Each widget the kernel displayed appears in the page, none stuck or broken."""
    census = lesson.census()
    expected: dict[str, int] = {}  # several classes share a selector (every slider)
    for name, n in census.items():
        if name in bs.WIDGET_SELECTORS:
            css = bs.WIDGET_SELECTORS[name]
            expected[css] = expected.get(css, 0) + n
    page, panel = lesson.page, lesson.panel
    from playwright.sync_api import Error as PlaywrightError

    with suppress(PlaywrightError):  # on a timeout, the checks below say what is missing
        page.wait_for_function(
            "([panel, expected]) => Object.entries(expected)"
            ".every(([css, n]) => panel.querySelectorAll(css).length >= n)",
            arg=[panel.element_handle(), expected], timeout=DRAW_TIMEOUT_MS,
        )
    text = panel.inner_text()
    stuck = [t for t in ("Error displaying widget", "Loading widget...") if t in text]
    if stuck:
        lesson.fail(f"widget outputs read {stuck}")
    shown = {css: panel.locator(css).count() for css in expected}
    if shown != expected:
        lesson.fail(f"the kernel displayed {census}; by page element that is {expected}, "
                    f"but the page shows {shown}")


#: What axe-core still finds serious in a lesson's outputs in JupyterLab, by lesson: open
#: in issue 20, listed here so that anything new fails and a fix is noticed. Lesson 05 shows
#: one table wider than the notebook, a region that scrolls but that a keyboard cannot reach.
#: (The sliders' unnamed handles, once listed for lessons 00, 01 and 05, are named by the
#: panel itself: see ``geopolitics.explorers.panel._NAME_SLIDERS_JS``.)
STILL_FOUND_BY_AXE = {
    "05_migration_scenarios": {"scrollable-region-focusable"},
}


def test_axe_finds_nothing_serious_in_what_the_kit_shows(lesson: Lesson) -> None:
    """axe-core, run offline on the lesson's outputs (the kit's charts, controls, tables and
    messages) once it has run: no serious or critical violation beyond those listed above
    (issue 20). JupyterLab's own interface is left out: what it lacks (names for its editors
    and some buttons) is JupyterLab's to fix, not the kit's."""
    found = bs.serious_accessibility_problems(
        lesson.page, within=".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea")
    rules = {problem.split(" ", 1)[0] for problem in found}
    listed = STILL_FOUND_BY_AXE.get(lesson.name, set())
    if rules - listed:
        lesson.fail("axe-core finds: " + "; ".join(p for p in found
                                                    if p.split(" ", 1)[0] not in listed))
    if listed - rules:
        lesson.fail(f"axe-core no longer finds {sorted(listed - rules)}: take them out of "
                    "STILL_FOUND_BY_AXE")


def test_controls_redraw_their_chart(lesson: Lesson) -> None:
    """Changing any control updates its status line and redraws its chart.

    Every control in the lesson is changed: a drop-down to its next option, a toggle button
    group to a button not yet chosen, a multiple selection by one more option. The kit's
    explorers say what they show in a status line, so the new line must differ, name a
    chosen option and not be a warning; the chart's picture must change, and the new chart
    must draw its data. A slider's first handle is moved one step at a time with the
    keyboard: every step must update the status line, and the chart must change before the
    handle runs out of room (a step past a day with no event rightly changes nothing).
    Every control is tried even after one fails, so one run reports all of them.
    """
    controls = lesson.panel.evaluate(bs.TAG_CONTROLS_JS)
    if not controls:
        pytest.skip(f"{lesson.notebook} has no controls")
    failures: list[str] = []
    pictures: dict[int, bytes] = {}  # each explorer's chart as last seen settled
    for number, control in enumerate(controls):
        try:
            print(_exercise(lesson, control, pictures))
        except AssertionError as exc:
            failures.append(str(exc))
            pictures.pop(control["explorer"], None)
        following = controls[number + 1]["explorer"] if number + 1 < len(controls) else None
        if control["explorer"] is not None and following != control["explorer"]:
            # each explorer once, after its last control, for a person to look at
            explorer = lesson.panel.locator(f'[data-bt-explorer="{control["explorer"]}"]')
            lesson.screenshot(f"widget-{control['explorer'] + 1}", explorer)
    if failures:
        lesson.fail(f"{len(failures)} of {len(controls)} controls failed:\n"
                    + "\n".join(f"* {f}" for f in failures))


def _exercise(lesson: Lesson, control: dict[str, Any], pictures: dict[int, bytes]) -> str:
    """Change one control and check what it drives; return a line saying what changed.

    ``pictures`` holds each explorer's chart as the previous control left it, settled, so
    that it is not photographed twice; this control's result is stored there in turn.
    """

    panel = lesson.panel
    kind = control["kind"]
    where = f"control {control['label'] or kind!r} ({kind})"
    if control["explorer"] is None:
        raise AssertionError(f"{where} has no status line after it: the kit's controls "
                             "always say what they show")
    if not control["hasChart"]:
        return _exercise_form_control(lesson, control, where)
    e = control["explorer"]
    element = panel.locator(f'[data-bt-control="{control["index"]}"]')
    status = panel.locator(f'[data-bt-status="{e}"] .widget-html-content')
    chart = panel.locator(f'[data-bt-chart="{e}"]')
    element.scroll_into_view_if_needed()
    first_status = status.inner_text()
    picture_before = pictures.pop(e, None) or bs.settled_picture(chart)
    picture_after = picture_before

    # A slider's first move is one step; later moves are PageUp's larger strides (five
    # steps), each of which must still update the status line, until the chart changes.
    steps = _slider_presses(element) if kind == "slider" else 1
    taken = 0
    for taken in range(1, steps + 1):
        chosen, status_after = _change_and_read_status(element, kind, status, where,
                                                       stride=taken > 1)
        if kind in ("dropdown", "toggle") and chosen.lower() not in status_after.lower():
            raise AssertionError(f"{where}: the status line {status_after!r} does not say "
                                 f"that {chosen!r} is shown")
        if kind != "slider":
            try:
                picture_after = bs.wait_for_new_picture(chart, picture_before)
            except AssertionError as exc:
                raise AssertionError(f"{where}: choosing {chosen!r} changed the status to "
                                     f"{status_after!r} but {exc}") from None
            break
        # The chart's update reaches the page just before the status line's; its redraw
        # may take a few frames more.
        changed = bs.picture_if_changed(chart, picture_before)
        if changed is not None:
            picture_after = changed
            break
    else:
        picture_after = bs.settled_picture(chart)
        if picture_after == picture_before:
            raise AssertionError(f"{where}: {steps} steps (to {chosen!r}) changed the status "
                                 f"line to {status_after!r} but never the chart")
    redrawn = chart.evaluate(bs.CHART_JS)
    problems = bs.chart_problems(redrawn)
    if problems:
        raise AssertionError(f"{where}: after choosing {chosen!r} (status {status_after!r}) "
                             f"the chart does not draw properly: {problems}")
    if not redrawn["label"]:
        raise AssertionError(f"{where}: the redrawn chart has no text description")
    pictures[e] = picture_after
    moves = f" in {taken} step(s)" if kind == "slider" else ""
    return (f"{where}: chose {chosen!r}{moves}; status {first_status!r} -> "
            f"{status_after!r}; chart redrawn")


def _change_and_read_status(element: Locator, kind: str, status: Locator,
                            where: str, stride: bool = False) -> tuple[str, str]:
    """Change the control; the status line must then change and must not be a warning."""
    from playwright.sync_api import Error as PlaywrightError

    before = status.inner_text()
    chosen = _change(element, kind, stride)
    try:  # looked at every 50 ms: the kernel answers in about 0.1 s
        status.page.wait_for_function("([line, before]) => line.innerText !== before",
                                      arg=[status.element_handle(), before], polling=50,
                                      timeout=DRAW_TIMEOUT_MS)
    except PlaywrightError:
        raise AssertionError(f"{where}: choosing {chosen!r} left the status line at "
                             f"{before!r}") from None
    after = status.inner_text()
    if status.locator("[role=alert]").count():
        raise AssertionError(f"{where}: choosing {chosen!r} gave a warning {after!r}")
    return chosen, after


def _exercise_form_control(lesson: Lesson, control: dict[str, Any], where: str) -> str:
    """A form's control (no chart): its status line must follow it and its result must stay.

    The kit's forms (e.g. "is this app covered?") restate their inputs in the status line,
    so any change of a control changes that line; a drop-down's choice must appear in it.
    """

    if not control["hasResult"]:
        raise AssertionError(f"{where} drives neither a chart nor a result block")
    panel, e, kind = lesson.panel, control["explorer"], control["kind"]
    element = panel.locator(f'[data-bt-control="{control["index"]}"]')
    status = panel.locator(f'[data-bt-status="{e}"] .widget-html-content')
    result = panel.locator(f'[data-bt-result="{e}"] .widget-html-content')
    element.scroll_into_view_if_needed()
    before = status.inner_text()
    chosen, after = _change_and_read_status(element, kind, status, where)
    if kind == "dropdown" and chosen.lower() not in after.lower():
        raise AssertionError(f"{where}: the status line {after!r} does not say that "
                             f"{chosen!r} was chosen")
    if not result.inner_text().strip():
        raise AssertionError(f"{where}: the result block is empty after choosing {chosen!r}")
    return f"{where}: chose {chosen!r}; status {before!r} -> {after!r}; result shown"


#: Steps one PageUp moves a noUiSlider handle (its ``keyboardPageMultiplier``).
PAGE_STEPS = 5


def _slider_presses(element: Locator) -> int:
    """Key presses that take the slider's first handle as far right as it goes: one arrow
    step, then PageUp strides (the room is read from the handle, in its own units)."""
    handle = element.locator(".noUi-handle").first
    now = float(handle.get_attribute("aria-valuenow") or 0)
    top = float(handle.get_attribute("aria-valuemax") or 0)
    room = max(1, round(top - now))
    return 1 + -(-(room - 1) // PAGE_STEPS)


def _change(element: Locator, kind: str, stride: bool = False) -> str:
    """Change one control as a student would; return what was chosen, for messages.

    A slider moves one step, or with ``stride`` one PageUp (several steps)."""
    from playwright.sync_api import expect

    if kind == "dropdown":
        select = element.locator("select")
        labels = [t.replace("\xa0", " ") for t in select.locator("option").all_inner_texts()]
        values = [o.get_attribute("value") or "" for o in select.locator("option").all()]
        new = (values.index(select.input_value()) + 1) % len(values)
        select.select_option(value=values[new])
        return labels[new]
    if kind == "toggle":
        button = element.locator("button:not(.mod-active)").first
        chosen = button.inner_text().strip()
        button.click()
        return chosen
    if kind == "select-multiple":
        select = element.locator("select")
        picked = select.evaluate("(s) => [...s.selectedOptions].map((o) => o.value)")
        others = select.evaluate(
            "(s) => [...s.options].filter((o) => !o.selected).map((o) => o.value)"
        )
        select.select_option(value=[*picked, others[0]])
        return str(others[0])
    if kind == "slider":
        handle = element.locator(".noUi-handle").first
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        readout = element.locator(".widget-readout")
        before = readout.inner_text()
        handle.focus()  # noUiSlider moves a focused handle one step per arrow key
        if stride:
            handle.press("PageDown" if at_end else "PageUp")
        else:
            handle.press("ArrowLeft" if at_end else "ArrowRight")
        expect(readout).not_to_have_text(before)
        return readout.inner_text()
    raise AssertionError(f"no way to change a {kind} control")
