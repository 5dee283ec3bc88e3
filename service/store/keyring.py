"""The email keys' fingerprints every host checks against, and `keys rotate`'s batches.

Registering the first key is a race between hosts starting together on an empty database: it
runs under a lock (a PostgreSQL advisory lock per schema, SQLite's BEGIN IMMEDIATE) and only
the first writer wins; the others see its fingerprint and refuse to start."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.store.base import LOCK_EMAIL_KEYS, StoreBase, utc_now
from service.store.db import comments, email_keys


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    fingerprint: str
    lookup: bool
    origin: str
    added_at: datetime
    rotated_through: int | None


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"),
            {"k": LOCK_EMAIL_KEYS},
        )


class KeyringQueries(StoreBase):
    def registered_email_keys(self) -> list[RegisteredKey]:
        with self._tx() as conn:
            rows = conn.execute(
                sa.select(email_keys).order_by(email_keys.c.added_at)
            ).mappings().all()
        return [
            RegisteredKey(r["fingerprint"], bool(r["lookup"]), r["origin"], r["added_at"],
                          r["rotated_through"])
            for r in rows
        ]

    def claim_email_keyring(self, fingerprint: str, *, origin: str) -> bool:
        """Record the first key (the look-up key) when none is recorded; False when another
        host recorded one first."""
        with self._tx(write=True) as conn:
            _lock(conn)
            if conn.scalar(sa.select(sa.func.count()).select_from(email_keys)):
                return False
            conn.execute(email_keys.insert().values(
                fingerprint=fingerprint, lookup=True, origin=origin, added_at=utc_now(),
                rotated_through=None,
            ))
        return True

    def add_email_key(self, fingerprint: str, *, origin: str) -> None:
        """Record another key (a rotation's new one); nothing when it is recorded already."""
        with self._tx(write=True) as conn:
            _lock(conn)
            known = conn.scalar(
                sa.select(sa.func.count()).where(email_keys.c.fingerprint == fingerprint)
            )
            if not known:
                conn.execute(email_keys.insert().values(
                    fingerprint=fingerprint, lookup=False, origin=origin, added_at=utc_now(),
                    rotated_through=0,
                ))

    def has_comments(self) -> bool:
        with self._tx() as conn:
            return conn.scalar(sa.select(comments.c.id).limit(1)) is not None

    def newest_email_token(self) -> bytes | None:
        """The newest stored email ciphertext, to check a key against data written before the
        database recorded fingerprints."""
        with self._tx() as conn:
            token = conn.scalar(
                sa.select(comments.c.author_email_encrypted).order_by(comments.c.id.desc()).limit(1)
            )
        return None if token is None else bytes(token)

    def last_comment_id(self) -> int:
        with self._tx() as conn:
            return int(conn.scalar(sa.select(sa.func.max(comments.c.id))) or 0)

    def email_tokens_after(
        self, after_id: int, limit: int, *, up_to: int | None = None
    ) -> list[tuple[int, bytes]]:
        """(id, email ciphertext) of the comments after `after_id` (and through `up_to`)."""
        query = (
            sa.select(comments.c.id, comments.c.author_email_encrypted)
            .where(comments.c.id > after_id).order_by(comments.c.id).limit(limit)
        )
        if up_to is not None:
            query = query.where(comments.c.id <= up_to)
        with self._tx() as conn:
            return [(int(i), bytes(t)) for i, t in conn.execute(query).all()]

    def replace_email_tokens(
        self, fingerprint: str, changes: Sequence[tuple[int, bytes, bytes]], *, through: int
    ) -> int:
        """Swap (id, old token, new token) where the row still holds the old token (a row
        erased or changed meanwhile is left alone), and move the key's cursor to `through`, in
        one transaction: a crash loses no progress and repeats none. Returns rows changed."""
        changed = 0
        with self._tx(write=True) as conn:
            for comment_id, old, new in changes:
                changed += conn.execute(
                    comments.update()
                    .where(comments.c.id == comment_id,
                           comments.c.author_email_encrypted == old)
                    .values(author_email_encrypted=new)
                ).rowcount
            conn.execute(
                email_keys.update().where(email_keys.c.fingerprint == fingerprint)
                .values(rotated_through=through)
            )
        return changed
