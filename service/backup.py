"""`commentmod backup` / `restore` for an SQLite store, with SQLite's online backup API.

The backup copies a consistent snapshot page by page while the service keeps serving (writers
wait only for the moments a batch of pages is copied). PostgreSQL is backed up with its own
tools (`pg_dump --format=custom`, restored with `pg_restore`). Neither copies the email keys:
they live outside the database on purpose and are backed up apart from it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

PG_ADVICE = ("this store is PostgreSQL: back it up with `pg_dump --format=custom -f backup.dump "
             "DBNAME` and restore with `pg_restore --clean -d DBNAME backup.dump`")


class BackupRefused(RuntimeError):
    """Why a backup or restore was not made, in one line."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused(PG_ADVICE)
    if not url.database or url.database == ":memory:":
        raise BackupRefused("an in-memory database has nothing to back up")
    return Path(url.database)


def _copy(source: Path, target: Path) -> int:
    """Online copy of `source` into `target`; returns the pages copied."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        pages = 0

        def progress(_status: int, _remaining: int, total: int) -> None:
            nonlocal pages
            pages = total

        src.backup(dst, pages=256, progress=progress)
        dst.execute("PRAGMA journal_mode = WAL")
        return pages
    finally:
        dst.close()
        src.close()


def backup(database_url: str, target: Path) -> int:
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupRefused(f"there is no database at {source}")
    if target.exists():
        raise BackupRefused(f"{target} exists; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    return _copy(source, target)


def restore(database_url: str, source: Path, *, force: bool = False) -> int:
    """Copy a backup over the store. Stop every `commentmod serve` on it first; without `force`
    only an absent database is replaced."""
    target = sqlite_path(database_url)
    if not source.exists():
        raise BackupRefused(f"there is no backup at {source}")
    if target.exists() and not force:
        raise BackupRefused(f"{target} exists; stop the service and pass --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    return _copy(source, target)
