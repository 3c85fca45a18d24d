"""What the operator sees while a batch runs (stderr) and the summary at the end."""

from __future__ import annotations

import time

from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from underwrite.queue.models import FINISHED_STATES, JobState
from underwrite.queue.schemas import Waiting


class BatchSummary(BaseModel):
    processed: int
    counts: dict[str, int]
    elapsed_s: float
    jobs_per_s: float
    workers: int
    concurrency: int
    worker_starts: int
    worker_restarts: int
    interrupted: bool
    released_on_shutdown: int
    stopped_reason: str | None = None
    """Why the batch stopped before the queue was drained (e.g. the disk is full), in words."""


def finished(counts: dict[str, int]) -> int:
    return sum(counts.get(s.value, 0) for s in FINISHED_STATES)


class BatchProgress:
    """A bar over the jobs that were pending when the batch started, with counts, rate and ETA."""

    def __init__(self, console: Console, start_counts: dict[str, int]) -> None:
        self.start_finished = finished(start_counts)
        self.total = sum(start_counts.values()) - self.start_finished
        self.started = time.monotonic()
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[states]}"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[waiting]}"),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task(
            "batch", total=max(self.total, 1), states="", rate="", waiting=""
        )
        # Into a log file (no terminal) a live bar is drawn once, cut at 80 columns: there the batch
        # writes one whole line each time the counts change instead.
        self._lines = not console.is_terminal
        self._console = console
        self._last_line = ""

    def __enter__(self) -> BatchProgress:
        if not self._lines:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._lines:
            self._progress.stop()

    def update(self, counts: dict[str, int], workers_alive: int, waiting: Waiting | None = None) -> None:
        done = finished(counts) - self.start_finished
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        remaining = max(self.total - done, 0)
        eta = f"ETA {remaining / rate:,.0f}s" if rate > 0 and remaining else "ETA –"
        states = (
            f"queued {counts[JobState.queued.value]} · running {counts[JobState.running.value]} · "
            f"retry {counts[JobState.retry_wait.value]} · review {counts[JobState.awaiting_review.value]} · "
            f"failed {counts[JobState.failed.value]} · workers {workers_alive}"
        )
        note = waiting_note(waiting)
        if self._lines:
            line = " · ".join(p for p in (f"batch {done}/{self.total}", states, note) if p)
            if line != self._last_line:
                self._last_line = line
                self._console.print(
                    f"{line} · {rate:.2f}/s {eta} · {elapsed:,.0f}s", soft_wrap=True, markup=False
                )
            return
        self._progress.update(
            self._task, completed=done, states=states, rate=f"{rate:.2f}/s {eta}", waiting=note
        )


def waiting_note(waiting: Waiting | None, limit: int = 160) -> str:
    """What the jobs in retry_wait wait for, in words: '3 waiting (next retry 12:01:05 UTC): …'."""
    if waiting is None or not waiting.jobs:
        return ""
    when = f"next retry {waiting.next_retry_at:%H:%M:%S} UTC" if waiting.next_retry_at else "retry soon"
    error = (waiting.last_error or "")[:limit]
    return f"{waiting.jobs} waiting ({when}): {error}"


def summary_table(summary: BatchSummary) -> Table:
    table = Table(title="batch summary" + (" (interrupted)" if summary.interrupted else ""))
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("jobs finished this run", str(summary.processed))
    for state, count in summary.counts.items():
        table.add_row(f"  {state}", str(count))
    table.add_row("elapsed", f"{summary.elapsed_s:.1f} s")
    table.add_row("rate", f"{summary.jobs_per_s:.2f} jobs/s")
    table.add_row("workers × concurrency", f"{summary.workers} × {summary.concurrency}")
    table.add_row("worker restarts", str(summary.worker_restarts))
    if summary.interrupted:
        table.add_row("released back to queue", str(summary.released_on_shutdown))
    return table
