"""A real server process on a loopback port (uvicorn), driven with httpx: a job queued by one
process is drafted by the next after a restart, a retried submit (same Idempotency-Key) returns
the first application, and the path ends in a recorded decision and an intact audit chain."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from api_support import FORM, Keys

from underwrite.llm.localhost import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@contextmanager
def server(workers: int, log: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]),
        "UW_TEST_API_WORKERS": str(workers),
    }
    command = [sys.executable, "-m", "uvicorn", "live_app:create", "--factory", "--app-dir", str(HERE)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # generous: imports are slow on a loaded machine
        while True:  # bounded wait for the server to listen
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)  # graceful: the worker releases what it holds
        process.wait(timeout=60)


def _status(base: str, application_id: str, headers: dict[str, str], wanted: set[str]) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while True:
        body: dict[str, object] = httpx.get(
            f"{base}/v1/applications/{application_id}", headers=headers
        ).json()
        if body["status"] in wanted or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_real_server_restart_idempotency_and_decision(keys: Keys, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    submit = {**keys.auth("intake"), "Idempotency-Key": "los-req-7"}
    files = {"files": ("form.txt", FORM, "text/plain")}
    with server(workers=0, log=log) as base:  # accepts, drafts nothing
        first = httpx.post(f"{base}/v1/applications", files=files, headers=submit)
        assert first.status_code == 202, first.text
        application_id = first.json()["application_id"]
        assert _status(base, application_id, submit, {"queued"})["status"] == "queued"

    with server(workers=1, log=log) as base:  # restarted: the queued job is drafted now
        retry = httpx.post(f"{base}/v1/applications", files=files, headers=submit)
        assert retry.status_code == 200 and retry.headers["Idempotent-Replayed"] == "true"
        assert retry.json()["application_id"] == application_id
        status = _status(base, application_id, submit, {"awaiting_review", "failed"})
        assert status["status"] == "awaiting_review", (status, log.read_text())
        queue = httpx.get(f"{base}/v1/queue", headers=submit).json()
        assert queue["total"] == 1
        decision = {"decision": "approve", "reviewer": "ulla"}
        decided = httpx.post(
            f"{base}/v1/applications/{application_id}/decision",
            json=decision,
            headers=keys.auth("underwriter"),
        )
        assert decided.status_code == 200 and decided.json()["status"] == "decided", decided.text
        verify = httpx.get(f"{base}/v1/audit/verify", headers=keys.auth("compliance")).json()
        assert verify["status"] == "intact", verify
        spec = httpx.get(f"{base}/openapi.json").json()
        assert "/v1/applications/{application_id}/decision" in spec["paths"]
        page = httpx.get(f"{base}/docs")
        assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
        assert httpx.get(f"{base}/docs-assets/swagger-ui-bundle.js").status_code == 200  # no CDN
