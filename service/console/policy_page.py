"""`/console/policy`: a site's policy in the console, read and set through the same
`PolicyBook` as `GET/PUT /v1/sites/{site}/policy`, so the values are validated the same way.

The form is built from `POLICY_FIELDS` and the settings' types: a field added there appears
here with no change. An empty input (or "follow the setting") leaves the field to the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from service.console.routes import SignedIn, _form_expired, _page, _signed_in, _to
from service.deps import StateDep
from service.settings import Settings
from service.site_policy import POLICY_FIELDS
from service.state import AppState

router = APIRouter(prefix="/console", include_in_schema=False)


@dataclass(frozen=True, slots=True)
class PolicyInput:
    name: str
    kind: str  # "bool", "words" or "number"
    description: str
    default: str  # the setting's value, shown beside the input
    value: str  # this site's own value; "" follows the setting


def _kind(name: str) -> str:
    annotation = Settings.model_fields[name].annotation
    if annotation is bool:
        return "bool"
    return "words" if getattr(annotation, "__origin__", None) is tuple else "number"


def _shown(kind: str, value: Any) -> str:
    if kind == "words":
        return ", ".join(value)
    if kind == "bool":
        return "on" if value else "off"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _inputs(state: AppState, overrides: dict[str, Any]) -> list[PolicyInput]:
    inputs = []
    for name in POLICY_FIELDS:
        kind = _kind(name)
        own = overrides.get(name)
        inputs.append(PolicyInput(
            name=name, kind=kind, description=Settings.model_fields[name].description or "",
            default=_shown(kind, getattr(state.settings, name)),
            value="" if own is None else _shown(kind, own),
        ))
    return inputs


def _site(who: SignedIn, asked: str) -> str | None:
    """A site-bound key edits its own site; an installation-wide one names the site."""
    return who.principal.scope() or (asked.strip()[:255] or None)


def _policy_page(who: SignedIn, state: AppState, site: str | None, *, notice: str = "",
                 errors: list[str] | None = None, status: int = 200) -> Response:
    found = state.policies.get(site) if site else None
    return _page(
        "policy.html", who, state, status=status, active="policy", site=site or "",
        pick_site=who.principal.scope() is None, version=found.out(site).version if found and site
        else 0, inputs=_inputs(state, found.out(site).overrides if found and site else {}),
        notice=notice, errors=errors or [],
    )


@router.get("/policy")
def policy(request: Request, state: StateDep) -> Response:
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    site = _site(who, request.query_params.get("site", ""))
    saved = request.query_params.get("saved", "")
    notice = f"Saved as version {saved}." if saved.isdigit() else ""
    return _policy_page(who, state, site, notice=notice)


def _body(form: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in POLICY_FIELDS:
        raw = form.get(name, "").strip()
        if not raw:
            continue
        kind = _kind(name)
        if kind == "words":
            body[name] = [w for w in raw.replace("\n", ",").split(",") if w.strip()]
        elif kind == "bool":
            body[name] = raw == "on"
        else:
            body[name] = raw
    return body


@router.post("/policy")
async def save_policy(request: Request, state: StateDep) -> Response:
    who = _signed_in(request, state)
    if who is None:
        return _to("/console/login")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    if not who.csrf_ok(form.get("csrf", "")):
        return _form_expired(who, state, "Reload the policy page and try again.")
    site = _site(who, form.get("site", ""))
    if site is None:
        return _policy_page(who, state, None, errors=["Name the site first."], status=400)
    try:
        found = await run_in_threadpool(state.policies.put, site, _body(form), actor=who.principal.actor)
    except RequestValidationError as exc:
        errors = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
        return _policy_page(who, state, site, errors=errors, status=422)
    return _to(f"/console/policy?site={site}&saved={found.out(site).version}")
