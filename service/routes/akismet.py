"""Akismet's REST API 1.1 (form-encoded in, plain text out), so Akismet clients can switch by
changing one URL or host. Every check runs the one intake flow (`service.intake.assess`); no text
is stored except the labels of submit-spam and submit-ham, and each check is counted (for the
account endpoints in `service.routes.akismet_account`). The key may arrive as `api_key` (or
`key`), or as the host name's first label (`KEY.rest.akismet.com`). See the README's "Drop-in
compatibility" section.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import PlainTextResponse
from fastapi.routing import APIRoute

from service import compat
from service.auth import Principal
from service.deps import StateDep, authenticate
from service.domain import Status
from service.errors import (
    ProblemError,
    RateLimited,
    StoreUnavailable,
    Unauthenticated,
    ValidationFailed,
)
from service.intake import IntakeConfig, assess
from service.state import AppState
from service.store.records import Role

log = logging.getLogger("commentmod.akismet")
# Shown by WordPress's plugin as an admin notice until an answer comes without it.
RATE_LIMIT_ALERT = "10429"


class AkismetInvalid(Exception):
    """Answered as Akismet does: the body `invalid` and the reason in `X-akismet-debug-help`."""

    def __init__(self, help_text: str) -> None:
        super().__init__(help_text)
        self.help_text = help_text


def _invalid(help_text: str) -> Response:
    return PlainTextResponse("invalid", headers={"X-akismet-debug-help": help_text})


class AkismetRoute(APIRoute):
    """Renders failures in Akismet's terms instead of problem+json: a bad key or field is
    `invalid` (HTTP 200, as Akismet answers); rate limits and outages keep their status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def akismet_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except AkismetInvalid as exc:
                return _invalid(exc.help_text)
            except Unauthenticated:
                return _invalid("Invalid key")
            except ValidationFailed as exc:
                form = getattr(request.state, "akismet_form", {})
                return _invalid("; ".join(
                    f"{compat.akismet_field(e.field, form)}: {e.message}" for e in exc.errors
                ))
            except ProblemError as exc:
                headers = {**exc.headers, "X-akismet-debug-help": exc.detail}
                if isinstance(exc, RateLimited):
                    headers["X-akismet-alert-code"] = RATE_LIMIT_ALERT
                    headers["X-akismet-alert-msg"] = f"This key is over its rate limit: {exc.detail}"
                return PlainTextResponse(exc.detail, status_code=exc.status, headers=headers)

        return akismet_handler


def _form_schema(required: tuple[str, ...], fields: tuple[str, ...]) -> dict[str, Any]:
    schema = {"type": "object", "required": list(required),
              "properties": {name: {"type": "string"} for name in fields}}
    return {"requestBody": {"required": True,
                            "content": {"application/x-www-form-urlencoded": {"schema": schema}}}}


async def read_form(request: Request) -> dict[str, str]:
    """The form fields, decoded in the request's `blog_charset` (multipart bodies in UTF-8),
    then the query's (Akismet takes every parameter by GET or POST; the body wins), unslashed
    when WordPress slashed them (`compat.wordpress_unslashed`). Without `api_key` or `key`, the
    key is the Host header's prefix, when it has one (`compat.host_key`)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = {name: value for name, value in (await request.form()).items()
                if isinstance(value, str)}
    else:
        form = compat.decode_form(await request.body())
    for name, value in request.query_params.items():
        form.setdefault(name, value)
    form = compat.wordpress_unslashed(form, request.headers.get("user-agent", ""))
    if not (form.get("api_key", "").strip() or form.get("key", "").strip()):
        key = compat.host_key(request.headers.get("host", ""))
        if key is not None:
            form["api_key"] = key
    request.state.akismet_form = form
    return form


def form_key(form: dict[str, str]) -> str:
    """`api_key`, or the older name `key` (WordPress sends both; verify-key only `key`)."""
    return (form.get("api_key") or form.get("key") or "").strip()


FormDep = Annotated[dict[str, str], Depends(read_form)]
router = APIRouter(prefix="/1.1", tags=["akismet"], route_class=AkismetRoute)


def site_principal(state: AppState, key: str, blog: str) -> tuple[Principal, str]:
    """The key's principal and site, once the key is a live site key and `blog` is its site."""
    names = compat.blog_names(blog)
    if names is None:
        raise AkismetInvalid("We were unable to parse your blog URI")
    principal = authenticate(state, key)
    if principal.role is not Role.SITE or principal.site is None:
        raise AkismetInvalid("This key is not a site key")
    if not compat.blog_matches(principal.site, names):
        raise AkismetInvalid("The blog URL does not belong to this key's site")
    return principal, principal.site


def checked(state: AppState, form: dict[str, str],
             required: tuple[str, ...] = compat.AKISMET_REQUIRED) -> tuple[Principal, str]:
    missing = compat.missing_field({**form, "api_key": form_key(form)}, required)
    if missing is not None:
        raise AkismetInvalid(f'Empty "{missing}" value')
    return site_principal(state, form_key(form), form["blog"])


def _akismet_config(config: IntakeConfig) -> IntakeConfig:
    """The deployment's rules, except that name and email are not required: an Akismet caller
    has already applied its own requirement (and checks sign-ups and anonymous comments too)."""
    return replace(config, rules=replace(config.rules, require_name_email=False))


@router.post("/verify-key", response_class=PlainTextResponse,
             openapi_extra=_form_schema(("api_key", "blog"), ("api_key", "key", "blog")))
def verify_key(form: FormDep, state: StateDep) -> Response:
    """`valid` when `api_key` (or `key`, or the host prefix) is a site key and `blog` its site."""
    key = form_key(form)
    if not key:
        raise AkismetInvalid('Empty "api_key" value')
    if not form.get("blog", "").strip():
        raise AkismetInvalid('Empty "blog" value')
    site_principal(state, key, form["blog"])
    return PlainTextResponse("valid")


@router.post("/comment-check", response_class=PlainTextResponse,
             openapi_extra=_form_schema(compat.AKISMET_REQUIRED, compat.AKISMET_FIELDS))
def comment_check(form: FormDep, state: StateDep) -> Response:
    """`true` (spam, or held with `X-akismet-error`) or `false`, decided by the rules, the model
    and the policy of `/v1/comments` (`compat.akismet_answer`). Stores no text; counts the check."""
    _, site = checked(state, form)
    if form.get("user_role", "").strip().lower() == "administrator":
        # Akismet's documented rule: content by an administrator is never spam.
        return PlainTextResponse("false", headers={"X-commentmod-status": Status.APPROVED.value,
                                                   "X-akismet-guid": uuid.uuid4().hex})
    if not form.get("comment_content", "").strip():
        raise AkismetInvalid('Empty "comment_content" value')
    scorer = state.models.current
    with state.metrics.scoring.time():
        verdict = assess(compat.akismet_submission(form), scorer=scorer,
                         config=_akismet_config(state.intake))
    answer = compat.akismet_answer(verdict, uuid.uuid4().hex)
    if not compat.is_true(form.get("is_test")):
        try:
            state.store.count_akismet_check(site=site, status=verdict.decision.status)
        except StoreUnavailable:  # the answer matters more than the count
            log.warning("comment-check not counted: the store is unavailable")
    return PlainTextResponse(answer.body, headers=answer.headers)


def _sender_hmac(state: AppState, form: dict[str, str]) -> str | None:
    """The sender's address keyed as comments are, so export and erasure find the label."""
    email = form.get("comment_author_email", "").strip()
    return state.vault.email_hmac(email) if email else None


def _submit(form: dict[str, str], state: AppState, label: Status, endpoint: str) -> Response:
    principal, site = checked(state, form, compat.AKISMET_SUBMIT_REQUIRED)
    text = compat.label_text(form.get("comment_content", ""), form.get("comment_author", ""),
                             form.get("comment_author_url", ""))
    # A test call, or one without text, teaches nothing; Akismet thanks it all the same.
    if text.content and not compat.is_true(form.get("is_test")):
        state.store.add_text_label(
            site=site, text=text.content, author_name=text.author_name,
            author_url=text.author_url, label=label, source="akismet", actor=principal.actor,
            note=endpoint, author_email_hmac=_sender_hmac(state, form),
        )
    return PlainTextResponse(compat.SUBMISSION_RESPONSE)


@router.post("/submit-spam", response_class=PlainTextResponse,
             openapi_extra=_form_schema(compat.AKISMET_SUBMIT_REQUIRED, compat.AKISMET_FIELDS))
def submit_spam(form: FormDep, state: StateDep) -> Response:
    """Missed spam: recorded as a `spam` training label (not with `is_test`)."""
    return _submit(form, state, Status.SPAM, "submit-spam")


@router.post("/submit-ham", response_class=PlainTextResponse,
             openapi_extra=_form_schema(compat.AKISMET_SUBMIT_REQUIRED, compat.AKISMET_FIELDS))
def submit_ham(form: FormDep, state: StateDep) -> Response:
    """A false positive: recorded as an `approved` training label (not with `is_test`)."""
    return _submit(form, state, Status.APPROVED, "submit-ham")
