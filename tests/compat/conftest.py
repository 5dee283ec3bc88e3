"""Live servers for the compatibility tests, so unmodified clients talk real HTTP to them:

- `live`: the app from `create_app` (test scorer, SQLite or PostgreSQL) served by uvicorn on a
  free localhost port, in a thread;
- `served`: `commentmod serve` itself in a subprocess (the bundled model, the service's logging),
  its output collected line by line."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import akismet
import httpx
import pytest
import uvicorn

from service.app import create_app
from service.bootstrap import create_key
from service.state import AppState
from service.store.records import Role
from tests.helpers.live import free_port
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import BACKENDS, store_url_for
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
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, ws="none", http="h11",
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the live server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


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


@dataclass
class Served:
    url: str
    site_key: str  # the first-run key, for site "blog.example.org"
    process: subprocess.Popen[str]
    lines: list[str]

    def output_once(self, needle: str, timeout: float = 20) -> str:
        """Everything the server printed, once `needle` has appeared in it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = "".join(self.lines)
            if needle in text:
                return text
            time.sleep(0.05)
        pytest.fail(f"{needle!r} never appeared in the server output")



@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    workdir = tmp_path_factory.mktemp("served")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    env.update({"COMMENTMOD_FLOOD_SECONDS": "0", "COMMENTMOD_RATE_LIMIT_PER_MINUTE": "0",
                "COMMENTMOD_BOOTSTRAP_SITE": "blog.example.org", "PYTHONUNBUFFERED": "1"})
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port)],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    stdout = process.stdout
    assert stdout is not None
    lines: list[str] = []

    def collect() -> None:
        for line in stdout:
            lines.append(line)

    reader = threading.Thread(target=collect, daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("commentmod serve did not become ready:\n" + "".join(lines))
        match = re.search(r"site\s+key .*: (cm_\S+)", "".join(lines))
        assert match, "serve did not print its first-run site key"
        yield Served(url, match.group(1), process, lines)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        stdout.close()
