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
