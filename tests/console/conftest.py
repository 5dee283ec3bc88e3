"""Console and demo fixtures: an in-process app (TestClient) signed in through the real form,
and a live server on a free port for the browser tests."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
import uvicorn
from fastapi.testclient import TestClient
from pydantic import SecretStr

import models
from service.app import create_app
from service.demo.cli import fresh_keys
from tests.helpers.live import free_port
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from start_api(make_settings(tmp_path, sqlite_url(tmp_path)), KeywordScorer())


def form_token(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]*)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(client: TestClient, key: str) -> httpx2.Response:
    token = form_token(client.get("/console/login").text)
    return client.post("/console/login", data={"key": key, "csrf": token}, follow_redirects=False)


@pytest.fixture
def console(api: Api) -> Api:
    """`api` with its client signed in to the console as the site-bound moderator."""
    assert sign_in(api.client, api.moderator_key).status_code == 303
    return api



@dataclass
class Live:
    url: str
    moderator_key: str
    model: str


def _wait_ready(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx2.get(url + "/readyz", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail("the live server did not become ready")


def _bundled_model_present() -> bool:
    return (models.DEFAULT_MODEL_PATH / "card.json").is_file()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The service with the demo blog on a real port: the real bundled model when it is there,
    else the keyword test scorer (uvicorn in a thread, the same app `commentmod demo` builds)."""
    tmp = tmp_path_factory.mktemp("live")
    settings = make_settings(tmp, sqlite_url(tmp))
    site_key, moderator_key = fresh_keys(settings)
    scorer: Any = None if _bundled_model_present() else KeywordScorer()
    app = create_app(settings.model_copy(update={"demo_site_key": SecretStr(site_key)}),
                     scorer=scorer)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           ws="none", lifespan="on", access_log=False))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    _wait_ready(url, time.monotonic() + 60)
    yield Live(url, moderator_key, "keyword test scorer" if scorer else "bundled model")
    server.should_exit = True
    thread.join(timeout=10)
