"""Authentication before the body: a `POST /v1/…` without a live key is refused (401) from its
headers alone, so an unauthenticated client cannot make a worker read and hold up to
`COMMENTMOD_MAX_BODY_BYTES` per connection (1,000 connections once pinned ~360 MiB per worker).

Only the key's existence is checked here (the same cache and store look-up the route uses, off the
event loop); the route still authenticates, rate-limits and checks the role. Akismet sends its key
inside the form body and Perspective answers in its own error format, so those paths, and the
console's cookie sessions, are left to their routes."""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import Scope

from service.auth import hash_key
from service.errors import StoreUnavailable
from service.problems import problem_response
from service.state import AppState

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() or None if scheme.lower() == "bearer" else None
    return None


def _routed(app: object, scope: Scope) -> bool:
    """Whether a route takes this method and path: an unknown one stays 404 or 405, which the
    router answers without reading the body either."""
    routes = getattr(getattr(app, "router", None), "routes", ())
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


def _unauthenticated(detail: str) -> Response:
    return problem_response(401, "unauthenticated", "A valid API key is required", detail,
                            headers={"WWW-Authenticate": "Bearer", "Connection": "close"})


async def refuse_before_body(scope: Scope) -> Response | None:
    """A 401 for a body-carrying `/v1/` request whose key is missing, unknown or revoked."""
    if scope.get("method") not in _BODY_METHODS or not str(scope.get("path", "")).startswith("/v1/"):
        return None
    app = scope.get("app")
    state: AppState | None = getattr(getattr(app, "state", None), "commentmod", None)
    if state is None or not _routed(app, scope):
        return None
    token = _bearer(scope)
    if token is None:
        return _unauthenticated("send `Authorization: Bearer <key>`")
    key_hash = hash_key(token)
    now = time.monotonic()
    cached, record = state.keys.get(key_hash, now)
    if not cached:
        try:
            record = await run_in_threadpool(state.store.find_api_key, key_hash)
        except StoreUnavailable:
            return None  # the route answers 503 as for any request
        state.keys.put(key_hash, record, now)
    return _unauthenticated("unknown or revoked API key") if record is None else None
