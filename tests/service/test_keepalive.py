"""After a 500 the keep-alive connection stays usable (real uvicorn, a real socket)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from service.app import create_app
from service.bootstrap import create_key
from service.store.records import Role
from tests.helpers.live import free_port
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings


class BrokenCardScorer(KeywordScorer):
    """Scores, but its card cannot be read: `GET /v1/model` hits an unexpected error (a 500)."""

    @property
    def card(self) -> Mapping[str, Any]:
        raise RuntimeError("card bug")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, str]]:
    app = create_app(make_settings(tmp_path, sqlite_url(tmp_path)), scorer=BrokenCardScorer())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           http="service.protocol:HeaderTimeoutProtocol"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    key = create_key(app.state.commentmod.store, site="blog", role=Role.SITE)
    yield port, key
    server.should_exit = True
    thread.join(timeout=15)


def _exchange(sock: socket.socket, path: str, key: str) -> bytes:
    """One GET on the socket; returns the status line once the whole response has arrived."""
    request = f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n\r\n"
    sock.sendall(request.encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before a response")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length")))
    while len(rest) < length:
        rest += sock.recv(65536)
    return head.split(b"\r\n")[0]


def test_a_500_keeps_the_connection_for_the_next_request(served: tuple[int, str]) -> None:
    port, key = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        assert _exchange(sock, "/v1/model", key) == b"HTTP/1.1 500 Internal Server Error"
        # The same socket again: uvicorn closed it here before (a reset for the client).
        assert _exchange(sock, "/v1/posts/p/comments", key) == b"HTTP/1.1 200 OK"
