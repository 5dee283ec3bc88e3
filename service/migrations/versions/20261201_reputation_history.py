"""Reputation and per-site policy: comment link domains, author and network status indexes,
versioned site policies, and the policy version each decision used.

Revision ID: 20261201_reputation
Revises: 20261201_lang
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_reputation"
down_revision: str | Sequence[str] | None = "20261201_lang"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "comments", sa.Column("policy_version", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index(
        "ix_comments_author_status", "comments", ["author_email_hmac", "site", "status"]
    )
    op.create_index("ix_comments_network_status", "comments", ["user_network", "site", "status"])
    op.create_table(
        "comment_domains",
        sa.Column("comment_id", _id(), nullable=False),
        sa.Column("domain", sa.String(255), nullable=False),
        sa.Column("site", sa.String(255), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("comment_id", "domain", name="pk_comment_domains"),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name="fk_comment_domains_comment_id_comments",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_comment_domains_verdict", "comment_domains", ["domain", "verdict", "site"]
    )
    op.create_table(
        "site_policies",
        sa.Column("site", sa.String(255), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site", "version", name="pk_site_policies"),
    )


def downgrade() -> None:
    op.drop_table("site_policies")
    op.drop_table("comment_domains")
    op.drop_index("ix_comments_network_status", "comments")
    op.drop_index("ix_comments_author_status", "comments")
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("policy_version")
