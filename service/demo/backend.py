"""The demo blog's backend half: what a real blog server does with commentmod over HTTP.

It submits a reader's comment with the blog's site key (`POST /v1/comments`), turns the
answer into what the reader sees (published, awaiting moderation, or field errors inline),
and reads the approved comments (`GET /v1/posts/{post_id}/comments`) to thread them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import httpx

log = logging.getLogger("commentmod.demo")

# API field -> the WordPress form field it came from, and that field's visible label.
FORM_FIELDS = {"author_name": "author", "author_email": "email", "author_url": "url",
               "content": "comment"}
LABELS = {"author": "Name", "email": "Email", "url": "Website", "comment": "Comment"}
MAX_PAGES = 20
MAX_DEPTH = 5  # WordPress's default for threaded comments

Kind = Literal["published", "held", "invalid", "refused"]


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Kind
    comment_id: int | None = None
    field_errors: dict[str, str] = field(default_factory=dict)
    messages: tuple[str, ...] = ()
    status: int = 200


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def outcome_of(response: httpx.Response) -> Outcome:
    """The reader-facing meaning of the service's answer (DESIGN.md's status codes)."""
    status = response.status_code
    if status in (201, 202):
        comment_id = _problem(response).get("id")
        kind: Kind = "published" if status == 201 else "held"
        return Outcome(kind, comment_id if isinstance(comment_id, int) else None)
    problem = _problem(response)
    if status == 422:
        errors: dict[str, str] = {}
        other: list[str] = []
        for e in problem.get("errors") or []:
            if not isinstance(e, dict):
                continue
            name = FORM_FIELDS.get(str(e.get("field")))
            message = str(e.get("message", "is not valid"))
            if name is None:
                other.append(f"{str(e.get('field', 'The comment')).replace('_', ' ')} {message}.")
            else:
                errors.setdefault(name, f"{LABELS[name]} {message}.")
        return Outcome("invalid", field_errors=errors, messages=tuple(other), status=422)
    if status == 409:
        return Outcome("refused", status=409, messages=(
            "Duplicate comment detected; it looks as though you’ve already said that!",))
    if status == 429:
        wait = response.headers.get("Retry-After", "a few")
        return Outcome("refused", status=429, messages=(
            f"You are posting comments too quickly. Slow down, and try again in {wait} seconds.",))
    log.warning("comment service answered %s (%s)", status, problem.get("type", "no problem type"))
    if status in (401, 403):
        return Outcome("refused", status=502, messages=(
            "The blog's site key was refused by the comment service, so nothing was posted.",))
    return Outcome("refused", status=503, messages=(
        "The comment service could not take your comment just now. Please try again.",))


async def submit(client: httpx.AsyncClient, site_key: str, payload: dict[str, Any]) -> Outcome:
    try:
        response = await client.post("/v1/comments", json=payload,
                                      headers={"Authorization": f"Bearer {site_key}"})
    except httpx.HTTPError as exc:
        log.warning("comment service unreachable: %s", type(exc).__name__)
        return Outcome("refused", status=503, messages=(
            "The comment service cannot be reached, so your comment was not posted. "
            "Please try again.",))
    return outcome_of(response)


@dataclass(slots=True)
class Shown:
    """An approved comment as the blog shows it: the public fields only, never an email."""

    id: int
    parent_id: int | None
    author_name: str
    author_url: str
    content: str
    created_at: datetime
    children: list[Shown] = field(default_factory=list)
    depth: int = 1


def _shown(raw: dict[str, Any]) -> Shown:
    return Shown(
        id=int(raw["id"]), parent_id=raw.get("parent_id"), author_name=str(raw["author_name"]),
        author_url=str(raw.get("author_url") or ""), content=str(raw["content"]),
        created_at=datetime.fromisoformat(str(raw["created_at"])),
    )


async def approved(client: httpx.AsyncClient, site_key: str, post_id: str) -> list[Shown] | None:
    """Every approved comment of the post, oldest first; None when the service is unreachable."""
    found: list[Shown] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        params = {"limit": "200", **({"cursor": cursor} if cursor else {})}
        try:
            response = await client.get(f"/v1/posts/{post_id}/comments", params=params,
                                        headers={"Authorization": f"Bearer {site_key}"})
        except httpx.HTTPError as exc:
            log.warning("comment service unreachable: %s", type(exc).__name__)
            return None
        if response.status_code != 200:
            log.warning("listing comments answered %s", response.status_code)
            return None
        body = response.json()
        found.extend(_shown(c) for c in body["comments"])
        cursor = body.get("next_cursor")
        if not cursor:
            break
    return found


def thread(comments: list[Shown]) -> list[Shown]:
    """Nest replies under their parents (oldest first at every level); a reply whose parent is
    not shown (held, trashed, erased) is shown at the top level rather than hidden."""
    by_id = {c.id: c for c in comments}
    roots: list[Shown] = []
    for c in comments:
        parent = by_id.get(c.parent_id) if c.parent_id is not None else None
        if parent is None or parent is c:
            roots.append(c)
        else:
            c.depth = parent.depth + 1
            parent.children.append(c)
    return roots
