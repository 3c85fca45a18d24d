"""The API's own tables: API keys (hashed), submissions (idempotency keys and webhook callbacks) and
batch submits (their idempotency keys).

They live in the product's database beside the queue, so a restarted server still knows every key,
every retried submit and every callback it still owes. Times are naive UTC, as in the queue.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import DateTime, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from underwrite.core.db import Base


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    key_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    # sha256 of the whole token: the token carries 256 random bits, so a slow hash adds nothing and
    # a fast one keeps every request's check cheap. The token itself is shown once and never stored.
    secret_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # None: the key sees every application (the bank's own systems and staff); set: only those
    # submitted by keys of the same tenant (one of several loan-origination systems or partners).
    tenant: Mapped[str | None] = mapped_column(String(100), nullable=True)


class ApiSubmissionRow(Base):
    """One accepted submit: which key sent it, under which Idempotency-Key, and its callback."""

    __tablename__ = "api_submissions"
    __table_args__ = (UniqueConstraint("key_id", "idempotency_key", name="uq_api_submissions_key_idem"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(24), nullable=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    request_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    application_id: Mapped[str] = mapped_column(String(200), nullable=False)
    callback_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    # pending → delivered | failed (after the attempts run out); NULL when there is no callback.
    callback_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    callback_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    callback_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class ApiBatchRow(Base):
    """One batch submit under an Idempotency-Key: its request hash and, once done, its response.

    Each application of the batch is also an ``api_submissions`` row under a key derived from this
    one, so a batch cut short by a crash is finished on its retry without queueing anything twice."""

    __tablename__ = "api_batches"
    __table_args__ = (UniqueConstraint("key_id", "idempotency_key", name="uq_api_batches_key_idem"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(24), nullable=False)
    idempotency_key: Mapped[str] = mapped_column(String(200), nullable=False)
    request_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    response_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


api_keys_table = cast(Table, ApiKeyRow.__table__)
submissions_table = cast(Table, ApiSubmissionRow.__table__)
batches_table = cast(Table, ApiBatchRow.__table__)
