"""Encryption and keyed hashes for personal data.

Each configured secret (url-safe base64 of 32 random bytes) is stretched with HKDF-SHA256 into
three independent sub-keys: a Fernet key for encrypting emails, an HMAC key for email look-ups and
an HMAC key for IP look-ups. So no key is used for two purposes, and a leaked look-up hash says
nothing about the encryption key.

Rotation: put the new secret first and keep the old ones after it. Encryption always uses the
first secret and decryption tries them all (`MultiFernet`). The look-up hashes use the first
secret only, so rotating the first secret changes every hash: the store must recompute its
email and IP hashes (decrypt, re-hash) before old rows match again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from ipaddress import ip_network
from typing import NoReturn

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from service.privacy import canonical_ip, email_lookup_forms, normalize_email

_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}=?")
_INFO_FERNET = b"commentmod/v1/email-encryption"
_INFO_EMAIL_HMAC = b"commentmod/v1/email-hmac"
_INFO_IP_HMAC = b"commentmod/v1/ip-hmac"


class InvalidEmailToken(ValueError):
    """The ciphertext is damaged or was made with a key that is no longer configured."""


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def _decode_key(key: str, position: int) -> bytes:
    # 43 url-safe base64 characters (plus optional padding) are exactly 32 bytes.
    if not isinstance(key, str) or not _KEY_SHAPE.fullmatch(key.strip()):
        raise ValueError(
            f"email key #{position + 1} is not url-safe base64 of 32 random bytes; "
            "create one with EmailVault.generate_key()"
        )
    return base64.urlsafe_b64decode(key.strip()[:43] + "=")


class EmailVault:
    """Encrypts emails at rest and computes the keyed hashes stored beside them."""

    __slots__ = ("_email_hmac_key", "_fernet", "_ip_hmac_key", "_key_count")

    def __init__(self, keys: Sequence[str]) -> None:
        if isinstance(keys, str) or not keys:
            raise ValueError("EmailVault needs a sequence of at least one email key")
        raw = [_decode_key(key, i) for i, key in enumerate(keys)]
        self._fernet = MultiFernet(
            [Fernet(base64.urlsafe_b64encode(_derive(secret, _INFO_FERNET))) for secret in raw]
        )
        self._email_hmac_key = _derive(raw[0], _INFO_EMAIL_HMAC)
        self._ip_hmac_key = _derive(raw[0], _INFO_IP_HMAC)
        self._key_count = len(raw)

    def __repr__(self) -> str:
        return f"EmailVault(<{self._key_count} key(s) hidden>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("EmailVault holds secrets and cannot be pickled")

    @staticmethod
    def generate_key() -> str:
        """A new secret: url-safe base64 of 32 random bytes (the format Fernet uses too)."""
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")

    def encrypt(self, email: str) -> bytes:
        return self._fernet.encrypt(email.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            raise InvalidEmailToken("email token cannot be decrypted with these keys") from None

    def email_hmac(self, email: str) -> str:
        """HMAC-SHA256 (hex) of `normalize_email(email)` under the first secret."""
        data = normalize_email(email).encode("utf-8", "surrogatepass")
        return hmac.new(self._email_hmac_key, data, hashlib.sha256).hexdigest()

    def lookup_hmacs(self, email: str) -> tuple[str, ...]:
        """Every HMAC the address's records may carry: the canonical (IDNA) form first, then the
        Unicode-domain form that rows written before IDNA folding were keyed by."""
        return tuple(
            hmac.new(self._email_hmac_key, form.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
            for form in email_lookup_forms(email)
        )

    def ip_hmac(self, ip: str) -> str | None:
        """HMAC-SHA256 (hex) of the address for flood checks; None for empty or invalid input.

        IPv4 (and IPv4-mapped IPv6) hashes the whole address. IPv6 hashes its /64 network: one
        host usually owns a whole /64 and rotates its address inside it (privacy extensions), so
        the full address would let one commenter dodge the flood check.
        """
        address = canonical_ip(ip)
        if address is None:
            return None
        network = address if address.version == 4 else ip_network(f"{address}/64", strict=False)
        key = str(network)
        return hmac.new(self._ip_hmac_key, key.encode("ascii"), hashlib.sha256).hexdigest()

    @staticmethod
    def content_hash(text: str) -> str:
        """Plain SHA-256 (hex) of the text, for duplicate detection; pass the cleaned content."""
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
