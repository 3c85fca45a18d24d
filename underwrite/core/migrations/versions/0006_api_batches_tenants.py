"""api_batches (batch submits under an Idempotency-Key: request hash, first response) and
api_keys.tenant (a key with a tenant sees only the applications its tenant's keys submitted).

Revision ID: 0006_api_batches_tenants
Revises: 0005_api_keys_submissions
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_api_batches_tenants"
down_revision = "0005_api_keys_submissions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "tenant" not in {c["name"] for c in inspector.get_columns("api_keys")}:
        op.add_column("api_keys", sa.Column("tenant", sa.String(100), nullable=True))
    if "api_batches" not in set(inspector.get_table_names()):
        op.create_table(
            "api_batches",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("key_id", sa.String(24), nullable=False),
            sa.Column("idempotency_key", sa.String(200), nullable=False),
            sa.Column("request_sha256", sa.String(64), nullable=False),
            sa.Column("response_json", sa.Text, nullable=True),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.UniqueConstraint("key_id", "idempotency_key", name="uq_api_batches_key_idem"),
        )


def downgrade() -> None:
    op.drop_table("api_batches")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("tenant")
