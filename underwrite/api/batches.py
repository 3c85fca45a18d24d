"""Batch submits under an Idempotency-Key: a retried batch returns the first batch's response.

The batch's row (key, Idempotency-Key, request hash) is claimed before any application is queued,
under a unique constraint; each application then goes through the single-submit path under a key
derived from the batch's, so a batch cut short by a crash is finished on its retry, each
application queued once. The response is stored when the batch is done and returned to every later
retry as it was, refused items included. The same key with a different body is refused (422), as
for a single submit.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from underwrite.api.models import batches_table as _batches
from underwrite.api.problems import ApiProblem
from underwrite.api.schemas import BatchOut
from underwrite.queue import QueueRepository
from underwrite.queue.models import utcnow_naive


def item_key(idempotency_key: str, index: int) -> str:
    """The Idempotency-Key of a batch's ``index``-th application (fits the 200-character column)."""
    return f"batch:{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}:{index}"


def claim(queue: QueueRepository, key_id: str, idempotency_key: str, request_sha256: str) -> BatchOut | None:
    """None when this batch is to be run (first attempt, or a retry of one that did not finish);
    the stored response when it already ran; a 422 problem when the key was used for another body."""
    by_key = (_batches.c.key_id == key_id) & (_batches.c.idempotency_key == idempotency_key)
    try:
        with queue.engine.begin() as conn:
            conn.execute(
                _batches.insert().values(
                    key_id=key_id,
                    idempotency_key=idempotency_key,
                    request_sha256=request_sha256,
                    created_at=utcnow_naive(),
                )
            )
        return None
    except IntegrityError:  # this key was used before (or a concurrent retry got there first)
        with queue.engine.connect() as conn:
            row = conn.execute(select(_batches).where(by_key)).one()
    if row.request_sha256 != request_sha256:
        raise ApiProblem(
            422,
            "idempotency-key-reused",
            "Idempotency-Key reused for a different request",
            f"Idempotency-Key {idempotency_key!r} was first used at {row.created_at:%Y-%m-%d %H:%M:%S} "
            "UTC for a different batch; use a new key for a new batch",
        )
    if row.response_json is None:  # the first attempt died (or still runs): run it; items replay
        return None
    return BatchOut.model_validate_json(row.response_json)


def finish(queue: QueueRepository, key_id: str, idempotency_key: str, out: BatchOut) -> None:
    """Store the batch's response; the first one stored stays (a concurrent retry's is equal)."""
    by_key = (_batches.c.key_id == key_id) & (_batches.c.idempotency_key == idempotency_key)
    with queue.engine.begin() as conn:
        conn.execute(
            update(_batches)
            .where(by_key & _batches.c.response_json.is_(None))
            .values(response_json=out.model_dump_json())
        )
