"""The moderation queue, decisions (recorded as training labels), and the commenter's rights:
export and erasure. Emails travel in bodies, never in URLs, so no access log can hold one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service import erasure
from service.deps import ModeratorDep, StateDep
from service.domain import Status
from service.errors import NotFound
from service.rules import clean_text
from service.schemas import (
    MAX_ID,
    AuthorErased,
    AuthorExport,
    AuthorIn,
    DecisionIn,
    ModerationComment,
    ModerationCommentList,
)
from service.views import decode_cursor, encode_cursor, moderation

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
        comment_id, site=moderator.scope(), status=Status(body.status), note=clean_text(body.note),
        source="moderator", actor=moderator.actor,
    )
    return moderation(stored, state.vault)


@router.post("/authors/export")
def export_author(body: AuthorIn, moderator: ModeratorDep, state: StateDep) -> AuthorExport:
    """Everything stored about one commenter on the key's site(s) (right of access), email in full."""
    return erasure.export_author(state, body.email, moderator.scope())


@router.post("/authors/erase")
def erase_author(body: AuthorIn, moderator: ModeratorDep, state: StateDep) -> AuthorErased:
    """Delete every comment and label of one commenter on the key's site(s) (right to erasure);
    `erased` counts comments and feedback labels, and the answer names the model versions trained
    while the data was stored."""
    return erasure.erase_author(state, body.email, moderator.scope())
