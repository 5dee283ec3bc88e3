"""The moderation queue, decisions (recorded as training labels, trash excepted), their history
and undo, and the commenter's rights: export and erasure. Emails travel in bodies, never in
URLs, so no access log can hold one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query

from service import erasure
from service.deps import ModeratorDep, StateDep
from service.domain import Status
from service.errors import NotFound
from service.moderation import VIEWS, QueueView
from service.rules import clean_text
from service.schemas import (
    MAX_ID,
    AuthorErased,
    AuthorExport,
    AuthorIn,
    DecidedComment,
    DecisionHistory,
    DecisionIn,
    Emptied,
    EmptyIn,
    EmptyPreview,
    ModerationComment,
    ModerationCommentList,
    RecentDecisions,
    UndoIn,
)
from service.views import decode_cursor, encode_cursor, history, moderation, recent

router = APIRouter(prefix="/v1/moderation", tags=["moderation"])


def _check_id(comment_id: int) -> None:
    if not 1 <= comment_id <= MAX_ID:
        raise NotFound(f"no comment {comment_id}")


@router.get("/queue")
def queue(
    moderator: ModeratorDep, state: StateDep,
    status: Annotated[QueueView, Query(description=(
        "Which view: review (pending and model spam), pending, spam_model, spam_confirmed, "
        "spam (both), abusive, approved, trash."))] = QueueView.PENDING,
    post_id: Annotated[str | None, Query(max_length=255)] = None,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ModerationCommentList:
    """One view of the queue, newest first, with scores and reasons; emails masked."""
    view = VIEWS[status]
    page = state.store.list_queue(
        moderator.scope(), statuses=view.statuses, reviewed=view.reviewed, post_id=post_id,
        before_id=decode_cursor(cursor), limit=limit,
    )
    return ModerationCommentList(
        comments=[moderation(c, state.vault) for c in page.comments],
        next_cursor=encode_cursor(page.next_cursor),
    )


@router.post("/comments/{comment_id}/decision")
def decide_comment(
    comment_id: int, body: DecisionIn, moderator: ModeratorDep, state: StateDep
) -> DecidedComment:
    """Set a comment's status, also on a status it already has (confirming the model's spam).
    Approved, spam and abusive become training labels; trash does not."""
    _check_id(comment_id)
    stored, decision_id = state.store.apply_decision(
        comment_id, site=moderator.scope(), status=Status(body.status), note=clean_text(body.note),
        source="moderator", actor=moderator.actor,
    )
    state.marks.stale()  # reputation sees this decision on the next comment
    return DecidedComment.model_validate(
        {**moderation(stored, state.vault).model_dump(), "decision_id": decision_id})


@router.post("/comments/{comment_id}/undo", responses={
    409: {"description": "No decision left to undo, or a later one follows the one named"}})
def undo_decision(
    comment_id: int, moderator: ModeratorDep, state: StateDep,
    body: Annotated[UndoIn | None, Body()] = None,
) -> ModerationComment:
    """Undo the comment's latest decision: its previous status comes back and the training
    label is retracted (the history keeps the decision, marked undone). 409 if none is left."""
    _check_id(comment_id)
    stored = state.store.undo_decision(
        comment_id, site=moderator.scope(), actor=moderator.actor,
        decision_id=body.decision_id if body else None,
    )
    return moderation(stored, state.vault)


@router.get("/decisions")
def recent_decisions(
    moderator: ModeratorDep, state: StateDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> RecentDecisions:
    """The last actions on the key's site(s), newest first: who, when, from what to what, and
    whether each can still be undone (it is its comment's latest live decision)."""
    decisions, live = state.store.recent_decisions(moderator.scope(), limit=limit)
    return recent(decisions, live)


@router.get("/comments/{comment_id}/history")
def decision_history(
    comment_id: int, moderator: ModeratorDep, state: StateDep
) -> DecisionHistory:
    """Every decision on the comment, oldest first: who (key id and prefix), when, from what to
    what, the note, whether it was undone and whether it is the current training label."""
    _check_id(comment_id)
    decisions = state.store.history(comment_id, site=moderator.scope())
    stored = state.store.get_comment(comment_id, site=moderator.scope())
    if stored is None:
        raise NotFound("No such comment.")
    return history(stored, decisions)


@router.get("/empty")
def empty_preview(
    moderator: ModeratorDep, state: StateDep,
    status: Annotated[Literal["spam", "trash"], Query(description="spam or trash")],
) -> EmptyPreview:
    """What `POST /v1/moderation/empty` would delete: how many, and up to which id."""
    preview = state.store.purge_preview(moderator.scope(), Status(status))
    return EmptyPreview(status=status, count=preview.count, confirmed=preview.confirmed,
                        up_to_id=preview.up_to_id)


@router.post("/empty")
def empty(body: EmptyIn, moderator: ModeratorDep, state: StateDep) -> Emptied:
    """Delete every spam (or trash) comment, with its decisions and notes. Confirmed spam's
    text stays as a training label (no author, link or note; erasure by email still finds it)."""
    up_to = body.up_to_id
    if up_to is None:
        up_to = state.store.purge_preview(moderator.scope(), Status(body.status)).up_to_id or 0
    purged = state.store.purge(moderator.scope(), Status(body.status), up_to_id=up_to)
    return Emptied(deleted=purged.deleted, kept_as_training_text=purged.kept_as_training_text)


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
