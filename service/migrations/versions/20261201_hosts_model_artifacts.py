"""Trained model versions stored in the database, for hosts without a shared filesystem.

Revision ID: 20261201_hosts_model_artifacts
Revises: 20261201_hosts_rate_limits
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_hosts_model_artifacts"
down_revision: str | Sequence[str] | None = "20261201_hosts_rate_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "model_artifacts",
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("archive", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_model_artifacts"),
    )


def downgrade() -> None:
    op.drop_table("model_artifacts")
