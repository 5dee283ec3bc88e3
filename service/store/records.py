"""Rows as the rest of the service sees them: frozen values, no SQLAlchemy objects leak out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models.types import Span
from service.domain import Reason, Status


class Role(StrEnum):
    SITE = "site"
    MODERATOR = "moderator"


@dataclass(frozen=True, slots=True)
class NewComment:
    """Everything intake decided about a comment, ready to insert. Personal data arrives protected:
    the email encrypted plus an HMAC for look-ups, the IP as an HMAC plus its truncated network."""

    site: str
    post_id: str
    parent_id: int | None
    author_name: str
    author_email_encrypted: bytes
    author_email_hmac: str
    author_url: str
    content: str
    content_hash: str
    ip_hmac: str | None
    user_network: str | None
    user_agent: str
    referrer: str
    status: Status
    spam_score: float
    abuse_score: float
    reasons: tuple[Reason, ...]
    model_version: str
    language: str = "und"
    spans: tuple[Span, ...] = ()
    policy_version: int = 0  # the site policy version that decided it (0: the environment)
    link_domains: tuple[str, ...] = ()  # the link and author-URL domains, for reputation


@dataclass(frozen=True, slots=True)
class StoredComment:
    id: int
    site: str
    post_id: str
    parent_id: int | None
    author_name: str
    author_email_encrypted: bytes
    author_email_hmac: str
    author_url: str
    content: str
    user_network: str | None
    user_agent: str
    referrer: str
    status: Status
    spam_score: float
    abuse_score: float
    reasons: tuple[Reason, ...]
    model_version: str
    created_at: datetime
    updated_at: datetime
    # A moderator's decision (not undone) set this status; False for what intake decided.
    reviewed: bool = False
    language: str = "und"
    spans: tuple[Span, ...] = ()
    policy_version: int = 0


@dataclass(frozen=True, slots=True)
class Page:
    comments: tuple[StoredComment, ...]
    next_cursor: int | None


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    id: int
    site: str | None  # None: a moderator key for every site
    role: Role
    prefix: str  # the first characters of the key, shown in `apikey list`
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Label:
    """A moderator's decision as a training example (newest decision per comment wins).
    `comment_id` is None for a label on a text that was never stored as a comment."""

    comment_id: int | None
    site: str
    text: str
    author_name: str
    author_url: str
    label: Status
    source: str  # "moderator", "akismet", "perspective", ...
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """One moderator decision on a stored comment, as the history shows it. `actor` is who made
    it ("key:<id>"), `actor_prefix` that key's shown prefix (never the key). `from_status` is
    None for decisions recorded before history was kept."""

    id: int
    comment_id: int
    site: str
    from_status: Status | None
    to_status: Status
    note: str
    source: str
    actor: str
    actor_prefix: str | None
    created_at: datetime
    undone_at: datetime | None
    undone_by: str | None
    undone_by_prefix: str | None
