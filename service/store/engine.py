"""Engine creation for the two supported backends: an SQLite file and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from contextlib import AbstractContextManager, nullcontext, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

# Connection execution option set by the store on write transactions; on SQLite it turns the
# transaction's BEGIN into BEGIN IMMEDIATE (see `_sqlite_listeners`).
WRITE_OPTION = "commentmod_write"
SQLITE_BUSY_TIMEOUT_MS = 5000
# Once reset, the WAL file is cut back to this size instead of keeping its high-water mark.
SQLITE_WAL_SIZE_LIMIT = 64 * 1024 * 1024
PG_CONNECT_TIMEOUT_S = 5


def normalize_url(url: str) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3, the driver the default install ships."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_engine_for(url: str, *, background_checkpoints: bool = False) -> Engine:
    """`background_checkpoints`: SQLite connections never checkpoint the WAL themselves; the
    owner runs a `WalCheckpointer` (a long-running server). Short-lived tools keep SQLite's
    automatic checkpoints."""
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, background_checkpoints=background_checkpoints)
    if backend == "postgresql":
        return _postgres_engine(parsed)
    raise ValueError(f"unsupported database backend {backend!r}: use sqlite or postgresql")


def _sqlite_engine(url: URL, *, background_checkpoints: bool) -> Engine:
    if url.database and url.database != ":memory:":
        # The data directory may not exist yet on first start; a failure here surfaces as
        # StoreUnavailable on first use, which is where the caller expects it.
        with suppress(OSError):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    _sqlite_listeners(engine, background_checkpoints=background_checkpoints)
    return engine


def _sqlite_listeners(engine: Engine, *, background_checkpoints: bool) -> None:
    """SQLAlchemy's recipe for SQLite transactions: stop pysqlite from emitting BEGIN itself,
    then emit our own. Writers take the write lock up front (BEGIN IMMEDIATE) so two processes
    never deadlock upgrading a read lock; busy_timeout makes the second one wait instead."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            _enable_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA journal_size_limit = {SQLITE_WAL_SIZE_LIMIT}")
            if background_checkpoints:
                cursor.execute("PRAGMA wal_autocheckpoint = 0")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        # Straight to the driver: a full SQLAlchemy execution for one BEGIN cost a sixth of an
        # intake's insert.
        connection.connection.driver_connection.execute(  # type: ignore[union-attr]
            "BEGIN IMMEDIATE" if write else "BEGIN"
        )


def _enable_wal(cursor: Any) -> None:
    """Switching a new file to WAL takes an exclusive lock and SQLite may answer "locked" at
    once, without its busy handler, when another process opens the same new file at that moment
    (two workers, or two migrations, starting together). Retry briefly; WAL sticks to the file."""
    for attempt in range(50):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.02 * (1 + attempt % 5))


class WriterBusy(sqlite3.OperationalError):
    """The SQLite writer gate stayed taken past the bound: handled where SQLite's own "database
    is locked" is (503 in the store, a retry in the checkpoint thread)."""


class SqliteWriterGate:
    """One writer at a time per SQLite file, queued outside SQLite: threads on a lock, processes
    on an flock of `<database>-writer`. SQLite's own busy handler polls with sleeps of up to
    100 ms, and under steady load a process that keeps the write lock starves the other (seconds
    at p99); a blocked flock wakes as soon as it is released. Without the lock file (read-only
    directory), only threads are queued and the busy handler does the rest.

    Every wait is bounded by the busy timeout: a process that holds the lock file (or the database)
    for longer makes writes fail with StoreUnavailable (503), never freezes the workers."""

    def __init__(self, database: str) -> None:
        self._path = f"{database}-writer"
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int | None:
        if self._pid != os.getpid():  # a forked child must not share the parent's flock
            self._pid, self._fd = os.getpid(), None
            with suppress(OSError):
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        return self._fd

    def __enter__(self) -> None:
        bound = SQLITE_BUSY_TIMEOUT_MS / 1000
        deadline = time.monotonic() + bound
        if not self._lock.acquire(timeout=bound):
            raise WriterBusy("the SQLite writer gate stayed taken too long")
        fd = self._file()
        pause = 0.001
        while fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._lock.release()
                    raise WriterBusy("another process held the SQLite writer lock too long") from None
                time.sleep(pause)  # short polls: a released lock is taken within milliseconds
                pause = min(pause * 2, 0.01)
            except OSError:
                self._fd = fd = None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if self._fd is not None:
                with suppress(OSError):
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._lock.release()


def sqlite_file(engine: Engine) -> str | None:
    """The database file of an SQLite engine; None for PostgreSQL or an in-memory database."""
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return database
    return None


def writer_gate(engine: Engine) -> AbstractContextManager[None]:
    """What a write transaction enters first: the SQLite gate for a file, else nothing."""
    database = sqlite_file(engine)
    return nullcontext() if database is None else SqliteWriterGate(database)


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
