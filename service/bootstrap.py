"""First-run set-up: the data directory, the schema and the first API keys.

`commentmod serve` runs this once before starting workers, so several workers never race to
create keys; the app's lifespan only reads what is here. The email key is `service/keyring.py`'s:
it is checked against the database before anything is written.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy.engine import make_url

from service.auth import generate_akismet_key, generate_key, hash_key, shown_prefix
from service.settings import Settings
from service.store import SqlStore
from service.store.records import Role

log = logging.getLogger("commentmod.bootstrap")


def prepare(settings: Settings, *, server: bool = False) -> SqlStore:
    """Create what a first run needs and migrate the schema. Returns the open store; a `server`
    store checkpoints SQLite's WAL in a background thread."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _create_private_database(settings.resolved_database_url)
    store = SqlStore.from_url(settings.resolved_database_url, background_checkpoints=server)
    store.migrate()
    return store


def _create_private_database(url: str) -> None:
    """An SQLite file is created 0600 before SQLite opens it: it holds every comment, and SQLite
    gives its -wal and -shm files the database file's permissions."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def create_key(store: SqlStore, *, site: str | None, role: Role, akismet: bool = False) -> str:
    """A new key, returned once. An `akismet` key (a site key in Akismet's 12-hex format) is
    drawn again in the unlikely case that its 48 bits collide with an existing key."""
    if akismet and (role is not Role.SITE or site is None):
        raise ValueError("an Akismet key is a site key: it needs a site")
    for _ in range(8):
        key = generate_akismet_key() if akismet else generate_key()
        try:
            store.create_api_key(key_hash=hash_key(key), prefix=shown_prefix(key), site=site,
                                 role=role)
        except ValueError:
            continue
        return key
    raise RuntimeError("no unused key after 8 draws")


def bootstrap_keys(store: SqlStore, settings: Settings) -> list[tuple[Role, str]]:
    """On a store with no keys at all, create one site key and one moderator key."""
    if not settings.bootstrap_keys or store.count_api_keys() > 0:
        return []
    site = settings.bootstrap_site
    return [
        (Role.SITE, create_key(store, site=site, role=Role.SITE)),
        (Role.MODERATOR, create_key(store, site=site, role=Role.MODERATOR)),
    ]
