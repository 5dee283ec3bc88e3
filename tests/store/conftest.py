"""Every store test runs on an SQLite file and on a fresh PostgreSQL schema (skipped when the
server is unreachable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store import SqlStore
from tests.helpers.stores import BACKENDS, open_store, store_url_for


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_url_for(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    with open_store(store_url) as opened:
        yield opened
