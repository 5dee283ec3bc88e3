"""Fingerprints of the email keys, so hosts sharing one database can check they agree.

Revision ID: 20261201_hosts_email_keys
Revises: 20261201_compat
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_hosts_email_keys"
down_revision: str | Sequence[str] | None = "20261201_compat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_keys",
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("lookup", sa.Boolean, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_through", sa.BigInteger, nullable=True),
        sa.PrimaryKeyConstraint("fingerprint", name="pk_email_keys"),
    )


def downgrade() -> None:
    op.drop_table("email_keys")
