"""Baseline: the four tables as the builds before migrations created them.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-01

Tables that already exist (a UW_HOME made before migrations) are left as they are; the following
revisions add the columns those builds lacked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "batch_jobs" not in have:
        op.create_table(
            "batch_jobs",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("application_id", sa.String(200), nullable=False),
            sa.Column("packet_dir", sa.Text, nullable=False),
            sa.Column("content_hash", sa.String(64), nullable=False),
            sa.Column("run_key", sa.String(64), nullable=False),
            sa.Column("state", sa.String(20), nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("max_attempts", sa.Integer, nullable=False),
            sa.Column("transient_errors", sa.Integer, nullable=False),
            sa.Column("not_before", sa.DateTime, nullable=False),
            sa.Column("lease_owner", sa.String(120), nullable=True),
            sa.Column("lease_expires_at", sa.DateTime, nullable=True),
            sa.Column("last_error", sa.Text, nullable=True),
            sa.Column("failure_reason", sa.Text, nullable=True),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.Column("started_at", sa.DateTime, nullable=True),
            sa.Column("finished_at", sa.DateTime, nullable=True),
            sa.UniqueConstraint("content_hash", name="uq_batch_jobs_content_hash"),
            sa.UniqueConstraint("application_id", name="uq_batch_jobs_application_id"),
        )
        op.create_index("ix_batch_jobs_claim", "batch_jobs", ["state", "not_before"])
    if "batch_outputs" not in have:
        op.create_table(
            "batch_outputs",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("job_id", sa.Integer, sa.ForeignKey("batch_jobs.id"), nullable=False),
            sa.Column("application_id", sa.String(200), nullable=False),
            sa.Column("run_key", sa.String(64), nullable=False),
            sa.Column("attempt", sa.Integer, nullable=False),
            sa.Column("worker", sa.String(120), nullable=False),
            sa.Column("memo_path", sa.Text, nullable=False),
            sa.Column("memo_sha256", sa.String(64), nullable=False),
            sa.Column("recommendation", sa.String(40), nullable=False),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.UniqueConstraint("application_id", "run_key", name="uq_batch_outputs_app_run"),
        )
    if "audit_records" not in have:
        op.create_table(
            "audit_records",
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("record_id", sa.String(32), nullable=False, unique=True),
            sa.Column("kind", sa.String(40), nullable=False),
            sa.Column("application_id", sa.String(200), nullable=False),
            sa.Column("actor", sa.String(200), nullable=False),
            sa.Column("created_at", sa.String(40), nullable=False),
            sa.Column("dedupe_key", sa.String(200), unique=True, nullable=True),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("prev_hash", sa.String(64), nullable=False),
            sa.Column("hash", sa.String(64), nullable=False),
        )
        op.create_index("ix_audit_records_application_id", "audit_records", ["application_id"])
    if "audit_head" not in have:
        op.create_table(
            "audit_head",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("hash", sa.String(64), nullable=False),
        )


def downgrade() -> None:
    for table in ("audit_head", "audit_records", "batch_outputs", "batch_jobs"):
        op.drop_table(table)
