"""Rate limits per API key, counted in the database: one limit across workers and hosts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from service.app import create_app
from service.bootstrap import create_key
from service.ratelimit import RateLimiter
from service.store import SqlStore
from service.store.db import rate_limits
from service.store.records import Role
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import open_store
from tests.service.conftest import make_settings


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    with open_store(store_url) as opened:
        yield opened


def _rows(store: SqlStore) -> list[tuple[str, int, int]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(rate_limits).order_by(rate_limits.c.key, rate_limits.c.minute))
        return [(r[0], r[1], r[2]) for r in rows]


def test_counts_per_key_and_minute_and_forgets_finished_minutes(store: SqlStore) -> None:
    assert [store.count_request("7", 100) for _ in range(3)] == [1, 2, 3]
    assert store.count_request("8", 100) == 1
    assert store.count_request("7", 101) == 1
    assert _rows(store) == [("7", 101, 1), ("8", 100, 1)]


def test_the_limiter_refuses_past_the_limit_until_the_next_minute(store: SqlStore) -> None:
    now = [6000.0 + 45]  # 45 s into minute 100
    limiter = RateLimiter(3, store, clock=lambda: now[0])
    assert [limiter.hit("k") for _ in range(3)] == [None, None, None]
    assert limiter.hit("k") == 15
    assert limiter.hit("other") is None
    now[0] = 6060.0
    assert limiter.hit("k") is None


def test_the_limit_fails_open_while_the_store_is_down() -> None:
    """Nothing listens on port 1: every count is StoreUnavailable, and requests still pass."""
    down = SqlStore.from_url("postgresql://postgres@127.0.0.1:1/test?connect_timeout=2")
    try:
        limiter = RateLimiter(1, down)
        assert [limiter.hit("k") for _ in range(3)] == [None, None, None]
    finally:
        down.close()


def test_two_apps_on_one_database_share_one_limit(tmp_path: Path, store_url: str) -> None:
    """Two workers (or hosts) of one database: a limit of 10 a minute lets 10 through in all."""
    settings = make_settings(tmp_path, store_url, rate_limit_per_minute=10)
    if time.time() % 60 > 50:  # keep the run inside one minute window
        time.sleep(61 - time.time() % 60)
    with TestClient(create_app(settings, scorer=KeywordScorer())) as one, \
            TestClient(create_app(settings, scorer=KeywordScorer())) as two:
        key = create_key(one.app.state.commentmod.store, site="blog", role=Role.SITE)  # type: ignore[attr-defined]
        headers = {"Authorization": f"Bearer {key}"}
        codes = [client.get("/v1/posts/p/comments", headers=headers).status_code
                 for _ in range(15) for client in (one, two)]
    assert codes.count(200) == 10
    assert codes.count(429) == 20
    assert all(code == 429 for code in codes[10:])
