"""Comments keep their detected language and the spans that drove their scores.

Revision ID: 20261201_lang
Revises: 20261201_queue_purge
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_lang"
down_revision: str | Sequence[str] | None = "20261201_queue_purge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=True))
        batch.add_column(sa.Column("spans", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("spans")
        batch.drop_column("language")
