"""`commentmod keys rotate`: move every stored email to a new encryption key, in batches.

The look-up hashes (email and IP HMACs) stay under the database's recorded look-up key, so
duplicate, flood, export and erasure look-ups match the same rows before, during and after a
rotation, whichever key each host encrypts with meanwhile. Only the ciphertexts change.

Each batch swaps a row's ciphertext only where it still holds the one read (a row erased or
written meanwhile is left alone) and moves the key's cursor in the same transaction, so a crash
loses no progress; the next run resumes after the cursor. A run stops at the newest comment it
saw when it started (so it ends even while intake outpaces it); a run that finds its cursor at
the end starts a fresh pass from the first comment, which sweeps up what hosts still encrypting
with the old key wrote during the previous pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from service.crypto import EmailVault, InvalidEmailToken
from service.keyring import KeyMismatch, configured_keys, open_vault, short
from service.settings import Settings
from service.store import SqlStore

log = logging.getLogger("commentmod.rotation")


@dataclass
class RotationReport:
    fingerprint: str
    started_after: int = 0
    seen: int = 0
    reencrypted: int = 0
    unreadable: int = 0
    through: int = 0


def start_rotation(settings: Settings, store: SqlStore) -> EmailVault:
    """Record the first configured key as one of the database's keys and return the vault
    that encrypts with it; KeyMismatch when a recorded key is missing from the configuration."""
    keys = configured_keys(settings)
    if not keys:
        raise KeyMismatch("set COMMENTMOD_EMAIL_KEYS to the new key first, then every current key")
    recorded = store.registered_email_keys()
    if not recorded:
        raise KeyMismatch("this database records no email key yet; start `commentmod serve` once")
    fingerprints = [EmailVault.fingerprint(k) for k in keys]
    missing = [k.fingerprint for k in recorded if k.fingerprint not in fingerprints]
    if missing:
        raise KeyMismatch(
            f"COMMENTMOD_EMAIL_KEYS lacks {len(missing)} email key(s) this database uses "
            f"(fingerprint {', '.join(short(f) for f in missing)}); list the new key first, "
            "then every current key"
        )
    store.add_email_key(fingerprints[0], origin="commentmod keys rotate")
    return open_vault(settings, store).vault


def rotate(
    store: SqlStore,
    vault: EmailVault,
    *,
    batch: int = 500,
    from_start: bool = False,
    after_batch: Callable[[RotationReport], None] | None = None,
) -> RotationReport:
    """Re-encrypt every stored email under the vault's first key, resuming after its cursor."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    fingerprint = vault.fingerprints[0]
    row = next(k for k in store.registered_email_keys() if k.fingerprint == fingerprint)
    cursor = 0 if from_start else row.rotated_through or 0
    last = store.last_comment_id()
    if cursor >= last:
        cursor = 0  # the last pass finished: a new one sweeps what was written meanwhile
    report = RotationReport(fingerprint, started_after=cursor, through=cursor)
    while tokens := store.email_tokens_after(cursor, batch, up_to=last):
        changes = []
        for comment_id, token in tokens:
            if vault.encrypted_with_first(token):
                continue
            try:
                changes.append((comment_id, token, vault.reencrypt(token)))
            except InvalidEmailToken:
                report.unreadable += 1
        cursor = tokens[-1][0]
        report.reencrypted += store.replace_email_tokens(fingerprint, changes, through=cursor)
        report.seen += len(tokens)
        report.through = cursor
        if after_batch is not None:
            after_batch(report)
    return report


def format_report(report: RotationReport) -> str:
    start = "the first comment" if report.started_after == 0 else f"after id {report.started_after}"
    lines = [
        f"email key {short(report.fingerprint)}: {report.seen} stored emails checked from {start} "
        f"through id {report.through}, {report.reencrypted} re-encrypted",
    ]
    if report.unreadable:
        lines.append(f"{report.unreadable} emails could not be decrypted with any configured key "
                     "and were left as they are")
    lines.append("Once every host lists this key first, run `commentmod keys rotate` again: that "
                 "pass re-encrypts what hosts wrote with the old key meanwhile. Keep the old keys "
                 "configured: the look-up key keys the email hashes.")
    return "\n".join(lines)
