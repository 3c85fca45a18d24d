"""Concurrent adds of one packet: one job, every other adder refused in words, none crashes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from batch_support import db_url, make_packets, make_repo
from sqlalchemy import Engine, text

from underwrite.queue.models import JobState, jobs_table, utcnow_naive
from underwrite.queue.packets import packet_content_hash
from underwrite.queue.schemas import AddReport

__all__ = ["db_url"]  # the fixture, re-exported so pytest finds it here


def test_racing_adds_of_one_packet_queue_it_once(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url)
    (packet,) = make_packets(tmp_path, 1)
    start = threading.Barrier(6)

    def add(_i: int) -> AddReport:
        start.wait(timeout=60)
        return repo.add([packet])

    with ThreadPoolExecutor(6) as pool:
        reports = list(pool.map(add, range(6)))  # an IntegrityError in any thread is raised here
    assert sum(len(r.added) for r in reports) == 1
    refused = [r.rejected[0].reason for r in reports if r.rejected]
    assert len(refused) == 5 and all("duplicate of job" in reason for reason in refused), refused
    assert len(repo.jobs()) == 1


def test_an_add_that_loses_the_insert_race_is_refused_not_crashed(db_url: str, tmp_path: Path) -> None:
    """Certain interleaving on PostgreSQL: another adder's insert is in flight (uncommitted) when
    ours checks for duplicates, so ours passes the check and meets the unique constraint."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serialises adders with BEGIN IMMEDIATE: this interleaving cannot happen")
    repo = make_repo(db_url)
    (packet,) = make_packets(tmp_path, 1)
    other = repo.engine.connect()
    other.begin()
    other.execute(
        jobs_table.insert().values(
            application_id=packet.name,
            packet_dir=str(packet.resolve()),
            content_hash=packet_content_hash(packet.resolve()),
            run_key="batch-the-other-adder",
            state=JobState.queued.value,
            max_attempts=3,
            not_before=utcnow_naive(),
            created_at=utcnow_naive(),
        )
    )
    with ThreadPoolExecutor(1) as pool:
        ours = pool.submit(repo.add, [packet])
        _until_an_insert_waits_on_a_lock(repo.engine)
        other.commit()
        other.close()
        report = ours.result(timeout=60)
    assert report.added == []
    assert "duplicate of job" in report.rejected[0].reason, report.rejected
    assert [j.run_key for j in repo.jobs()] == ["batch-the-other-adder"]


def _until_an_insert_waits_on_a_lock(engine: Engine, bound_s: float = 60) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT%'"
    )
    deadline = time.monotonic() + bound_s
    with engine.connect() as conn:
        while conn.execute(waiting).scalar_one() == 0:
            assert time.monotonic() < deadline, "our add never reached its insert"
            time.sleep(0.02)
            conn.rollback()  # a fresh snapshot of pg_stat_activity each round
