"""Conversions between table rows and the frozen record types in `records.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models.types import Span
from service.domain import Reason, ReasonCode, Status
from service.store.records import ApiKeyRecord, Label, NewComment, Page, Role, StoredComment


def reasons_to_json(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [{"code": r.code.value, "message": r.message} for r in reasons]


def reasons_from_json(value: Any) -> tuple[Reason, ...]:
    return tuple(Reason(ReasonCode(item["code"]), str(item["message"])) for item in value or ())


def spans_to_json(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [{"start": s.start, "end": s.end, "attribute": s.attribute, "score": s.score} for s in spans]


def spans_from_json(value: Any) -> tuple[Span, ...]:
    """Rows from before the column hold NULL: no spans."""
    return tuple(
        Span(int(i["start"]), int(i["end"]), str(i["attribute"]), float(i["score"])) for i in value or ()
    )


def comment_values(c: NewComment) -> dict[str, Any]:
    return {
        "site": c.site,
        "post_id": c.post_id,
        "parent_id": c.parent_id,
        "author_name": c.author_name,
        "author_email_encrypted": c.author_email_encrypted,
        "author_email_hmac": c.author_email_hmac,
        "author_url": c.author_url,
        "content": c.content,
        "content_hash": c.content_hash,
        "ip_hmac": c.ip_hmac,
        "user_network": c.user_network,
        "user_agent": c.user_agent,
        "referrer": c.referrer,
        "status": Status(c.status).value,
        "spam_score": float(c.spam_score),
        "abuse_score": float(c.abuse_score),
        "reasons": reasons_to_json(c.reasons),
        "model_version": c.model_version,
        "language": c.language,
        "spans": spans_to_json(c.spans),
        "policy_version": c.policy_version,
    }


def comment_from_row(row: Mapping[Any, Any]) -> StoredComment:
    return StoredComment(
        id=int(row["id"]),
        site=row["site"],
        post_id=row["post_id"],
        parent_id=row["parent_id"],
        author_name=row["author_name"],
        author_email_encrypted=bytes(row["author_email_encrypted"]),
        author_email_hmac=row["author_email_hmac"],
        author_url=row["author_url"],
        content=row["content"],
        user_network=row["user_network"],
        user_agent=row["user_agent"],
        referrer=row["referrer"],
        status=Status(row["status"]),
        spam_score=float(row["spam_score"]),
        abuse_score=float(row["abuse_score"]),
        reasons=reasons_from_json(row["reasons"]),
        model_version=row["model_version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        reviewed=bool(row.get("reviewed", False)),
        language=row["language"] or "und",
        spans=spans_from_json(row["spans"]),
        policy_version=int(row.get("policy_version") or 0),
    )


def page_from_rows(rows: Sequence[Mapping[Any, Any]], limit: int) -> Page:
    """Rows were fetched with limit + 1: an extra row means there is a next page."""
    shown = rows[:limit]
    more = len(rows) > limit
    return Page(
        comments=tuple(comment_from_row(r) for r in shown),
        next_cursor=int(shown[-1]["id"]) if more and shown else None,
    )


def api_key_from_row(row: Mapping[Any, Any]) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=int(row["id"]),
        site=row["site"],
        role=Role(row["role"]),
        prefix=row["prefix"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )


def label_from_row(row: Mapping[Any, Any]) -> Label:
    return Label(
        comment_id=None if row["comment_id"] is None else int(row["comment_id"]),
        site=row["site"],
        text=row["text"],
        author_name=row["author_name"] or "",
        author_url=row["author_url"] or "",
        label=Status(row["label"]),
        source=row["source"],
        created_at=row["created_at"],
    )
