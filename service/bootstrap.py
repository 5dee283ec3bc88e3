"""First-run set-up: the data directory, the email encryption key, and the first API keys.

`commentmod serve` runs this once before starting workers, so several workers never race to
create keys; the app's lifespan only reads what is here.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy.engine import make_url

from service.auth import generate_key, hash_key, shown_prefix
from service.crypto import EmailVault
from service.settings import Settings
from service.store import SqlStore
from service.store.records import Role

log = logging.getLogger("commentmod.bootstrap")

EMAIL_KEY_FILE = "email.key"


def email_key_path(settings: Settings) -> Path:
    return settings.data_dir / EMAIL_KEY_FILE


def ensure_email_key(settings: Settings) -> None:
    """Create the email key file (mode 0600) when no key is configured and none exists yet."""
    if settings.email_keys:
        return
    path = email_key_path(settings)
    if path.exists():
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race; its key is as good
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(EmailVault.generate_key() + "\n")
    log.info("created a new email encryption key in %s; back it up with the database", path)


def load_vault(settings: Settings) -> EmailVault:
    if settings.email_keys:
        return EmailVault([k.get_secret_value() for k in settings.email_keys])
    path = email_key_path(settings)
    try:
        keys = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        raise RuntimeError(
            f"no email key: set COMMENTMOD_EMAIL_KEYS or run `commentmod serve` once to create {path}"
        ) from None
    return EmailVault(keys)


def prepare(settings: Settings, *, server: bool = False) -> SqlStore:
    """Create what a first run needs and migrate the schema. Returns the open store; a `server`
    store checkpoints SQLite's WAL in a background thread."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    ensure_email_key(settings)
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


def create_key(store: SqlStore, *, site: str | None, role: Role) -> str:
    key = generate_key()
    store.create_api_key(key_hash=hash_key(key), prefix=shown_prefix(key), site=site, role=role)
    return key


def bootstrap_keys(store: SqlStore, settings: Settings) -> list[tuple[Role, str]]:
    """On a store with no keys at all, create one site key and one moderator key."""
    if not settings.bootstrap_keys or store.count_api_keys() > 0:
        return []
    site = settings.bootstrap_site
    return [
        (Role.SITE, create_key(store, site=site, role=Role.SITE)),
        (Role.MODERATOR, create_key(store, site=site, role=Role.MODERATOR)),
    ]
