"""`underwrite batch`: N worker processes, restarted when they die, watched through the database.

Workers run in their own sessions so a terminal's Ctrl-C reaches only the supervisor, which then
asks each worker to stop (SIGTERM → cancel, release, exit). A worker that does not stop within the
grace period is killed and its leases are released here — it is certainly dead by then.
A worker that exits because the disk is full (``DISK_FULL_EXIT``) stops the whole batch: every other
worker would hit the same disk, and a restart loop would only spin. What was finished stays.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from pydantic import BaseModel, Field
from rich.console import Console

import underwrite
from underwrite.core.disk_full import DISK_FULL_EXIT, disk_full_message
from underwrite.core.settings import get_settings
from underwrite.queue.models import PENDING_STATES, JobState
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.progress import BatchProgress, BatchSummary, finished
from underwrite.queue.repository import QueueRepository

_QUICK_EXIT_S = 5.0
_MAX_QUICK_FAILURES = 5


class WorkerOptions(BaseModel):
    concurrency: int = Field(default=4, ge=1)
    runner: str = "agent"
    calls_per_job: int = Field(default=3, ge=1)
    lease_s: float = Field(default=30.0, gt=0)
    poll_s: float = Field(default=0.5, gt=0)
    # The bound on a job's wait for an unavailable LLM (RetryPolicy.max_transient_wait_s).
    llm_wait_s: float = Field(default=RetryPolicy().max_transient_wait_s, gt=0)


@dataclass
class WorkerSlot:
    index: int
    process: subprocess.Popen[bytes] | None = None
    owner: str = ""
    started: float = 0.0
    quick_failures: int = 0
    log: IO[bytes] | None = field(default=None, repr=False)


class WorkerCrashLoop(RuntimeError):
    """Workers die as soon as they start; continuing would only spin."""


class Supervisor:
    def __init__(
        self,
        repo: QueueRepository,
        workers: int,
        options: WorkerOptions,
        console: Console,
        refresh_s: float = 0.5,
        grace_s: float = 20.0,
    ) -> None:
        self.repo = repo
        self.options = options
        self.console = console
        self.refresh_s = refresh_s
        self.grace_s = grace_s
        self.slots = [WorkerSlot(index=i) for i in range(workers)]
        self.starts = 0
        self.stop_requested = False
        self.stopped_reason: str | None = None
        self.logs_dir = get_settings().logs_dir
        self.logs_dir.mkdir(parents=True, exist_ok=True)

    def live_pids(self) -> list[int]:
        return [s.process.pid for s in self.slots if s.process is not None and s.process.poll() is None]

    def request_stop(self, signum: int = 0, _frame: FrameType | None = None) -> None:
        self.stop_requested = True

    def run(self) -> BatchSummary:
        previous = {sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        started = time.monotonic()
        start_counts = self.repo.counts()
        released = 0
        try:
            with BatchProgress(self.console, start_counts) as progress:
                for slot in self.slots:
                    self._start(slot)
                while True:
                    counts = self.repo.counts()
                    waiting = self.repo.waiting() if counts[JobState.retry_wait.value] else None
                    progress.update(counts, len(self.live_pids()), waiting)
                    if self.stop_requested:
                        break
                    pending = sum(counts[s.value] for s in PENDING_STATES)
                    self._reap_and_restart(pending)
                    if self.stopped_reason is not None:
                        break
                    if pending == 0 and not self.live_pids():
                        break
                    time.sleep(self.refresh_s)
                if self.stop_requested:
                    released = self._stop_workers()
                progress.update(self.repo.counts(), len(self.live_pids()))
        finally:
            self._stop_workers()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        elapsed = time.monotonic() - started
        end_counts = self.repo.counts()
        processed = finished(end_counts) - finished(start_counts)
        return BatchSummary(
            processed=processed,
            counts=end_counts,
            elapsed_s=round(elapsed, 3),
            jobs_per_s=round(processed / elapsed, 3) if elapsed > 0 else 0.0,
            workers=len(self.slots),
            concurrency=self.options.concurrency,
            worker_starts=self.starts,
            worker_restarts=self.starts - len(self.slots),
            interrupted=self.stop_requested,
            released_on_shutdown=released,
            stopped_reason=self._kept_note(end_counts) if self.stopped_reason else None,
        )

    def _kept_note(self, counts: dict[str, int]) -> str:
        pending = sum(counts[s.value] for s in PENDING_STATES)
        return (
            f"{self.stopped_reason}. Kept: {counts[JobState.awaiting_review.value]} memo(s) awaiting "
            f"review; {pending} job(s) not finished stay queued and resume on the next `underwrite batch`"
        )

    def _start(self, slot: WorkerSlot) -> None:
        slot.owner = f"{socket.gethostname()}:w{slot.index}:{uuid.uuid4().hex[:8]}"
        if slot.log is None:
            slot.log = (self.logs_dir / f"batch-worker-{slot.index}.log").open("ab")
        o = self.options
        command = [
            sys.executable, "-m", "underwrite.queue.worker",
            "--owner", slot.owner,
            "--concurrency", str(o.concurrency),
            "--runner", o.runner,
            "--calls-per-job", str(o.calls_per_job),
            "--lease-seconds", str(o.lease_s),
            "--poll-seconds", str(o.poll_s),
            "--llm-wait-seconds", str(o.llm_wait_s),
        ]  # fmt: skip
        slot.process = subprocess.Popen(
            command,
            env=_child_env(),
            stdin=subprocess.DEVNULL,
            stdout=slot.log,
            stderr=slot.log,
            start_new_session=True,
        )
        slot.started = time.monotonic()
        self.starts += 1

    def _reap_and_restart(self, pending: int) -> None:
        for slot in self.slots:
            if slot.process is None or slot.process.poll() is None:
                continue
            code = slot.process.returncode
            lived = time.monotonic() - slot.started
            slot.process = None
            if code == DISK_FULL_EXIT:
                self.stopped_reason = disk_full_message(get_settings().home)
                return
            if pending == 0 or self.stop_requested:
                continue
            if code != 0 and lived < _QUICK_EXIT_S:
                slot.quick_failures += 1
                if slot.quick_failures >= _MAX_QUICK_FAILURES:
                    raise WorkerCrashLoop(
                        f"worker {slot.index} exited with code {code} within {_QUICK_EXIT_S:.0f}s "
                        f"{slot.quick_failures} times in a row; "
                        f"see {self.logs_dir}/batch-worker-{slot.index}.log"
                    )
            else:
                slot.quick_failures = 0
            self._start(slot)

    def _stop_workers(self) -> int:
        """SIGTERM every live worker, wait for the grace period, kill and release the rest."""
        alive = [s for s in self.slots if s.process is not None and s.process.poll() is None]
        running_before = self.repo.job_ids_in_state(JobState.running)
        for slot in alive:
            assert slot.process is not None
            slot.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace_s
        for slot in alive:
            assert slot.process is not None
            try:
                slot.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                slot.process.kill()
                slot.process.wait()
                self.repo.release(slot.owner)
        for slot in self.slots:
            if slot.log is not None:
                slot.log.close()
                slot.log = None
        return len(running_before & self.repo.job_ids_in_state(JobState.queued))


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Workers must import this very tree, also when it runs from a checkout via PYTHONPATH.
    root = str(Path(underwrite.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env
