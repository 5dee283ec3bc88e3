"""What every part of `SqlStore` shares: the engine, one short transaction per call, the
translation of "database down" into `StoreUnavailable`, and the store's lifecycle.

No SQL, parameters, connection string or email ever reaches a caller or a log line: drivers
quote those in their messages, so only the error's class and SQLSTATE are logged."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Self

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from service.errors import StoreRefused, StoreUnavailable
from service.store.checkpoint import WalCheckpointer
from service.store.engine import WRITE_OPTION, create_engine_for, sqlite_file, writer_gate

log = logging.getLogger("service.store")

_DOWN = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
)
# PostgreSQL advisory locks use the two-int form; the first int says what is locked.
LOCK_MIGRATION = 0x636D00
LOCK_FLOOD_EMAIL = 0x636D01
LOCK_FLOOD_IP = 0x636D02
LOCK_EMAIL_KEYS = 0x636D03


def utc_now(now: datetime | None = None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("datetimes given to the store must be timezone-aware")
    return now.astimezone(UTC)


def site_filter(column: sa.ColumnElement[str], site: str | None) -> list[sa.ColumnElement[bool]]:
    """No condition for None: an all-sites moderator."""
    return [] if site is None else [column == site]


def check_limit(limit: int) -> None:
    if limit < 1:
        raise ValueError("limit must be at least 1")


def _describe(exc: Exception) -> tuple[str, object]:
    cause = getattr(exc, "orig", None) or exc
    return type(cause).__name__, getattr(cause, "sqlstate", None)


def _unavailable(exc: Exception) -> StoreUnavailable:
    log.warning("store unavailable: %s (sqlstate %s)", *_describe(exc))
    return StoreUnavailable("The comment store cannot be reached; try again shortly.")


def _refused(exc: Exception) -> StoreRefused:
    log.warning("store refused a value: %s (sqlstate %s)", *_describe(exc))
    return StoreRefused("The store refused a value of this request (a NUL byte, say).")


class StoreBase:
    def __init__(self, engine: Engine, *, background_checkpoints: bool = False) -> None:
        """`background_checkpoints`: the engine was made with it (see `create_engine_for`), and
        this store runs the checkpoint thread until `close()`."""
        self._engine = engine
        self._writer_gate = writer_gate(engine)
        self._checkpointer: WalCheckpointer | None = None
        database = sqlite_file(engine)
        if background_checkpoints and database is not None:
            self._checkpointer = WalCheckpointer(database, self._writer_gate)
            self._checkpointer.start()

    @classmethod
    def from_url(cls, url: str, *, background_checkpoints: bool = False) -> Self:
        """`background_checkpoints=True` for a server: SQLite WAL checkpoints run in a thread
        instead of inside some request's commit (see `checkpoint.py`)."""
        engine = create_engine_for(url, background_checkpoints=background_checkpoints)
        return cls(engine, background_checkpoints=background_checkpoints)

    @property
    def engine(self) -> Engine:
        return self._engine

    @contextmanager
    def _tx(self, *, write: bool = False) -> Iterator[Connection]:
        """One transaction; `write=True` makes it BEGIN IMMEDIATE on SQLite."""
        try:
            with self._engine.connect() as conn:
                if write:
                    conn.execution_options(**{WRITE_OPTION: True})
                with self._writer_gate if write else nullcontext(), conn.begin():
                    yield conn
        except (*_DOWN, sqlite3.OperationalError) as exc:
            # sqlite3's own errors reach here unwrapped from the BEGIN IMMEDIATE the connection
            # listener sends straight to the driver ("database is locked" after busy_timeout).
            raise _unavailable(exc) from None
        except (sa_exc.DataError, sa_exc.IntegrityError) as exc:
            raise _refused(exc) from None
        except sa_exc.DBAPIError as exc:
            # Every other driver error too: its message quotes the SQL and its parameters, which
            # must reach neither a client nor a traceback in the log.
            raise _unavailable(exc) from None

    def migrate(self) -> None:
        """Upgrade the schema to head, in one transaction. Safe from several processes at once:
        PostgreSQL serializes on an advisory lock per schema, SQLite on BEGIN IMMEDIATE."""
        # Imported here: only start-up needs Alembic, and it is a third of the import time.
        from alembic import command  # noqa: PLC0415

        from service.migrations import alembic_config  # noqa: PLC0415

        with self._tx(write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"),
                    {"k": LOCK_MIGRATION},
                )
            command.upgrade(alembic_config(conn), "head")

    def ping(self) -> None:
        """Raises StoreUnavailable unless the database answers."""
        with self._tx() as conn:
            conn.execute(sa.text("SELECT 1"))

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self._engine.dispose()
