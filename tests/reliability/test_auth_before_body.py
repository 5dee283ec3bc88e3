"""Attack: unauthenticated clients declare 1 MiB bodies and send them slowly, or not at all.
Before, the worker read (and held) each body in full before it looked at the key: 1,000 such
connections took a worker from ~500 to ~860 MiB. Now the key is checked from the headers."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.app import create_app
from service.bootstrap import create_key
from service.store.records import Role
from tests.compat.conftest import _serve
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings

MIB = 1024 * 1024


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[int, str]]:
    app = create_app(make_settings(tmp_path, sqlite_url(tmp_path)), scorer=KeywordScorer())
    for url in _serve(app):
        key = create_key(app.state.commentmod.store, site="blog", role=Role.SITE)
        yield int(url.rsplit(":", 1)[1]), key


def _head_only(port: int, authorization: str | None) -> tuple[bytes, float]:
    """Sends the headers of a 1 MiB POST and none of its body; returns the answer and its delay."""
    lines = ["POST /v1/comments HTTP/1.1", "Host: localhost", "Content-Type: application/json",
             f"Content-Length: {MIB}"]
    if authorization:
        lines.append(f"Authorization: {authorization}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = sock.recv(4096)
        return answer, time.monotonic() - started


@pytest.mark.parametrize("authorization", [None, "Bearer cm_not_a_key_at_all_000000000000", "Basic eDp5"])
def test_no_live_key_is_401_before_any_body_byte(live: tuple[int, str], authorization: str | None) -> None:
    port, _ = live
    answer, took = _head_only(port, authorization)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert b"application/problem+json" in answer
    assert b"/problems/unauthenticated" in answer
    assert took < 2.0, took


def test_a_live_key_still_sends_its_body(live: tuple[int, str]) -> None:
    port, key = live
    body = b'{"post_id": "p", "author_name": "A", "author_email": "a@example.org", "content": "Hi"}'
    request = (f"POST /v1/comments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               f"Authorization: Bearer {key}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        assert sock.recv(4096).startswith(b"HTTP/1.1 201")
