"""Intake (`POST /v1/comments`) and the public, approved comments of a post."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from service.deps import SiteDep, StateDep
from service.domain import Status, Submission
from service.errors import ValidationFailed
from service.intake import Assessment, assess, protect
from service.privacy import truncate_ip
from service.reputation import History
from service.schemas import (
    CommentIn,
    DecisionOut,
    PublicCommentList,
    ReasonOut,
    ScoresOut,
    SpanOut,
    intake_status,
)
from service.views import decode_cursor, encode_cursor, public

router = APIRouter(prefix="/v1", tags=["comments"])


@router.post(
    "/comments",
    status_code=201,
    responses={
        200: {"model": DecisionOut, "description": "A dry run: decided, not stored."},
        202: {"model": DecisionOut, "description": "Stored but held (pending or spam)."},
        409: {"description": "Duplicate: the same text by the same email on the same post."},
        429: {"description": "Flooding (the same email or IP too soon again), or the key's rate "
              "limit; Retry-After says how long to wait."},
    },
)
async def submit_comment(
    body: CommentIn, site: SiteDep, state: StateDep, response: Response,
    dry_run: Annotated[bool, Query(description="Score and decide without storing.")] = False,
) -> DecisionOut:
    """Validate → redact → score → decide → store. 201 when approved, 202 when held."""
    sub = Submission(**body.model_dump())

    def parent_ok(parent_id: int, post_id: str) -> bool:
        parent = state.store.get_comment(parent_id, site=site)
        return parent is not None and parent.post_id == post_id

    def history(cleaned: Submission, domains: tuple[str, ...], author: bool) -> History | None:
        email = cleaned.author_email
        email_hmac = state.vault.email_hmac(email) if email else None
        network = truncate_ip(cleaned.user_ip)
        if not author and not state.marks.maybe(site, email_hmac=email_hmac, network=network,
                                                domains=domains):
            return None  # nothing it touches was ever marked: no query
        return state.store.reputation_history(site, email_hmac=email_hmac, network=network, domains=domains)

    scorer = state.models.current

    def check() -> Assessment:
        return assess(sub, scorer=scorer, config=state.policies.get(site).config, history=history,
                      parent_ok=None if sub.parent_id is None else parent_ok)

    try:
        with state.metrics.scoring.time():
            # Reputation (and a reply's parent) reads the store: off the event loop, so a store
            # that waits never stalls /healthz and the worker's other requests.
            verdict = await run_in_threadpool(check)
    except ValidationFailed:
        state.metrics.rejections.labels(code="validation").inc()
        raise
    comment_id = None
    if not dry_run:
        record = protect(
            verdict, site=site, author_email=sub.author_email, user_ip=sub.user_ip,
            vault=state.vault,
        )
        insert = partial(state.store.insert_comment, record,
                         flood_seconds=state.settings.flood_seconds)
        # Always off the event loop: a store that waits (an SQLite lock held elsewhere, up to the
        # bounded busy timeout) must not stall /healthz and every other request of the worker.
        stored = await run_in_threadpool(insert)
        comment_id = stored.id
        state.metrics.decisions.labels(status=verdict.decision.status.value).inc()
        for reason in verdict.decision.reasons:
            state.metrics.reasons.labels(code=reason.code.value).inc()
    status = verdict.decision.status
    response.status_code = 201 if status is Status.APPROVED else 202
    if dry_run:
        response.status_code = 200
    return DecisionOut(
        id=comment_id,
        status=intake_status(status),
        scores=ScoresOut.of(verdict.scores),
        reasons=ReasonOut.of(verdict.decision.reasons),
        model_version=verdict.model_version,
        detected_language=verdict.decision.language,
        spans=SpanOut.of(verdict.scores.spans),
    )


@router.get("/posts/{post_id}/comments")
def post_comments(
    post_id: str, site: SiteDep, state: StateDep,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PublicCommentList:
    """Approved comments of a post, oldest first; thread them by `parent_id`. Never the email."""
    page = state.store.list_public(site, post_id, after_id=decode_cursor(cursor), limit=limit)
    return PublicCommentList(
        comments=[public(c) for c in page.comments], next_cursor=encode_cursor(page.next_cursor)
    )
