"""Engine creation for the two supported backends: an SQLite file and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

# Connection execution option set by the store on write transactions; on SQLite it turns the
# transaction's BEGIN into BEGIN IMMEDIATE (see `_sqlite_listeners`).
WRITE_OPTION = "commentmod_write"
SQLITE_BUSY_TIMEOUT_MS = 5000
PG_CONNECT_TIMEOUT_S = 5


def normalize_url(url: str) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3, the driver the default install ships."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_engine_for(url: str) -> Engine:
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return _postgres_engine(parsed)
    raise ValueError(f"unsupported database backend {backend!r}: use sqlite or postgresql")


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        # The data directory may not exist yet on first start; a failure here surfaces as
        # StoreUnavailable on first use, which is where the caller expects it.
        with suppress(OSError):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    _sqlite_listeners(engine)
    return engine


def _sqlite_listeners(engine: Engine) -> None:
    """SQLAlchemy's recipe for SQLite transactions: stop pysqlite from emitting BEGIN itself,
    then emit our own. Writers take the write lock up front (BEGIN IMMEDIATE) so two processes
    never deadlock upgrading a read lock; busy_timeout makes the second one wait instead."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _postgres_engine(url: URL) -> Engine:
    defaults = {"application_name": "commentmod", "connect_timeout": PG_CONNECT_TIMEOUT_S}
    connect_args: dict[str, Any] = {k: v for k, v in defaults.items() if k not in url.query}
    return sa.create_engine(
        url,
        connect_args=connect_args,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        pool_timeout=10,
        pool_recycle=1800,
    )
