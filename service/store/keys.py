"""API keys: stored as the hex SHA-256 of the key, never the key itself."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from service.store.base import StoreBase, utc_now
from service.store.db import api_keys
from service.store.records import ApiKeyRecord, Role
from service.store.rows import api_key_from_row


class ApiKeyQueries(StoreBase):
    def create_api_key(
        self, *, key_hash: str, prefix: str, site: str | None, role: Role
    ) -> ApiKeyRecord:
        values = {
            "key_hash": key_hash,
            "prefix": prefix,
            "site": site,
            "role": Role(role).value,
            "created_at": utc_now(),
            "revoked_at": None,
            "last_used_at": None,
        }
        with self._tx(write=True) as conn:
            try:
                new_id = conn.execute(
                    api_keys.insert().values(values).returning(api_keys.c.id)
                ).scalar_one()
            except sa_exc.IntegrityError:
                raise ValueError("an API key with this hash already exists") from None
        return api_key_from_row({**values, "id": new_id})

    def find_api_key(self, key_hash: str) -> ApiKeyRecord | None:
        """The key with this hash, unless revoked. Looking up a hash of a 32-byte random key
        leaks nothing through timing, so no constant-time comparison is needed here."""
        query = sa.select(api_keys).where(
            api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None)
        )
        with self._tx() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else api_key_from_row(row)

    def list_api_keys(self) -> list[ApiKeyRecord]:
        with self._tx() as conn:
            rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.id)).mappings().all()
        return [api_key_from_row(r) for r in rows]

    def revoke_api_key(self, key_id: int) -> bool:
        """True when an active key was revoked; False when there is no such active key."""
        query = (
            api_keys.update()
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )
        with self._tx(write=True) as conn:
            return conn.execute(query).rowcount > 0

    def touch_api_key(self, key_id: int, *, now: datetime | None = None) -> None:
        """Record a use of the key (shown in `apikey list`); callers may throttle this."""
        query = api_keys.update().where(api_keys.c.id == key_id).values(last_used_at=utc_now(now))
        with self._tx(write=True) as conn:
            conn.execute(query)

    def count_api_keys(self, *, active_only: bool = False) -> int:
        """All keys ever created by default, so revoking every key never re-triggers the
        first-start bootstrap."""
        query = sa.select(sa.func.count()).select_from(api_keys)
        if active_only:
            query = query.where(api_keys.c.revoked_at.is_(None))
        with self._tx() as conn:
            return int(conn.scalar(query) or 0)
