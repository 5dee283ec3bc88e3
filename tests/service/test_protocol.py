"""The header deadline of `commentmod serve`'s HTTP protocol, on a real uvicorn server in this
process: silent and slowloris connections get 408 and are closed; normal and keep-alive
requests are untouched."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from service.protocol import HeaderTimeoutProtocol
from tests.helpers.live import free_port

DEADLINE = 0.3


class ShortDeadline(HeaderTimeoutProtocol):
    header_timeout = DEADLINE


async def hello(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    chosen = free_port()
    config = uvicorn.Config(hello, host="127.0.0.1", port=chosen, http=ShortDeadline,
                            log_config=None, lifespan="off", timeout_keep_alive=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    yield chosen
    server.should_exit = True
    thread.join(timeout=10)


def _read_all(sock: socket.socket) -> bytes:
    """Everything until the server closes the connection (or 5 s pass)."""
    sock.settimeout(5)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _response(sock: socket.socket) -> bytes:
    """One whole answer of `hello` (it ends with its 5-byte body)."""
    answer = b""
    while not answer.endswith(b"hello"):
        chunk = sock.recv(65536)
        assert chunk, f"connection closed after {answer!r}"
        answer += chunk
    return answer


def _assert_408(answer: bytes) -> None:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["type"].endswith("/request-timeout")


def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        started = time.monotonic()
        _assert_408(_read_all(sock))
        assert DEADLINE * 0.8 < time.monotonic() - started < 3


def test_headers_dribbled_past_the_deadline_are_408(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        for _ in range(4):
            time.sleep(DEADLINE / 3)
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:  # closed already: what we want
                break
        _assert_408(_read_all(sock))


def test_requests_in_time_are_served_on_a_kept_alive_connection(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(5)
        for _ in range(3):
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _response(sock).startswith(b"HTTP/1.1 200 ")
            time.sleep(DEADLINE * 1.5)  # idle between requests is the keep-alive timeout's job
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200 ")


def test_a_kept_alive_connection_whose_next_headers_stall_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET / HTTP/1.1\r\n")
        _assert_408(_read_all(sock))
