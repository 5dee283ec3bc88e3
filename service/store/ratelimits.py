"""Per-key request counts in the database, so a limit holds across workers and hosts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from service.store.base import StoreBase
from service.store.db import rate_limits

# Built once (like the comment insert): an upsert on the primary key that returns the new count.
_HIT = {
    name: dialect.insert(rate_limits)
    .values(key=sa.bindparam("key"), minute=sa.bindparam("minute"), count=1)
    .on_conflict_do_update(
        index_elements=[rate_limits.c.key, rate_limits.c.minute],
        set_={"count": rate_limits.c.count + 1},
    )
    .returning(rate_limits.c.count)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_PRUNE = rate_limits.delete().where(
    rate_limits.c.key == sa.bindparam("key"), rate_limits.c.minute < sa.bindparam("minute")
)


class RateLimitQueries(StoreBase):
    def count_request(self, key: str, minute: int) -> int:
        """Count one request of `key` in `minute`; returns the minute's count so far."""
        params = {"key": key, "minute": minute}
        with self._tx(write=True) as conn:
            count = int(conn.execute(_HIT[conn.dialect.name], params).scalar_one())
            if count == 1:  # the key's first request this minute: its older minutes are done
                conn.execute(_PRUNE, params)
        return count
