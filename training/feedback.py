"""Moderators' decisions from the service's store, as training and evaluation rows.

`SqlStore.labels()` gives the newest decision per comment (moderators, source `moderator`) and
every text label (Akismet submit-spam/ham, source `akismet`; Perspective suggestscore, source
`perspective`). Each becomes a `LabeledText`:

| store label | spam | abuse |
|---|---|---|
| `spam` | True | None (a spammer may or may not be rude: no label for that head) |
| `abusive` | False | True |
| `approved` | False | False |
| `trash` | skipped: "delete this" says nothing about spam or abuse |

A Perspective `suggestscore` TOXICITY ≥ 0.5 (stored `abusive`) is read as "rejected" and
skipped: it is no abuse label (see `_mapped`).

The text is the comment as stored: redacted (`[email hidden]` in place of any address typed
into it), never the email. Labels are deduplicated per site and text, the newest label winning
(trash and other statuses are dropped first, so they neither teach nor override), but a site
key's label never replaces a moderator's. `source` and `site` are the label's, which the card
counts and `training.tenancy` weights.

A fixed ~20% of feedback texts (the data's split rule: SHA-256 of the text, 0 mod 5) is held
back: never trained on, only used to compare the new version with the serving one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from service.domain import Status
from service.errors import StoreUnavailable
from service.store import SqlStore
from service.store.records import Label
from training.examples import LabeledText, in_test_split
from training.sites import UNREVIEWED_PER_SITE
from training.tenancy import MODERATOR, SITE_KEY_SOURCES

log = logging.getLogger(__name__)

PERSPECTIVE = "perspective"

_MAPPING: dict[Status, tuple[bool, bool | None]] = {
    Status.SPAM: (True, None),
    Status.ABUSIVE: (False, True),
    Status.APPROVED: (False, False),
}


class FeedbackUnavailable(Exception):
    """The configured store could not be read; the message is one line without secrets."""


@dataclass(frozen=True)
class Feedback:
    """Feedback rows split into what is trained on and the held-back evaluation slice."""

    train: list[LabeledText]
    held_back: list[LabeledText]
    unreviewed: dict[str, list[str]] = field(default_factory=dict)  # site -> newest texts

    @property
    def total(self) -> int:
        return len(self.train) + len(self.held_back)


def _mapped(label: Label) -> tuple[bool, bool | None] | None:
    """The (spam, abuse) a label teaches, or None. A Perspective `suggestscore` whose TOXICITY
    made it `abusive` is read as "rejected": communities send TOXICITY 1 for whatever they
    removed (spam, off-topic, rude), so it is no evidence about either head."""
    status = Status(label.label)
    if label.source == PERSPECTIVE and status is Status.ABUSIVE:
        return None
    return _MAPPING.get(status)


def to_rows(labels: Iterable[Label]) -> list[LabeledText]:
    """Labels, oldest first (the store's order), to one row per site and distinct text: the
    newest wins, except that a site key's label never replaces a moderator's decision. Per
    site, so that one site's labels cannot overwrite another site's moderators."""
    newest: dict[tuple[str, str], LabeledText] = {}
    for label in labels:
        mapped = _mapped(label)
        text = label.text.strip()
        if mapped is None or not text:
            continue
        key = (label.site, text)
        seen = newest.get(key)
        if seen is not None and seen.source == MODERATOR and label.source in SITE_KEY_SOURCES:
            continue
        newest.pop(key, None)  # re-insert so the dict's order is the order of the newest labels
        newest[key] = LabeledText(text, mapped[0], mapped[1], label.source, site=label.site)
    return list(newest.values())


def is_held_back(text: str) -> bool:
    """The fixed held-back rule: the same SHA-256 mod 5 rule as the datasets' test splits."""
    return in_test_split(text)


def split(rows: Sequence[LabeledText]) -> Feedback:
    return Feedback(
        train=[r for r in rows if not is_held_back(r.text)],
        held_back=[r for r in rows if is_held_back(r.text)],
    )


def describe_url(url: str) -> str:
    """The URL for a log line: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unparseable database URL)"


def read_feedback(url: str, *, must_exist: bool = False) -> Feedback:
    """Read and split every label in the store at `url` (SQLite or PostgreSQL), read-only.

    A store that has no schema yet, or (unless `must_exist`) an SQLite file that does not exist,
    has no labels: an empty `Feedback`. Raises FeedbackUnavailable when the store cannot be read.
    """
    where = describe_url(url)
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise FeedbackUnavailable(f"invalid database URL {where}") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            if must_exist:
                raise FeedbackUnavailable(f"the store {where} does not exist")
            log.info("no store at %s: training without moderators' labels", where)
            return Feedback([], [])
    try:
        store = SqlStore.from_url(url)
    except (ValueError, ImportError, sa.exc.ArgumentError) as exc:
        raise FeedbackUnavailable(f"cannot open the store {where}: {exc}") from None
    try:
        try:
            with store.engine.connect() as conn:
                has_labels = sa.inspect(conn).has_table("labels")
        except sa.exc.DBAPIError as exc:
            cause = type(getattr(exc, "orig", None) or exc).__name__
            raise FeedbackUnavailable(f"the store {where} cannot be reached ({cause})") from None
        if not has_labels:
            log.info("the store %s has no schema yet: no moderators' labels", where)
            return Feedback([], [])
        try:
            labels = store.labels()
            unreviewed = store.unreviewed(per_site=UNREVIEWED_PER_SITE)
        except (StoreUnavailable, sa.exc.DBAPIError) as exc:
            raise FeedbackUnavailable(f"the store {where} cannot be read ({type(exc).__name__})") from None
    finally:
        store.close()
    feedback = replace(split(to_rows(labels)), unreviewed=unreviewed)
    log.info(
        "read %d labels from %s: %d distinct texts, %d to train on, %d held back; "
        "%d unreviewed comments of %d sites for the gate",
        len(labels), where, feedback.total, len(feedback.train), len(feedback.held_back),
        sum(map(len, unreviewed.values())), len(unreviewed),
    )
    return feedback
