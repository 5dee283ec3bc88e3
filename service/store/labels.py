"""Training labels, and one author's data (right of access and erasure). Decisions themselves
(record, undo, history) are in `decisions.py`.

The `labels` table holds both kinds of label: a decision on a stored comment (`comment_id`
set, the text read from the comment) and feedback on a text that was never stored
(`comment_id` NULL, the text kept in the row)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from service.domain import Status
from service.store.base import StoreBase, site_filter, utc_now
from service.store.db import comments, labels
from service.store.records import Label, StoredComment
from service.store.rows import comment_from_row, label_from_row


class LabelQueries(StoreBase):
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
        author_email_hmac: str | None = None,
    ) -> None:
        """A label on a text that is not a stored comment (Akismet/Perspective feedback).
        `author_email_hmac`: the sender's address, keyed as comments are, so erasure finds it."""
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
                    author_email_hmac=author_email_hmac,
                    created_at=utc_now(),
                )
            )

    def labels(self, *, since: datetime | None = None) -> list[Label]:
        """Training labels, oldest first: the newest decision on each comment (with the
        comment's current text) and every text label. `since` keeps labels made at or after it.
        Undone decisions are not labels: the decision before them (if any) is the newest."""
        newest = (
            sa.select(sa.func.max(labels.c.id))
            .where(labels.c.comment_id.is_not(None), labels.c.undone_at.is_(None))
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

    def comments_by_email(
        self, email_hmac: str | Sequence[str], *, site: str | None = None
    ) -> list[StoredComment]:
        """`email_hmac`: one, or every form the address may be keyed by (`EmailVault.lookup_hmacs`)."""
        query = (
            sa.select(comments)
            .where(*_authored(_hmacs(email_hmac), site))
            .order_by(comments.c.id)
        )
        with self._tx() as conn:
            return [comment_from_row(r) for r in conn.execute(query).mappings()]

    def text_labels_by_author(
        self, email_hmac: str | Sequence[str], *, site: str | None = None
    ) -> list[Label]:
        """Akismet/Perspective feedback that holds the author's data (see `_authors_text_labels`)."""
        columns = [labels.c.id, labels.c.comment_id, labels.c.site, labels.c.label, labels.c.source,
                   labels.c.created_at, labels.c.text, labels.c.author_name, labels.c.author_url]
        query = sa.select(*columns).where(_authors_text_labels(_hmacs(email_hmac), site))
        with self._tx() as conn:
            return [label_from_row(r) for r in conn.execute(query.order_by(labels.c.id)).mappings()]

    def erase_author(self, email_hmac: str | Sequence[str], *, site: str | None = None) -> int:
        """Delete the author's comments, the labels made on them and the feedback labels that hold
        their data; returns how many comments and feedback labels were deleted. Replies by other
        people survive as top-level comments (their parent_id becomes NULL)."""
        hmacs = _hmacs(email_hmac)
        mine = sa.select(comments.c.id).where(*_authored(hmacs, site))
        with self._tx(write=True) as conn:
            feedback = conn.execute(labels.delete().where(_authors_text_labels(hmacs, site))).rowcount
            conn.execute(labels.delete().where(labels.c.comment_id.in_(mine)))
            conn.execute(labels.delete().where(labels.c.author_email_hmac.in_(hmacs),
                                               *site_filter(labels.c.site, site)))
            conn.execute(
                comments.update().where(comments.c.parent_id.in_(mine)).values(parent_id=None)
            )
            erased: int = conn.execute(comments.delete().where(comments.c.id.in_(mine))).rowcount
            return erased + feedback

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



def _hmacs(email_hmac: str | Sequence[str]) -> list[str]:
    return [email_hmac] if isinstance(email_hmac, str) else list(email_hmac)


def _authored(hmacs: list[str], site: str | None) -> list[sa.ColumnElement[bool]]:
    return [comments.c.author_email_hmac.in_(hmacs), *site_filter(comments.c.site, site)]


def _authors_text_labels(hmacs: list[str], site: str | None) -> sa.ColumnElement[bool]:
    """Feedback labels (no comment) of the author: sent with their address (Akismet's
    `comment_author_email`, kept as an HMAC), or, for rows without one, with the exact name and URL
    or the exact text of one of their comments on the same site."""
    theirs = sa.select(comments.c.site, comments.c.author_name, comments.c.author_url,
                       comments.c.content).where(*_authored(hmacs, site)).subquery()
    same_person = sa.exists().where(
        theirs.c.site == labels.c.site,
        sa.or_(
            sa.and_(labels.c.author_name != "", theirs.c.author_name == labels.c.author_name,
                    theirs.c.author_url == sa.func.coalesce(labels.c.author_url, "")),
            theirs.c.content == labels.c.text,
        ),
    )
    return sa.and_(
        labels.c.comment_id.is_(None),
        *site_filter(labels.c.site, site),
        sa.or_(labels.c.author_email_hmac.in_(hmacs), same_person),
    )
