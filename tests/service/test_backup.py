"""`commentmod backup` / `restore`: an online SQLite backup taken while comments arrive."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from service.cli import main
from service.store import SqlStore
from tests.helpers.stores import make_new_comment, open_store, sqlite_url


def _count(url: str) -> int:
    store = SqlStore.from_url(url)
    try:
        return sum(store.count_by_status(None).values())
    finally:
        store.close()


def test_a_backup_taken_during_intake_restores_a_consistent_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live"
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(live))
    with open_store(sqlite_url(live)) as store:
        for _ in range(200):
            store.insert_comment(make_new_comment(), flood_seconds=0)
        stop = threading.Event()

        def intake() -> None:
            while not stop.is_set():
                store.insert_comment(make_new_comment(), flood_seconds=0)

        writer = threading.Thread(target=intake)
        writer.start()
        try:
            assert main(["backup", str(tmp_path / "b" / "backup.db")]) == 0
        finally:
            stop.set()
            writer.join()
    assert "back up the email keys separately" in capsys.readouterr().out
    backup_db = tmp_path / "b" / "backup.db"
    with sqlite3.connect(backup_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _count(f"sqlite:///{backup_db}") >= 200
    assert main(["backup", str(backup_db)]) == 1  # never overwrites a backup

    restored = tmp_path / "restored"
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(restored))
    assert main(["restore", str(backup_db)]) == 0
    assert _count(sqlite_url(restored)) == _count(f"sqlite:///{backup_db}")
    assert main(["restore", str(backup_db)]) == 1  # an existing store needs --force
    assert "--force" in capsys.readouterr().err
    assert main(["restore", "--force", str(backup_db)]) == 0


def test_postgresql_is_pointed_to_pg_dump(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("COMMENTMOD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert main(["backup", str(tmp_path / "x.db")]) == 1
    assert "pg_dump --format=custom" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
