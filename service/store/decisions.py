"""Moderator decisions on stored comments: record one, undo the latest, read the history.

A decision is a row of `labels` (so it is also the training label) that remembers the status
it replaced. Undo marks the row undone instead of deleting it: the history keeps it, while the
comment goes back to its previous status and training stops seeing the label."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from service.domain import Status
from service.errors import NotFound, UndoRefused
from service.store.base import StoreBase, site_filter, utc_now
from service.store.db import api_keys, comment_domains, comments, labels
from service.store.records import Decision, StoredComment
from service.store.reputation import domain_verdict
from service.store.rows import comment_from_row

# Whether a live (not undone) decision exists on the outer query's comment.
IS_REVIEWED = sa.exists().where(labels.c.comment_id == comments.c.id, labels.c.undone_at.is_(None))
REVIEWED = IS_REVIEWED.label("reviewed")


def _key_ids(actors: Iterable[str | None]) -> set[int]:
    ids: set[int] = set()
    for actor in actors:
        kind, _, number = (actor or "").partition(":")
        if kind == "key" and number.isdigit():
            ids.add(int(number))
    return ids


def _prefix(actor: str | None, prefixes: Mapping[int, str]) -> str | None:
    kind, _, number = (actor or "").partition(":")
    return prefixes.get(int(number)) if kind == "key" and number.isdigit() else None


def _status(value: Any) -> Status | None:
    return None if value is None else Status(value)


class DecisionQueries(StoreBase):
    def record_decision(
        self, comment_id: int, *, site: str | None, status: Status, note: str, source: str,
        actor: str,
    ) -> StoredComment:
        return self.apply_decision(comment_id, site=site, status=status, note=note,
                                   source=source, actor=actor)[0]

    def apply_decision(
        self, comment_id: int, *, site: str | None, status: Status, note: str, source: str,
        actor: str,
    ) -> tuple[StoredComment, int]:
        """Set the comment's status and record the decision; returns it and the decision's id."""
        now = utc_now()
        where = [comments.c.id == comment_id, *site_filter(comments.c.site, site)]
        with self._tx(write=True) as conn:
            # Lock the row first (PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes), so
            # concurrent decisions are ordered: the label inserted last is the status that stays.
            before = conn.execute(sa.select(comments.c.status).where(*where).with_for_update())
            previous = before.scalar_one_or_none()
            if previous is None:
                raise NotFound("No such comment.")
            conn.execute(
                comments.update().where(*where).values(status=Status(status).value, updated_at=now)
            )
            row = conn.execute(sa.select(comments).where(*where)).mappings().one()
            # Domain reputation counts moderators' decisions (see store/reputation.py).
            self._set_domain_verdict(conn, comment_id, Status(status).value)
            decision_id = conn.execute(
                labels.insert().values(
                    comment_id=comment_id, site=row["site"], label=Status(status).value,
                    note=note, source=source, actor=actor, created_at=now, from_status=previous,
                ).returning(labels.c.id)
            ).scalar_one()
        return comment_from_row({**row, "reviewed": True}), int(decision_id)

    def undo_decision(
        self, comment_id: int, *, site: str | None, actor: str, decision_id: int | None = None
    ) -> StoredComment:
        """Undo the comment's latest live decision (only that one, if `decision_id` is given):
        the comment gets back the status it had before, and the label stops teaching."""
        now = utc_now()
        where = [comments.c.id == comment_id, *site_filter(comments.c.site, site)]
        with self._tx(write=True) as conn:
            found = conn.execute(sa.select(comments.c.id).where(*where).with_for_update())
            if found.scalar_one_or_none() is None:
                raise NotFound("No such comment.")
            latest = self._latest_live(conn, comment_id)
            if latest is None:
                raise UndoRefused("This comment has no decision left to undo.")
            if decision_id is not None and int(latest["id"]) != decision_id:
                raise UndoRefused("That decision was already undone or has been followed by "
                                  "another; undo the latest one first.")
            if latest["from_status"] is None:
                raise UndoRefused("This decision was recorded before decision history was kept, "
                                  "so its previous status is unknown; decide the comment again.")
            conn.execute(labels.update().where(labels.c.id == latest["id"])
                         .values(undone_at=now, undone_by=actor))
            conn.execute(comments.update().where(*where)
                         .values(status=latest["from_status"], updated_at=now))
            still = self._latest_live(conn, comment_id)
            self._set_domain_verdict(conn, comment_id, (
                Status(latest["from_status"]).value if still is not None
                else domain_verdict(Status(latest["from_status"]))))
            row = conn.execute(sa.select(comments, REVIEWED).where(*where)).mappings().one()
        return comment_from_row(row)

    @staticmethod
    def _set_domain_verdict(conn: Connection, comment_id: int, verdict: str) -> None:
        conn.execute(comment_domains.update().where(comment_domains.c.comment_id == comment_id)
                     .values(verdict=verdict))

    @staticmethod
    def _latest_live(conn: Connection, comment_id: int) -> RowMapping | None:
        query = (
            sa.select(labels.c.id, labels.c.from_status)
            .where(labels.c.comment_id == comment_id, labels.c.undone_at.is_(None))
            .order_by(labels.c.id.desc())
            .limit(1)
        )
        return conn.execute(query).mappings().first()

    def history(self, comment_id: int, *, site: str | None) -> list[Decision]:
        """Every decision on the comment, oldest first, undone ones included."""
        visible = sa.select(comments.c.id).where(
            comments.c.id == comment_id, *site_filter(comments.c.site, site)
        )
        query = sa.select(labels).where(labels.c.comment_id == comment_id).order_by(labels.c.id)
        with self._tx() as conn:
            if conn.execute(visible).first() is None:
                raise NotFound("No such comment.")
            rows = list(conn.execute(query).mappings())
            return _decisions(conn, rows)

    def recent_decisions(
        self, site: str | None, *, limit: int
    ) -> tuple[list[Decision], set[int]]:
        """The newest decisions on the key's site(s), newest first, undone ones included (the
        moderators' "last actions"), and which of them are still their comment's latest live
        one: those can be undone."""
        query = (
            sa.select(labels)
            .where(labels.c.comment_id.is_not(None), *site_filter(labels.c.site, site))
            .order_by(labels.c.id.desc())
            .limit(limit)
        )
        with self._tx() as conn:
            rows = list(conn.execute(query).mappings())
            touched = {int(r["comment_id"]) for r in rows}
            latest = sa.select(sa.func.max(labels.c.id)).where(
                labels.c.comment_id.in_(touched), labels.c.undone_at.is_(None)
            ).group_by(labels.c.comment_id)
            live = {int(i) for i in conn.scalars(latest)} if touched else set()
            return _decisions(conn, rows), live


def _decisions(conn: Connection, rows: list[RowMapping]) -> list[Decision]:
    ids = _key_ids([*(r["actor"] for r in rows), *(r["undone_by"] for r in rows)])
    prefixes = {
        int(k): str(p)
        for k, p in conn.execute(sa.select(api_keys.c.id, api_keys.c.prefix)
                                 .where(api_keys.c.id.in_(ids)))
    } if ids else {}
    return [
        Decision(
            id=int(r["id"]), comment_id=int(r["comment_id"]), site=r["site"],
            from_status=_status(r["from_status"]), to_status=Status(r["label"]),
            note=r["note"], source=r["source"], actor=r["actor"],
            actor_prefix=_prefix(r["actor"], prefixes), created_at=r["created_at"],
            undone_at=r["undone_at"], undone_by=r["undone_by"],
            undone_by_prefix=_prefix(r["undone_by"], prefixes),
        )
        for r in rows
    ]
