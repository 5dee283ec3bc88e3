"""Per-minute request counts per API key, shared by every worker and host.

Revision ID: 20261201_hosts_rate_limits
Revises: 20261201_harden_ended_sessions
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_hosts_rate_limits"
down_revision: str | Sequence[str] | None = "20261201_harden_ended_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("minute", sa.BigInteger, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", "minute", name="pk_rate_limits"),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
