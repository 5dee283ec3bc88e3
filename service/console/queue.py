"""The console's queue: which comments a moderator sees, filtered and searched.

The store pages by status, site and post; the score filters and the text search run here over
those pages, newest first, scanning at most `SCAN_LIMIT` rows per screen so a search over a
huge history stays one bounded request (the next screen continues where this one stopped)."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from service.crypto import EmailVault
from service.domain import ReasonCode
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
BULK_LIMIT = 2000  # "every comment matching the filter" decides at most this many at once
REASONS = {code.value: code for code in ReasonCode}
_LINK = re.compile(r"(?:https?://|www\.)([^\s/?#<>\"'()\[\]]+)", re.IGNORECASE)


def _host(raw: str) -> str:
    host = raw.rsplit("@", 1)[-1].split(":", 1)[0].strip(".").casefold()
    return host.removeprefix("www.")


def link_domains(content: str, author_url: str) -> list[str]:
    """The domains a comment links to (its website field first), without "www.", in order."""
    found: list[str] = []
    if author_url:
        netloc = urlsplit(author_url if "//" in author_url else f"//{author_url}").netloc
        found.append(_host(netloc))
    found.extend(_host(m.group(1)) for m in _LINK.finditer(content))
    return [d for d in dict.fromkeys(found) if "." in d]


def _domain(raw: str | None) -> str:
    value = _host((raw or "").strip()[:255])
    return value if re.fullmatch(r"[\w.-]+\.[\w-]+", value) else ""


def _score(raw: str | None) -> float:
    try:
        value = float(raw or 0)
    except ValueError:
        return 0.0
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else 0.0


@dataclasses.dataclass(frozen=True, slots=True)
class QueueFilter:
    status: str = DEFAULT_VIEW
    post_id: str = ""
    q: str = ""
    min_spam: float = 0.0
    min_abuse: float = 0.0
    author_of: int | None = None  # the author of this comment (by email HMAC, never in the URL)
    domain: str = ""
    reason: str = ""
    before: int | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> QueueFilter:
        """Lenient: anything unknown falls back to the default, so a hand-edited URL still works."""
        status = params.get("status", DEFAULT_VIEW)
        status = ALIASES.get(status, status)
        before, author = params.get("before", ""), params.get("author_of", "")
        reason = params.get("reason", "")
        return cls(
            status=status if status in STATUS_LABELS else DEFAULT_VIEW,
            post_id=params.get("post_id", "").strip()[:255],
            q=params.get("q", "").strip()[:200],
            min_spam=_score(params.get("min_spam")),
            min_abuse=_score(params.get("min_abuse")),
            author_of=int(author) if author.isdigit() and 0 < int(author) < 2**63 else None,
            domain=_domain(params.get("domain")),
            reason=reason if reason in REASONS else "",
            before=int(before) if before.isdigit() and int(before) > 0 else None,
        )

    def query(self, *, before: int | None = None) -> str:
        """This filter as a query string (defaults left out); `before` pages on."""
        items: list[tuple[str, str]] = []
        if self.status != DEFAULT_VIEW:
            items.append(("status", self.status))
        author = str(self.author_of) if self.author_of else ""
        for name, value in (("post_id", self.post_id), ("q", self.q), ("author_of", author),
                            ("domain", self.domain), ("reason", self.reason)):
            if value:
                items.append((name, value))
        for name, score in (("min_spam", self.min_spam), ("min_abuse", self.min_abuse)):
            if score:
                items.append((name, f"{score:g}"))
        if before is not None:
            items.append(("before", str(before)))
        return urlencode(items)

    def without_author(self) -> str:
        return dataclasses.replace(self, author_of=None).query()

    @property
    def narrowed(self) -> bool:
        """A filter beyond the view: "every comment matching" then means something narrower."""
        return bool(self.post_id or self.q or self.author_of or self.domain or self.reason
                    or self.min_spam or self.min_abuse)

    def matches(self, c: StoredComment) -> bool:
        if c.spam_score < self.min_spam or c.abuse_score < self.min_abuse:
            return False
        if self.reason and all(r.code.value != self.reason for r in c.reasons):
            return False
        if self.domain and not any(d == self.domain or d.endswith("." + self.domain)
                                   for d in link_domains(c.content, c.author_url)):
            return False
        if not self.q:
            return True
        needle = self.q.casefold()
        return any(needle in field.casefold()
                   for field in (c.content, c.author_name, c.author_url, c.post_id))


@dataclasses.dataclass(frozen=True, slots=True)
class QueueScreen:
    items: list[ModerationComment]
    next_before: int | None


class _NoSuchAuthor(Exception):
    pass


def _author(store: SqlStore, site: str | None, f: QueueFilter) -> str | None:
    if f.author_of is None:
        return None
    found = store.get_comment(f.author_of, site=site)
    if found is None:
        raise _NoSuchAuthor
    return found.author_email_hmac


def matching_ids(store: SqlStore, site: str | None, f: QueueFilter, *,
                 cap: int = BULK_LIMIT) -> list[int]:
    """Every comment the filter matches, newest first, from the top (at most `cap`)."""
    view = VIEWS[QueueView(f.status)]
    try:
        author = _author(store, site, f)
    except _NoSuchAuthor:
        return []
    ids: list[int] = []
    before: int | None = None
    while len(ids) < cap:
        page = store.list_queue(site, statuses=view.statuses, reviewed=view.reviewed,
                                post_id=f.post_id or None, author_email_hmac=author,
                                before_id=before, limit=200)
        ids.extend(c.id for c in page.comments if f.matches(c))
        before = page.next_cursor
        if before is None:
            break
    return ids[:cap]


def find(store: SqlStore, vault: EmailVault, site: str | None, f: QueueFilter, *,
         limit: int = PAGE_SIZE, scan_limit: int = SCAN_LIMIT) -> QueueScreen:
    items: list[ModerationComment] = []
    before, scanned = f.before, 0
    view = VIEWS[QueueView(f.status)]
    try:
        author = _author(store, site, f)
    except _NoSuchAuthor:
        return QueueScreen([], None)
    while True:
        page = store.list_queue(site, statuses=view.statuses, reviewed=view.reviewed,
                                post_id=f.post_id or None, author_email_hmac=author,
                                before_id=before, limit=min(200, scan_limit))
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
