"""Typed FastAPI dependencies: the app state, the caller's key and its role."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from service.auth import Principal, hash_key
from service.errors import RateLimited, Unauthenticated
from service.state import AppState

_bearer = HTTPBearer(auto_error=False, description="An API key created by `commentmod apikey`.")


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.commentmod
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def authenticate(state: AppState, token: str | None) -> Principal:
    """Look a key up (briefly cached), then count it against its rate limit."""
    if not token:
        raise Unauthenticated("send `Authorization: Bearer <key>`")
    return authenticate_hash(state, hash_key(token))


def authenticate_hash(state: AppState, key_hash: str) -> Principal:
    """`authenticate` for a caller that holds only the key's hash (a console session)."""
    now = time.monotonic()
    cached, record = state.keys.get(key_hash, now)
    if not cached:
        record = state.store.find_api_key(key_hash)
        state.keys.put(key_hash, record, now)
    if record is None:
        raise Unauthenticated("unknown or revoked API key")
    wait = state.limiter.hit(str(record.id))
    if wait is not None:
        raise RateLimited(int(wait), f"at most {state.limiter.per_minute} requests a minute")
    return Principal.from_record(record)


async def get_principal(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    token = credentials.credentials if credentials else None
    cached = bool(token) and state.keys.get(hash_key(token or ""), time.monotonic())[0]
    if token and not (cached and not state.limiter.enabled):
        # A cache miss reads the store, and the rate limit writes it: off the event loop, like
        # every other store call, so a store that waits never stalls the worker's other requests.
        return await run_in_threadpool(authenticate, state, token)
    return authenticate(state, token)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_moderator(principal: PrincipalDep) -> Principal:
    principal.require_moderator()
    return principal


ModeratorDep = Annotated[Principal, Depends(get_moderator)]


async def get_installation_moderator(principal: PrincipalDep) -> Principal:
    principal.require_installation_moderator()
    return principal


InstallationModeratorDep = Annotated[Principal, Depends(get_installation_moderator)]


async def get_site(principal: PrincipalDep) -> str:
    return principal.require_site()


SiteDep = Annotated[str, Depends(get_site)]
