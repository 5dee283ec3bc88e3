"""Turning stored records into response bodies: the one place that decides what each audience sees."""

from __future__ import annotations

import base64
import binascii

from service.crypto import EmailVault
from service.errors import BadRequest
from service.moderation import TRAINING_STATUSES
from service.privacy import mask_email
from service.schemas import (
    MAX_ID,
    DecisionEntry,
    DecisionHistory,
    ExportedComment,
    ModerationComment,
    PublicComment,
    ReasonOut,
    RecentDecision,
    RecentDecisions,
    ScoresOut,
    SpanOut,
)
from service.store.records import Decision, StoredComment


def encode_cursor(last_id: int | None) -> str | None:
    if last_id is None:
        return None
    return base64.urlsafe_b64encode(f"c{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("c"):
            raise ValueError(raw)
        value = int(raw[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest("cursor is not one this service returned") from None
    if not 0 <= value <= MAX_ID:
        raise BadRequest("cursor is not one this service returned")
    return value


def public(c: StoredComment) -> PublicComment:
    return PublicComment(
        id=c.id, post_id=c.post_id, parent_id=c.parent_id, author_name=c.author_name,
        author_url=c.author_url, content=c.content, created_at=c.created_at,
    )


def _moderation_fields(c: StoredComment, email: str) -> dict[str, object]:
    return {
        **public(c).model_dump(),
        "status": c.status,
        "scores": ScoresOut(spam=c.spam_score, abuse=c.abuse_score),
        "reasons": ReasonOut.of(c.reasons),
        "model_version": c.model_version,
        "detected_language": c.language,
        "spans": SpanOut.of(c.spans),
        "author_email_masked": mask_email(email),
        "user_network": c.user_network,
        "site": c.site,
        "reviewed": c.reviewed,
        "policy_version": c.policy_version,
    }


def moderation(c: StoredComment, vault: EmailVault) -> ModerationComment:
    email = vault.decrypt(c.author_email_encrypted)
    return ModerationComment.model_validate(_moderation_fields(c, email))


def exported(c: StoredComment, vault: EmailVault) -> ExportedComment:
    email = vault.decrypt(c.author_email_encrypted)
    return ExportedComment.model_validate({
        **_moderation_fields(c, email),
        "author_email": email,
        "user_agent": c.user_agent,
        "referrer": c.referrer,
        "updated_at": c.updated_at,
    })


def _who(actor: str | None, prefix: str | None) -> str | None:
    if actor is None:
        return None
    return f"{actor} ({prefix}…)" if prefix else actor


def _entry(d: Decision, *, trains: bool) -> dict[str, object]:
    return DecisionEntry(
        id=d.id, from_status=d.from_status, to_status=d.to_status, note=d.note,
        source=d.source, actor=_who(d.actor, d.actor_prefix) or d.actor,
        actor_key_prefix=d.actor_prefix, created_at=d.created_at, undone_at=d.undone_at,
        undone_by=_who(d.undone_by, d.undone_by_prefix), trains=trains,
    ).model_dump()


def recent(decisions: list[Decision], live: set[int]) -> RecentDecisions:
    """A comment's latest live decision is its training label, unless trash."""
    return RecentDecisions(decisions=[
        RecentDecision.model_validate({
            **_entry(d, trains=d.id in live and d.to_status in TRAINING_STATUSES),
            "comment_id": d.comment_id, "undoable": d.id in live,
        })
        for d in decisions
    ])


def history(c: StoredComment, decisions: list[Decision]) -> DecisionHistory:
    """The comment's decisions; the training label is its newest live one, unless trash."""
    live = [d for d in decisions if d.undone_at is None]
    teaching = live[-1].id if live and live[-1].to_status in TRAINING_STATUSES else None
    return DecisionHistory(comment_id=c.id, status=c.status, decisions=[
        DecisionEntry.model_validate(_entry(d, trains=d.id == teaching)) for d in decisions
    ])
