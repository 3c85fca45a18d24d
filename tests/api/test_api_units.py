"""The pieces under the routes: the token bucket, a submit that died before it was queued, the
staging sweep."""

from __future__ import annotations

import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from underwrite.api.limits import RateLimiter
from underwrite.api.staging import sweep_staging
from underwrite.api.submissions import accept
from underwrite.queue import QueueRepository


def test_token_bucket_spends_bursts_and_refills_at_the_rate() -> None:
    bucket = RateLimiter(rate_per_s=2.0, burst=3)
    assert [bucket.take("k", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("k", now=0.0) == 0.5  # one token takes 1 / rate seconds
    assert bucket.take("k", now=0.5) == 0.0
    assert bucket.take("other", now=0.5) == 0.0  # buckets are per key
    assert bucket.take("k", now=100.0) == 0.0 and bucket.take("k", now=100.0) == 0.0
    assert bucket.take("k", now=100.0) == 0.0 and bucket.take("k", now=100.0) > 0  # capped at burst


def _write(folder: Path, _application_id: str) -> None:
    (folder / "form.txt").write_text("Loan amount: 1000\n")


def test_a_retry_finishes_a_submit_that_died_before_the_queue() -> None:
    queue = QueueRepository()

    def crash(folder: Path, _application_id: str) -> None:
        raise KeyboardInterrupt  # the process dies after the row, before the job

    args = {"key_id": "k1", "idempotency_key": "i-1", "request_sha256": "h", "callback_url": None}
    with contextlib.suppress(KeyboardInterrupt):
        accept(queue, application_id="C-1", write=crash, **args)
    assert queue.jobs() == []
    retried = accept(queue, application_id="C-1", write=_write, **args)
    assert retried.replay and retried.application_id == "C-1"
    assert [j.application_id for j in queue.jobs()] == ["C-1"]


def test_concurrent_retries_queue_one_application() -> None:
    queue = QueueRepository()
    args = {"key_id": "k1", "idempotency_key": "same", "request_sha256": "h", "callback_url": None}
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda _i: accept(queue, application_id=None, write=_write, **args), range(4))
        )
    assert len({r.application_id for r in results}) == 1
    assert len(queue.jobs()) == 1 and sum(not r.replay for r in results) == 1


def test_staging_sweep_judges_folders_it_cannot_own_by_age(tmp_path: Path) -> None:
    foreign = tmp_path / ".staging-00000000-1-0123abcd-A-1"  # another host's name: its pid means nothing here
    foreign.mkdir()
    (foreign / "form.txt").write_text("half")
    published = tmp_path / "A-2"  # a packet folder, however old, is never the sweep's
    published.mkdir()
    stray = tmp_path / ".staging-file"  # not a folder
    stray.write_text("x")
    now = time.time()
    assert sweep_staging(tmp_path, stale_after_s=600, now=now).kept == [foreign.name]
    swept = sweep_staging(tmp_path, stale_after_s=600, now=now + 3600)
    assert swept.removed == [foreign.name] and swept.kept == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging-file", "A-2"]
