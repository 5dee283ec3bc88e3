"""Emptying spam keeps a confirmed spam comment's training label as text: the label carries the
author's email HMAC (never the email) so a later erasure request still finds and deletes it.

Revision ID: 20261201_queue_purge
Revises: 20261201_queue
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_queue_purge"
down_revision: str | Sequence[str] | None = "20261201_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("labels", sa.Column("author_email_hmac", sa.String(128), nullable=True))
    op.create_index("ix_labels_author_email_hmac", "labels", ["author_email_hmac"])


def downgrade() -> None:
    op.drop_index("ix_labels_author_email_hmac", table_name="labels")
    with op.batch_alter_table("labels") as batch:
        batch.drop_column("author_email_hmac")
