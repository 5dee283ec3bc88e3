"""The moderation queue, decisions (recorded as training labels), and the commenter's rights:
export and erasure. Emails travel in bodies, never in URLs, so no access log can hold one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.deps import ModeratorDep, StateDep
from service.domain import Status
from service.errors import NotFound
from service.schemas import (
    MAX_ID,
    AuthorErased,
    AuthorExport,
    AuthorIn,
    DecisionIn,
    ModerationComment,
    ModerationCommentList,
)
from service.views import decode_cursor, encode_cursor, exported, moderation

router = APIRouter(prefix="/v1/moderation", tags=["moderation"])



@router.get("/queue")
def queue(
    moderator: ModeratorDep, state: StateDep,
    status: Annotated[Status, Query(description="Which comments to list.")] = Status.PENDING,
    post_id: Annotated[str | None, Query(max_length=255)] = None,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ModerationCommentList:
    """Held comments, newest first, with scores and reasons; emails masked."""
    page = state.store.list_queue(
        moderator.scope(), statuses=[status], post_id=post_id,
        before_id=decode_cursor(cursor), limit=limit,
    )
    return ModerationCommentList(
        comments=[moderation(c, state.vault) for c in page.comments],
        next_cursor=encode_cursor(page.next_cursor),
    )


@router.post("/comments/{comment_id}/decision")
def decide_comment(
    comment_id: int, body: DecisionIn, moderator: ModeratorDep, state: StateDep
) -> ModerationComment:
    """Set a comment's status; the decision is kept as a training label."""
    if not 1 <= comment_id <= MAX_ID:
        raise NotFound(f"no comment {comment_id}")
    stored = state.store.record_decision(
        comment_id, site=moderator.scope(), status=Status(body.status), note=body.note,
        source="moderator", actor=moderator.actor,
    )
    state.marks.stale()  # reputation sees this decision on the next comment
    return moderation(stored, state.vault)


@router.post("/authors/export")
def export_author(body: AuthorIn, moderator: ModeratorDep, state: StateDep) -> AuthorExport:
    """Everything stored about one commenter on the key's site(s) (right of access), email in full."""
    comments = state.store.comments_by_email(
        state.vault.email_hmac(body.email), site=moderator.scope()
    )
    return AuthorExport(comments=[exported(c, state.vault) for c in comments])


@router.post("/authors/erase")
def erase_author(body: AuthorIn, moderator: ModeratorDep, state: StateDep) -> AuthorErased:
    """Delete every comment and label of one commenter on the key's site(s) (right to erasure)."""
    erased = state.store.erase_author(state.vault.email_hmac(body.email), site=moderator.scope())
    return AuthorErased(erased=erased)
