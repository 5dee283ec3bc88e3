"""`SqlStore`: every query the service runs, each in one short transaction (see `base.py`).
Comment intake and listings live here; decisions and labels in `labels.py`; keys in `keys.py`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from service.domain import Status
from service.errors import DuplicateComment, Flooding, NotFound
from service.store.akismet_usage import AkismetUsageQueries
from service.store.base import (
    LOCK_FLOOD_EMAIL,
    LOCK_FLOOD_IP,
    check_limit,
    site_filter,
    utc_now,
)
from service.store.db import comment_domains, comments
from service.store.decisions import IS_REVIEWED, REVIEWED, DecisionQueries
from service.store.keyring import KeyringQueries
from service.store.keys import ApiKeyQueries
from service.store.labels import LabelQueries
from service.store.model_state import ModelStateQueries
from service.store.policies import PolicyQueries
from service.store.purge import PurgeQueries
from service.store.ratelimits import RateLimitQueries
from service.store.records import NewComment, Page, StoredComment
from service.store.reputation import ReputationQueries, domain_verdict
from service.store.rows import comment_from_row, comment_values, page_from_rows
from service.store.sessions import SessionQueries

# Intake statements are built once: building a Core statement per call (`.values(dict)`, new
# bind parameters, a fresh cache key) cost more than the SQL itself. Executed with a dict of
# parameters they hit SQLAlchemy's compiled cache.
#
# The duplicate check is the insert itself: the unique index answers it, and a duplicate inserts
# nothing and returns no id. A separate SELECT left the choice of index to the planner, and
# PostgreSQL, on a young table without statistics, answered it from the (site, post_id) index,
# reading every comment of the post (4 ms on a post of 9,000 comments, and growing).
_DEDUPE_COLUMNS = ["site", "post_id", "author_email_hmac", "content_hash"]
_INSERT = {
    name: dialect.insert(comments)
    .on_conflict_do_nothing(index_elements=_DEDUPE_COLUMNS)
    .returning(comments.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_DUPLICATE = sa.select(comments.c.id).where(
    comments.c.site == sa.bindparam("site"),
    comments.c.post_id == sa.bindparam("post_id"),
    comments.c.author_email_hmac == sa.bindparam("author_email_hmac"),
    comments.c.content_hash == sa.bindparam("content_hash"),
)
_INSERT_DOMAIN = comment_domains.insert()
_DOMAIN_COLUMNS = ("comment_id", "domain", "site", "verdict")
_INSERT_DOMAIN_SQL = "INSERT INTO comment_domains (comment_id, domain, site, verdict) VALUES (?, ?, ?, ?)"
_LATEST = {
    column.name: sa.select(sa.func.max(comments.c.created_at)).where(
        column == sa.bindparam("value"),
        comments.c.site == sa.bindparam("site"),
        comments.c.created_at > sa.bindparam("cutoff", type_=comments.c.created_at.type),
    )
    for column in (comments.c.author_email_hmac, comments.c.ip_hmac)
}


class SqlStore(
    DecisionQueries, PurgeQueries, LabelQueries, ApiKeyQueries, ModelStateQueries,
    AkismetUsageQueries, KeyringQueries, ReputationQueries, PolicyQueries, SessionQueries,
    RateLimitQueries,
):
    """The store. `SqlStore.from_url(url)`, then `.migrate()` once at start-up."""

    def insert_comment(
        self, c: NewComment, *, flood_seconds: float, now: datetime | None = None
    ) -> StoredComment:
        now = utc_now(now)
        values = {**comment_values(c), "created_at": now, "updated_at": now}
        with self._tx(write=True) as conn:
            if flood_seconds > 0:
                self._lock_author(conn, c)
                retry_after = self._flood_retry_after(conn, c, flood_seconds, now)
                # A duplicate is reported as one (409) even when it also comes too soon.
                if retry_after is not None and conn.execute(_DUPLICATE, values).first() is None:
                    raise Flooding(retry_after, "Wait before posting another comment.")
            try:
                new_id = conn.execute(_INSERT[conn.dialect.name], values).scalar_one_or_none()
            except sa_exc.IntegrityError as exc:
                if "foreign key" in str(exc.orig).lower():
                    raise NotFound("The parent comment does not exist.") from None
                raise
            if new_id is None:
                raise DuplicateComment("This comment has already been posted.")
            if c.link_domains:
                self._insert_domains(conn, new_id, c)
        return comment_from_row({**values, "id": new_id})

    def _insert_domains(self, conn: Connection, comment_id: int, c: NewComment) -> None:
        verdict = domain_verdict(c.status)
        rows = [(comment_id, d, c.site, verdict) for d in c.link_domains]
        if conn.dialect.name == "sqlite":
            # Straight to the driver, as engine.py's BEGIN: a SQLAlchemy executemany cost a
            # fifth of the insert it rides along with.
            conn.connection.driver_connection.executemany(  # type: ignore[union-attr]
                _INSERT_DOMAIN_SQL, rows
            )
            return
        conn.execute(_INSERT_DOMAIN, [dict(zip(_DOMAIN_COLUMNS, r, strict=True)) for r in rows])

    def _lock_author(self, conn: Connection, c: NewComment) -> None:
        """PostgreSQL: serialize one author's (and one IP's) inserts so two racing requests
        cannot both pass the flood check. SQLite's BEGIN IMMEDIATE already serializes writers.
        Email lock before IP lock, always, so the two locks can never deadlock."""
        if conn.dialect.name != "postgresql":
            return
        for kind, value in ((LOCK_FLOOD_EMAIL, c.author_email_hmac), (LOCK_FLOOD_IP, c.ip_hmac)):
            if value:
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:k, hashtext(:v))"),
                    {"k": kind, "v": f"{c.site}\n{value}"},
                )

    def _flood_retry_after(
        self, conn: Connection, c: NewComment, flood_seconds: float, now: datetime
    ) -> int | None:
        cutoff = now - timedelta(seconds=flood_seconds)
        latest: datetime | None = None
        for column, value in (("author_email_hmac", c.author_email_hmac), ("ip_hmac", c.ip_hmac)):
            if not value:
                continue
            found = conn.scalar(_LATEST[column], {"value": value, "site": c.site, "cutoff": cutoff})
            if found is not None and (latest is None or found > latest):
                latest = found
        if latest is None:
            return None
        left = (latest + timedelta(seconds=flood_seconds) - now).total_seconds()
        return min(max(1, math.ceil(left)), math.ceil(flood_seconds))

    def get_comment(self, comment_id: int, *, site: str | None) -> StoredComment | None:
        query = sa.select(comments, REVIEWED).where(
            comments.c.id == comment_id, *site_filter(comments.c.site, site)
        )
        with self._tx() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else comment_from_row(row)

    def list_public(
        self, site: str, post_id: str, *, after_id: int | None, limit: int
    ) -> Page:
        """Approved comments of one post, oldest first; `after_id` is the previous next_cursor."""
        check_limit(limit)
        query = sa.select(comments).where(
            comments.c.site == site,
            comments.c.post_id == post_id,
            comments.c.status == Status.APPROVED.value,
        )
        if after_id is not None:
            query = query.where(comments.c.id > after_id)
        query = query.order_by(comments.c.id.asc()).limit(limit + 1)
        with self._tx() as conn:
            rows = conn.execute(query).mappings().all()
        return page_from_rows(rows, limit)

    def list_queue(
        self,
        site: str | None,
        *,
        statuses: Sequence[Status],
        post_id: str | None = None,
        reviewed: bool | None = None,
        author_email_hmac: str | None = None,
        before_id: int | None,
        limit: int,
    ) -> Page:
        """Comments in any of `statuses`, newest first; `before_id` is the previous next_cursor.
        `reviewed`: only those a moderator's live decision set (True) or did not (False)."""
        check_limit(limit)
        if not statuses:
            return Page(comments=(), next_cursor=None)
        query = sa.select(comments, REVIEWED).where(
            comments.c.status.in_([Status(s).value for s in statuses]),
            *site_filter(comments.c.site, site),
        )
        if reviewed is not None:
            query = query.where(IS_REVIEWED if reviewed else ~IS_REVIEWED)
        if post_id is not None:
            query = query.where(comments.c.post_id == post_id)
        if author_email_hmac is not None:
            query = query.where(comments.c.author_email_hmac == author_email_hmac)
        if before_id is not None:
            query = query.where(comments.c.id < before_id)
        query = query.order_by(comments.c.id.desc()).limit(limit + 1)
        with self._tx() as conn:
            rows = conn.execute(query).mappings().all()
        return page_from_rows(rows, limit)

    def count_by_status(self, site: str | None) -> dict[str, int]:
        """Every status, zero included, so a metrics gauge never goes missing."""
        query = (
            sa.select(comments.c.status, sa.func.count())
            .where(*site_filter(comments.c.site, site))
            .group_by(comments.c.status)
        )
        counts = {status.value: 0 for status in Status}
        with self._tx() as conn:
            for status, count in conn.execute(query):
                counts[str(status)] = int(count)
        return counts

    def count_reviewed(self, site: str | None, status: Status) -> int:
        """Comments in `status` that a moderator's live decision put there (confirmed spam)."""
        query = sa.select(sa.func.count()).select_from(comments).where(
            comments.c.status == Status(status).value, IS_REVIEWED,
            *site_filter(comments.c.site, site),
        )
        with self._tx() as conn:
            return int(conn.scalar(query) or 0)

    def author_history(
        self, email_hmac: str, *, site: str | None, limit: int
    ) -> tuple[list[StoredComment], dict[str, int]]:
        """One author's newest comments (at most `limit`) and how many they have per status:
        the context a moderator needs to judge one of them."""
        check_limit(limit)
        mine = [comments.c.author_email_hmac == email_hmac, *site_filter(comments.c.site, site)]
        newest = (sa.select(comments, REVIEWED).where(*mine)
                  .order_by(comments.c.id.desc()).limit(limit))
        by_status = (sa.select(comments.c.status, sa.func.count()).where(*mine)
                     .group_by(comments.c.status))
        counts = {status.value: 0 for status in Status}
        with self._tx() as conn:
            rows = [comment_from_row(r) for r in conn.execute(newest).mappings()]
            for status, count in conn.execute(by_status):
                counts[str(status)] = int(count)
        return rows, counts
