"""Shared test set-up: no test may reach beyond this machine."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

# Run from a notebook (``!make test``), the suite would inherit the notebook's name, and every
# kernel it starts would keep a record of progress beside that notebook. Tests that need a
# sheet's record name one themselves.
os.environ.pop("JPY_SESSION_NAME", None)

#: The files that take longest (a browser running every lecture, every deck built and opened,
#: a class graded) and those that mostly wait (time limits), started first. `make test` runs
#: files on three workers in collection order (``--no-loadscope-reorder``); pytest-xdist's
#: default starts the files with the most tests first, which left the browser file, one of
#: the last to start, running alone for the final minute.
START_FIRST = (
    "tests/test_browser.py",
    "tests/test_export.py",
    "tests/test_grading.py",
    "tests/test_grading_isolation.py",
    "tests/test_runner.py",
    "tests/test_widgets.py",
    "tests/test_architecture.py",
    "tests/test_catalogue.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put :data:`START_FIRST` in front; every other file keeps its place (a stable sort)."""
    rank = {name: place for place, name in enumerate(START_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


_real_connect = socket.socket.connect
_LOCAL_PREFIXES = ("127.", "::1", "localhost")


def _guarded_connect(self: socket.socket, address, *args, **kwargs):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    if self.family == socket.AF_UNIX or str(host).startswith(_LOCAL_PREFIXES):
        return _real_connect(self, address, *args, **kwargs)
    raise RuntimeError(f"A test tried to open a network connection to {host!r}; the kit must "
                       "work offline.")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that connects anywhere but loopback (the kit must work offline)."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


def _fingerprints() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA.iterdir())
            if p.is_file()}


@pytest.fixture(autouse=True, scope="session")
def data_folder_is_never_modified() -> Iterator[None]:
    """Tests damage copies of data/ only; the real files must come out of the run unchanged."""
    before = _fingerprints()
    yield
    after = _fingerprints()
    changed = sorted(set(before) ^ set(after) | {k for k in before if before[k] != after.get(k)})
    assert not changed, f"the test run modified data/: {changed}"
