"""Append-only, hash-chained audit trail of every run and decision.

Each record stores ``prev_hash`` (the previous record's hash) and ``hash`` = sha256 over the
canonical JSON of its own columns including ``prev_hash``; a one-row head table holds the last
sequence number and hash. Editing any byte, deleting any record (the last one included, via the
head) or reordering records breaks :func:`verify_chain`.

Each record is also authenticated: ``mac`` = HMAC-SHA256 over its hash with a key kept outside the
database (``key_id`` names it, so keys can rotate), and after every append a signed checkpoint of
the head goes to a file outside the database. Recomputing the plain hashes after an edit, or
rewinding the head after deleting the last records, therefore no longer passes verification (see
``audit_verify``); records from an older build without a MAC are reported as such.

Appends are safe across processes: the first statement of each append transaction updates the head
row, which takes SQLite's write lock (WAL, busy timeout) or PostgreSQL's row lock, so two writers
can never read the same head. A ``dedupe_key`` makes retried appends idempotent.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, Integer, String, Text, make_url, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from underwrite.core.canonical import canonical_json, sha256_text
from underwrite.core.db import Base, get_engine
from underwrite.core.keys import load_keyring
from underwrite.core.migrations import upgrade_database
from underwrite.core.schemas import utcnow
from underwrite.core.settings import get_settings
from underwrite.records.audit_checkpoint import append_checkpoint
from underwrite.records.audit_verify import (
    GENESIS_HASH,
    HASHED_FIELDS,
    VerifyResult,
    hash_of_fields,
    record_mac_message,
    verify_rows,
)
from underwrite.records.pii import mask_pii

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditLog", "VerifyResult", "verify_chain"]


class AuditRecordRow(Base):
    __tablename__ = "audit_records"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record_id: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    application_id: Mapped[str] = mapped_column(String(200), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # NULL only in records written by a build before MACs (reported by verification).
    key_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditHeadRow(Base):
    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntry(BaseModel):
    seq: int
    record_id: str
    kind: str
    application_id: str
    actor: str
    created_at: str
    dedupe_key: str | None
    payload: dict[str, Any]
    prev_hash: str
    hash: str


def record_hash(row: AuditRecordRow) -> str:
    """sha256 over the canonical JSON of the record's columns (unkeyed: see ``mac``)."""
    return hash_of_fields({name: getattr(row, name) for name in HASHED_FIELDS})


def _entry(row: AuditRecordRow) -> AuditEntry:
    import json

    return AuditEntry(
        seq=row.seq,
        record_id=row.record_id,
        kind=row.kind,
        application_id=row.application_id,
        actor=row.actor,
        created_at=row.created_at,
        dedupe_key=row.dedupe_key,
        payload=json.loads(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class AuditLog:
    """The audit trail in one database (default: the configured one)."""

    def __init__(self, engine: Engine | None = None, checkpoint_path: Path | None = None) -> None:
        # Keyed by URL: get_engine() caches per argument, and UW_HOME may change (tests, tenants).
        settings = get_settings()
        self.engine = engine or get_engine(settings.resolved_database_url)
        upgrade_database(self.engine)  # migrations: tables, and MAC columns for older databases
        self._ensure_head()
        self.keys = load_keyring("audit")
        self.checkpoint_path = checkpoint_path or _checkpoint_path_for(self.engine)

    def _ensure_head(self) -> None:
        with Session(self.engine) as s:
            if s.get(AuditHeadRow, 1) is not None:
                return
            s.add(AuditHeadRow(id=1, seq=0, hash=GENESIS_HASH))
            try:
                s.commit()
            except IntegrityError:  # another process created it first
                s.rollback()

    def append(
        self,
        kind: str,
        application_id: str,
        payload: dict[str, Any],
        *,
        actor: str = "system",
        dedupe_key: str | None = None,
        known_identifiers: tuple[str, ...] = (),
        guard: Callable[[Connection], None] | None = None,
    ) -> AuditEntry:
        """Append one record (identifiers masked); with ``dedupe_key``, a repeat returns the first.

        ``guard`` runs inside the append's transaction once the head is locked (a queue worker's
        lease check, ``agent.lease``): if it raises, nothing is written."""
        body = canonical_json(mask_pii(payload, known_identifiers))
        with Session(self.engine) as s, s.begin():
            # Lock the chain head first: no other writer can read it until we commit.
            s.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=AuditHeadRow.seq))
            if guard is not None:
                guard(s.connection())
            if dedupe_key is not None:
                existing = s.scalar(select(AuditRecordRow).where(AuditRecordRow.dedupe_key == dedupe_key))
                if existing is not None:
                    return _entry(existing)
            head = s.get(AuditHeadRow, 1, populate_existing=True)
            assert head is not None, "audit head row missing"
            row = AuditRecordRow(
                seq=head.seq + 1,
                record_id=uuid.uuid4().hex,
                kind=kind,
                application_id=application_id,
                actor=actor,
                created_at=utcnow().isoformat(),
                dedupe_key=dedupe_key,
                payload=body,
                prev_hash=head.hash,
                hash="",
            )
            row.hash = record_hash(row)
            row.key_id, row.mac = self.keys.sign(record_mac_message(self.keys.current, row.hash))
            s.add(row)
            head.seq, head.hash = row.seq, row.hash
            s.flush()
            entry = _entry(row)
        # After the commit: a crash in between leaves the checkpoint one record behind (that record
        # is still MAC-protected), never ahead of the database.
        append_checkpoint(self.checkpoint_path, self.keys, entry.seq, entry.hash)
        return entry

    def records(self, application_id: str | None = None) -> list[AuditEntry]:
        with Session(self.engine) as s:
            q = select(AuditRecordRow).order_by(AuditRecordRow.seq)
            if application_id is not None:
                q = q.where(AuditRecordRow.application_id == application_id)
            return [_entry(r) for r in s.scalars(q)]

    def verify_chain(self) -> VerifyResult:
        """Walk the chain from the first record; report the first record that does not fit."""
        with Session(self.engine) as s:
            head = s.get(AuditHeadRow, 1)
            head_state = (head.seq, head.hash) if head else (0, GENESIS_HASH)
            rows = s.scalars(select(AuditRecordRow).order_by(AuditRecordRow.seq))
            return verify_rows(rows, head_state, self.keys, self.checkpoint_path, record_hash)


def _checkpoint_path_for(engine: Engine) -> Path:
    """The configured checkpoint file for the configured database; another database (tests, a
    second tenant) gets its own file beside it, named by a hash of its URL."""
    settings = get_settings()
    url = engine.url.render_as_string(hide_password=False)
    if url == make_url(settings.resolved_database_url).render_as_string(hide_password=False):
        return settings.audit_checkpoints_path
    return settings.home / "audit" / f"checkpoints-{sha256_text(url)[:12]}.log"


def verify_chain(engine: Engine | None = None) -> VerifyResult:
    return AuditLog(engine).verify_chain()
