"""The `llm-calls` runner through LLMClient against the project's fake OpenAI server (real HTTP).

Also how the client's typed errors land in the queue, and that the two retry layers stack as
documented: one quick client retry per queue attempt, every longer wait in the queue.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from batch_support import QUICK, db_url, make_packets, make_repo, run_worker

from underwrite.core.schemas import Recommendation
from underwrite.llm import (
    LLMRequestError,
    LLMResponseError,
    LLMTimeoutError,
    LLMUnavailableError,
    StructuredOutputError,
)
from underwrite.llm.embedded import free_port
from underwrite.queue.errors import classify_failure
from underwrite.queue.llm_runner import BATCH_CLIENT_RETRY, LLMCallRunner
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

__all__ = ["db_url"]

SECTION = Reply.say("Income covers the instalment. Recommendation: approve with conditions.")
# The batch client's single retry, with its waits shrunk to test size (same count as production).
FAST_CLIENT_RETRY = BATCH_CLIENT_RETRY.model_copy(update={"base_delay_s": 0.01, "max_delay_s": 0.02})


def _runner(url: str, calls_per_job: int) -> LLMCallRunner:
    runner = LLMCallRunner(base_url=url, calls_per_job=calls_per_job)
    runner.client.retry = FAST_CLIENT_RETRY
    return runner


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (LLMUnavailableError("refused", attempts=2), "transient"),
        (LLMUnavailableError("HTTP 503", attempts=2, status_code=503), "transient"),
        (LLMTimeoutError("slow", attempts=2, timeout_s=1.0), "transient"),
        (LLMRequestError("HTTP 400: prompt too long", status_code=400), "permanent"),
        (LLMRequestError("HTTP 404: no such model", status_code=404), "permanent"),
        (LLMRequestError("HTTP 408 from a proxy", status_code=408), "transient"),
        (LLMResponseError("no choices"), "error"),
        (StructuredOutputError("bad", schema_name="Memo", raw_text="{", errors="x"), "error"),
    ],
)
def test_llm_client_errors_map_onto_the_queue_classes(error: Exception, kind: str) -> None:
    assert classify_failure(error) == kind


def test_drafts_memos_through_llm_client(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 4))
    with FakeOpenAIServer(default=SECTION, latency_s=0.05) as server:
        run_worker(repo, _runner(server.url, calls_per_job=2))
    stats = server.wait_idle()
    assert stats.calls == 8 and stats.max_in_flight >= 2  # jobs ran concurrently
    first_calls = [r.body for r in server.chat_requests if r.body and len(r.body["messages"]) == 2]
    assert len(first_calls) == 4 and all(
        "application_form.txt" in b["messages"][1]["content"] for b in first_calls
    )
    for job in repo.jobs():
        assert job.state == "awaiting_review" and job.transient_errors == 0
        memo = Path(job.memo_path or "").read_text()
        assert f"Credit memo draft — {job.application_id}" in memo and memo.count("## Section") == 2
        assert job.recommendation == Recommendation.approve_with_conditions.value
    assert list(repo.staging_dir().iterdir()) == []  # every staged memo was published


def test_rejected_request_fails_the_job_at_once_with_the_servers_reason(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 1))
    too_long = Reply.error(400, "This model's maximum context length is 8192 tokens")
    with FakeOpenAIServer(default=too_long) as server:
        run_worker(repo, _runner(server.url, calls_per_job=3))
    (job,) = repo.jobs()
    assert job.state == "failed" and job.transient_errors == 0
    assert (job.failure_reason or "").startswith("LLMRequestError: LLM server rejected the request: HTTP 400")
    assert "maximum context length is 8192" in (job.failure_reason or "")
    assert len(server.chat_requests) == 1  # neither the client nor the queue retried it


def test_one_blip_is_absorbed_by_the_client_without_a_queue_retry(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 1))
    with FakeOpenAIServer([SECTION, Reply.error(503, "busy")], default=SECTION) as server:
        run_worker(repo, _runner(server.url, calls_per_job=2))
    (job,) = repo.jobs()
    assert job.state == "awaiting_review" and job.transient_errors == 0 and job.attempts == 1
    assert len(server.chat_requests) == 3  # call 1, call 2 (503), call 2 again


def test_persistent_5xx_goes_back_to_the_queue_after_one_client_retry(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK.model_copy(update={"max_transient_errors": 2}))
    repo.add(make_packets(tmp_path, 1))
    with FakeOpenAIServer(default=Reply.error(503, "overloaded")) as server:
        run_worker(repo, _runner(server.url, calls_per_job=1))
    (job,) = repo.jobs()
    assert job.state == "failed" and job.attempts == 0
    reason = job.failure_reason or ""
    assert reason.startswith("LLM unavailable through 2 retries") and "bound of 2 retries" in reason
    assert "last error: LLMUnavailableError" in reason
    assert len(server.chat_requests) == 2 * 2  # two queue attempts × (first try + one client retry)


def test_dead_server_is_transient(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK.model_copy(update={"max_transient_errors": 2}))
    repo.add(make_packets(tmp_path, 1))
    run_worker(repo, _runner(f"http://127.0.0.1:{free_port()}/v1", calls_per_job=1))
    (job,) = repo.jobs()
    assert job.state == "failed" and job.attempts == 0
    assert "LLM unavailable through 2 retries" in (job.failure_reason or "")
    assert "last error: LLMUnavailableError" in (job.failure_reason or "")
    assert "connection failed" in (job.failure_reason or "")


def test_jobs_wait_out_an_outage_and_finish_once_the_server_is_back(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 3), max_attempts=1)
    server = FakeOpenAIServer(default=SECTION, latency_s=0.02).start()
    url = server.url
    server.stop()  # down before the batch starts; back on the same port a second later
    restart = threading.Timer(1.0, server.start)
    restart.start()
    try:
        run_worker(repo, _runner(url, calls_per_job=2))
    finally:
        restart.cancel()
        server.stop()
    jobs = repo.jobs()
    assert {job.state for job in jobs} == {"awaiting_review"}
    assert all(job.transient_errors >= 1 and job.attempts == 1 for job in jobs)
    assert server.wait_idle().calls == 3 * 2
