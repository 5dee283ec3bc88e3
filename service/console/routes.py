"""`/console`: the moderator console. Server-rendered pages over the same code paths as the
API: decisions and undo go through `routes.moderation` (see `moderate.py`), reloads through
`routes.model.reload_model`, sign-in through `deps.authenticate`."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from service.auth import Principal, hash_key
from service.console import model_page, session
from service.console.queue import REASONS, STATUS_LABELS, QueueFilter, find, link_domains
from service.console.web import http_url, make_env, render, static_file
from service.deps import StateDep, authenticate
from service.errors import Forbidden, ModelRefused, RateLimited, Unauthenticated
from service.moderation import QueueView, view_counts
from service.routes.model import reload_model
from service.state import AppState

router = APIRouter(prefix="/console", include_in_schema=False)
HERE = Path(__file__).resolve().parent
_env = make_env(HERE / "templates")
_env.globals.update(http_url=http_url, link_domains=link_domains)
DECISIONS = {"approved": "Approve", "spam": "Spam", "abusive": "Abusive", "trash": "Trash"}
SHORTCUTS = {"approved": "a", "spam": "s", "abusive": "d", "trash": "t"}
# A button on a comment already in that status (set by intake) confirms it: a training label.
CONFIRMS = {"approved": "Keep approved", "spam": "Confirm spam", "abusive": "Confirm abusive",
            "trash": "Trash"}
FormStr = Annotated[str, Form()]


class SignedIn:
    def __init__(self, principal: Principal, csrf: str, codec: session.SessionCodec,
                 session_id: str) -> None:
        self.principal = principal
        self.csrf = csrf
        self._codec = codec
        self._session_id = session_id

    def end(self, state: AppState) -> None:
        """Sign out for every worker: the cookie is refused until it would have expired anyway."""
        expires = datetime.now(UTC) + timedelta(seconds=self._codec.lifetime)
        state.store.end_session(self._session_id, expires_at=expires)

    def csrf_ok(self, token: str) -> bool:
        return self._codec.csrf_ok("session", self._session_id, token)


def _signed_in(request: Request, state: AppState) -> SignedIn | None:
    codec = session.codec(request, state)
    found = codec.read(request.cookies.get(session.SESSION_COOKIE))
    if found is None or state.store.session_ended(found.session_id):
        return None
    principal = session.moderator_for(state, found.key_hash)
    if principal is None:
        return None
    csrf = codec.csrf_token("session", found.session_id)
    return SignedIn(principal, csrf, codec, found.session_id)


def _to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _page(template: str, who: SignedIn | None, state: AppState, *, status: int = 200,
          **context: Any) -> Response:
    base: dict[str, Any] = {"who": who, "csrf": who.csrf if who else "", "active": ""}
    if who is not None:
        base["scope"] = who.principal.scope() or "all sites"
    return render(_env, template, {**base, **context}, status=status)


def _form_expired(who: SignedIn, state: AppState, retry: str) -> Response:
    """A signed-in moderator's form whose CSRF token no longer matches their session."""
    return _page("message.html", who, state, status=403, title="Form expired",
                 message=f"This form expired. {retry}")


def error_page(request: Request, status: int, title: str, detail: str) -> Response | None:
    """The console's errors (unknown page, malformed form, crash) as pages, not raw JSON;
    None for every other path, which keeps problem+json."""
    path = request.url.path
    if path != "/console" and not path.startswith("/console/"):
        return None
    return render(_env, "message.html", {"who": None, "csrf": "", "active": "",
                                         "title": title, "message": detail}, status=status)


@router.get("/static/{name}")
def static(name: str) -> Response:
    return static_file(HERE / "static", name)


def _login_page(request: Request, state: AppState, *, error: str = "", status: int = 200) -> Response:
    codec = session.codec(request, state)
    nonce = request.cookies.get(session.LOGIN_COOKIE) or secrets.token_urlsafe(16)
    response = _page("login.html", None, state, status=status, error=error,
                     login_csrf=codec.csrf_token("login", nonce))
    session.set_cookie(response, request, state.settings, session.LOGIN_COOKIE, nonce,
                       session.LOGIN_SECONDS)
    return response


@router.get("/login")
def login_form(request: Request, state: StateDep) -> Response:
    if _signed_in(request, state) is not None:
        return _to("/console")
    return _login_page(request, state)


@router.post("/login")
def login(request: Request, state: StateDep, key: FormStr = "", csrf: FormStr = "") -> Response:
    codec = session.codec(request, state)
    if not codec.csrf_ok("login", request.cookies.get(session.LOGIN_COOKIE), csrf):
        return _login_page(request, state, status=403,
                           error="The sign-in form expired. Please try again.")
    try:
        principal = authenticate(state, key.strip() or None)
        principal.require_moderator()
    except Unauthenticated:
        return _login_page(request, state, status=401,
                           error="That key was not recognised (or has been revoked).")
    except Forbidden:
        return _login_page(request, state, status=403,
                           error="That is a site key. The console needs a moderator key.")
    except RateLimited as exc:
        return _login_page(request, state, status=429,
                           error=f"Too many requests with that key; wait {exc.retry_after} s.")
    response = _to("/console")
    session.set_cookie(response, request, state.settings, session.SESSION_COOKIE,
                       codec.issue(hash_key(key.strip())), session.SESSION_SECONDS)
    session.clear_cookie(response, request, state.settings, session.LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, state: StateDep, csrf: FormStr = "") -> Response:
    who = _signed_in(request, state)
    if who is not None and not who.csrf_ok(csrf):
        return _to("/console")
    if who is not None:  # ended server-side, not only deleted from this browser
        who.end(state)
    response = _to("/console/login")
    session.clear_cookie(response, request, state.settings, session.SESSION_COOKIE)
    return response


def _notice(params: dict[str, str]) -> str:
    done, status, missing = params.get("done", ""), params.get("as", ""), params.get("missing", "")
    parts = []
    if done.isdigit() and status in DECISIONS:
        n = int(done)
        parts.append(f"{n} comment{'s' if n != 1 else ''} marked {status}.")
    if missing.isdigit() and int(missing):
        parts.append(f"{missing} no longer existed (decided or erased elsewhere).")
    if params.get("empty") == "1":
        parts.append("Select at least one comment first.")
    emptied, kept = params.get("emptied", ""), params.get("kept", "")
    if emptied.isdigit():
        parts.append(f"Deleted {emptied} comment{'s' if emptied != '1' else ''} for good.")
    if kept.isdigit() and int(kept):
        parts.append(f"{kept} confirmed spam text{'s' if kept != '1' else ''} stay as training "
                     "labels, without author, link or note.")
    undone, refused = params.get("undone", ""), params.get("refused", "")
    if undone.isdigit():
        parts.append(f"Undid {undone} decision{'s' if undone != '1' else ''}.")
    if refused.isdigit() and int(refused):
        parts.append(f"{refused} could not be undone: another decision came after it.")
    return " ".join(parts)


@router.get("")
def queue(request: Request, state: StateDep) -> Response:
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    params = dict(request.query_params)
    f = QueueFilter.parse(params)
    screen = find(state.store, state.vault, who.principal.scope(), f)
    counts = view_counts(state.store, who.principal.scope())
    status_counts = {name: counts[QueueView(name)] for name in STATUS_LABELS}
    undo = params.get("undo", "") if params.get("done", "").isdigit() else ""
    return _page(
        "queue.html", who, state, active="queue", f=f, items=screen.items,
        next_query=f.query(before=screen.next_before) if screen.next_before else "",
        back=f.query(before=f.before), statuses=STATUS_LABELS, status_counts=status_counts,
        decisions=DECISIONS, confirms=CONFIRMS, shortcuts=SHORTCUTS, notice=_notice(params),
        settings=state.settings, undo=undo, reasons=sorted(REASONS),
    )


def _model_page(who: SignedIn, state: AppState, *, notice: str = "", error: str = "",
                status: int = 200) -> Response:
    scorer = state.models.current
    card = scorer.card
    since = model_page.trained_at(card)
    scope = who.principal.scope()
    return _page(
        "model.html", who, state, status=status, active="model", version=scorer.version,
        facts=model_page.card_facts(card), headers=model_page.metric_headers(),
        rows=model_page.metric_rows(card), since=since,
        labels=model_page.labels_since(state.store, scope, since),
        histograms=model_page.histograms(state.store, scope, state.settings),
        sample=model_page.HISTOGRAM_SAMPLE, notice=notice, error=error,
        can_reload=who.principal.is_installation_moderator,
    )


@router.get("/model")
def model(request: Request, state: StateDep) -> Response:
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    notice = ""
    if request.query_params.get("reloaded") == "1":
        notice = f"Reloaded: now serving model {state.models.current.version}."
    return _model_page(who, state, notice=notice)


@router.post("/model/reload")
def reload(request: Request, state: StateDep, csrf: FormStr = "") -> Response:
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    if not who.csrf_ok(csrf):
        return _form_expired(who, state, "Reload the model page and try again.")
    if not who.principal.is_installation_moderator:
        return _model_page(who, state, status=403, error=(
            "Only an installation-wide moderator key (one created without --site) may switch "
            "the model: every site shares it."))
    try:
        reload_model(who.principal, state, None)
    except ModelRefused as exc:
        return _model_page(who, state, error=exc.detail, status=409)
    return _to("/console/model?reloaded=1")
