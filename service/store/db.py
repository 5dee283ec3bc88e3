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
    # Detected language (ISO 639-1 or "und") and the spans that drove the scores (models.spans);
    # NULL in rows stored before they existed.
    sa.Column("language", sa.String(16), nullable=True),
    sa.Column("spans", sa.JSON, nullable=True),
    # The site policy version that decided it (0: the environment's settings); never rewritten.
    sa.Column("policy_version", sa.Integer, nullable=False, server_default="0"),
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
    # Reputation: one index probe each for an author's and an IP network's past decisions.
    sa.Index("ix_comments_author_status", "author_email_hmac", "site", "status"),
    sa.Index("ix_comments_network_status", "user_network", "site", "status"),
    sqlite_autoincrement=True,  # never reuse an erased comment's id
)

# The link and author-URL domains of each comment, for domain reputation across sites, with the
# comment's site and its verdict: `approved`, `held` (intake held it or sent it to spam) or, once
# a moderator decided, that decision. Marked domains are then one short index range
# (domain, verdict), however many approved comments link to a popular domain.
comment_domains = sa.Table(
    "comment_domains",
    metadata,
    sa.Column(
        "comment_id", Id, sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("domain", sa.String(255), primary_key=True),
    sa.Column("site", sa.String(255), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Index("ix_comment_domains_verdict", "domain", "verdict", "site"),
)

# Each site's policy, one row per version (append-only): a decision keeps the version it used.
site_policies = sa.Table(
    "site_policies",
    metadata,
    sa.Column("site", sa.String(255), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("overrides", sa.JSON, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
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
    # Decision history: the status this decision replaced (NULL on labels made before history
    # was kept, and on text labels), and who undid it. An undone label is history only.
    sa.Column("from_status", sa.String(16), nullable=True),
    sa.Column("undone_at", UtcDateTime, nullable=True),
    sa.Column("undone_by", sa.String(64), nullable=True),
    # The author's address as an HMAC, for export and erasure: the sender's (Akismet's
    # comment_author_email) on feedback labels, the author's on a text kept from emptied spam.
    sa.Column("author_email_hmac", sa.String(128), nullable=True),
    sa.CheckConstraint(_in("label", STATUS_VALUES), name="label"),
    sa.CheckConstraint("comment_id IS NOT NULL OR text IS NOT NULL", name="target"),
    sa.Index("ix_labels_comment_id", "comment_id", "id"),
    sa.Index("ix_labels_created_at", "created_at"),
    sa.Index("ix_labels_author_email_hmac", "author_email_hmac"),
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

# Akismet comment-checks per site and month, counted (never their text), for `get-stats`,
# `key-sites` and `usage-limit`. Corrections come from the labels table.
akismet_usage = sa.Table(
    "akismet_usage",
    metadata,
    sa.Column("site", sa.String(255), primary_key=True),
    sa.Column("month", sa.String(7), primary_key=True),  # YYYY-MM, UTC
    sa.Column("calls", sa.BigInteger, nullable=False),
    sa.Column("spam", sa.BigInteger, nullable=False),
    sa.Column("held", sa.BigInteger, nullable=False),
    sa.Column("ham", sa.BigInteger, nullable=False),
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

# Console sessions signed out before they expired: the cookie itself is stateless (signed), so
# signing out must be remembered here until the session's own expiry, for every worker.
ended_sessions = sa.Table(
    "ended_sessions",
    metadata,
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Index("ix_ended_sessions_expires_at", "expires_at"),
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
