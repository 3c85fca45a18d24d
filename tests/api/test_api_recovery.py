"""After a crash: the staging folders a killed submit left are swept at start-up (only stale ones),
what the database holds is finished by the retry, and a batch under an Idempotency-Key is queued once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from api_support import Keys, MakeClient
from sqlalchemy import update

from underwrite.api.models import submissions_table
from underwrite.api.routers import submit
from underwrite.api.staging import PREFIX, staging_dir
from underwrite.api.submissions import packets_root
from underwrite.core.db import get_engine
from underwrite.queue.models import utcnow_naive
from underwrite.records.audit import AuditLog

ROOT = Path(__file__).resolve().parents[2]
FACTS = {"applicant_name": "Erika Mustermann", "loan_amount": 12500, "loan_term_months": 36}
CRASH = """
import os, sys
from underwrite.api.routers.submit import facts_submission
from underwrite.api.schemas import FactsSubmission
from underwrite.api.submissions import accept
from underwrite.queue import QueueRepository

body = FactsSubmission.model_validate_json(sys.argv[2])
def crash(folder, application_id):
    (folder / f"{application_id}.facts.json").write_text('{"applicant_name": "Eri')  # half written
    os._exit(3)  # killed mid-write: no exception handler, no clean-up
accept(QueueRepository(), key_id=sys.argv[1], idempotency_key=sys.argv[3] or None,
       request_sha256=facts_submission(body).request_sha256, application_id=body.application_id,
       callback_url=None, write=crash)
"""


def _crash_mid_write(key_id: str, body: str, idempotency_key: str = "crash-1") -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-c", CRASH, key_id, body, idempotency_key]
    done = subprocess.run(command, env=env, timeout=300)
    assert done.returncode == 3


def _age(folder: Path, seconds: float) -> None:
    past = time.time() - seconds
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (past, past))


def test_start_up_sweeps_stale_staging_and_the_retry_finishes_the_submit(
    make_client: MakeClient, keys: Keys
) -> None:
    read = keys.auth("intake")
    first = make_client(background=False)
    queued = first.post(
        "/v1/applications/facts", json={"application_id": "OK-1", "facts": FACTS}, headers=read
    )
    assert queued.status_code == 202
    body = {"application_id": "C-9", "facts": {**FACTS, "loan_amount": 9000}}
    _crash_mid_write(keys.ids["intake"], json.dumps(body))
    root = packets_root()
    dead = [p.name for p in root.iterdir() if p.name.startswith(PREFIX)]
    assert len(dead) == 1 and dead[0].endswith("-C-9")
    old = root / f"{PREFIX}OLD-1-0123abcd"  # an older build's name: no owner, judged by age
    old.mkdir()
    (old / "form.txt").write_text("half")
    _age(old, 3600)
    recent = root / f"{PREFIX}NEW-1-0123abcd"  # no owner and recent: may be mid-write elsewhere
    recent.mkdir()
    mine = staging_dir(root, "LIVE-1")  # this process is alive: its folder is kept
    mine.mkdir()

    restarted = make_client(background=False)  # start-up runs the sweep
    left = sorted(p.name for p in root.iterdir())
    assert left == sorted(["OK-1", recent.name, mine.name])
    swept = [e for e in AuditLog().records("api") if e.kind == "api_staging_swept"]
    assert sorted(swept[-1].payload["removed"]) == sorted([dead[0], old.name])
    assert (root / "OK-1" / "OK-1.facts.json").is_file()  # what was queued is untouched

    # The crashed submit's row is in the database: its retry (same key, same body) finishes it.
    retry = restarted.post(
        "/v1/applications/facts", json=body, headers={**read, "Idempotency-Key": "crash-1"}
    )
    assert retry.status_code == 200 and retry.json()["application_id"] == "C-9", retry.text
    assert json.loads((root / "C-9" / "C-9.facts.json").read_text())["loan_amount"] == 9000
    jobs = restarted.get("/v1/queue", headers=read).json()["jobs"]
    assert sorted(j["application_id"] for j in jobs) == ["C-9", "OK-1"]


def test_a_crashed_submit_without_a_key_does_not_hold_its_id_forever(
    make_client: MakeClient, keys: Keys
) -> None:
    body = {"application_id": "C-10", "facts": {**FACTS, "loan_amount": 7000}}
    _crash_mid_write(keys.ids["intake"], json.dumps(body), idempotency_key="")
    _crash_mid_write(keys.ids["intake"], json.dumps({**body, "application_id": "C-11"}), "keyed")
    with get_engine().begin() as c:  # both an hour old: long abandoned
        c.execute(update(submissions_table).values(created_at=utcnow_naive() - timedelta(hours=1)))
    client = make_client(background=False)
    swept = [e for e in AuditLog().records("api") if e.kind == "api_staging_swept"]
    assert swept[-1].payload["released_application_ids"] == ["C-10"]  # the keyed one waits for its retry
    read = keys.auth("intake")
    again = client.post("/v1/applications/facts", json={**body, "facts": FACTS}, headers=read)
    assert again.status_code == 202, again.text
    assert json.loads((packets_root() / "C-10" / "C-10.facts.json").read_text()) == FACTS
    keyed = client.post(
        "/v1/applications/facts",
        json={**body, "application_id": "C-11"},
        headers={**read, "Idempotency-Key": "keyed"},
    )
    assert keyed.status_code == 200 and keyed.json()["application_id"] == "C-11"


def _batch(n: int, prefix: str = "B") -> dict[str, object]:
    return {
        "applications": [
            {"application_id": f"{prefix}-{i}", "facts": {**FACTS, "loan_amount": 1000 + i}} for i in range(n)
        ]
    }


def test_a_retried_batch_returns_the_first_response(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(background=False)
    headers = {**keys.auth("intake"), "Idempotency-Key": "batch-7"}
    body = _batch(3)
    body["applications"].append({"application_id": "B-0", "facts": FACTS})  # type: ignore[attr-defined]
    first = client.post("/v1/batches", json=body, headers=headers)
    assert first.status_code == 202 and first.json()["added"] == 3 and first.json()["rejected"] == 1
    again = make_client(background=False).post("/v1/batches", json=body, headers=headers)  # after a restart
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["items"] == first.json()["items"] and again.json()["idempotent_replay"]
    assert client.get("/v1/queue", headers=headers).json()["total"] == 3

    other = client.post("/v1/batches", json=_batch(2, "X"), headers=headers)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"
    assert client.get("/v1/queue", headers=headers).json()["total"] == 3


def test_a_batch_cut_short_is_finished_by_its_retry(
    make_client: MakeClient, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client(background=False)
    headers = {**keys.auth("intake"), "Idempotency-Key": "batch-8"}
    real, calls = submit.facts_submission, []

    def dies_at_the_third(body: object) -> submit.Submission:
        calls.append(body)
        if len(calls) == 3:
            raise RuntimeError("the process died here")
        return real(body)  # type: ignore[arg-type]

    monkeypatch.setattr(submit, "facts_submission", dies_at_the_third)
    with pytest.raises(RuntimeError):
        client.post("/v1/batches", json=_batch(5), headers=headers)
    assert client.get("/v1/queue", headers=headers).json()["total"] == 2
    monkeypatch.setattr(submit, "facts_submission", real)
    retry = client.post("/v1/batches", json=_batch(5), headers=headers)
    assert retry.status_code == 202 and retry.json()["added"] == 5 and retry.json()["rejected"] == 0
    jobs = client.get("/v1/queue", headers=headers).json()["jobs"]
    assert sorted(j["application_id"] for j in jobs) == [f"B-{i}" for i in range(5)]
    assert retry.json()["items"][0]["job_id"] == jobs[0]["job_id"]  # the first attempt's job, replayed


def test_idempotency_keys_are_per_api_key(make_client: MakeClient, keys: Keys) -> None:
    """Another key sending the same Idempotency-Key is another client: no replay of the first's work."""
    client = make_client(background=False)
    facts = {"facts": FACTS}
    first = client.post(
        "/v1/applications/facts", json=facts, headers={**keys.auth("intake"), "Idempotency-Key": "k"}
    )
    second = client.post(
        "/v1/applications/facts", json=facts, headers={**keys.auth("underwriter"), "Idempotency-Key": "k"}
    )
    assert first.status_code == 202 and second.status_code == 202
    assert first.json()["application_id"] != second.json()["application_id"]
    batch = client.post(
        "/v1/batches", json=_batch(1), headers={**keys.auth("underwriter"), "Idempotency-Key": "k"}
    )
    assert batch.status_code == 202 and batch.json()["added"] == 1
