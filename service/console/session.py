"""Console sign-in state: a signed, HttpOnly, SameSite=Strict cookie, and CSRF tokens.

The cookie holds the SHA-256 hash of the moderator's key (what the store keeps; useless as an
API key), when it was issued and a random session id, signed with HMAC-SHA256. Every request
looks the hash up again, so revoking the key ends its console sessions within the key cache's
few seconds. The raw key is never stored anywhere after sign-in.

The signing secret is derived (HKDF, its own label) from the first email secret: that secret
already lives outside the database and is shared by every worker and host, so a leaked
database cannot forge a session and any worker accepts any other worker's cookie. Rotating the
first email secret therefore signs every moderator out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from starlette.requests import Request
from starlette.responses import Response

from service.auth import Principal
from service.deps import authenticate_hash
from service.errors import Unauthenticated
from service.keyring import email_key_path
from service.settings import Settings
from service.state import AppState
from service.store.records import Role

log = logging.getLogger("commentmod.console")

SESSION_COOKIE = "cm_console_session"
LOGIN_COOKIE = "cm_console_login"
COOKIE_PATH = "/console"
SESSION_SECONDS = 8 * 3600
LOGIN_SECONDS = 3600
_INFO = b"commentmod/v1/console-session"


def derive_secret(settings: Settings) -> bytes:
    material: bytes | None = None
    if settings.email_keys:
        material = settings.email_keys[0].get_secret_value().encode()
    else:
        try:
            lines = email_key_path(settings).read_text().split()
            material = lines[0].encode() if lines else None
        except FileNotFoundError:
            material = None
    if material is None:
        log.warning("no email key to derive the console secret from: sessions last this process")
        return secrets.token_bytes(32)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True, slots=True)
class Session:
    key_hash: str
    issued: int
    session_id: str


class SessionCodec:
    def __init__(self, secret: bytes, *, lifetime: int = SESSION_SECONDS) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def _sign(self, *parts: str) -> str:
        return _b64(hmac.new(self._secret, "|".join(parts).encode(), hashlib.sha256).digest())

    def issue(self, key_hash: str, now: float | None = None) -> str:
        issued = str(int(time.time() if now is None else now))
        session_id = secrets.token_urlsafe(16)
        sig = self._sign("session", key_hash, issued, session_id)
        return ".".join(("v1", key_hash, issued, session_id, sig))

    def read(self, cookie: str | None, now: float | None = None) -> Session | None:
        if not cookie:
            return None
        parts = cookie.split(".")
        if len(parts) != 5 or parts[0] != "v1" or not parts[2].isdigit():
            return None
        _, key_hash, issued, session_id, sig = parts
        if not hmac.compare_digest(sig, self._sign("session", key_hash, issued, session_id)):
            return None
        age = (time.time() if now is None else now) - int(issued)
        if not 0 <= age <= self.lifetime:
            return None
        return Session(key_hash, int(issued), session_id)

    def csrf_token(self, purpose: str, nonce: str) -> str:
        return self._sign("csrf", purpose, nonce)

    def csrf_ok(self, purpose: str, nonce: str | None, token: str) -> bool:
        return bool(nonce) and hmac.compare_digest(token, self.csrf_token(purpose, nonce or ""))


def codec(request: Request, state: AppState) -> SessionCodec:
    """One codec per app, made on first use (the email key exists once the lifespan ran)."""
    found = getattr(request.app.state, "console_sessions", None)
    if isinstance(found, SessionCodec):
        return found
    made = SessionCodec(derive_secret(state.settings))
    request.app.state.console_sessions = made
    return made


def moderator_for(state: AppState, key_hash: str) -> Principal | None:
    """The moderator behind a session's key hash, counted against the key's rate limit like
    an API call; None when the key is unknown, revoked or not a moderator's."""
    try:
        principal = authenticate_hash(state, key_hash)
    except Unauthenticated:
        return None
    return principal if principal.role is Role.MODERATOR else None


def secure(request: Request, settings: Settings) -> bool:
    return request.url.scheme == "https" or settings.console_secure_cookie


def set_cookie(response: Response, request: Request, settings: Settings, name: str, value: str,
               max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=COOKIE_PATH, httponly=True,
                        samesite="strict", secure=secure(request, settings))


def clear_cookie(response: Response, request: Request, settings: Settings, name: str) -> None:
    response.delete_cookie(name, path=COOKIE_PATH, httponly=True, samesite="strict",
                           secure=secure(request, settings))
