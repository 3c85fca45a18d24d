"""A full disk stops the batch in words and keeps what was done (drill: UW_HOME on a 4 MB tmpfs).

Before: the worker died with SQLite's "database or disk is full" traceback, its log could not be
written, and the supervisor restarted it for as long as the batch ran (27 restarts in 5 minutes, no
word on screen); a memo write that hit ENOSPC spent the job's attempt like any error.
"""

from __future__ import annotations

import asyncio
import errno
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from batch_support import QUICK, db_url, make_packets, make_repo, run_worker
from rich.console import Console
from sqlalchemy.exc import OperationalError

from underwrite.core.disk_full import DISK_FULL_EXIT, is_disk_full
from underwrite.core.schemas import Recommendation
from underwrite.queue.schemas import JobContext, JobOutcome
from underwrite.queue.staging import write_staged_memo
from underwrite.queue.supervisor import Supervisor, WorkerOptions

__all__ = ["db_url"]


def _sqlite_full() -> OperationalError:
    try:
        raise sqlite3.OperationalError("database or disk is full")
    except sqlite3.OperationalError as exc:
        return OperationalError("COMMIT", {}, exc)


@pytest.mark.parametrize(
    ("exc", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (_sqlite_full(), True),
        (OSError(errno.ENOENT, "No such file or directory"), False),
        (sqlite3.OperationalError("database is locked"), False),
        (ValueError("bad packet"), False),
    ],
)
def test_disk_full_is_recognised_in_its_shapes(exc: BaseException, full: bool) -> None:
    assert is_disk_full(exc) is full


def test_disk_full_is_found_behind_another_error() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("checkpoint write failed") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)


class FillsTheDisk:
    """Writes memos until ``ok`` jobs are done, then every write fails with ENOSPC."""

    def __init__(self, ok: int) -> None:
        self.ok = ok
        self.done = 0

    async def run(self, job: JobContext) -> JobOutcome:
        await asyncio.sleep(0.01)
        if self.done >= self.ok:
            raise OSError(errno.ENOSPC, "No space left on device", str(job.staging_dir))
        self.done += 1
        path, digest = write_staged_memo(job, f"memo for {job.application_id}")
        return JobOutcome(memo_path=path, memo_sha256=digest, recommendation=Recommendation.approve)

    async def aclose(self) -> None:
        return None


def test_worker_stops_on_a_full_disk_and_gives_the_job_back(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 8), max_attempts=1)
    runner = FillsTheDisk(ok=3)
    from underwrite.queue.worker import BatchWorker

    worker = BatchWorker(repo, runner, concurrency=1, poll_s=0.05)
    asyncio.run(asyncio.wait_for(worker.run(), timeout=60))
    assert worker.disk_full is not None and "No space left" in worker.disk_full
    states = [job.state for job in repo.jobs()]
    # What was done stays done; the job that hit the full disk is queued again, not failed with
    # its only attempt spent; the rest were never started.
    assert states.count("awaiting_review") == 3
    assert states.count("queued") == 5 and "failed" not in states
    assert all(job.attempts == 0 for job in repo.jobs() if job.state == "queued")


def test_a_worker_that_found_the_disk_full_stops_the_batch(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 2))
    supervisor = Supervisor(repo, 1, WorkerOptions(), Console(stderr=True))
    slot = supervisor.slots[0]
    slot.process = subprocess.Popen([sys.executable, "-c", f"raise SystemExit({DISK_FULL_EXIT})"])
    slot.process.wait()
    supervisor._reap_and_restart(pending=2)
    assert supervisor.starts == 0, "restarting a worker on a full disk only spins"
    assert supervisor.stopped_reason is not None and supervisor.stopped_reason.startswith("disk full")
    assert str(repo_home()) in supervisor.stopped_reason


def repo_home() -> Path:
    from underwrite.core.settings import get_settings

    return get_settings().home


def test_a_batch_stopped_by_a_full_disk_says_what_it_kept(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 4))
    run_worker(repo, FillsTheDisk(ok=2), concurrency=1)
    supervisor = Supervisor(repo, 1, WorkerOptions(), Console(stderr=True))
    supervisor.stopped_reason = "disk full: test"
    note = supervisor._kept_note(repo.counts())
    assert note.startswith("disk full: test. Kept: 2 memo(s) awaiting review; 2 job(s) not finished")


def test_the_console_script_says_disk_full_in_one_sentence(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from underwrite.cli import main as cli_main
    from underwrite.queue.repository import QueueRepository

    def full(*_a: object, **_k: object) -> None:
        raise _sqlite_full()

    monkeypatch.setattr(QueueRepository, "add", full)
    monkeypatch.setattr(sys, "argv", ["underwrite", "queue", "add", str(isolated_home)])
    with pytest.raises(SystemExit) as exit_info:
        cli_main.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "disk full" in err and "Traceback" not in err
