"""The lease is checked where a takeover cannot come between the check and the write.

Before the fix a worker's run read its lease (``repo.holds``) and then wrote: a takeover that
landed between the two let the zombie's checkpoint or ``memo_drafted`` record land after its
successor held the job. Here the takeover is attempted at exactly that point: right after the
zombie's lease check has run on the database (an engine event on that statement, in the zombie's
thread), another thread claims the job as the successor and, once it holds it, notes what the
zombie had written by then. The fence must make every write the zombie makes one that was already
there when the successor took over (or refuse it with LeaseLost); on SQLite the claim waits for
the zombie's transaction, on PostgreSQL it skips the locked row until the write is committed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from batch_support import QUICK, db_url, make_packets, make_repo
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from underwrite.agent.lease import LeaseLost, fence_saver
from underwrite.agent.nodes import review
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.models import utcnow_naive
from underwrite.queue.repository import QueueRepository
from underwrite.queue.worker import BatchWorker
from underwrite.records.audit import AuditLog

__all__ = ["db_url"]


class Takeover:
    """Claims the job as "successor" the first time the zombie's thread checks its lease."""

    def __init__(self, repo: QueueRepository, snapshot: Callable[[], list[Any]]) -> None:
        self.repo, self.snapshot = repo, snapshot
        self.zombie_thread = threading.get_ident()
        self.seen_at_takeover: list[Any] | None = None
        self.done = threading.Event()
        self.started = False

    def after_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        is_lease_check = "FROM batch_jobs" in statement and "lease_owner =" in statement
        if self.started or threading.get_ident() != self.zombie_thread or not is_lease_check:
            return
        self.started = True
        threading.Thread(target=self._claim, daemon=True).start()
        # Give the successor its chance to land between the check and the write. Not an
        # assertion: with the fence it cannot, and the zombie goes on after the wait.
        self.done.wait(3)

    def _claim(self) -> None:
        later = utcnow_naive() + timedelta(seconds=QUICK.lease_s + 1)
        for _ in range(600):  # bounded: SQLite may time out waiting, PostgreSQL skips a locked row
            try:
                if self.repo.claim("successor", 1, now=later):
                    self.seen_at_takeover = self.snapshot()
                    self.done.set()
                    return
            except OperationalError:
                pass
            time.sleep(0.05)


@pytest.fixture
def zombie(db_url: str, tmp_path: Path) -> Iterator[tuple[QueueRepository, Any, str]]:
    repo = make_repo(db_url, QUICK)
    (packet,) = make_packets(tmp_path, 1)
    repo.add([packet])
    (job,) = repo.claim("zombie", 1)
    runner = AgentMemoRunner(deps=object(), concurrency=1)
    context = BatchWorker(repo, runner, 1, owner="zombie")._context(job)
    yield repo, (runner, context), packet.name


def _run_as_zombie(zombie: Any, takeover: Takeover, draft: Callable[[Path, Any], Any]) -> Any:
    """The worker's own fenced run with ``draft`` as its body; LeaseLost is returned, not raised."""
    (runner, context) = zombie
    runner._draft = draft
    event.listen(Engine, "after_cursor_execute", takeover.after_execute)
    try:
        return runner._fenced_draft(context)
    except LeaseLost as exc:
        return exc
    finally:
        event.remove(Engine, "after_cursor_execute", takeover.after_execute)
        assert takeover.done.wait(120), "the successor never got the job"


def test_a_checkpoint_write_never_lands_after_the_takeover(zombie: Any) -> None:
    repo, run, _app = zombie
    written: list[str] = []

    class Saver:
        def put(self, *_args: Any, **_kw: Any) -> None:
            written.append("checkpoint")

        def put_writes(self, *_args: Any, **_kw: Any) -> None:
            written.append("writes")

    def draft(_packet_dir: Path, _deps: Any) -> None:
        saver = Saver()
        fence_saver(saver)  # as draft_memo does with the run's checkpointer
        saver.put("config", "checkpoint", {}, {})

    takeover = Takeover(repo, lambda: list(written))
    outcome = _run_as_zombie(run, takeover, draft)
    assert takeover.seen_at_takeover is not None
    if not isinstance(outcome, LeaseLost):
        assert written == ["checkpoint"]
        assert takeover.seen_at_takeover == written, "the zombie's checkpoint landed after the takeover"


def test_the_memo_drafted_record_never_lands_after_the_takeover(
    zombie: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, run, app = zombie
    monkeypatch.setattr(review, "run_record", lambda _state: {"memo_sha256": "the zombie's"})
    monkeypatch.setattr(review, "_known_identifiers", lambda _app: ())

    def drafted() -> list[Any]:
        return [e.payload for e in AuditLog().records(app) if e.kind == "memo_drafted"]

    def draft(_packet_dir: Path, _deps: Any) -> Any:
        state = {"application_id": app, "run_id": "run-1", "application": None}
        return review.record_draft_node(state, SimpleNamespace(context=SimpleNamespace(audit=AuditLog())))  # type: ignore[arg-type]

    takeover = Takeover(repo, drafted)
    outcome = _run_as_zombie(run, takeover, draft)
    assert takeover.seen_at_takeover is not None
    if not isinstance(outcome, LeaseLost):
        assert drafted() == [{"memo_sha256": "the zombie's"}]
        assert takeover.seen_at_takeover == drafted(), "the zombie's record landed after the takeover"
    assert AuditLog().verify_chain().ok
