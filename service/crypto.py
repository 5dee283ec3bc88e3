"""Encryption and keyed hashes for personal data.

Each configured secret (url-safe base64 of 32 random bytes) is stretched with HKDF-SHA256 into
three independent sub-keys: a Fernet key for encrypting emails, an HMAC key for email look-ups and
an HMAC key for IP look-ups. So no key is used for two purposes, and a leaked look-up hash says
nothing about the encryption key.

Rotation: put the new secret first and keep the old ones after it. Encryption always uses the
first secret and decryption tries them all (`MultiFernet`). The look-up hashes (email, IP) use
one secret only, the *look-up key*: the first one unless `lookup=` names another. The service
passes the key the database records as its look-up key (`service/keyring.py`), so rotating the
encryption key never changes a hash, and duplicate, flood and erasure look-ups keep matching on
every host, during and after a rotation.

Every secret has a public fingerprint (an HMAC of a fixed label under a sub-key of its own):
the database records fingerprints, never secrets, so hosts can check that they agree.
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
_INFO_FINGERPRINT = b"commentmod/v1/key-fingerprint"
_FINGERPRINT_LABEL = b"commentmod email key fingerprint"


class InvalidEmailToken(ValueError):
    """The ciphertext is damaged or was made with a key that is no longer configured."""


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def _fingerprint(secret: bytes) -> str:
    return hmac.new(_derive(secret, _INFO_FINGERPRINT), _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


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

    __slots__ = (
        "_email_hmac_key", "_fernet", "_fernets", "_ip_hmac_key", "_key_count", "fingerprints",
    )

    def __init__(self, keys: Sequence[str], *, lookup: int = 0) -> None:
        """`lookup`: the position of the secret that keys the look-up hashes."""
        if isinstance(keys, str) or not keys:
            raise ValueError("EmailVault needs a sequence of at least one email key")
        if not 0 <= lookup < len(keys):
            raise ValueError("the look-up key must be one of the configured keys")
        raw = [_decode_key(key, i) for i, key in enumerate(keys)]
        self._fernets = [
            Fernet(base64.urlsafe_b64encode(_derive(secret, _INFO_FERNET))) for secret in raw
        ]
        self._fernet = MultiFernet(self._fernets)
        self._email_hmac_key = _derive(raw[lookup], _INFO_EMAIL_HMAC)
        self._ip_hmac_key = _derive(raw[lookup], _INFO_IP_HMAC)
        self._key_count = len(raw)
        self.fingerprints: tuple[str, ...] = tuple(_fingerprint(secret) for secret in raw)

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

    @staticmethod
    def fingerprint(key: str) -> str:
        """The public fingerprint (hex) of one secret; raises ValueError when it is malformed."""
        return _fingerprint(_decode_key(key, 0))

    def encrypted_with_first(self, token: bytes) -> bool:
        """Whether the token is already encrypted under the first (encrypting) secret."""
        try:
            self._fernets[0].decrypt(token)
        except InvalidToken:
            return False
        return True

    def reencrypt(self, token: bytes) -> bytes:
        """The same email encrypted under the first secret (for key rotation)."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise InvalidEmailToken("email token cannot be decrypted with these keys") from None

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            raise InvalidEmailToken("email token cannot be decrypted with these keys") from None

    def email_hmac(self, email: str) -> str:
        """HMAC-SHA256 (hex) of `normalize_email(email)` under the look-up secret."""
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
