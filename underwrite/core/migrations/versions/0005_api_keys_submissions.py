"""api_keys and api_submissions: the REST API's hashed keys, idempotency keys and webhook callbacks.

Revision ID: 0005_api_keys_submissions
Revises: 0004_batch_transient_since
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_api_keys_submissions"
down_revision = "0004_batch_transient_since"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "api_keys" not in have:
        op.create_table(
            "api_keys",
            sa.Column("key_id", sa.String(24), primary_key=True),
            sa.Column("name", sa.String(100), nullable=False),
            sa.Column("role", sa.String(20), nullable=False),
            sa.Column("secret_sha256", sa.String(64), nullable=False),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.Column("revoked_at", sa.DateTime, nullable=True),
        )
    if "api_submissions" not in have:
        op.create_table(
            "api_submissions",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("key_id", sa.String(24), nullable=False),
            sa.Column("idempotency_key", sa.String(200), nullable=True),
            sa.Column("request_sha256", sa.String(64), nullable=False),
            sa.Column("application_id", sa.String(200), nullable=False),
            sa.Column("callback_url", sa.Text, nullable=True),
            sa.Column("callback_state", sa.String(20), nullable=True),
            sa.Column("callback_attempts", sa.Integer, nullable=False),
            sa.Column("callback_error", sa.Text, nullable=True),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.UniqueConstraint("key_id", "idempotency_key", name="uq_api_submissions_key_idem"),
        )


def downgrade() -> None:
    op.drop_table("api_submissions")
    op.drop_table("api_keys")
