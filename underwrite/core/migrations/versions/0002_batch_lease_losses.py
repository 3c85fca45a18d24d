"""batch_jobs.lease_losses: lost leases counted apart from attempts.

Revision ID: 0002_batch_lease_losses
Revises: 0001_baseline
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_batch_lease_losses"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("batch_jobs")}
    if "lease_losses" not in columns:
        op.add_column("batch_jobs", sa.Column("lease_losses", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("batch_jobs") as batch:
        batch.drop_column("lease_losses")
