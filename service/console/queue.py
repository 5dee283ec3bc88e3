"""The console's queue: which comments a moderator sees, filtered and searched.

The store pages by status, site and post; the score filters and the text search run here over
those pages, newest first, scanning at most `SCAN_LIMIT` rows per screen so a search over a
huge history stays one bounded request (the next screen continues where this one stopped)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from service.crypto import EmailVault
from service.moderation import VIEW_LABELS, VIEWS, QueueView
from service.schemas import ModerationComment
from service.store import SqlStore
from service.store.records import StoredComment
from service.views import moderation

# The console's views, in menu order; "held" was the old default's name and still works.
CONSOLE_VIEWS = (QueueView.REVIEW, QueueView.PENDING, QueueView.SPAM_MODEL,
                 QueueView.SPAM_CONFIRMED, QueueView.ABUSIVE, QueueView.APPROVED, QueueView.TRASH)
STATUS_LABELS = {view.value: VIEW_LABELS[view] for view in CONSOLE_VIEWS}
ALIASES = {"held": QueueView.REVIEW.value, "spam": QueueView.SPAM_MODEL.value}
DEFAULT_VIEW = QueueView.REVIEW.value
PAGE_SIZE = 50
SCAN_LIMIT = 2000


def _score(raw: str | None) -> float:
    try:
        value = float(raw or 0)
    except ValueError:
        return 0.0
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else 0.0


@dataclass(frozen=True, slots=True)
class QueueFilter:
    status: str = DEFAULT_VIEW
    post_id: str = ""
    q: str = ""
    min_spam: float = 0.0
    min_abuse: float = 0.0
    before: int | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> QueueFilter:
        """Lenient: anything unknown falls back to the default, so a hand-edited URL still works."""
        status = params.get("status", DEFAULT_VIEW)
        status = ALIASES.get(status, status)
        before = params.get("before", "")
        return cls(
            status=status if status in STATUS_LABELS else DEFAULT_VIEW,
            post_id=params.get("post_id", "").strip()[:255],
            q=params.get("q", "").strip()[:200],
            min_spam=_score(params.get("min_spam")),
            min_abuse=_score(params.get("min_abuse")),
            before=int(before) if before.isdigit() and int(before) > 0 else None,
        )

    def query(self, *, before: int | None = None) -> str:
        """This filter as a query string (defaults left out); `before` pages on."""
        items: list[tuple[str, str]] = []
        if self.status != DEFAULT_VIEW:
            items.append(("status", self.status))
        for name, value in (("post_id", self.post_id), ("q", self.q)):
            if value:
                items.append((name, value))
        for name, score in (("min_spam", self.min_spam), ("min_abuse", self.min_abuse)):
            if score:
                items.append((name, f"{score:g}"))
        if before is not None:
            items.append(("before", str(before)))
        return urlencode(items)

    def matches(self, c: StoredComment) -> bool:
        if c.spam_score < self.min_spam or c.abuse_score < self.min_abuse:
            return False
        if not self.q:
            return True
        needle = self.q.casefold()
        return any(needle in field.casefold()
                   for field in (c.content, c.author_name, c.author_url, c.post_id))


@dataclass(frozen=True, slots=True)
class QueueScreen:
    items: list[ModerationComment]
    next_before: int | None


def find(store: SqlStore, vault: EmailVault, site: str | None, f: QueueFilter, *,
         limit: int = PAGE_SIZE, scan_limit: int = SCAN_LIMIT) -> QueueScreen:
    items: list[ModerationComment] = []
    before, scanned = f.before, 0
    view = VIEWS[QueueView(f.status)]
    while True:
        page = store.list_queue(site, statuses=view.statuses, reviewed=view.reviewed,
                                post_id=f.post_id or None, before_id=before,
                                limit=min(200, scan_limit))
        for stored in page.comments:
            if f.matches(stored):
                items.append(moderation(stored, vault))
                if len(items) == limit:
                    return QueueScreen(items, stored.id)
        scanned += len(page.comments)
        before = page.next_cursor
        if before is None:
            return QueueScreen(items, None)
        if scanned >= scan_limit:
            return QueueScreen(items, before)
