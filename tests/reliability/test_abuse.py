"""Abuse of the API against a live `commentmod serve` (2 workers, SQLite): oversized headers and
bodies, slow clients, 10k-character words, deeply nested JSON, and many concurrent requests with
one key. Each answer is a 4xx problem (never a 5xx), and the server keeps serving others."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from starlette.types import Message

from service.bootstrap import create_key
from service.metrics import Metrics
from service.middleware import ServiceMiddleware
from service.store import SqlStore
from service.store.records import Role
from tests.helpers.factories import comment_body, repeated
from tests.helpers.live import LiveServer

PROBLEM = "application/problem+json"
RATE_LIMIT = 40
HEADER_TIMEOUT = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer.start(tmp_path_factory.mktemp("abuse"), workers=2,
                            env={"COMMENTMOD_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
                                 "COMMENTMOD_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT)})
    yield live
    live.stop()
    assert "Traceback" not in live.output()


def post(server: LiveServer, body: Any = None, *, content: bytes | Iterator[bytes] | None = None,
         headers: dict[str, str] | None = None, path: str = "/v1/comments") -> httpx.Response:
    return httpx.post(server.url + path, json=body, content=content, timeout=30,
                      headers={**server.headers(), **(headers or {})})


def assert_problem(response: httpx.Response, status: int, kind: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/" + kind)


@pytest.mark.parametrize("size", [40 * 1024, 1024 * 1024])
def test_oversized_headers_are_431(server: LiveServer, size: int) -> None:
    response = post(server, comment_body(), headers={"X-Filler": "a" * size})
    assert_problem(response, 431, "headers-too-large")


def test_oversized_bodies_are_413_declared_or_chunked(server: LiveServer) -> None:
    big = json.dumps(comment_body(content="x" * (2 * 1024 * 1024))).encode()
    assert_problem(post(server, content=big, headers={"Content-Type": "application/json"}),
                   413, "payload-too-large")

    def chunks() -> Iterator[bytes]:
        for _ in range(64):
            yield b"x" * 32 * 1024

    assert_problem(post(server, content=chunks()), 413, "payload-too-large")


def _slow_client(server: LiveServer, *, headers_done: bool) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    head = (f"POST /v1/comments HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {server.site_key}\r\n")
    if headers_done:
        sock.sendall((head + "Content-Length: 5000\r\n\r\n{\"post_id\": ").encode())
    else:
        sock.sendall(head.encode())  # the headers never end (slowloris)
    return sock


def test_slow_clients_do_not_block_other_requests(server: LiveServer) -> None:
    with ExitStack() as stack:
        for i in range(24):
            stack.enter_context(_slow_client(server, headers_done=i % 2 == 0))
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: post(server, comment_body()), range(16)))
        assert [a.status_code for a in answers] == [201] * 16
        assert time.monotonic() - started < 15


def test_headers_that_never_end_are_408_and_closed(server: LiveServer) -> None:
    """Slowloris: `commentmod serve` gives the request line and headers a deadline."""
    with _slow_client(server, headers_done=False) as sock:
        started = time.monotonic()
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert json.loads(answer.partition(b"\r\n\r\n")[2])["type"].endswith("/request-timeout")
        assert HEADER_TIMEOUT * 0.8 < time.monotonic() - started < HEADER_TIMEOUT + 5


def test_a_body_that_arrives_too_slowly_is_408() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not see a request whose body never arrived")

    middleware = ServiceMiddleware(app, max_body_bytes=1024, metrics=Metrics(), body_timeout=0.2)
    sent: list[Message] = []

    async def receive() -> Message:
        await asyncio.sleep(60)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/comments", "headers": []}
    asyncio.run(middleware(scope, receive, send))
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["type"].endswith("/request-timeout")


def test_ten_thousand_character_words(server: LiveServer) -> None:
    word = "a" * 10_000
    started = time.monotonic()
    response = post(server, comment_body(content=word, post_id="words"))
    assert response.status_code in (201, 202), response.text
    assert time.monotonic() - started < 5
    for field in ("author_name", "author_url", "author_email"):
        answer = post(server, comment_body(**{field: word}))
        assert_problem(answer, 422, "validation")
        assert {e["field"] for e in answer.json()["errors"]} == {field}
    assert post(server, {"comments": [{"content": word}] * 20}, path="/v1/score").status_code == 200


def test_longest_comments_of_pathological_pieces_are_answered_quickly(server: LiveServer) -> None:
    """Inputs that made a link pattern backtrack for a minute (tests/reliability/test_linear_time.py)."""
    for unit, tail in (("a-", ".x x.com"), ("a.", " x.com"), ("<a ", ""), ("a", "@")):
        started = time.monotonic()
        response = post(server, comment_body(content=repeated(unit, tail), post_id="pathological"))
        assert response.status_code in (201, 202, 422), response.text
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("depth", [1_000, 200_000])
def test_deeply_nested_json_is_a_4xx_problem(server: LiveServer, depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    response = post(server, content=nested, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == PROBLEM
    in_a_field = b'{"post_id": "p", "content": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"
    response = post(server, content=in_a_field, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == PROBLEM


def test_one_key_is_rate_limited_with_retry_after(server: LiveServer) -> None:
    store = SqlStore.from_url(f"sqlite:///{server.workdir / '.commentmod' / 'comments.db'}")
    try:
        busy_key = create_key(store, site="default", role=Role.SITE)
    finally:
        store.close()
    body = {"comments": [{"content": "A short comment to score."}]}

    def score(_: int) -> httpx.Response:
        return post(server, body, headers=server.headers(busy_key), path="/v1/score")

    with ThreadPoolExecutor(32) as pool:
        answers = list(pool.map(score, range(4 * RATE_LIMIT)))
    statuses = [a.status_code for a in answers]
    assert set(statuses) == {200, 429}
    # One limit for all workers (counted in the store); twice it across a minute boundary.
    assert RATE_LIMIT <= statuses.count(200) <= 2 * RATE_LIMIT
    for refused in (a for a in answers if a.status_code == 429):
        assert_problem(refused, 429, "rate-limited")
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
    other = post(server, body, path="/v1/score")  # another key is not affected
    assert other.status_code == 200


def test_the_server_is_still_healthy_afterwards(server: LiveServer) -> None:
    assert httpx.get(server.url + "/readyz", timeout=10).status_code == 200
    assert server.process.poll() is None

