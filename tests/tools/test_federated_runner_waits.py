"""The federated runner never waits for ever: silos start only once the server listens, and a
server left waiting after every silo exited is stopped with the reason in words. (Under load the
server once came up after both silos had given up connecting, and the run hung.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from underwrite.tools.scoring.federated import runner
from underwrite.tools.scoring.federated.runner import FederatedRunError


def _sleeper(seconds: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def test_a_server_outliving_every_silo_is_stopped_and_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(runner, "SILOS_GONE_GRACE_S", 0.2)
    server, silo = _sleeper(600), subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    with pytest.raises(FederatedRunError, match="every silo exited"):
        runner._await_server(server, [silo], 60.0, tmp_path)
    assert server.wait(timeout=10) != 0  # killed, not left behind


def test_the_server_exit_code_comes_back_while_a_silo_still_runs(tmp_path: Path) -> None:
    server, silo = subprocess.Popen([sys.executable, "-c", "pass"]), _sleeper(600)
    try:
        assert runner._await_server(server, [silo], 60.0, tmp_path) == 0
    finally:
        silo.kill()


def test_a_server_that_never_listens_fails_in_words(tmp_path: Path) -> None:
    server = _sleeper(600)
    with pytest.raises(FederatedRunError, match="did not listen on port"):
        runner._await_listening(server, runner._free_port(), 1.5, tmp_path)
    assert server.wait(timeout=10) != 0


def test_a_server_that_dies_before_listening_fails_in_words(tmp_path: Path) -> None:
    server = subprocess.Popen([sys.executable, "-c", "raise SystemExit(4)"])
    with pytest.raises(FederatedRunError, match="exited with code 4 before it listened"):
        runner._await_listening(server, runner._free_port(), 30.0, tmp_path)
