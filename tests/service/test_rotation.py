"""`commentmod keys rotate`: every stored email moves to the new key, in resumable batches, while
intake goes on and look-ups keep working (real store: SQLite file and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from service.cli import main
from service.crypto import EmailVault
from service.errors import DuplicateComment
from service.keyring import open_vault
from service.rotation import RotationReport, rotate, start_rotation
from service.settings import Settings
from service.store import NewComment, SqlStore
from tests.helpers.stores import make_new_comment, open_store

OLD = EmailVault.generate_key()
NEW = EmailVault.generate_key()


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    with open_store(store_url) as opened:
        yield opened


def settings(tmp_path: Path, *keys: str) -> Settings:
    return Settings(data_dir=tmp_path, email_keys=tuple(SecretStr(k) for k in keys))


def comment(vault: EmailVault, email: str, content: str) -> NewComment:
    return make_new_comment(email=email, content=content,
                            author_email_encrypted=vault.encrypt(email),
                            author_email_hmac=vault.email_hmac(email),
                            ip_hmac=vault.ip_hmac("192.0.2.7"))


def tokens(store: SqlStore) -> list[bytes]:
    return [token for _, token in store.email_tokens_after(0, 100_000)]


class Crash(Exception):
    pass


def test_rotation_re_encrypts_everything_and_resumes_after_a_crash(
    tmp_path: Path, store: SqlStore
) -> None:
    old = open_vault(settings(tmp_path, OLD), store).vault
    for i in range(23):
        store.insert_comment(comment(old, f"writer{i % 5}@example.org", f"Comment {i}."),
                             flood_seconds=0)
    hashes = {i: old.email_hmac(f"writer{i}@example.org") for i in range(5)}
    new = start_rotation(settings(tmp_path, NEW, OLD), store)

    def crash_after_two(report: RotationReport) -> None:
        if report.seen >= 10:
            raise Crash

    with pytest.raises(Crash):
        rotate(store, new, batch=5, after_batch=crash_after_two)
    resumed = rotate(store, new, batch=5)
    assert resumed.started_after == 10  # the two committed batches are not repeated
    assert resumed.reencrypted == 13
    only_new = EmailVault([NEW])
    assert all(new.encrypted_with_first(t) for t in tokens(store))
    assert sorted(only_new.decrypt(t) for t in tokens(store)) == sorted(
        f"writer{i % 5}@example.org" for i in range(23))
    # Look-ups are keyed by the recorded look-up key: the same hashes find the same rows.
    for i, digest in hashes.items():
        assert new.email_hmac(f"writer{i}@example.org") == digest
        assert len(store.comments_by_email(digest)) == len(range(i, 23, 5))


def test_rotation_under_concurrent_intake_loses_nothing_and_breaks_no_lookup(
    tmp_path: Path, store: SqlStore
) -> None:
    """A host still encrypting with the old key writes, re-reads and re-submits while the
    rotation runs in small batches."""
    old_host = open_vault(settings(tmp_path, OLD), store).vault
    for i in range(60):
        store.insert_comment(comment(old_host, f"early{i}@example.org", f"Early {i}."),
                             flood_seconds=0)
    new = start_rotation(settings(tmp_path, NEW, OLD), store)
    old_host = open_vault(settings(tmp_path, OLD, NEW), store).vault  # has both, old first
    written: list[str] = []
    failures: list[str] = []
    done = threading.Event()

    def intake() -> None:
        i = 0
        while not done.is_set() or i < 40:
            email = f"during{i}@example.org"
            c = comment(old_host, email, f"During {i}.")
            store.insert_comment(c, flood_seconds=0)
            written.append(email)
            try:
                store.insert_comment(c, flood_seconds=0)
                failures.append(f"duplicate of {email} stored")
            except DuplicateComment:
                pass
            early = store.comments_by_email(old_host.email_hmac(f"early{i % 60}@example.org"))
            if len(early) != 1:
                failures.append(f"early{i % 60} found {len(early)} times")
            i += 1

    def interleave(_: RotationReport) -> None:
        """Let the host write a few comments between every two batches."""
        target = len(written) + 3
        deadline = time.monotonic() + 10
        while len(written) < target and time.monotonic() < deadline:
            time.sleep(0.005)

    writer = threading.Thread(target=intake)
    writer.start()
    try:
        during = rotate(store, new, batch=7, after_batch=interleave)
    finally:
        done.set()
        writer.join()
    assert failures == []
    assert during.seen >= 60
    assert during.through < store.last_comment_id()  # it stopped at the newest it saw first
    assert len(written) >= 3 * (60 // 7)  # the host wrote between every two batches
    rotate(store, new, batch=7, from_start=True)  # the sweep once every host encrypts with NEW
    stored = tokens(store)
    assert len(stored) == 60 + len(written)
    assert all(new.encrypted_with_first(t) for t in stored)
    assert sorted(EmailVault([NEW]).decrypt(t) for t in stored) == sorted(
        [f"early{i}@example.org" for i in range(60)] + written)
    for email in written:
        [found] = store.comments_by_email(new.email_hmac(email))
        assert old_host.decrypt(found.author_email_encrypted) == email


def test_keys_cli_refuses_a_rotation_that_drops_a_recorded_key(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COMMENTMOD_DATABASE_URL", store_url)
    monkeypatch.setenv("COMMENTMOD_EMAIL_KEYS", OLD)
    with open_store(store_url) as opened:
        open_vault(settings(tmp_path, OLD), opened)
    monkeypatch.setenv("COMMENTMOD_EMAIL_KEYS", NEW)
    assert main(["keys", "rotate"]) == 1
    assert "lacks 1 email key(s)" in capsys.readouterr().err
    monkeypatch.setenv("COMMENTMOD_EMAIL_KEYS", f"{NEW},{OLD}")
    assert main(["keys", "rotate"]) == 0
    assert main(["keys", "status"]) == 0
    status = capsys.readouterr().out
    assert EmailVault.fingerprint(NEW)[:12] in status
    assert "look-up" in status
    assert NEW not in status
    assert OLD not in status
