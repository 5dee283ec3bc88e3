"""Live servers for the compatibility tests, so unmodified clients talk real HTTP to them:

- `live`: the app from `create_app` (test scorer, SQLite or PostgreSQL) served by uvicorn on a
  free localhost port, in a thread;
- `served`: `commentmod serve` itself in a subprocess (the bundled model, the service's logging),
  a `LiveServer`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import akismet
import httpx
import pytest

from service.app import create_app
from service.bootstrap import create_key
from service.state import AppState
from service.store.records import Role
from tests.helpers.live import LiveServer
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import BACKENDS, store_url_for
from tests.helpers.threaded_server import serve_in_thread
from tests.service.conftest import make_settings

BLOG = "https://blog.example.org/"
BLOCKED_WORD = "replica-watches"


@dataclass
class Live:
    url: str
    state: AppState
    scorer: KeywordScorer
    site_key: str  # site "blog.example.org", the site of BLOG
    other_site_key: str  # site "other.example.org"
    moderator_key: str

    def comment_count(self) -> int:
        return sum(self.state.store.count_by_status(None).values())


class RedirectTransport(httpx.BaseTransport):
    """Sends every request, whatever its URL, to the live server; nothing else changes (the
    client still believes it talks to rest.akismet.com or commentanalyzer.googleapis.com)."""

    def __init__(self, base_url: str) -> None:
        self._target = httpx.URL(base_url)
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self._target.scheme, host=self._target.host, port=self._target.port
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def _serve(app: Any) -> Iterator[str]:
    for port in serve_in_thread(app):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(params=BACKENDS)
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Live]:
    scorer = KeywordScorer()
    with store_url_for(request.param, tmp_path) as url:
        settings = make_settings(tmp_path, url, blocked_words=(BLOCKED_WORD,))
        app = create_app(settings, scorer=scorer)
        for base_url in _serve(app):
            state: AppState = app.state.commentmod
            store = state.store
            yield Live(
                url=base_url,
                state=state,
                scorer=scorer,
                site_key=create_key(store, site="blog.example.org", role=Role.SITE),
                other_site_key=create_key(store, site="other.example.org", role=Role.SITE),
                moderator_key=create_key(store, site="blog.example.org", role=Role.MODERATOR),
            )


@pytest.fixture
def http(live: Live) -> Iterator[httpx.Client]:
    """A plain HTTP client for what the Akismet library hides (headers, raw forms)."""
    with httpx.Client(base_url=live.url, timeout=10) as client:
        yield client


AkismetFactory = Callable[..., akismet.SyncClient]


@pytest.fixture
def make_akismet(live: Live) -> Iterator[AkismetFactory]:
    """The unmodified `akismet.SyncClient`, its HTTP client redirected to the live server."""
    clients: list[httpx.Client] = []

    def make(key: str | None = None, blog: str = BLOG) -> akismet.SyncClient:
        http_client = httpx.Client(transport=RedirectTransport(live.url), timeout=10,
                                   headers={"User-Agent": akismet.USER_AGENT})
        clients.append(http_client)
        config = akismet.Config(key=key or live.site_key, url=blog)
        return akismet.SyncClient(config=config, http_client=http_client)

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The first-run site key is for site "blog.example.org"."""
    server = LiveServer.start(tmp_path_factory.mktemp("served"),
                              env={"COMMENTMOD_BOOTSTRAP_SITE": "blog.example.org"})
    yield server
    server.stop()
