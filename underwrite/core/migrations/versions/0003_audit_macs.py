"""audit_records.key_id and .mac: records authenticated with a key outside the database.

Revision ID: 0003_audit_macs
Revises: 0002_batch_lease_losses
Create Date: 2026-12-01

Existing records keep NULL in both: verification reports them as written by an older build.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_audit_macs"
down_revision = "0002_batch_lease_losses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("audit_records")}
    if "key_id" not in columns:
        op.add_column("audit_records", sa.Column("key_id", sa.String(40), nullable=True))
    if "mac" not in columns:
        op.add_column("audit_records", sa.Column("mac", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("mac")
        batch.drop_column("key_id")
