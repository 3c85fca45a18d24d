"""batch_jobs.transient_since: when a job's run of LLM-unavailable retries began (bounded waits).

Revision ID: 0004_batch_transient_since
Revises: 0003_audit_macs
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_batch_transient_since"
down_revision = "0003_audit_macs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("batch_jobs")}
    if "transient_since" not in columns:
        op.add_column("batch_jobs", sa.Column("transient_since", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batch_jobs") as batch:
        batch.drop_column("transient_since")
