from __future__ import annotations

import hashlib
import pickle

import pytest
from cryptography.fernet import Fernet, InvalidToken
from hypothesis import given, settings
from hypothesis import strategies as st

from service.crypto import EmailVault, InvalidEmailToken

KEY = EmailVault.generate_key()
OLD_KEY = EmailVault.generate_key()


@pytest.fixture
def vault() -> EmailVault:
    return EmailVault([KEY])


def test_generated_keys_are_fresh_url_safe_32_byte_secrets() -> None:
    assert len(KEY) == 44
    assert KEY != OLD_KEY
    assert set(KEY.rstrip("=")) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


@pytest.mark.parametrize("email", ["olena@example.org", "олена@приклад.укр", "", "👩‍💻@x.org"])
def test_round_trip(vault: EmailVault, email: str) -> None:
    token = vault.encrypt(email)
    assert email.encode() not in token or not email
    assert vault.decrypt(token) == email


def test_the_secret_itself_is_not_the_encryption_key(vault: EmailVault) -> None:
    with pytest.raises(InvalidToken):
        Fernet(KEY).decrypt(vault.encrypt("olena@example.org"))


def test_rotation_first_key_encrypts_every_key_decrypts() -> None:
    old = EmailVault([OLD_KEY])
    rotated = EmailVault([KEY, OLD_KEY])
    old_token = old.encrypt("olena@example.org")
    assert rotated.decrypt(old_token) == "olena@example.org"
    new_token = rotated.encrypt("olena@example.org")
    assert EmailVault([KEY]).decrypt(new_token) == "olena@example.org"
    with pytest.raises(InvalidEmailToken):
        old.decrypt(new_token)


@pytest.mark.parametrize("token", [b"", b"not a token", b"gAAAAA" + b"A" * 80])
def test_a_bad_token_is_a_clear_value_error(vault: EmailVault, token: bytes) -> None:
    with pytest.raises(ValueError, match="cannot be decrypted"):
        vault.decrypt(token)


def test_email_hmac_uses_the_normalized_address(vault: EmailVault) -> None:
    digest = vault.email_hmac("olena@example.org")
    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert vault.email_hmac("  Olena@EXAMPLE.org ") == digest
    assert vault.email_hmac("olena2@example.org") != digest


def test_only_the_first_key_keys_the_lookups() -> None:
    plain = EmailVault([KEY])
    with_old = EmailVault([KEY, OLD_KEY])
    rotated = EmailVault([OLD_KEY, KEY])
    assert with_old.email_hmac("a@b.co") == plain.email_hmac("a@b.co")
    assert with_old.ip_hmac("192.0.2.1") == plain.ip_hmac("192.0.2.1")
    assert rotated.email_hmac("a@b.co") != plain.email_hmac("a@b.co")


def test_email_and_ip_hashes_use_separate_keys(vault: EmailVault) -> None:
    assert vault.email_hmac("192.0.2.1") != vault.ip_hmac("192.0.2.1")


def test_ip_hmac(vault: EmailVault) -> None:
    v4 = vault.ip_hmac("203.0.113.7")
    assert v4 is not None
    assert len(v4) == 64
    assert vault.ip_hmac(" 203.0.113.7 ") == v4
    assert vault.ip_hmac("::ffff:203.0.113.7") == v4
    assert vault.ip_hmac("203.0.113.8") != v4
    # One IPv6 host owns a /64: addresses inside it are one sender for the flood check.
    assert vault.ip_hmac("2001:db8:1:2::1") == vault.ip_hmac("2001:db8:1:2:aaaa::9")
    assert vault.ip_hmac("2001:db8:1:2::1") != vault.ip_hmac("2001:db8:1:3::1")
    assert vault.ip_hmac("") is None
    assert vault.ip_hmac("not an ip") is None


def test_content_hash_is_plain_sha256(vault: EmailVault) -> None:
    text = "Thank you 👩‍💻 '); DROP TABLE comments;--"
    assert vault.content_hash(text) == hashlib.sha256(text.encode()).hexdigest()
    assert vault.content_hash("\ud800") == vault.content_hash("\ud800")


def test_repr_and_pickle_do_not_reveal_keys(vault: EmailVault) -> None:
    assert KEY not in repr(vault)
    assert repr(vault) == "EmailVault(<1 key(s) hidden>)"
    with pytest.raises(TypeError):
        pickle.dumps(vault)


@pytest.mark.parametrize(
    "keys",
    [
        [],
        [""],
        ["too-short"],
        [KEY[:-2] + "!="],
        [KEY + KEY],
        [KEY, "not a key"],
        [Fernet.generate_key().decode() + "x"],
    ],
)
def test_invalid_keys_are_refused_without_echoing_them(keys: list[str]) -> None:
    with pytest.raises(ValueError, match="key") as error:
        EmailVault(keys)
    for key in keys:
        assert not key or key not in str(error.value)


def test_a_single_string_is_not_a_key_list() -> None:
    with pytest.raises(ValueError, match="sequence"):
        EmailVault(KEY)


def test_fernet_generated_keys_are_accepted() -> None:
    key = Fernet.generate_key().decode()
    assert EmailVault([key]).decrypt(EmailVault([key]).encrypt("a@b.co")) == "a@b.co"


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_any_text_round_trips(email: str) -> None:
    vault = EmailVault([KEY, OLD_KEY])
    assert vault.decrypt(vault.encrypt(email)) == email
