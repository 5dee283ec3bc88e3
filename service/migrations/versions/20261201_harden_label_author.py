"""Feedback labels keep their sender's address as an HMAC, so export and erasure find them.

Revision ID: 20261201_harden_label_author
Revises: 0002
Create Date: 2026-12-01

Rows written before carry NULL: erasure finds those by the author's exact name and URL, or the
exact text of one of their comments, on the same site (`service/store/labels.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_harden_label_author"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("labels") as batch:
        batch.add_column(sa.Column("author_email_hmac", sa.String(128), nullable=True))
        batch.create_index("ix_labels_author_email_hmac", ["author_email_hmac"])


def downgrade() -> None:
    with op.batch_alter_table("labels") as batch:
        batch.drop_index("ix_labels_author_email_hmac")
        batch.drop_column("author_email_hmac")
