"""Shared test set-up: no test may reach beyond this machine."""

from __future__ import annotations

import socket

import pytest

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
