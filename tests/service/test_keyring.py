"""Email keys every host of one database agrees on, checked on a real store (SQLite and PG)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from service.crypto import EmailVault
from service.keyring import KeyMismatch, email_key_path, open_vault
from service.settings import Settings
from service.store import SqlStore
from tests.helpers.stores import make_new_comment, open_store

KEY = EmailVault.generate_key()
OTHER = EmailVault.generate_key()


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    with open_store(store_url) as opened:
        yield opened


def host(tmp_path: Path, name: str, *keys: str, **overrides: Any) -> Settings:
    """One host's settings: its own data directory, maybe explicit keys."""
    return Settings(data_dir=tmp_path / name, email_keys=tuple(SecretStr(k) for k in keys),
                    **overrides)


def _store_comment(store: SqlStore, vault: EmailVault, email: str = "olena@example.org") -> None:
    store.insert_comment(
        make_new_comment(email=email, author_email_encrypted=vault.encrypt(email),
                         author_email_hmac=vault.email_hmac(email)),
        flood_seconds=0,
    )


def test_the_first_host_generates_a_key_and_records_only_its_fingerprint(
    tmp_path: Path, store: SqlStore
) -> None:
    opened = open_vault(host(tmp_path, "a"), store, create=True)
    assert opened.created == email_key_path(host(tmp_path, "a")).resolve()
    key = opened.created.read_text().strip()
    [recorded] = store.registered_email_keys()
    assert recorded.lookup
    assert recorded.fingerprint == EmailVault.fingerprint(key) == opened.vault.fingerprints[0]
    assert key not in recorded.fingerprint
    assert key not in recorded.origin
    assert str(opened.created) in recorded.origin


def test_a_second_host_without_the_key_refuses_and_creates_no_key(
    tmp_path: Path, store: SqlStore
) -> None:
    open_vault(host(tmp_path, "a"), store, create=True)
    b = host(tmp_path, "b")
    with pytest.raises(KeyMismatch, match="set COMMENTMOD_EMAIL_KEYS on this host") as refused:
        open_vault(b, store, create=True)
    assert str(tmp_path / "a") in str(refused.value)  # says where the key is
    assert not email_key_path(b).exists()
    assert len(store.registered_email_keys()) == 1


def test_a_host_with_a_different_key_refuses_and_changes_nothing(
    tmp_path: Path, store: SqlStore
) -> None:
    first = open_vault(host(tmp_path, "a", KEY), store).vault
    _store_comment(store, first)
    before = store.registered_email_keys()
    with pytest.raises(KeyMismatch, match="lacks 1 email key") as refused:
        open_vault(host(tmp_path, "b", OTHER), store, create=True)
    assert "\n" not in str(refused.value)
    assert OTHER not in str(refused.value)
    assert KEY not in str(refused.value)
    assert store.registered_email_keys() == before


def test_an_unrecorded_first_key_refuses_even_with_the_recorded_one_after_it(
    tmp_path: Path, store: SqlStore
) -> None:
    open_vault(host(tmp_path, "a", KEY), store)
    with pytest.raises(KeyMismatch, match="first key of COMMENTMOD_EMAIL_KEYS"):
        open_vault(host(tmp_path, "b", OTHER, KEY), store)
    # A new key after the recorded one is fine: hosts get it before a rotation starts.
    assert open_vault(host(tmp_path, "c", KEY, OTHER), store).vault.fingerprints[0] == (
        EmailVault.fingerprint(KEY))


def test_a_lost_data_directory_refuses_instead_of_generating(
    tmp_path: Path, store: SqlStore
) -> None:
    """A restart without its data directory, on a database that holds comments written before
    fingerprints were recorded."""
    _store_comment(store, EmailVault([KEY]))
    settings = host(tmp_path, "restarted")
    with pytest.raises(KeyMismatch, match="holds comments but no email key"):
        open_vault(settings, store, create=True)
    assert not email_key_path(settings).exists()
    assert store.registered_email_keys() == []


def test_an_old_database_adopts_the_key_that_decrypts_its_emails(
    tmp_path: Path, store: SqlStore
) -> None:
    _store_comment(store, EmailVault([KEY]))
    with pytest.raises(KeyMismatch, match="cannot decrypt the stored emails"):
        open_vault(host(tmp_path, "wrong", OTHER), store)
    assert store.registered_email_keys() == []
    vault = open_vault(host(tmp_path, "right", KEY), store).vault
    assert [k.fingerprint for k in store.registered_email_keys()] == [EmailVault.fingerprint(KEY)]
    assert vault.email_hmac("olena@example.org") == EmailVault([KEY]).email_hmac("olena@example.org")


def test_a_malformed_key_is_refused_without_quoting_it(tmp_path: Path, store: SqlStore) -> None:
    with pytest.raises(KeyMismatch, match="email key #2 of COMMENTMOD_EMAIL_KEYS") as refused:
        open_vault(host(tmp_path, "a", KEY, "not-a-real-secret"), store)
    assert "not-a-real-secret" not in str(refused.value)


def test_lookups_use_the_recorded_key_whatever_the_order(tmp_path: Path, store: SqlStore) -> None:
    """Mid-rotation, one host encrypts with the new key and one with the old: their email and
    IP hashes must still match, or duplicates and floods slip between them."""
    open_vault(host(tmp_path, "a", KEY), store)
    store.add_email_key(EmailVault.fingerprint(OTHER), origin="test")
    old_first = open_vault(host(tmp_path, "a", KEY, OTHER), store).vault
    new_first = open_vault(host(tmp_path, "b", OTHER, KEY), store).vault
    assert old_first.email_hmac("a@b.co") == new_first.email_hmac("a@b.co")
    assert old_first.ip_hmac("192.0.2.1") == new_first.ip_hmac("192.0.2.1")
    assert new_first.decrypt(old_first.encrypt("a@b.co")) == "a@b.co"
    assert new_first.encrypted_with_first(new_first.encrypt("a@b.co"))
    assert not new_first.encrypted_with_first(old_first.encrypt("a@b.co"))


def test_only_one_of_two_racing_first_hosts_records_its_key(store: SqlStore) -> None:
    assert store.claim_email_keyring("a" * 64, origin="host a")
    assert not store.claim_email_keyring("b" * 64, origin="host b")
    assert [k.fingerprint for k in store.registered_email_keys()] == ["a" * 64]
