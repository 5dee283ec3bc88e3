"""Initial schema: comments, labels (moderation decisions and text feedback), api_keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a migration must keep creating what it created, whatever the code says later.
STATUSES = "'approved', 'pending', 'spam', 'abusive', 'trash'"
ROLES = "'site', 'moderator'"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("site", sa.String(255), nullable=False),
        sa.Column("post_id", sa.String(255), nullable=False),
        sa.Column("parent_id", _id(), nullable=True),
        sa.Column("author_name", sa.Text(), nullable=False),
        sa.Column("author_email_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("author_email_hmac", sa.String(128), nullable=False),
        sa.Column("author_url", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("ip_hmac", sa.String(128), nullable=True),
        sa.Column("user_network", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.Text(), nullable=False),
        sa.Column("referrer", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("spam_score", sa.Float(), nullable=False),
        sa.Column("abuse_score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name="fk_comments_parent_id_comments",
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_comments_status")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "uq_comments_dedupe",
        "comments",
        ["site", "post_id", "author_email_hmac", "content_hash"],
        unique=True,
    )
    op.create_index("ix_comments_public", "comments", ["site", "post_id", "status", "id"])
    op.create_index("ix_comments_queue", "comments", ["site", "status", "id"])
    op.create_index("ix_comments_status_id", "comments", ["status", "id"])
    op.create_index(
        "ix_comments_email_flood", "comments", ["author_email_hmac", "site", "created_at"]
    )
    op.create_index("ix_comments_ip_flood", "comments", ["ip_hmac", "site", "created_at"])
    op.create_index("ix_comments_parent_id", "comments", ["parent_id"])

    op.create_table(
        "labels",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("comment_id", _id(), nullable=True),
        sa.Column("site", sa.String(255), nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author_name", sa.Text(), nullable=True),
        sa.Column("author_url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_labels"),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name="fk_labels_comment_id_comments",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(f"label IN ({STATUSES})", name=op.f("ck_labels_label")),
        sa.CheckConstraint(
            "comment_id IS NOT NULL OR text IS NOT NULL", name=op.f("ck_labels_target")
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_labels_comment_id", "labels", ["comment_id", "id"])
    op.create_index("ix_labels_created_at", "labels", ["created_at"])

    op.create_table(
        "api_keys",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("site", sa.String(255), nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.CheckConstraint(f"role IN ({ROLES})", name=op.f("ck_api_keys_role")),
        sqlite_autoincrement=True,
    )
    op.create_index("uq_api_keys_key_hash", "api_keys", ["key_hash"], unique=True)


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_table("labels")
    op.drop_table("comments")
