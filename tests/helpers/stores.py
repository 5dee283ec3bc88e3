"""Real stores for tests: an SQLite file under tmp_path, or a fresh PostgreSQL schema per test.

    with postgres_schema_url() as url:      # skips the test when PostgreSQL is unreachable
        store = SqlStore.from_url(url)

The PostgreSQL server comes from COMMENTMOD_TEST_PG_URL (default: postgres@127.0.0.1:5432/test,
trust auth). Each schema has a random name and is dropped afterwards, so concurrent runs on one
server never see each other's rows."""

from __future__ import annotations

import functools
import getpass
import hashlib
import itertools
import os
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from service.domain import Status
from service.store import NewComment, SqlStore
from service.store.engine import normalize_url

PG_URL_ENV = "COMMENTMOD_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))

_counter = itertools.count(1)


def sqlite_url(tmp_path: Path, name: str = "comments.db") -> str:
    return f"sqlite:///{tmp_path / name}"


def _candidates() -> list[URL]:
    configured = os.environ.get(PG_URL_ENV)
    url = normalize_url(configured or DEFAULT_PG_URL)
    if configured:
        return [url]
    return [url, url.set(username=getpass.getuser())]


@functools.cache
def _find_server() -> URL | str:
    """The first candidate that answers, or why none did (asked once per test session)."""
    reasons = []
    for url in _candidates():
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3}, poolclass=sa.NullPool)
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return url
        except sa.exc.DBAPIError as exc:
            reasons.append(f"{url.render_as_string()}: {type(exc.orig).__name__}")
        finally:
            engine.dispose()
    return f"PostgreSQL unreachable ({'; '.join(reasons)}); set {PG_URL_ENV}"


def _reachable_server() -> URL:
    found = _find_server()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a new, empty schema (search_path), dropped on exit."""
    server = _reachable_server()
    schema = f"cm_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, poolclass=sa.NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = server.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def store_url_for(backend: str, tmp_path: Path) -> AbstractContextManager[str]:
    """For a fixture parametrized over BACKENDS: `with store_url_for(request.param, tmp_path)`."""
    if backend == "sqlite":
        return nullcontext(sqlite_url(tmp_path))
    return postgres_schema_url()


@contextmanager
def open_store(url: str) -> Iterator[SqlStore]:
    """A migrated store, closed on exit."""
    store = SqlStore.from_url(url)
    try:
        store.migrate()
        yield store
    finally:
        store.close()


def empty_store(store: SqlStore) -> None:
    """Delete every row and restart the ids: reuse one migrated schema across tests."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(
                "TRUNCATE comment_domains, site_policies, labels, comments, api_keys, "
                "model_target, model_workers, email_keys, rate_limits, model_artifacts, ended_sessions "
                "RESTART IDENTITY CASCADE"
            ))
            return
        for table in ("comment_domains", "site_policies", "labels", "comments", "api_keys",
                      "model_target", "model_workers", "email_keys", "rate_limits", "model_artifacts",
                      "ended_sessions", "sqlite_sequence"):
            conn.execute(sa.text(f"DELETE FROM {table}"))


def fake_hmac(value: str) -> str:
    """Stands in for the vault's keyed hash in store-level tests."""
    return hashlib.sha256(f"test-key:{value}".encode()).hexdigest()


def make_new_comment(**overrides: Any) -> NewComment:
    """A NewComment with unique content each call. `email=` and `ip=` set the matching HMACs;
    a `content=` override also sets content_hash unless that is given too."""
    n = next(_counter)
    email = overrides.pop("email", "olena@example.org")
    ip = overrides.pop("ip", f"203.0.113.{n % 250}")
    values: dict[str, Any] = {
        "site": "blog",
        "post_id": "2023-08-kuzminov-defection",
        "parent_id": None,
        "author_name": "Olena",
        "author_email_encrypted": b"encrypted:" + email.encode(),
        "author_email_hmac": fake_hmac(email),
        "author_url": "https://olena.example.org",
        "content": f"Thank you for the detailed timeline. Note {n}.",
        "ip_hmac": None if ip is None else fake_hmac(ip),
        "user_network": None if ip is None else "203.0.113.0/24",
        "user_agent": "Mozilla/5.0",
        "referrer": "https://blog.example.org/2023/08/defection/",
        "status": Status.APPROVED,
        "spam_score": 0.01,
        "abuse_score": 0.02,
        "reasons": (),
        "model_version": "test-1",
    }
    values.update(overrides)
    values.setdefault("content_hash", hashlib.sha256(values["content"].encode()).hexdigest())
    unknown = set(values) - {f.name for f in fields(NewComment)}
    if unknown:
        raise TypeError(f"make_new_comment: unknown fields {sorted(unknown)}")
    return NewComment(**values)
