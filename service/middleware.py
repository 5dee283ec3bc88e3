"""One pure-ASGI middleware for what every request needs: limits on header size (431), body
size (413) and body read time (408), and metrics. Pure ASGI (not BaseHTTPMiddleware) keeps the
per-request cost to a few function calls.

uvicorn has no limit on header size or on the time a body takes to arrive: a client that
dribbles its body would hold its connection (never a worker: the read is async) for as long
as it likes. The body must arrive within `body_timeout` seconds."""

from __future__ import annotations

import asyncio
import time

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.early_auth import refuse_before_body
from service.metrics import Metrics
from service.problems import problem_response

MAX_HEADER_BYTES = 32 * 1024
BODY_TIMEOUT_SECONDS = 30.0


class ServiceMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, metrics: Metrics,
        max_header_bytes: int = MAX_HEADER_BYTES, body_timeout: float = BODY_TIMEOUT_SECONDS,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes
        self.body_timeout = body_timeout
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_holder = [500]

        async def send_with_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = int(message["status"])
            await send(message)

        try:
            await self._with_body_limit(scope, receive, send_with_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            method = str(scope.get("method", ""))
            self.metrics.requests.labels(method, template, str(status_holder[0])).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - started)

    def _check_headers(self, scope: Scope) -> Response | None:
        """A refusal decided by the headers alone, before any body is read."""
        headers = scope.get("headers", ())
        if sum(len(k) + len(v) for k, v in headers) > self.max_header_bytes:
            return problem_response(
                431, "headers-too-large", "The request headers are too large",
                f"the headers may be at most {self.max_header_bytes} bytes in all",
                headers={"Connection": "close"},
            )
        declared = dict(headers).get(b"content-length")
        if declared is None:
            return None
        try:
            size = int(declared)
        except ValueError:
            return problem_response(400, "bad-request", "The request could not be read",
                                    "Content-Length is not a number")
        return self._too_large() if size > self.max_body_bytes else None

    async def _with_body_limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._check_headers(scope) or await refuse_before_body(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await self._read_body(receive)
        except TimeoutError:
            body, refusal = None, problem_response(
                408, "request-timeout", "The request body arrived too slowly",
                f"the body must arrive within {self.body_timeout:g} seconds",
                headers={"Connection": "close"},
            )
        if body is not None and len(body) > self.max_body_bytes:
            refusal = self._too_large()
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if body is None:  # the client went away
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None if the client disconnected; stops one chunk past the limit."""
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            total += len(chunk)
            chunks.append(chunk)
            if total > self.max_body_bytes or not message.get("more_body", False):
                return b"".join(chunks)

    def _too_large(self) -> Response:
        return problem_response(
            413, "payload-too-large", "The request body is too large",
            f"the body may be at most {self.max_body_bytes} bytes",
            headers={"Connection": "close"},
        )
