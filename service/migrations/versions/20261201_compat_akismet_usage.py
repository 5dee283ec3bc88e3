"""Akismet comment-checks counted per site and month (for get-stats, key-sites, usage-limit).

Revision ID: 20261201_compat
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_compat"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "akismet_usage",
        sa.Column("site", sa.String(255), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("calls", sa.BigInteger, nullable=False),
        sa.Column("spam", sa.BigInteger, nullable=False),
        sa.Column("held", sa.BigInteger, nullable=False),
        sa.Column("ham", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("site", "month", name="pk_akismet_usage"),
    )


def downgrade() -> None:
    op.drop_table("akismet_usage")
