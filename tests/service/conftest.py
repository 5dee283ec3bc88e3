"""Service test fixtures: a real store (SQLite file, and PostgreSQL when reachable), a real app
built by `create_app`, and one key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from models.types import Scorer
from service.app import create_app
from service.bootstrap import create_key
from service.settings import Settings
from service.state import AppState
from service.store.records import Role
from tests.helpers.factories import comment_body
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import postgres_schema_url, sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        with postgres_schema_url() as url:
            yield url


def make_settings(tmp_path: Path, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "flood_seconds": 0,
        "rate_limit_per_minute": 0,
        "bootstrap_keys": False,
        "model_sync_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Api:
    """A running app plus one key per role, with shortcuts for the common calls."""

    client: TestClient
    site_key: str
    moderator_key: str
    other_site_key: str
    all_sites_moderator_key: str

    @property
    def state(self) -> AppState:
        state: AppState = self.client.app.state.commentmod  # type: ignore[attr-defined]
        return state

    def headers(self, key: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"} if key else {}

    def submit(self, key: str | None = None, **overrides: Any) -> httpx.Response:
        return self.client.post(
            "/v1/comments", json=comment_body(**overrides), headers=self.headers(key or self.site_key)
        )

    def get(self, path: str, key: str | None = None, **params: Any) -> httpx.Response:
        return self.client.get(path, params=params, headers=self.headers(key or self.site_key))

    def post(self, path: str, body: Any, key: str | None = None) -> httpx.Response:
        return self.client.post(path, json=body, headers=self.headers(key or self.site_key))


def start_api(settings: Settings, scorer: Scorer) -> Iterator[Api]:
    app = create_app(settings, scorer=scorer)
    with TestClient(app, raise_server_exceptions=False) as client:
        store = app.state.commentmod.store
        yield Api(
            client=client,
            site_key=create_key(store, site="blog", role=Role.SITE),
            moderator_key=create_key(store, site="blog", role=Role.MODERATOR),
            other_site_key=create_key(store, site="other", role=Role.SITE),
            all_sites_moderator_key=create_key(store, site=None, role=Role.MODERATOR),
        )


@pytest.fixture
def scorer() -> KeywordScorer:
    return KeywordScorer()


@pytest.fixture
def settings(tmp_path: Path, store_url: str) -> Settings:
    return make_settings(tmp_path, store_url)


@pytest.fixture
def api(settings: Settings, scorer: KeywordScorer) -> Iterator[Api]:
    yield from start_api(settings, scorer)
