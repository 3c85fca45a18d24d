"""The queue repository on SQLite and (marked postgres) PostgreSQL."""

from __future__ import annotations

import hashlib
import multiprocessing
from datetime import timedelta
from pathlib import Path

import pytest
from batch_support import claim_until_empty, db_url, make_packets, make_repo
from sqlalchemy import func, select

from underwrite.core.schemas import Recommendation
from underwrite.queue.models import JobState, outputs_table, utcnow_naive
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.schemas import JobOutcome

__all__ = ["db_url"]  # the fixture, re-exported so pytest finds it here

FAST = RetryPolicy(
    lease_s=30,
    error_backoff_base_s=2,
    error_backoff_cap_s=60,
    transient_backoff_base_s=1,
    transient_backoff_cap_s=4,
)


def _outcome(repo, tmp_path: Path, text: str = "memo") -> JobOutcome:
    path = repo.staging_dir() / f"{hashlib.sha256(text.encode()).hexdigest()[:8]}-{tmp_path.name}.md"
    path.write_text(text)
    return JobOutcome(
        memo_path=path,
        memo_sha256=hashlib.sha256(text.encode()).hexdigest(),
        recommendation=Recommendation.refer,
    )


def test_add_rejects_duplicates_by_content_and_id(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url)
    (packet,) = make_packets(tmp_path / "a", 1)
    copy = tmp_path / "b" / "OTHER-NAME"
    copy.mkdir(parents=True)
    (copy / "application_form.txt").write_bytes((packet / "application_form.txt").read_bytes())
    same_name = tmp_path / "c" / packet.name
    same_name.mkdir(parents=True)
    (same_name / "application_form.txt").write_text("different content")

    report = repo.add([packet, copy, same_name, packet])
    assert [job.application_id for job in report.added] == [packet.name]
    reasons = [r.reason for r in report.rejected]
    assert "duplicate of job 1" in reasons[0] and "same files" in reasons[0]
    assert "already queued as job 1" in reasons[1]
    assert "duplicate of job 1" in reasons[2]
    assert repo.counts()["queued"] == 1


def test_expired_lease_makes_the_job_claimable_again(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST)
    repo.add(make_packets(tmp_path, 1))
    t0 = utcnow_naive()
    (first,) = repo.claim("worker-a", 5, now=t0)
    assert first.attempt == 1
    assert repo.claim("worker-b", 5, now=t0 + timedelta(seconds=29)) == []
    (again,) = repo.claim("worker-b", 5, now=t0 + timedelta(seconds=31))
    # The vanished worker's attempt is given back and counted as a lease loss instead.
    assert again.id == first.id and again.attempt == 1
    assert repo.job(first.id).lease_owner == "worker-b"
    assert repo.job(first.id).lease_losses == 1


def test_heartbeat_keeps_the_lease_and_reports_lost_ones(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, RetryPolicy(lease_s=30))
    repo.add(make_packets(tmp_path, 2))
    jobs = repo.claim("worker-a", 2)
    assert repo.heartbeat("worker-a", [j.id for j in jobs]) == {j.id for j in jobs}
    later = utcnow_naive() + timedelta(seconds=31)
    (stolen,) = repo.claim("worker-b", 1, now=later)
    assert repo.heartbeat("worker-a", [j.id for j in jobs]) == {j.id for j in jobs} - {stolen.id}


def test_zombie_worker_cannot_complete_or_fail_a_job_it_lost(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST)
    repo.add(make_packets(tmp_path, 1))
    t0 = utcnow_naive()
    (job,) = repo.claim("zombie", 1, now=t0)
    (taken,) = repo.claim("rescuer", 1, now=t0 + timedelta(seconds=60))

    zombie_outcome = _outcome(repo, tmp_path, "zombie memo")
    assert not repo.complete(job.id, "zombie", zombie_outcome, job.run_key, job.attempt, job.application_id)
    assert repo.fail(job.id, "zombie", "error", "late failure") is None
    assert zombie_outcome.memo_path.exists()  # not published; the worker deletes it
    assert not repo.final_memo_path(job.application_id, job.run_key).exists()

    good = _outcome(repo, tmp_path, "rescuer memo")
    assert repo.complete(taken.id, "rescuer", good, taken.run_key, taken.attempt, taken.application_id)
    # A second completion of the same run (e.g. a retried duplicate) writes nothing either.
    assert not repo.complete(taken.id, "rescuer", _outcome(repo, tmp_path, "x"), taken.run_key, 2, "APP-0000")
    with repo.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(outputs_table)).scalar_one() == 1
    view = repo.job(job.id)
    assert view.state == JobState.awaiting_review
    assert Path(view.memo_path or "").read_text() == "rescuer memo"


def test_outputs_are_unique_per_application_and_run(db_url: str, tmp_path: Path) -> None:
    """The constraint itself, not only the lease check, refuses a second memo for one run."""
    from sqlalchemy.exc import IntegrityError

    repo = make_repo(db_url)
    repo.add(make_packets(tmp_path, 1))
    (job,) = repo.claim("w", 1)
    row = {
        "job_id": job.id,
        "application_id": job.application_id,
        "run_key": job.run_key,
        "attempt": 1,
        "worker": "w",
        "memo_path": "/x",
        "memo_sha256": "0" * 64,
        "recommendation": "refer",
        "created_at": utcnow_naive(),
    }
    with repo.engine.begin() as conn:
        conn.execute(outputs_table.insert().values(**row))
    with pytest.raises(IntegrityError), repo.engine.begin() as conn:
        conn.execute(outputs_table.insert().values(**row | {"attempt": 2}))


def test_errors_retry_with_growing_backoff_until_the_budget_is_spent(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST)
    repo.add(make_packets(tmp_path, 1), max_attempts=3)
    delays = []
    for attempt in (1, 2, 3):
        now = utcnow_naive() + timedelta(hours=attempt)  # far enough for any backoff to be over
        (job,) = repo.claim("w", 1, now=now)
        assert job.attempt == attempt
        state = repo.fail(job.id, "w", "error", f"boom {attempt}")
        view = repo.job(job.id)
        if attempt < 3:
            assert state == JobState.retry_wait
            delays.append((view.not_before - utcnow_naive()).total_seconds())
            assert repo.claim("w", 1) == []  # still backing off
    assert state == JobState.failed
    assert view.failure_reason is not None and view.failure_reason.startswith(
        "gave up after 3 attempts: boom 3"
    )
    # base 2 s: first wait in [1, 2], second in [2, 4] (jittered exponential)
    assert 0.9 <= delays[0] <= 2.1 and 1.9 <= delays[1] <= 4.1


def test_transient_errors_do_not_burn_attempts(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST)
    repo.add(make_packets(tmp_path, 1), max_attempts=1)
    for n in range(1, 6):
        (job,) = repo.claim("w", 1, now=utcnow_naive() + timedelta(hours=n))
        assert job.attempt == 1
        assert repo.fail(job.id, "w", "transient", "ConnectError") == JobState.retry_wait
    view = repo.job(job.id)
    assert view.attempts == 0 and view.transient_errors == 5
    assert view.not_before - utcnow_naive() <= timedelta(seconds=4.1)  # capped


def test_transient_budget_is_finite(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST.model_copy(update={"max_transient_errors": 2}))
    repo.add(make_packets(tmp_path, 1))
    for n in (1, 2):
        (job,) = repo.claim("w", 1, now=utcnow_naive() + timedelta(hours=n))
        state = repo.fail(job.id, "w", "transient", "ConnectError")
    assert state == JobState.failed
    assert "LLM unavailable through 2 retries" in (repo.job(job.id).failure_reason or "")


def test_permanent_error_fails_at_once(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST)
    repo.add(make_packets(tmp_path, 1), max_attempts=5)
    (job,) = repo.claim("w", 1)
    assert repo.fail(job.id, "w", "permanent", "DocumentError: not a PDF") == JobState.failed
    assert repo.job(job.id).failure_reason == "DocumentError: not a PDF"


def test_worker_lost_on_every_attempt_ends_failed(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST.model_copy(update={"max_lease_losses": 3}))
    repo.add(make_packets(tmp_path, 1), max_attempts=2)
    t = utcnow_naive()
    repo.claim("a", 1, now=t)
    (again,) = repo.claim("b", 1, now=t + timedelta(minutes=1))
    (third,) = repo.claim("c", 1, now=t + timedelta(minutes=2))
    # Lost leases give the attempt back: the retry budget is untouched by workers dying.
    assert again.attempt == 1 and third.attempt == 1
    assert repo.claim("d", 1, now=t + timedelta(minutes=3)) == []
    job = repo.jobs()[0]
    assert job.state == JobState.failed
    assert "lost the job 3 times" in (job.failure_reason or "")


def test_release_gives_the_attempt_back_and_retry_requeues_failed(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, FAST)
    repo.add(make_packets(tmp_path, 2))
    first, second = repo.claim("w", 2)
    assert repo.release("w", [first.id]) == 1
    released = repo.job(first.id)
    assert (released.state, released.attempts, released.lease_owner) == ("queued", 0, None)

    repo.fail(second.id, "w", "permanent", "bad file")
    with pytest.raises(ValueError, match="not failed"):
        repo.retry(first.id)
    with pytest.raises(LookupError):
        repo.retry(999)
    again = repo.retry(second.id)
    assert (again.state, again.attempts, again.failure_reason) == ("queued", 0, None)


def test_concurrent_processes_never_claim_a_job_twice(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url)
    repo.add(make_packets(tmp_path, 50))
    repo.engine.dispose()
    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(4), ctx.Queue()
    procs = [
        ctx.Process(target=claim_until_empty, args=(db_url, f"proc-{i}", 3, barrier, queue)) for i in range(4)
    ]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=180)[1] for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    claimed = [job_id for ids in results for job_id in ids]
    assert sorted(claimed) == sorted(job.id for job in repo.jobs())
    assert len(claimed) == len(set(claimed)) == 50
    assert all(job.attempts == 1 and job.state == "running" for job in repo.jobs())
    assert sum(1 for ids in results if ids) >= 3, "claims were not actually concurrent"
