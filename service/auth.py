"""API keys: generated once, shown once, stored as a SHA-256 hash.

Keys carry 256 random bits, so a fast hash is enough (no password-style stretching): a leaked
database does not reveal usable keys, and look-up by hash is a constant-time index probe.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from service.errors import Forbidden
from service.store.records import ApiKeyRecord, Role

KEY_PREFIX = "cm_"
_SHOWN_PREFIX_LENGTH = 10
# Akismet's key format: the WordPress plugin refuses any other, and a host name (where older
# clients put the key) is case-insensitive and has no `_`. 48 random bits: too few to show any
# of it in `apikey list`, and an online guess must hit one of 2**48.
AKISMET_KEY = re.compile(r"[0-9a-f]{12}")
_AKISMET_SHOWN = 2


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def generate_akismet_key() -> str:
    """12 lowercase hex characters, as Akismet issues them."""
    return secrets.token_hex(6)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def shown_prefix(key: str) -> str:
    """The part of a key that `apikey list` and logs may show."""
    if AKISMET_KEY.fullmatch(key):
        return key[:_AKISMET_SHOWN]
    return key[:_SHOWN_PREFIX_LENGTH]


def same_hash(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected.encode(), actual.encode())


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: one key, its role and the site it is bound to (None: every site)."""

    key_id: int
    role: Role
    site: str | None
    prefix: str

    @classmethod
    def from_record(cls, record: ApiKeyRecord) -> Principal:
        return cls(key_id=record.id, role=record.role, site=record.site, prefix=record.prefix)

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}"

    def require_moderator(self) -> None:
        if self.role is not Role.MODERATOR:
            raise Forbidden("this endpoint needs a moderator key")

    @property
    def is_installation_moderator(self) -> bool:
        """A moderator key bound to no site: it may act on what every site shares (the model)."""
        return self.role is Role.MODERATOR and self.site is None

    def require_installation_moderator(self) -> None:
        """The model is shared by every site, so only a key bound to no site may switch it."""
        self.require_moderator()
        if self.site is not None:
            raise Forbidden("switching the model needs an installation-wide moderator key "
                            "(one created without --site): every site shares the model")

    def require_site(self) -> str:
        """The site a site key submits for; moderator keys do not submit comments."""
        if self.role is not Role.SITE or self.site is None:
            raise Forbidden("this endpoint needs a site key")
        return self.site

    def scope(self) -> str | None:
        """The site this key may read, or None for an all-sites moderator key."""
        return self.site


class KeyCache:
    """Remembers key look-ups for a few seconds so the hot path skips one database round trip.
    A revoked key therefore stops working within `ttl` seconds."""

    def __init__(self, ttl: float = 5.0) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, ApiKeyRecord | None]] = {}

    def get(self, key_hash: str, now: float) -> tuple[bool, ApiKeyRecord | None]:
        entry = self._entries.get(key_hash)
        if entry is None or now - entry[0] > self.ttl:
            return False, None
        return True, entry[1]

    def put(self, key_hash: str, record: ApiKeyRecord | None, now: float) -> None:
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key_hash] = (now, record)
