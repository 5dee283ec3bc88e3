"""`/demo/`: a one-article blog whose comment form goes through commentmod like a real blog.

Its backend calls the service over HTTP with a site key (`COMMENTMOD_DEMO_SITE_KEY`), at the
address this server is listening on: `scope["server"]`, never the request's Host header, which
the client controls and could point (with the key) anywhere."""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import ssl
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from service.console.web import http_url, make_env, render, static_file
from service.demo import backend
from service.demo.backend import Outcome, Shown
from service.deps import StateDep
from service.errors import NotFound
from service.privacy import redact_emails

router = APIRouter(prefix="/demo", include_in_schema=False)
HERE = Path(__file__).resolve().parent
POST_ID = "2023-08-kuzminov-defection"
_env = make_env(HERE / "templates")
_env.globals.update(http_url=http_url, max_depth=backend.MAX_DEPTH)
FormStr = Annotated[str, Form()]


def service_url(request: Request) -> str:
    server = request.scope.get("server")
    if not server or server[1] is None:
        raise NotFound("the demo blog needs a TCP listener to call the service")
    host, port = str(server[0]), int(server[1])
    if ":" in host:
        host = f"[{host}]"
    return f"{request.url.scheme}://{host}:{port}"


@functools.cache
def _tls() -> ssl.SSLContext:
    """Built once: making a context per request costs more than the whole self-call."""
    return ssl.create_default_context()


async def api_client(request: Request) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=service_url(request), timeout=15.0,
                                 verify=_tls()) as client:
        yield client


ApiClient = Annotated[httpx.AsyncClient, Depends(api_client)]


def _site_key(state: StateDep) -> str:
    key = state.settings.demo_site_key
    if key is None:  # the router is only included when the key is set
        raise NotFound("the demo blog is not enabled")
    return key.get_secret_value()


SiteKey = Annotated[str, Depends(_site_key)]


def pseudo_address(email: str) -> str:
    """The address the demo reports for a reader: one per email typed, in 2001:db8::/32 (the
    documentation range). Every local reader is 127.0.0.1, so with the real address the flood
    rule would refuse a second reader's comment for 15 s; per reader it still refuses one reader
    posting twice too fast, as it would on a real blog where each reader has their own address."""
    digest = hashlib.sha256(b"commentmod-demo-reader\n" + email.strip().lower().encode()).digest()
    network = int(ipaddress.IPv6Address("2001:db8::"))
    return str(ipaddress.IPv6Address(network | int.from_bytes(digest[:12])))


@router.get("/static/{name}")
def static(name: str) -> Response:
    return static_file(HERE / "static", name)


async def _page(client: httpx.AsyncClient, site_key: str, *, reply_to: int | None = None,
                values: dict[str, str] | None = None, outcome: Outcome | None = None,
                held: Shown | None = None, status: int = 200) -> Response:
    comments = await backend.approved(client, site_key, POST_ID)
    shown = comments or []
    parent = next((c for c in shown if c.id == reply_to), None)
    context: dict[str, Any] = {
        "post_id": POST_ID, "comments": backend.thread(shown), "count": len(shown),
        "unavailable": comments is None, "reply_to": parent,
        "values": values or {}, "errors": outcome.field_errors if outcome else {},
        "messages": outcome.messages if outcome else (), "held": held,
        "labels": backend.LABELS,
    }
    return render(_env, "blog.html", context, status=status)


@router.get("/")
async def blog(client: ApiClient, site_key: SiteKey, replytocom: str = "") -> Response:
    reply_to = int(replytocom) if replytocom.isdigit() else None
    return await _page(client, site_key, reply_to=reply_to)


@router.post("/comments")
async def post_comment(
    request: Request, client: ApiClient, site_key: SiteKey,
    author: FormStr = "", email: FormStr = "", url: FormStr = "", comment: FormStr = "",
    comment_parent: FormStr = "0", fax: FormStr = "",
) -> Response:
    parent_id = int(comment_parent) if comment_parent.isdigit() and int(comment_parent) else None
    payload = {
        "post_id": POST_ID, "parent_id": parent_id, "author_name": author, "author_email": email,
        "author_url": url, "content": comment, "honeypot": fax,
        "user_ip": pseudo_address(email),
        "user_agent": request.headers.get("user-agent", ""),
        "referrer": request.headers.get("referer", ""),
    }
    outcome = await backend.submit(client, site_key, payload)
    if outcome.kind == "published":
        return RedirectResponse(f"/demo/#comment-{outcome.comment_id}", status_code=303)
    if outcome.kind == "held":
        # Shown to its author only, in this response, as WordPress does; never stored here. An
        # address is hidden as the service stores it: the page shows none, even to its author.
        shown_url = redact_emails(url)[0]
        held = Shown(id=outcome.comment_id or 0, parent_id=parent_id,
                     author_name=redact_emails(author)[0],
                     author_url=shown_url if http_url(shown_url) else "",
                     content=redact_emails(comment)[0], created_at=datetime.now(UTC))
        return await _page(client, site_key, held=held)
    values = {"author": author, "email": email, "url": url, "comment": comment}
    return await _page(client, site_key, reply_to=parent_id, values=values, outcome=outcome,
                       status=outcome.status)
