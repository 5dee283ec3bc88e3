"""Plain values shared by the pure intake modules (rules, privacy, policy) and the routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    """Where a comment stands. The first three come from intake; moderators may also choose the last two."""

    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    ABUSIVE = "abusive"
    TRASH = "trash"


class ReasonCode(StrEnum):
    """Stable codes for why a comment was held or marked spam; clients may rely on them."""

    MODEL_SPAM = "model.spam"
    MODEL_ABUSE = "model.abuse"
    UNSUPPORTED_LANGUAGE = "model.unsupported_language"
    MODEL_PROFANITY = "model.profanity"
    TOO_MANY_LINKS = "rule.too_many_links"
    MODERATION_WORD = "rule.moderation_word"
    BLOCKED_WORD = "rule.blocked_word"
    HONEYPOT = "rule.honeypot"
    EMAIL_REDACTED = "privacy.email_redacted"
    TOO_FAST = "rule.too_fast"
    TRUSTED_AUTHOR = "reputation.trusted_author"
    FIRST_COMMENT = "reputation.first_comment"
    SPAM_HISTORY = "reputation.spam_history"
    DOMAIN_MARKED_SPAM = "reputation.domain_marked_spam"


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    message: str


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one submitted field; rendered in the problem+json `errors` list."""

    field: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Submission:
    """A comment as the blog backend sent it, before any rule ran."""

    post_id: str
    author_name: str
    author_email: str
    content: str
    parent_id: int | None = None
    author_url: str = ""
    user_ip: str = ""
    user_agent: str = ""
    referrer: str = ""
    honeypot: str = ""
    form_rendered_at: datetime | None = None
