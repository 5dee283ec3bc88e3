"""uvicorn's httptools protocol with a deadline for the request line and headers.

uvicorn closes idle keep-alive connections, but a connection that sends nothing after
connecting, or dribbles its headers a byte at a time (slowloris), stays open for ever: each
holds a socket and a little memory, and enough of them exhaust the worker's file descriptors.
This protocol gives every request `COMMENTMOD_HEADER_TIMEOUT_SECONDS` from its first byte (or
from the connection, for the first request) to the end of its headers, then answers 408 and
closes, as nginx's `client_header_timeout` does. Slow *bodies* are cut off by
`ServiceMiddleware`.

`commentmod serve` passes this class to uvicorn; behind another server (gunicorn with uvicorn
workers, say) a reverse proxy's header timeout does the same job.
"""

from __future__ import annotations

import asyncio
import functools

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.errors import PROBLEM_BASE
from service.problems import PROBLEM_MEDIA_TYPE
from service.settings import Settings


@functools.cache
def configured_header_timeout() -> float:
    """Read once per worker: uvicorn builds one protocol object per connection."""
    return Settings().header_timeout_seconds


def _timeout_response(seconds: float) -> bytes:
    body = orjson.dumps({
        "type": PROBLEM_BASE + "request-timeout", "title": "The request headers arrived too slowly",
        "status": 408, "detail": f"the request line and headers must arrive within {seconds:g} seconds",
    })
    head = (f"HTTP/1.1 408 Request Timeout\r\nContent-Type: {PROBLEM_MEDIA_TYPE}\r\n"
            f"Connection: close\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


class HeaderTimeoutProtocol(HttpToolsProtocol):
    header_timeout: float | None = None
    """Seconds; None reads the setting (a subclass may fix it, as tests do)."""
    _header_deadline: asyncio.TimerHandle | None = None

    @property
    def _timeout(self) -> float:
        return configured_header_timeout() if self.header_timeout is None else self.header_timeout

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_deadline is None:  # the next request on a keep-alive connection
            self._arm_header_deadline()

    def on_headers_complete(self) -> None:
        self._disarm_header_deadline()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _arm_header_deadline(self) -> None:
        self._header_deadline = self.loop.call_later(self._timeout, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.write(_timeout_response(self._timeout))
            self.transport.close()
