"""The console's moderation actions: decide (one comment or a selection), undo, and one
comment's page with its decision history and context. Decisions and undo go through the API's
handlers (`routes.moderation`), so both record the same history and training labels."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from service.console.queue import QueueFilter, matching_ids
from service.console.routes import (
    CONFIRMS,
    DECISIONS,
    SHORTCUTS,
    FormStr,
    _form_expired,
    _page,
    _signed_in,
    _to,
)
from service.deps import StateDep
from service.errors import NotFound, UndoRefused
from service.routes.moderation import (
    decide_comment,
    decision_history,
    empty,
    empty_preview,
    recent_decisions,
    undo_decision,
)
from service.schemas import DecisionIn, EmptyIn, UndoIn
from service.views import moderation

router = APIRouter(prefix="/console", include_in_schema=False)
AUTHOR_CONTEXT = 20


UNDO_LIMIT = 200  # the Undo after a bulk decision covers at most this many


def _back(back: str) -> str:
    f = QueueFilter.parse(dict(parse_qsl(back)))
    return f.query(before=f.before)


def _pairs(raw: str) -> list[tuple[int, int]]:
    """"comment:decision,…" as the queue's Undo form sends it; anything else is dropped."""
    found = []
    for part in raw.split(",")[:200]:
        comment, _, decision = part.partition(":")
        if comment.isdigit() and decision.isdigit():
            found.append((int(comment), int(decision)))
    return found


@router.post("/decide")
def decide(
    request: Request, state: StateDep, csrf: FormStr = "",
    ids: Annotated[list[int], Form()] = [],  # noqa: B006 - FastAPI copies form defaults
    status: FormStr = "", one: FormStr = "", note: FormStr = "", back: FormStr = "",
    after: FormStr = "", to: FormStr = "", every: FormStr = "",
) -> Response:
    """One comment (`one`), the selected ones (`ids`), or, with `every=1`, every comment the
    queue's filter matches (by author, link domain, reason, search...), not just those shown."""
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    if not who.csrf_ok(csrf):
        return _form_expired(who, state, "Go back, reload the queue and try again.")
    targets = list(ids)
    if every == "1" and not one:
        f = QueueFilter.parse(dict(parse_qsl(back)))
        targets = matching_ids(state.store, who.principal.scope(), f) if f.narrowed else []
    if one:
        target, _, status = one.partition(":")
        targets = [int(target)] if target.isdigit() else []
    query = _back(back)
    if status not in DECISIONS:
        return _page("message.html", who, state, status=400, title="Unknown decision",
                     message="Choose approve, spam, abusive or trash.")
    if not targets:
        return _to(f"/console?{query}&empty=1")
    body = DecisionIn.model_validate({"status": status, "note": note.strip()[:2000]})
    done: list[str] = []
    missing = 0
    for comment_id in dict.fromkeys(targets):
        try:
            decided = decide_comment(comment_id, body, who.principal, state)
            done.append(f"{comment_id}:{decided.decision_id}")
        except NotFound:
            missing += 1
    if to.isdigit():
        return _to(f"/console/comments/{to}")
    anchor = f"#item-{after}" if after.isdigit() else ""
    return _to(f"/console?{query}&done={len(done)}&as={status}&missing={missing}"
               f"&undo={','.join(done[:UNDO_LIMIT])}{anchor}")


@router.post("/undo")
def undo(request: Request, state: StateDep, csrf: FormStr = "", pairs: FormStr = "",
         back: FormStr = "", to: FormStr = "") -> Response:
    """Undo the listed decisions; one that another decision has followed is left alone."""
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    if not who.csrf_ok(csrf):
        return _form_expired(who, state, "Go back, reload the page and try again.")
    undone = refused = 0
    for comment_id, decision_id in _pairs(pairs):
        try:
            undo_decision(comment_id, who.principal, state, UndoIn(decision_id=decision_id))
            undone += 1
        except (NotFound, UndoRefused):
            refused += 1
    if to.isdigit():
        return _to(f"/console/comments/{to}?undone={undone}&refused={refused}")
    if to == "decisions":
        return _to(f"/console/decisions?undone={undone}&refused={refused}")
    return _to(f"/console?{_back(back)}&undone={undone}&refused={refused}")


@router.get("/decisions")
def decisions_page(request: Request, state: StateDep) -> Response:
    """The last 100 decisions on the key's site(s), each with Undo while it is its comment's
    latest: the safety net once the notice after a decision is gone."""
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    params = request.query_params
    notice = ""
    if params.get("undone", "").isdigit():
        notice = "Decision undone." if params["undone"] != "0" else (
            "Nothing was undone: another decision came after it.")
    found = recent_decisions(who.principal, state, limit=100)
    return _page("decisions.html", who, state, active="decisions", decisions=found.decisions,
                 notice=notice)


@router.get("/comments/{comment_id}")
def comment_page(comment_id: int, request: Request, state: StateDep) -> Response:
    """One comment: its decision history (undo the latest), the author's other comments and
    their outcomes, the comment it replies to, and its post."""
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    scope = who.principal.scope()
    try:
        hist = decision_history(comment_id, who.principal, state)
    except NotFound:
        return _page("message.html", who, state, status=404, title="No such comment",
                     message=f"There is no comment #{comment_id} here (erased, or another site's).")
    stored = state.store.get_comment(comment_id, site=scope)
    if stored is None:
        return _page("message.html", who, state, status=404, title="No such comment",
                     message=f"There is no comment #{comment_id} here.")
    others, outcomes = state.store.author_history(stored.author_email_hmac, site=scope,
                                                  limit=AUTHOR_CONTEXT + 1)
    parent = (state.store.get_comment(stored.parent_id, site=scope)
              if stored.parent_id is not None else None)
    live = [d for d in hist.decisions if d.undone_at is None]
    params = request.query_params
    notice = ""
    if params.get("undone", "").isdigit():
        notice = "Decision undone." if params["undone"] != "0" else (
            "Nothing was undone: another decision came after it.")
    return _page(
        "comment.html", who, state, active="queue", c=moderation(stored, state.vault),
        history=hist, latest=live[-1] if live else None, decisions=DECISIONS, confirms=CONFIRMS,
        shortcuts=SHORTCUTS, notice=notice,
        others=[moderation(o, state.vault) for o in others if o.id != stored.id][:AUTHOR_CONTEXT],
        outcomes={k: v for k, v in outcomes.items() if v},
        parent=moderation(parent, state.vault) if parent is not None else None,
    )


def _emptiable(status: str) -> Literal["spam", "trash"] | None:
    if status == "spam":
        return "spam"
    return "trash" if status == "trash" else None


@router.get("/empty")
def empty_form(request: Request, state: StateDep, status: str = "") -> Response:
    """The confirmation page of "Empty spam" / "Empty trash": how many go, and what stays."""
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    which = _emptiable(status)
    if which is None:
        return _page("message.html", who, state, status=404, title="Nothing to empty",
                     message="Only spam and trash can be emptied.")
    preview = empty_preview(who.principal, state, which)
    return _page("empty.html", who, state, active="queue", preview=preview)


@router.post("/empty")
def empty_now(request: Request, state: StateDep, csrf: FormStr = "", status: FormStr = "",
              up_to_id: FormStr = "") -> Response:
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    if not who.csrf_ok(csrf):
        return _form_expired(who, state, "Go back, reload the page and try again.")
    which = _emptiable(status)
    if which is None or not up_to_id.isdigit():
        return _page("message.html", who, state, status=400, title="Nothing to empty",
                     message="Open “Empty spam” or “Empty trash” from the queue and confirm there.")
    body = EmptyIn.model_validate({"status": which, "up_to_id": int(up_to_id)})
    done = empty(body, who.principal, state)
    view = "spam_model" if which == "spam" else "trash"
    return _to(f"/console?status={view}&emptied={done.deleted}&kept={done.kept_as_training_text}")
