"""Console sign-outs, shared by every worker: a signed-out session's cookie is refused until the
session would have expired anyway, after which the row is useless and deleted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from service.store.base import StoreBase, utc_now
from service.store.db import ended_sessions


class SessionQueries(StoreBase):
    def end_session(self, session_id: str, *, expires_at: datetime) -> None:
        expires_at = utc_now(expires_at)
        with self._tx(write=True) as conn:
            conn.execute(ended_sessions.delete().where(ended_sessions.c.expires_at < utc_now()))
            conn.execute(ended_sessions.delete().where(ended_sessions.c.session_id == session_id))
            conn.execute(ended_sessions.insert().values(session_id=session_id, expires_at=expires_at))

    def session_ended(self, session_id: str) -> bool:
        query = sa.select(ended_sessions.c.session_id).where(ended_sessions.c.session_id == session_id)
        with self._tx() as conn:
            return conn.execute(query).first() is not None
