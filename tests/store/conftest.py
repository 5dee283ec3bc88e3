"""Every store test runs on an SQLite file and on PostgreSQL (skipped when unreachable).

`store_url` is a brand-new empty database per test (for migration tests); `store` is migrated.
On PostgreSQL `store` reuses one schema per test session, emptied before each test, since
creating and migrating a schema per test would cost most of the run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store import SqlStore
from tests.helpers.stores import (
    BACKENDS,
    empty_store,
    open_store,
    postgres_schema_url,
    sqlite_url,
    store_url_for,
)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_url_for(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_store() -> Iterator[SqlStore]:
    with postgres_schema_url() as url, open_store(url) as store:
        yield store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "sqlite":
        with open_store(sqlite_url(tmp_path)) as opened:
            yield opened
        return
    shared: SqlStore = request.getfixturevalue("postgres_store")
    empty_store(shared)
    yield shared
