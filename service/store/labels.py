"""Moderator decisions, training labels, and one author's data (right of access and erasure).

The `labels` table holds both kinds of label: a decision on a stored comment (`comment_id`
set, the text read from the comment) and feedback on a text that was never stored
(`comment_id` NULL, the text kept in the row)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from service.domain import Status
from service.errors import NotFound
from service.store.base import StoreBase, site_filter, utc_now
from service.store.db import comments, labels
from service.store.records import Label, StoredComment
from service.store.rows import comment_from_row, label_from_row


class LabelQueries(StoreBase):
    def record_decision(
        self,
        comment_id: int,
        *,
        site: str | None,
        status: Status,
        note: str,
        source: str,
        actor: str,
    ) -> StoredComment:
        now = utc_now()
        where = [comments.c.id == comment_id, *site_filter(comments.c.site, site)]
        with self._tx(write=True) as conn:
            # UPDATE first: on PostgreSQL its row lock orders concurrent decisions, so the
            # label inserted last is the status that stays.
            updated = conn.execute(
                comments.update().where(*where).values(status=Status(status).value, updated_at=now)
            )
            if updated.rowcount == 0:
                raise NotFound("No such comment.")
            row = conn.execute(sa.select(comments).where(*where)).mappings().one()
            conn.execute(
                labels.insert().values(
                    comment_id=comment_id,
                    site=row["site"],
                    label=Status(status).value,
                    note=note,
                    source=source,
                    actor=actor,
                    created_at=now,
                )
            )
        return comment_from_row(row)

    def add_text_label(
        self,
        *,
        site: str,
        text: str,
        author_name: str,
        author_url: str,
        label: Status,
        source: str,
        actor: str,
        note: str = "",
    ) -> None:
        """A label on a text that is not a stored comment (Akismet/Perspective feedback)."""
        with self._tx(write=True) as conn:
            conn.execute(
                labels.insert().values(
                    comment_id=None,
                    site=site,
                    label=Status(label).value,
                    note=note,
                    source=source,
                    actor=actor,
                    text=text,
                    author_name=author_name,
                    author_url=author_url,
                    created_at=utc_now(),
                )
            )

    def labels(self, *, since: datetime | None = None) -> list[Label]:
        """Training labels, oldest first: the newest decision on each comment (with the
        comment's current text) and every text label. `since` keeps labels made at or after it."""
        newest = (
            sa.select(sa.func.max(labels.c.id))
            .where(labels.c.comment_id.is_not(None))
            .group_by(labels.c.comment_id)
        )
        decided = sa.select(
            labels.c.id,
            labels.c.comment_id,
            labels.c.site,
            labels.c.label,
            labels.c.source,
            labels.c.created_at,
            comments.c.content.label("text"),
            comments.c.author_name,
            comments.c.author_url,
        ).join(comments, comments.c.id == labels.c.comment_id)
        decided = decided.where(labels.c.id.in_(newest))
        texts = sa.select(
            labels.c.id,
            labels.c.comment_id,
            labels.c.site,
            labels.c.label,
            labels.c.source,
            labels.c.created_at,
            labels.c.text,
            labels.c.author_name,
            labels.c.author_url,
        ).where(labels.c.comment_id.is_(None))
        if since is not None:
            since = utc_now(since)
            decided = decided.where(labels.c.created_at >= since)
            texts = texts.where(labels.c.created_at >= since)
        with self._tx() as conn:
            rows = [*conn.execute(decided).mappings(), *conn.execute(texts).mappings()]
        rows.sort(key=lambda r: int(r["id"]))
        return [label_from_row(r) for r in rows]

    def comments_by_email(self, email_hmac: str, *, site: str | None = None) -> list[StoredComment]:
        query = (
            sa.select(comments)
            .where(comments.c.author_email_hmac == email_hmac, *site_filter(comments.c.site, site))
            .order_by(comments.c.id)
        )
        with self._tx() as conn:
            return [comment_from_row(r) for r in conn.execute(query).mappings()]

    def erase_author(self, email_hmac: str, *, site: str | None = None) -> int:
        """Delete the author's comments and the labels made on them; returns how many comments.
        Replies by other people survive as top-level comments (their parent_id becomes NULL)."""
        mine = sa.select(comments.c.id).where(
            comments.c.author_email_hmac == email_hmac, *site_filter(comments.c.site, site)
        )
        with self._tx(write=True) as conn:
            conn.execute(labels.delete().where(labels.c.comment_id.in_(mine)))
            conn.execute(
                comments.update().where(comments.c.parent_id.in_(mine)).values(parent_id=None)
            )
            return conn.execute(comments.delete().where(comments.c.id.in_(mine))).rowcount

    def unreviewed(self, *, per_site: int) -> dict[str, list[str]]:
        """Each site's newest `per_site` comment texts that no moderator ever decided on, newest
        first: what the training gate compares the candidate's and the serving model's verdicts
        on (training/sites.py), since nobody would notice those verdicts changing."""
        decided = sa.select(labels.c.comment_id).where(labels.c.comment_id.is_not(None))
        with self._tx() as conn:
            sites = conn.execute(sa.select(comments.c.site).distinct()).scalars().all()
            return {
                site: list(conn.execute(
                    sa.select(comments.c.content)
                    .where(comments.c.site == site, comments.c.id.not_in(decided))
                    .order_by(comments.c.id.desc())
                    .limit(per_site)
                ).scalars())
                for site in sorted(sites)
            }
