"""batch_jobs.dedupe_scope: a packet is a duplicate only of packets queued in the same scope.

The duplicate check was global: a tenant's key that submitted files another tenant had already
sent got ``409 packet-rejected``, which told it that someone else holds these exact documents.
Jobs now carry the tenant of the key that queued them ('' for the operator, the CLI and keys
without a tenant) and the content hash is unique per scope; existing jobs keep the global scope.

Revision ID: 0007_batch_dedupe_scope
Revises: 0006_api_batches_tenants
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_batch_dedupe_scope"
down_revision = "0006_api_batches_tenants"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("batch_jobs")}
    if "dedupe_scope" in columns:
        return
    # batch mode: SQLite cannot drop a constraint in place, so the table is copied.
    with op.batch_alter_table("batch_jobs") as batch:
        batch.add_column(sa.Column("dedupe_scope", sa.String(100), nullable=False, server_default=""))
        batch.drop_constraint("uq_batch_jobs_content_hash", type_="unique")
        batch.create_unique_constraint("uq_batch_jobs_scope_content_hash", ["dedupe_scope", "content_hash"])


def downgrade() -> None:
    with op.batch_alter_table("batch_jobs") as batch:
        batch.drop_constraint("uq_batch_jobs_scope_content_hash", type_="unique")
        batch.drop_column("dedupe_scope")
        batch.create_unique_constraint("uq_batch_jobs_content_hash", ["content_hash"])
