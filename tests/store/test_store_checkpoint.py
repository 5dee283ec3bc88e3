"""WAL checkpoints in a background thread for a server's SQLite store: no request pays for one,
and the WAL still restarts (stays small) under writes that never pause."""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import closing, nullcontext
from pathlib import Path

import pytest

from service.store import SqlStore
from service.store.checkpoint import WalCheckpointer
from tests.helpers.stores import make_new_comment, sqlite_url


def _wal_frames(database: Path) -> int:
    """Frames in the WAL now (a PASSIVE checkpoint's first number; it copies, never truncates)."""
    with closing(sqlite3.connect(database, isolation_level=None)) as conn:
        return int(conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0][1])


def _autocheckpoint(store: SqlStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one())


def _server_store(url: str) -> SqlStore:
    store = SqlStore.from_url(url, background_checkpoints=True)
    store.migrate()
    return store


def test_a_server_store_leaves_checkpoints_to_its_thread_and_a_tool_store_does_not(
    tmp_path: Path,
) -> None:
    server = _server_store(sqlite_url(tmp_path))
    tool = SqlStore.from_url(sqlite_url(tmp_path))
    try:
        assert _autocheckpoint(server) == 0
        assert _autocheckpoint(tool) == 1000
        assert any(t.name == "sqlite-checkpoint" for t in threading.enumerate())
    finally:
        tool.close()
        server.close()
    assert not any(t.name == "sqlite-checkpoint" for t in threading.enumerate())


def test_one_round_copies_the_wal_so_the_next_writer_restarts_it(tmp_path: Path) -> None:
    database = tmp_path / "comments.db"
    store = SqlStore.from_url(sqlite_url(tmp_path), background_checkpoints=False)
    store.migrate()
    try:
        with store.engine.connect() as conn:  # this test's own rounds only
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
        store.engine.dispose()
        for _ in range(50):
            store.insert_comment(make_new_comment(), flood_seconds=0)
        written = _wal_frames(database)
        checkpointer = WalCheckpointer(str(database), nullcontext())
        with closing(sqlite3.connect(database, isolation_level=None)) as conn:
            assert checkpointer.checkpoint(conn) == 0
        store.insert_comment(make_new_comment(), flood_seconds=0)
        assert _wal_frames(database) < written / 10
    finally:
        store.close()


def test_the_wal_stays_small_under_writes_that_never_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the locked second step, a WAL that is always being appended to is never wholly
    copied when a writer starts, and it grows by every insert (~10 pages each)."""
    monkeypatch.setattr("service.store.checkpoint.CHECKPOINT_INTERVAL_SECONDS", 0.02)
    database = tmp_path / "comments.db"
    store = _server_store(sqlite_url(tmp_path))
    try:
        peak = 0
        for n in range(600):
            store.insert_comment(make_new_comment(), flood_seconds=0)
            if n % 50 == 49:
                frames = _wal_frames(database)
                peak = max(peak, frames)
        with store.engine.connect() as conn:
            total = int(conn.exec_driver_sql("SELECT count(*) FROM comments").scalar_one())
    finally:
        store.close()
    assert total == 600
    frames_per_insert = 5  # at least: the row and four of its indexes
    assert peak < 600 * frames_per_insert / 3


def test_a_failing_checkpoint_is_logged_once_and_the_thread_carries_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "comments.db"
    checkpointer = WalCheckpointer(str(missing), nullcontext(), interval=0.01)
    with caplog.at_level(logging.WARNING, logger="service.store"):
        checkpointer.start()
        threading.Event().wait(0.2)
        alive = checkpointer._thread.is_alive()
        checkpointer.stop()
    assert alive
    failures = [r for r in caplog.records if "checkpoint failed" in r.getMessage()]
    assert len(failures) == 1
    assert str(missing) not in caplog.text
