"""The suite itself runs with no network, so nothing it exercises can depend on one."""

import os
import socket

import pytest


def _public_address_reachable() -> bool:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, no packet is sent
        return True
    except OSError:
        return False
    finally:
        probe.close()


def test_suite_runs_without_a_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # lift the unit tests' socket guard: this test probes the real network
    if os.environ.get("GEOPOLITICS_OFFLINE") != "1":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the suite through tools/offline.sh (no network)")
        pytest.skip("not run through tools/offline.sh: `make test` does that")
    assert not _public_address_reachable(), "a route to the internet exists inside the test run"
