"""Run the federation on Flower's SuperLink path: ``flower-superlink``, one ``flower-supernode`` per
silo and ``flwr run`` of a generated app (``secagg_app.py``), all real processes on loopback.

The app folder holds a ``pyproject.toml``, a one-line server module that imports ``secagg_app``
and a copy of ``fab_client_app.py`` (light: the SecAgg+ key stages never import the scoring
code); Flower packs it into a FAB and its ``flwr-serverapp`` / ``flwr-clientapp`` subprocesses
import this package from the environment (runtime dependency installation is off: no network).
Each SuperNode gets its silo's file through ``--node-config``; the server never opens one. The
run's JSON summary has the same shape as the legacy path's, plus ``secagg_rounds``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from underwrite.core.datasets import load_dataset
from underwrite.tools.scoring.federated.linear import design_columns
from underwrite.tools.scoring.federated.runner import (
    FederatedRunError,
    RunOptions,
    RunResult,
    _free_port,
    personal_path,
    shared_schema,
)
from underwrite.tools.scoring.federated.silos import write_silos
from underwrite.tools.scoring.federated.superlink_security import Security
from underwrite.tools.scoring.federated.text import text_names

_APP_TOML = """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "uwfederated"
version = "1.0.0"
description = "underwrite federated score model (issue 21)"
license = "Apache-2.0"
dependencies = []

[tool.hatch.build.targets.wheel]
packages = ["."]

[tool.flwr.app]
publisher = "underwrite"

[tool.flwr.app.components]
serverapp = "uwfederated.server_app:app"
clientapp = "uwfederated.client_app:app"

[tool.flwr.app.config]
silos = 2
columns = 1
rounds = 1
platt-rounds = 1
mu = 0.01
local-steps = 25
spline-columns = 0
text-columns = 0
secagg = true
max-weight = 100000.0
round-timeout = 600.0
tls = false
out = ""
"""
_PKG = "underwrite.tools.scoring.federated.secagg_app"


def _write_app(app_dir: Path) -> None:
    pkg = app_dir / "uwfederated"
    pkg.mkdir(parents=True, exist_ok=True)
    (app_dir / "pyproject.toml").write_text(_APP_TOML)
    (pkg / "__init__.py").write_text("")
    (pkg / "server_app.py").write_text(f"from {_PKG} import server_app as app\n\n__all__ = ['app']\n")
    # The ClientApp module is copied, not imported from here: it must load without this package.
    (pkg / "client_app.py").write_text((Path(__file__).parent / "fab_client_app.py").read_text())


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def _stop_groups(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM each started process group, then SIGKILL what is left after 10 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for proc in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
        deadline = time.monotonic() + 10.0
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        if all(_group_gone(p.pid) for p in procs):
            return


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise FederatedRunError(f"flower-superlink exited with code {proc.returncode}; see {log}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise FederatedRunError(f"flower-superlink did not listen on {port} in {timeout_s:.0f}s; see {log}")


def _register(bin_dir: Path, public_key: Path, env: dict[str, str], logs: Path) -> None:
    """The operator's step: register one silo's public key with the SuperLink (Control API)."""
    cmd = [str(bin_dir / "flwr"), "supernode", "register", str(public_key), "local"]
    done = subprocess.run(cmd, env=env, capture_output=True, timeout=300, check=False)
    (logs / f"register_{public_key.stem}.log").write_bytes(done.stdout + done.stderr)
    if done.returncode != 0:
        raise FederatedRunError(f"registering {public_key.name} failed; see {logs}")


def run_superlink(dataset: str, run_dir: Path, options: RunOptions, secagg: bool = True) -> RunResult:
    ds = load_dataset(dataset)
    schema = shared_schema(dataset, options.text)
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "schema.json").write_text(schema.model_dump_json(indent=2))
    silos = write_silos(ds, options.silos, options.split, run_dir / "silos")
    _write_app(run_dir / "app")
    flwr_home, logs = run_dir / "flwr", run_dir / "logs"
    flwr_home.mkdir(exist_ok=True)
    logs.mkdir(exist_ok=True)
    port = _free_port()
    security = Security(run_dir, enabled=options.tls)
    (flwr_home / "config.toml").write_text(security.connection_toml(port))
    env = {**os.environ, "FLWR_HOME": str(flwr_home), "FLWR_TELEMETRY_ENABLED": "0"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[4]), env.get("PYTHONPATH", "")])
    bin_dir = Path(sys.executable).parent
    # SuperLink and SuperNode start flower-superexec / flwr-serverapp / flwr-clientapp from PATH.
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    result_path = run_dir / "server_result.json"
    run_config = {
        "silos": options.silos,
        "columns": len(design_columns(schema)),
        "rounds": options.rounds,
        "platt-rounds": options.platt_rounds,
        "mu": options.mu,
        "local-steps": options.local_steps,
        "spline-columns": len(schema.numeric) if options.splines else 0,
        "text-columns": len(text_names(schema)),
        "secagg": secagg,
        # SecAgg+ quantizes each update scaled by rows / max-weight: the largest silo's size keeps
        # that ratio <= 1 (no overflow) and as coarse as it can be (best precision).
        "max-weight": float(max(s.rows for s in silos)),
        "tls": options.tls,
        "out": str(result_path),
    }
    procs: list[subprocess.Popen[bytes]] = []
    handles = []

    def start(name: str, cmd: list[str]) -> subprocess.Popen[bytes]:
        handle = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed in finally
        handles.append(handle)
        # Own session: SuperLink / SuperNode start SuperExec and app processes below them, and
        # stopping the run must stop that whole group (they outlive a terminated parent).
        proc = subprocess.Popen(
            cmd, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=run_dir, start_new_session=True
        )
        procs.append(proc)
        return proc

    started = time.monotonic()
    try:
        start("superlink", [str(bin_dir / "flower-superlink"), *security.superlink_args(),
                            "--host", "127.0.0.1", "--port", str(port),
                            "--disable-runtime-dependency-installation"])  # fmt: skip
        _wait_for_port(port, procs[0], logs / "superlink.log")
        if security.enabled:
            for silo in silos:
                _register(bin_dir, security.node_key(silo.name)[1], env, logs)
        for silo in silos:
            node = {"name": silo.name, "data": str(silo.path), "schema": str(run_dir / "schema.json")}
            if options.personalise:
                node["personal-out"] = str(personal_path(silo))
            node_config = " ".join(f"{k}={_toml(v)}" for k, v in node.items())
            start(silo.name, [str(bin_dir / "flower-supernode"), *security.supernode_args(silo.name),
                              "--superlink", f"127.0.0.1:{port}", "--port", str(_free_port()),
                              "--node-config", node_config])  # fmt: skip
        overrides = " ".join(f"{k}={_toml(v)}" for k, v in run_config.items())
        runner = start("flwr_run", [str(bin_dir / "flwr"), "run", str(run_dir / "app"), "local",
                                    "--stream", "--run-config", overrides])  # fmt: skip
        deadline = time.monotonic() + options.timeout_s
        while not result_path.is_file() and time.monotonic() < deadline:
            if procs[0].poll() is not None:
                raise FederatedRunError(f"flower-superlink exited; see {logs / 'superlink.log'}")
            time.sleep(1.0)
        if not result_path.is_file():
            raise FederatedRunError(f"no result in {options.timeout_s:.0f}s; see {logs}")
        time.sleep(1.0)  # the ServerApp writes the file last; let it finish the write
        nodes = zip(silos, procs[1:], strict=False)
        exit_codes: dict[str, int | None] = {s.name: proc.poll() for s, proc in nodes}
        del runner
    finally:
        _stop_groups(procs)
        for handle in handles:
            handle.close()
    return RunResult(
        dataset=dataset,
        run_dir=run_dir,
        schema_=schema,
        silos=silos,
        options=options,
        summary=json.loads(result_path.read_text()),
        client_exit_codes=exit_codes,
        seconds=round(time.monotonic() - started, 1),
    )
