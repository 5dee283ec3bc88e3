"""Decision history and undo: each label remembers the status it replaced, and an undone label
stays as history (who undid it, when) but no longer counts as a decision or a training label.

Revision ID: 20261201_queue
Revises: 20261201_hosts_email_keys
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_queue"
down_revision: str | Sequence[str] | None = "20261201_hosts_email_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("labels", sa.Column("from_status", sa.String(16), nullable=True))
    op.add_column("labels", sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("labels", sa.Column("undone_by", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("labels") as batch:
        batch.drop_column("undone_by")
        batch.drop_column("undone_at")
        batch.drop_column("from_status")
