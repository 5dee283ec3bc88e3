"""Emptying spam or trash: the comments go for good, with their decisions and notes.

A confirmed spam comment's training label stays, as a text label: its (already redacted) text
only, without author name, link or note, and with the author's email HMAC so an erasure request
still deletes it (see `erase_author`). The model's unconfirmed spam and trash teach nothing, so
nothing of them stays."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from service.domain import Status
from service.store.base import StoreBase, site_filter
from service.store.db import comments, labels
from service.store.decisions import IS_REVIEWED

EMPTIABLE = (Status.SPAM, Status.TRASH)


@dataclass(frozen=True, slots=True)
class PurgePreview:
    count: int
    confirmed: int  # of them, decided by a moderator (confirmed spam keeps its text label)
    up_to_id: int | None  # the newest of them: emptying stops there, later arrivals stay


@dataclass(frozen=True, slots=True)
class Purged:
    deleted: int
    kept_as_training_text: int


def _check(status: Status) -> Status:
    if status not in EMPTIABLE:
        raise ValueError(f"only spam or trash can be emptied, not {status}")
    return status


class PurgeQueries(StoreBase):
    def purge_preview(self, site: str | None, status: Status) -> PurgePreview:
        where = [comments.c.status == _check(status).value, *site_filter(comments.c.site, site)]
        query = sa.select(sa.func.count(), sa.func.max(comments.c.id)).where(*where)
        reviewed = sa.select(sa.func.count()).select_from(comments).where(*where, IS_REVIEWED)
        with self._tx() as conn:
            count, newest = conn.execute(query).one()
            confirmed = conn.scalar(reviewed) if status is Status.SPAM else 0
        return PurgePreview(int(count), int(confirmed or 0), None if newest is None else int(newest))

    def purge(self, site: str | None, status: Status, *, up_to_id: int) -> Purged:
        """Delete every comment in `status` with an id up to `up_to_id` (what the moderator
        was shown), their decisions, and their replies' link to them."""
        targets = sa.select(comments.c.id).where(
            comments.c.status == _check(status).value, comments.c.id <= up_to_id,
            *site_filter(comments.c.site, site),
        )
        newest = (
            sa.select(sa.func.max(labels.c.id))
            .where(labels.c.comment_id.in_(targets), labels.c.undone_at.is_(None))
            .group_by(labels.c.comment_id)
        )
        training = (
            sa.select(labels.c.id, comments.c.content, comments.c.author_email_hmac)
            .join(comments, comments.c.id == labels.c.comment_id)
            .where(labels.c.id.in_(newest), labels.c.label == Status.SPAM.value)
        )
        keep = labels.update().where(labels.c.id == sa.bindparam("label_id")).values(
            comment_id=None, text=sa.bindparam("kept_text"), author_name="", author_url="",
            note="", from_status=None, author_email_hmac=sa.bindparam("kept_hmac"),
        )
        with self._tx(write=True) as conn:
            kept = [{"label_id": r.id, "kept_text": r.content, "kept_hmac": r.author_email_hmac}
                    for r in conn.execute(training)] if status is Status.SPAM else []
            if kept:
                conn.execute(keep, kept)
            conn.execute(labels.delete().where(labels.c.comment_id.in_(targets)))
            conn.execute(
                comments.update().where(comments.c.parent_id.in_(targets)).values(parent_id=None)
            )
            deleted = conn.execute(comments.delete().where(comments.c.id.in_(targets))).rowcount
        return Purged(int(deleted), len(kept))
