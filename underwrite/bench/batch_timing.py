"""Throughput figures of a finished batch, read from the job rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from underwrite.queue.models import jobs_table, outputs_table
from underwrite.queue.repository import QueueRepository


def active_span(repo: QueueRepository) -> float:
    """First claim to last finish, from the job rows: the wall time without process start-up."""
    with repo.engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(jobs_table.c.started_at), func.max(jobs_table.c.finished_at))
        ).one()
    return (last - first).total_seconds() if first and last else 0.0


def steady_state(repo: QueueRepository, job_llm_s: float, slots: int) -> tuple[datetime, float] | None:
    """When every worker was claiming, and throughput ÷ ideal from then to the last finish.

    "Ready" is the latest of the workers' first claims (process start, imports and database
    connection are behind it). Work done inside the window counts each job by the share of its
    claim→finish span that falls inside, so jobs already running at "ready" count only partly.
    ``job_llm_s`` is one job's LLM time, ``slots`` the jobs in flight at once (workers × M).
    """
    with repo.engine.connect() as conn:
        rows = conn.execute(
            select(outputs_table.c.worker, jobs_table.c.started_at, jobs_table.c.finished_at).join(
                jobs_table, jobs_table.c.id == outputs_table.c.job_id
            )
        ).all()
    if not rows:
        return None
    first_claim: dict[str, datetime] = {}
    for row in rows:
        first_claim[row.worker] = min(first_claim.get(row.worker, row.started_at), row.started_at)
    ready = max(first_claim.values())
    end = max(row.finished_at for row in rows)
    window = (end - ready).total_seconds()
    if window <= 0:
        return None
    jobs_in_window = 0.0
    for row in rows:
        span = (row.finished_at - row.started_at).total_seconds()
        inside = (row.finished_at - max(row.started_at, ready)).total_seconds()
        jobs_in_window += max(inside, 0.0) / span if span > 0 else 0.0
    return ready, jobs_in_window * job_llm_s / slots / window
