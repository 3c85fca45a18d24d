"""One worker process: claims up to M jobs at a time and runs them concurrently with asyncio.

Database calls are synchronous SQLAlchemy and run in threads, so a writer waiting on SQLite's
lock never stalls the LLM calls in flight. On SIGTERM/SIGINT the worker stops claiming, cancels
what it runs and releases those jobs (attempt given back); on SIGKILL its leases simply expire.
A full disk stops the worker the same way (the job it hit is released, not failed: retrying
elsewhere cannot help and would fail every job left) and it exits with ``DISK_FULL_EXIT``, which the
supervisor turns into one sentence for the operator (the worker's own log may not be writable).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
import uuid
from contextlib import suppress
from pathlib import Path

from underwrite.core.disk_full import DISK_FULL_EXIT, is_disk_full
from underwrite.queue.claim import ClaimedJob
from underwrite.queue.errors import PermanentJobError, classify_failure
from underwrite.queue.packets import packet_content_hash
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.repository import QueueRepository
from underwrite.queue.runners import RUNNER_NAMES, JobRunner, make_runner
from underwrite.queue.schemas import JobContext
from underwrite.records.log_masking import install_log_masking

log = logging.getLogger("underwrite.batch.worker")


def new_worker_id() -> str:
    """host:pid:nonce — unique per process start, so a restarted worker never inherits leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class BatchWorker:
    def __init__(
        self,
        repo: QueueRepository,
        runner: JobRunner,
        concurrency: int,
        owner: str | None = None,
        poll_s: float = 0.5,
        exit_when_drained: bool = True,
    ) -> None:
        self.repo = repo
        self.runner = runner
        self.concurrency = concurrency
        self.owner = owner or new_worker_id()
        self.poll_s = poll_s
        self.exit_when_drained = exit_when_drained
        self.stopping = asyncio.Event()
        self.disk_full: str | None = None
        """The error that stopped this worker because the disk is full, if one did."""
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def request_stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        heartbeat = asyncio.create_task(self._heartbeat_loop())
        try:
            await self._claim_loop()
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self._stop_for_disk_full(exc)
        finally:
            heartbeat.cancel()
            await self._shutdown()
            await self.runner.aclose()

    async def _claim_loop(self) -> None:
        while not self.stopping.is_set():
            free = self.concurrency - len(self._tasks)
            claimed: list[ClaimedJob] = []
            if free > 0:
                claimed = await asyncio.to_thread(self.repo.claim, self.owner, free)
                for job in claimed:
                    self._tasks[job.id] = asyncio.create_task(self._run_job(job), name=f"job-{job.id}")
            idle = not self._tasks and not claimed
            if idle and self.exit_when_drained and await asyncio.to_thread(self.repo.pending) == 0:
                return
            # Claim again at once while slots are free and work is coming; otherwise wait for a
            # slot to free, a stop request, or poll_s (new jobs, ended backoffs, expired leases).
            if claimed and len(self._tasks) < self.concurrency:
                continue
            stop_waiter = asyncio.ensure_future(self.stopping.wait())
            await asyncio.wait(
                {stop_waiter, *self._tasks.values()}, timeout=self.poll_s, return_when=asyncio.FIRST_COMPLETED
            )
            stop_waiter.cancel()

    async def _run_job(self, job: ClaimedJob) -> None:
        try:
            await self._attempt(job)
        finally:
            # Only now: the lease is heartbeated (and released on shutdown) until the end.
            self._tasks.pop(job.id, None)

    def _stop_for_disk_full(self, exc: BaseException) -> None:
        if self.disk_full is None:
            self.disk_full = f"{type(exc).__name__}: {exc}"
            log.error("disk full, stopping this worker: %s", self.disk_full)
        self.stopping.set()

    async def _attempt(self, job: ClaimedJob) -> None:
        try:
            await self._attempt_once(job)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            # Not the job's fault: give its attempt back (if the database can still be written;
            # otherwise its lease expires and the next batch claims it again).
            self._stop_for_disk_full(exc)
            with suppress(Exception):
                await asyncio.to_thread(self.repo.release, self.owner, [job.id])

    async def _attempt_once(self, job: ClaimedJob) -> None:
        try:
            context = self._context(job)
            outcome = await self.runner.run(context)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a runner may fail any way; the policy decides what happens next
            if is_disk_full(exc):
                raise
            kind = classify_failure(exc)
            message = f"{type(exc).__name__}: {exc}"
            state = await asyncio.to_thread(self.repo.fail, job.id, self.owner, kind, message)
            log.warning("job %s (%s) %s error → %s: %s", job.id, job.application_id, kind, state, message)
            return
        done = await asyncio.to_thread(
            self.repo.complete, job.id, self.owner, outcome, job.run_key, job.attempt, job.application_id
        )
        if not done:
            # Lease lost (taken over after we stalled): our result must not be published.
            outcome.memo_path.unlink(missing_ok=True)
            log.warning("job %s lease lost before completion; result discarded", job.id)

    def _context(self, job: ClaimedJob) -> JobContext:
        packet_dir = Path(job.packet_dir)
        if not packet_dir.is_dir():
            raise PermanentJobError(f"packet folder {packet_dir} no longer exists")
        if packet_content_hash(packet_dir) != job.content_hash:
            raise PermanentJobError(f"packet folder {packet_dir} changed after it was queued")
        return JobContext(
            job_id=job.id,
            application_id=job.application_id,
            packet_dir=packet_dir,
            attempt=job.attempt,
            run_key=job.run_key,
            staging_dir=self.repo.staging_dir(),
            lease=self.repo.lease_fence(self.owner, job.id, job.application_id),
        )

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(self.repo.policy.heartbeat_s)
            running = list(self._tasks)
            if not running:
                continue
            try:
                held = await asyncio.to_thread(self.repo.heartbeat, self.owner, running)
            except Exception:  # the database blinked; the next beat tries again within the lease
                log.exception("heartbeat failed")
                continue
            for job_id in set(running) - held:
                task = self._tasks.get(job_id)
                if task is not None:
                    log.warning("job %s: lease taken over; stopping our copy", job_id)
                    task.cancel()

    async def _shutdown(self) -> None:
        tasks = list(self._tasks.values())
        ids = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
        if ids:
            try:
                released = await asyncio.to_thread(self.repo.release, self.owner, ids)
            except Exception as exc:  # a full disk: the leases expire instead
                if not is_disk_full(exc):
                    raise
                self._stop_for_disk_full(exc)
                return
            log.info("released %d running job(s) back to the queue", released)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="underwrite-batch-worker")
    parser.add_argument("--owner", default=None, help="Lease owner id (default: host:pid:nonce)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--runner", choices=RUNNER_NAMES, default="agent")
    parser.add_argument("--calls-per-job", type=int, default=3)
    parser.add_argument("--lease-seconds", type=float, default=30.0)
    parser.add_argument("--poll-seconds", type=float, default=0.5)
    parser.add_argument(
        "--llm-wait-seconds",
        type=float,
        default=RetryPolicy().max_transient_wait_s,
        help="Longest a job waits for an unavailable LLM before it fails",
    )
    return parser.parse_args(argv)


async def _amain(args: argparse.Namespace) -> None:
    policy = RetryPolicy.for_lease(args.lease_seconds, max_transient_wait_s=args.llm_wait_seconds)
    repo = QueueRepository(policy=policy)
    runner = make_runner(args.runner, calls_per_job=args.calls_per_job, concurrency=args.concurrency)
    worker = BatchWorker(
        repo, runner, concurrency=args.concurrency, owner=args.owner, poll_s=args.poll_seconds
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.request_stop)
    log.info("worker %s started (concurrency %d, runner %s)", worker.owner, args.concurrency, args.runner)
    await worker.run()
    if worker.disk_full is not None:
        raise SystemExit(DISK_FULL_EXIT)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(
        level=os.environ.get("UW_LOG_LEVEL", "WARNING"),
        stream=sys.stderr,
        format="%(asctime)s worker[%(process)d] %(levelname)s %(message)s",
    )

    install_log_masking()
    try:
        asyncio.run(_amain(_parse_args(argv)))
    except Exception as exc:  # e.g. opening the database on a full disk, before any job ran
        if not is_disk_full(exc):
            raise
        print(f"worker: disk full: {type(exc).__name__}: {exc}", file=sys.stderr)
        raise SystemExit(DISK_FULL_EXIT) from None


if __name__ == "__main__":
    main()
