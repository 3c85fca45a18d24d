"""Start one Flower server process and one client process per silo over loopback; collect the result."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.federated.linear import design_columns
from underwrite.tools.scoring.federated.silos import SiloFile, SplitKind, write_silos
from underwrite.tools.scoring.federated.text import text_names
from underwrite.tools.scoring.federated.tls import make_certificates
from underwrite.tools.scoring.schema import FeatureSchema, TextVariant

_PKG = "underwrite.tools.scoring.federated"


class FederatedRunError(RuntimeError):
    """The federated run did not finish; the message names the process logs to read."""


class RunOptions(BaseModel):
    silos: int = 3
    split: SplitKind = "natural"
    rounds: int = 20
    platt_rounds: int = 6
    mu: float = 0.01
    local_steps: int = 25
    dp_clip: float = 0.0
    """Clip each silo's per-round weight update to this L2 norm (0 = off) ..."""
    dp_noise: float = 0.0
    """... and add Gaussian noise with sd dp_noise * dp_clip to it."""
    tls: bool = True
    secagg: bool = False
    """Run on Flower's SuperLink path with SecAgg+ on the fit rounds (secagg_runner.py); there ``tls``
    also turns on SuperNode authentication (superlink_security.py)."""
    splines: bool = True
    """Hinge columns at federated quartile knots of each numeric input (splines.py)."""
    text: TextVariant = "none"
    """Each silo embeds its own rows' text (``texts_for``) with the shared encoder (text.py)."""
    personalise: bool = True
    """Each silo also fits and keeps its own fine-tuned model (personal.py), at silos/<name>.personal.json."""
    die: dict[int, int] = {}
    """Fault injection for tests: silo index -> the fit call at which that client process exits."""
    timeout_s: float = 600.0


class RunResult(BaseModel):
    dataset: str
    run_dir: Path
    schema_: FeatureSchema
    silos: list[SiloFile]
    options: RunOptions
    summary: dict[str, Any]
    client_exit_codes: dict[str, int | None]
    seconds: float


SILOS_GONE_GRACE_S = 60.0
"""How long the server may run on after the last silo exited (it writes its result) before it is stopped."""


def _await_listening(server: subprocess.Popen[bytes], port: int, timeout_s: float, logs: Path) -> None:
    """Return once the server accepts connections. Silos started earlier give up after their own
    retry window on a loaded machine, and the server then waits for them for ever."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            code = server.returncode
            raise FederatedRunError(f"server exited with code {code} before it listened; see {logs}")
        with socket.socket() as sock:
            sock.settimeout(1.0)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    server.kill()
    raise FederatedRunError(f"server did not listen on port {port} within {timeout_s:.0f}s; see {logs}")


def _await_server(server: subprocess.Popen[bytes], silos: list[subprocess.Popen[bytes]], timeout_s: float,
                  logs: Path) -> int:  # fmt: skip
    """The server's exit code; stopped, with the reason in words, when it outlives every silo."""
    deadline, gone_since = time.monotonic() + timeout_s, None
    while (code := server.poll()) is None:
        now = time.monotonic()
        if now > deadline:
            server.kill()
            raise FederatedRunError(f"server did not finish in {timeout_s:.0f}s; see {logs}")
        if all(p.poll() is not None for p in silos):
            gone_since = gone_since or now
            if now - gone_since > SILOS_GONE_GRACE_S:
                server.kill()
                raise FederatedRunError(f"every silo exited and the server was still waiting; see {logs}")
        time.sleep(0.5)
    return code


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def personal_path(silo: SiloFile) -> Path:
    """Where a silo keeps its personalised model: beside its own data file, at the institution."""
    return silo.path.with_suffix(".personal.json")


def shared_schema(dataset: str, text: TextVariant = "none") -> FeatureSchema:
    """The consortium's data dictionary: inputs, category levels and the text variant (metadata)."""
    ds = load_dataset(dataset)
    schema = from_dataset(ds, load_config(), rows=holdout_split(ds)[0]).schema
    if text == "prose" and not schema.prose:
        raise ValueError(f"{dataset} has no free-text field; use --text serialised or none")
    return schema.model_copy(update={"text_variant": text, "pca_dims": 0})


def run_federated(dataset: str, run_dir: Path, options: RunOptions) -> RunResult:
    ds = load_dataset(dataset)
    schema = shared_schema(dataset, options.text)
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "schema.json").write_text(schema.model_dump_json(indent=2))
    silos = write_silos(ds, options.silos, options.split, run_dir / "silos")
    certs = make_certificates(run_dir / "certs") if options.tls else None
    logs = run_dir / "logs"
    logs.mkdir(exist_ok=True)
    env = {**os.environ, "FLWR_TELEMETRY_ENABLED": "0"}
    port = _free_port()
    result_path = run_dir / "server_result.json"
    server_cmd = [
        sys.executable, "-m", f"{_PKG}.server", "--port", str(port), "--silos", str(options.silos),
        "--columns", str(len(design_columns(schema))), "--rounds", str(options.rounds),
        "--platt-rounds", str(options.platt_rounds), "--mu", str(options.mu),
        "--local-steps", str(options.local_steps), "--out", str(result_path),
        "--dp-clip", str(options.dp_clip), "--dp-noise", str(options.dp_noise),
        "--spline-columns", str(len(schema.numeric) if options.splines else 0),
        "--text-columns", str(len(text_names(schema))),
    ]  # fmt: skip
    if certs:
        server_cmd += ["--certs", str(certs[0].parent)]
    started = time.monotonic()
    procs: dict[str, subprocess.Popen[bytes]] = {}
    handles = []
    try:
        log = open(logs / "server.log", "wb")  # noqa: SIM115 - closed in finally
        handles.append(log)
        server = subprocess.Popen(server_cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        _await_listening(server, port, options.timeout_s, logs)
        for i, silo in enumerate(silos):
            cmd = [
                sys.executable, "-m", f"{_PKG}.client", "--name", silo.name, "--data", str(silo.path),
                "--schema", str(run_dir / "schema.json"), "--server", f"127.0.0.1:{port}",
            ]  # fmt: skip
            if certs:
                cmd += ["--root-cert", str(certs[0])]
            if options.personalise:
                cmd += ["--personal-out", str(personal_path(silo))]
            if i in options.die:
                cmd += ["--die-at-round", str(options.die[i])]
            clog = open(logs / f"{silo.name}.log", "wb")  # noqa: SIM115
            handles.append(clog)
            procs[silo.name] = subprocess.Popen(cmd, stdout=clog, stderr=subprocess.STDOUT, env=env)
        code = _await_server(server, list(procs.values()), options.timeout_s, logs)
        if code != 0 or not result_path.is_file():
            raise FederatedRunError(f"server exited with code {code}; see {logs / 'server.log'}")
        exit_codes: dict[str, int | None] = {}
        for name, proc in procs.items():
            try:
                exit_codes[name] = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                exit_codes[name] = None
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
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
