"""Run a notebook in a fresh kernel and say what happened: the kit's one notebook runner.

Grading, the slides and site export and the benchmark all run notebooks top to bottom, each
with its own needs: a grader gives a student's notebook a total time budget, a sandboxed
kernel and no room to keep gigabytes of output, and carries on after a cell that raises; an
export stops at the first error and names the cell; the benchmark times each cell and reads
the kernel's memory before it shuts down. They share this module so that time limits, kernel
deaths, Ctrl-C and the wording of what went wrong are handled once.

:func:`run_notebook` (async) and :func:`run` (blocking) return an :class:`Execution`: the
executed notebook plus how the run ended (:class:`Ending`), every cell error, and timings.
Nothing here raises for something a notebook does; only a bug or Ctrl-C does.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import signal
import subprocess
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geopolitics.text import one_line

if TYPE_CHECKING:  # nbformat loads jsonschema (about a second): only when a notebook runs
    from nbformat import NotebookNode

DEFAULT_KERNEL = "python3"


class Ending(StrEnum):
    """How a run ended; the values are the words the gradebook's ``run`` column shows."""

    COMPLETED = "completed"  # every cell ran (cells may have raised, if errors were allowed)
    TIMED_OUT = "timed out"  # a cell or the whole run went past its time limit
    KERNEL_DIED = "kernel died"  # Python stopped: exit, os._exit, a crash, out of memory
    KERNEL_FAILED = "kernel failed"  # the kernel could not start or stopped answering
    CELL_ERROR = "cell error"  # a cell raised and errors were not allowed: the run stopped


@dataclass(frozen=True)
class CellError:
    """A cell that raised: its index in the notebook (from 0) and the exception."""

    index: int
    ename: str
    evalue: str = ""


@dataclass
class Execution:
    """The executed notebook and what happened while it ran."""

    notebook: NotebookNode
    ending: Ending = Ending.COMPLETED
    stopped_at: int | None = None  # index of the cell where a limit, a death or an error hit
    errors: list[CellError] = field(default_factory=list)  # every cell that raised, in order
    detail: str = ""  # one line on what went wrong, when the ending alone does not say it
    startup_seconds: float = 0.0  # starting the kernel
    seconds: float = 0.0  # from the kernel being ready to the end of the last cell run
    cell_seconds: tuple[float, ...] = ()  # per cell index, 0 for cells not run
    output_bytes: int = 0  # characters of output the cells produced, kept or not

    @property
    def completed(self) -> bool:
        return self.ending is Ending.COMPLETED

    @property
    def error(self) -> CellError | None:
        """The cell error that stopped the run (None unless it ended with CELL_ERROR)."""
        if self.ending is not Ending.CELL_ERROR:
            return None
        return next((e for e in self.errors if e.index == self.stopped_at), None)


class Session:
    """The live kernel of one run, as the hooks see it (between cells and before shutdown)."""

    def __init__(self, client: Any, deadline: float | None) -> None:
        self._client = client
        self.deadline = deadline

    @property
    def notebook(self) -> NotebookNode:
        return self._client.nb

    def seconds_left(self) -> float | None:
        """Time left of the whole run's budget (None when there is no budget)."""
        return None if self.deadline is None else self.deadline - time.monotonic()

    def kernel_pid(self) -> int | None:
        """The process id jupyter_client launched (a wrapper's, if the kernel has one)."""
        pid = getattr(getattr(self._client.km, "provisioner", None), "pid", None)
        return pid if isinstance(pid, int) else None

    async def evaluate(self, expression: str, wait: float) -> str | None:
        """The ``text/plain`` repr of one expression, evaluated in the kernel without running
        a cell (no output, no history); None if the kernel cannot say within ``wait`` s."""
        from jupyter_core.utils import ensure_async

        kc = self._client.kc
        msg_id = await ensure_async(kc.execute(
            "", silent=True, store_history=False, user_expressions={"value": expression}))
        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(kc.shell_channel.get_msg(timeout=left))
            except Exception:  # queue.Empty: the kernel is busy or gone
                return None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            await self._until_idle(kc, msg_id, deadline)
            answer = msg["content"].get("user_expressions", {}).get("value", {})
            if answer.get("status") != "ok":
                return None
            text = answer.get("data", {}).get("text/plain")
            return text if isinstance(text, str) else None
        return None

    @staticmethod
    async def _until_idle(kc: Any, msg_id: str, deadline: float) -> None:
        """Wait for the kernel to say it is idle after ``msg_id``: a kernel shut down (or
        interrupted) while it still finishes the request logs a stray KeyboardInterrupt."""
        from jupyter_core.utils import ensure_async

        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(kc.iopub_channel.get_msg(timeout=left))
            except Exception:  # queue.Empty
                return
            if (msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"):
                return


Hook = Callable[[Session, int], Awaitable[None]]
FinalHook = Callable[[Session], Awaitable[None]]


def _output_size(content: dict[str, Any]) -> int:
    size = len(str(content.get("text", "")))
    data = content.get("data")
    if isinstance(data, dict):
        size += sum(len(str(v)) for v in data.values())
    return size


def _client_class() -> type:
    from nbclient import NotebookClient

    class CountingClient(NotebookClient):
        """Counts every output; keeps it only when asked (a student's cell may print GBs)."""

        output_bytes = 0
        keep_outputs = True

        def output(self, outs: list[Any], msg: dict[str, Any], display_id: str | None,
                   cell_index: int) -> Any:
            self.output_bytes += _output_size(msg.get("content", {}))
            if not self.keep_outputs:
                return None
            return super().output(outs, msg, display_id, cell_index)

    return CountingClient


def _signals_back() -> None:
    """nbclient answers Ctrl-C (and SIGTERM) by killing the kernel and carrying on with the
    next cell. Whoever presses Ctrl-C means "stop", so both signals raise KeyboardInterrupt,
    and leaving the run shuts the kernel down."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(Exception):
            loop.remove_signal_handler(signum)
    stop_on_sigterm()


def stop_on_sigterm() -> None:
    """Treat a polite kill like Ctrl-C, so kernels and scratch copies are cleaned up."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # only possible in the main thread
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, interrupt)


async def _run_once(
    notebook: NotebookNode, *, cwd: Path, env: dict[str, str] | None = None,
    kernel_name: str = DEFAULT_KERNEL, kernel_dirs: Sequence[Path] = (),
    connection_file: Path | None = None, ipc_sockets: Path | None = None,
    cell_timeout: float | None = None,
    total_timeout: float | None = None, allow_errors: bool = False, keep_outputs: bool = True,
    quiet_kernel: bool = False, startup_timeout: float = 60, immediate_shutdown: bool = False,
    store_widget_state: bool = False,
    extra_arguments: Sequence[str] = (), after_cell: Hook | None = None,
    before_shutdown: FinalHook | None = None,
) -> Execution:
    """Execute ``notebook`` (in place) in a fresh kernel and say how it went.

    ``cell_timeout`` limits each cell, ``total_timeout`` the whole run from the moment the
    kernel is ready; either may be None. With ``allow_errors`` a cell that raises is recorded
    and the next one runs (a grader wants every answer it can get); without it the run stops
    there (CELL_ERROR), unless the cell is tagged ``raises-exception``. ``kernel_dirs`` and
    ``connection_file`` choose where the kernel's spec is found and where its connection file
    goes (the grader's sandboxed launch); ``ipc_sockets``, a path prefix, makes the kernel
    listen on unix sockets named after it instead of TCP ports (a kernel in a network
    namespace of its own). ``store_widget_state`` saves the widgets' state in
    the notebook's metadata, as JupyterLab does when it saves. ``after_cell`` runs after each
    code cell and ``before_shutdown`` after the last, both while the kernel is alive and off
    the clock.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    manager = None
    if kernel_dirs or connection_file is not None or ipc_sockets is not None:
        from jupyter_client import AsyncKernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        manager = AsyncKernelManager(
            kernel_name=kernel_name,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(d) for d in kernel_dirs]))
        if connection_file is not None:
            manager.connection_file = str(connection_file)
        if ipc_sockets is not None:
            manager.transport = "ipc"
            manager.ip = str(ipc_sockets)
    client = _client_class()(
        notebook, km=manager, kernel_name=kernel_name, allow_errors=allow_errors,
        record_timing=False, startup_timeout=startup_timeout, iopub_timeout=5,
        raise_on_iopub_timeout=False, store_widget_state=store_widget_state,
        shutdown_kernel="immediate" if immediate_shutdown else "graceful",
        extra_arguments=list(extra_arguments), resources={"metadata": {"path": str(cwd)}})
    client.keep_outputs = keep_outputs
    run = Execution(notebook)
    cell_seconds = [0.0] * len(notebook.cells)

    def on_cell_executed(cell: Any, cell_index: int, execute_reply: dict[str, Any]) -> None:
        content = (execute_reply or {}).get("content", {})
        if content.get("status") == "error":
            run.errors.append(CellError(cell_index, str(content.get("ename", "")),
                                        str(content.get("evalue", ""))))

    client.on_cell_executed = on_cell_executed
    launch: dict[str, Any] = {"cwd": str(cwd)}
    if env is not None:  # None: the kernel inherits this process's environment
        launch["env"] = env
    if quiet_kernel:
        launch.update(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL)
    began = time.monotonic()
    ready: float | None = None
    finished: float | None = None
    current: int | None = None
    try:
        async with client.async_setup_kernel(cleanup_kc=True, **launch):
            _signals_back()
            await _language_info(client)
            ready = time.monotonic()
            deadline = None if total_timeout is None else ready + total_timeout
            session = Session(client, deadline)
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code" or not str(cell.source).strip():
                    continue
                current = index
                left = session.seconds_left()
                if left is not None and left <= 0:
                    run.ending, run.stopped_at = Ending.TIMED_OUT, index
                    break
                limits = [t for t in (cell_timeout, left) if t is not None]
                client.timeout = max(1, math.ceil(min(limits))) if limits else None
                started = time.monotonic()
                try:
                    await client.async_execute_cell(
                        cell, index, execution_count=client.code_cells_executed + 1)
                except CellTimeoutError as exc:
                    run.ending, run.stopped_at = Ending.TIMED_OUT, index
                    run.detail = _last_line(exc)
                    break
                except DeadKernelError:
                    run.ending, run.stopped_at = Ending.KERNEL_DIED, index
                    break
                except CellExecutionError as exc:
                    run.ending, run.stopped_at = Ending.CELL_ERROR, index
                    if not run.errors or run.errors[-1].index != index:
                        run.errors.append(CellError(index, exc.ename, exc.evalue))
                    break
                finally:
                    cell_seconds[index] = time.monotonic() - started
                if not keep_outputs:
                    cell.outputs = []
                if after_cell is not None:
                    await _hook(after_cell(session, index))
            finished = time.monotonic()
            if run.completed:
                client.set_widgets_metadata()  # does nothing unless widget state is stored
            if before_shutdown is not None and run.ending is not Ending.KERNEL_DIED:
                await _hook(before_shutdown(session))
    except _HookFailed as failed:  # the caller's own code: its error is the caller's to see
        raise failed.__cause__ from None  # type: ignore[misc]
    except Exception as exc:  # a kernel that cannot start, or one gone mid-message
        if ready is None or finished is None:
            run.ending = Ending.KERNEL_FAILED
            run.stopped_at = current
            run.detail = f"{type(exc).__name__}: {one_line(str(exc), 120)}"
    end = finished if finished is not None else time.monotonic()
    run.startup_seconds = (ready or end) - began
    run.seconds = end - (ready or end)
    run.cell_seconds = tuple(cell_seconds)
    run.output_bytes = client.output_bytes
    return run


async def run_notebook(notebook: NotebookNode, **options: Any) -> Execution:
    """Execute ``notebook`` (in place) in a fresh kernel and say how it went; the options are
    :func:`_run_once`'s.

    A kernel that fails before it answers at all is started once more. jupyter_client picks
    free ports and the kernel binds them a moment later; with several kernels starting at
    once (the grader's workers, the parallel test suite) another process can take a port in
    between, and the kernel dies with "Address already in use". No cell has run by then, so
    a second start changes nothing but the ports.
    """
    run = await _run_once(notebook, **options)
    if run.ending is Ending.KERNEL_FAILED and run.stopped_at is None:
        run = await _run_once(notebook, **options)
    return run


class _HookFailed(Exception):
    """Carries an exception raised by a caller's hook past the runner's own handling."""


async def _hook(call: Awaitable[None]) -> None:
    try:
        await call
    except Exception as exc:
        raise _HookFailed from exc


async def _language_info(client: Any) -> None:
    """Record the kernel's language in the notebook, as nbclient's own execute() does
    (nbconvert picks its syntax highlighting from it)."""
    from jupyter_core.utils import ensure_async

    msg_id = await ensure_async(client.kc.kernel_info())
    reply = await client.async_wait_for_reply(msg_id)
    info = (reply or {}).get("content", {}).get("language_info")
    if info:
        client.nb.metadata["language_info"] = info


def _last_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


def run(notebook: NotebookNode, **options: Any) -> Execution:
    """:func:`run_notebook` for callers without an event loop (same options)."""
    return asyncio.run(run_notebook(notebook, **options))
