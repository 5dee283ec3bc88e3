"""Table definitions (SQLAlchemy Core). Alembic's `versions/` must create exactly this schema;
`tests/store/test_store_migrations.py` compares the two."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from service.domain import Status
from service.store.records import Role

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

# SQLite only auto-increments an INTEGER PRIMARY KEY, not a BIGINT one.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

STATUS_VALUES = tuple(s.value for s in Status)
ROLE_VALUES = tuple(r.value for r in Role)


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC in and out on every backend (SQLite keeps naive UTC text)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("site", sa.String(255), nullable=False),
    sa.Column("post_id", sa.String(255), nullable=False),
    sa.Column(
        "parent_id", Id, sa.ForeignKey("comments.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("author_name", sa.Text, nullable=False),
    sa.Column("author_email_encrypted", sa.LargeBinary, nullable=False),
    sa.Column("author_email_hmac", sa.String(128), nullable=False),
    sa.Column("author_url", sa.Text, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(128), nullable=False),
    sa.Column("ip_hmac", sa.String(128), nullable=True),
    sa.Column("user_network", sa.String(64), nullable=True),
    sa.Column("user_agent", sa.Text, nullable=False),
    sa.Column("referrer", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("spam_score", sa.Float, nullable=False),
    sa.Column("abuse_score", sa.Float, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("model_version", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.CheckConstraint(_in("status", STATUS_VALUES), name="status"),
    # The duplicate rule lives in the schema so two racing requests cannot both land.
    sa.Index(
        "uq_comments_dedupe", "site", "post_id", "author_email_hmac", "content_hash", unique=True
    ),
    sa.Index("ix_comments_public", "site", "post_id", "status", "id"),
    sa.Index("ix_comments_queue", "site", "status", "id"),
    sa.Index("ix_comments_status_id", "status", "id"),
    sa.Index("ix_comments_email_flood", "author_email_hmac", "site", "created_at"),
    sa.Index("ix_comments_ip_flood", "ip_hmac", "site", "created_at"),
    sa.Index("ix_comments_parent_id", "parent_id"),
    sqlite_autoincrement=True,  # never reuse an erased comment's id
)

labels = sa.Table(
    "labels",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column(
        "comment_id", Id, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True
    ),
    sa.Column("site", sa.String(255), nullable=False),
    sa.Column("label", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    # Only for labels on texts that are not stored comments (Akismet/Perspective feedback).
    sa.Column("text", sa.Text, nullable=True),
    sa.Column("author_name", sa.Text, nullable=True),
    sa.Column("author_url", sa.Text, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.CheckConstraint(_in("label", STATUS_VALUES), name="label"),
    sa.CheckConstraint("comment_id IS NOT NULL OR text IS NOT NULL", name="target"),
    sa.Index("ix_labels_comment_id", "comment_id", "id"),
    sa.Index("ix_labels_created_at", "created_at"),
    sqlite_autoincrement=True,
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("site", sa.String(255), nullable=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
    sa.Column("last_used_at", UtcDateTime, nullable=True),
    sa.CheckConstraint(_in("role", ROLE_VALUES), name="role"),
    sa.Index("uq_api_keys_key_hash", "key_hash", unique=True),
    sqlite_autoincrement=True,
)

# The model every worker should serve: one row (id 1), written by `POST /v1/model/reload`.
model_target = sa.Table(
    "model_target",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("forced", sa.Boolean, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# What each worker process reports it serves (a heartbeat), shown by `GET /v1/model`.
model_workers = sa.Table(
    "model_workers",
    metadata,
    sa.Column("worker", sa.String(128), primary_key=True),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("seen_at", UtcDateTime, nullable=False),
)

# Fingerprints of the email secrets this database's rows use (never the secrets): every host
# checks its COMMENTMOD_EMAIL_KEYS against them before it starts. One row is the look-up key,
# the one the email and IP hashes are made under; `rotated_through` is `keys rotate`'s cursor
# (the highest comment id re-encrypted under that key), so a rotation resumes after a crash.
email_keys = sa.Table(
    "email_keys",
    metadata,
    sa.Column("fingerprint", sa.String(64), primary_key=True),
    sa.Column("lookup", sa.Boolean, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("added_at", UtcDateTime, nullable=False),
    sa.Column("rotated_through", sa.BigInteger, nullable=True),
)

# Requests per API key per minute (UTC epoch minute), shared by every worker and host: one
# upsert per authenticated request; a key's older minutes are deleted when its new one begins.
rate_limits = sa.Table(
    "rate_limits",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("minute", sa.BigInteger, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

# Trained model versions, so every host can load the version a reload chose without a shared
# filesystem: a tar of the version folder and its SHA-256, checked before it is unpacked.
model_artifacts = sa.Table(
    "model_artifacts",
    metadata,
    sa.Column("version", sa.String(64), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("archive", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
