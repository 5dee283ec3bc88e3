"""The demo blog's server side: its backend calls the API over HTTP (here through an in-process
ASGI transport), shows field errors inline, holds, threads, and never shows an email."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from starlette.requests import Request

from service.app import create_app
from service.demo.backend import Shown, outcome_of, thread
from service.demo.cli import fresh_keys
from service.demo.routes import api_client, pseudo_address, service_url
from tests.console.conftest import form_token, sign_in
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass
class Demo:
    client: TestClient
    app: FastAPI

    def post(self, **fields: str) -> httpx2.Response:
        form = {"author": "Olena", "email": "olena@example.org", "url": "", "comment": "",
                "comment_parent": "0", "fax": "", **fields}
        return self.client.post("/demo/comments", data=form, follow_redirects=False)

    def page(self) -> str:
        return self.client.get("/demo/").text


def _in_process(app: FastAPI) -> Callable[[], AsyncIterator[httpx.AsyncClient]]:
    async def client() -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as c:
            yield c
    return client


def _start(tmp_path: Path, **overrides: Any) -> Iterator[tuple[Demo, str]]:
    """The demo app and its moderator key."""
    settings = make_settings(tmp_path, sqlite_url(tmp_path), **overrides)
    site_key, moderator_key = fresh_keys(settings)
    app = create_app(settings.model_copy(update={"demo_site_key": SecretStr(site_key)}),
                     scorer=KeywordScorer())
    app.dependency_overrides[api_client] = _in_process(app)
    with TestClient(app) as client:
        yield Demo(client, app), moderator_key


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    for started, _ in _start(tmp_path):
        yield started


def test_the_article_and_a_wordpress_style_form(demo: Demo) -> None:
    html = demo.page()
    assert "Maksim Kuzminov" in html
    assert "Villajoyosa" in html
    assert "Leave a Reply" in html
    assert "Your email address will not be published." in html
    assert "Required fields are marked" in html
    for name in ("comment", "author", "email", "url"):
        assert f'name="{name}"' in html
    assert "No thoughts yet" in html


def test_a_published_comment_redirects_to_itself_and_is_listed(demo: Demo) -> None:
    response = demo.post(comment="A clear account, thank you.", url="https://olena.example.org")
    assert response.status_code == 303
    assert re.fullmatch(r"/demo/#comment-\d+", response.headers["location"])
    html = demo.page()
    assert "A clear account, thank you." in html
    assert '<a href="https://olena.example.org" rel="external nofollow ugc">Olena</a>' in html
    assert "One thought on" in html


def test_field_errors_are_shown_inline_and_the_input_kept(demo: Demo) -> None:
    response = demo.post(author="", email="not-an-email", url="ftp://x", comment="Kept text <b>")
    assert response.status_code == 422
    html = response.text
    assert '<span class="field-error" id="author-error">Name is required.</span>' in html
    assert '<span class="field-error" id="email-error">Email is not a valid email address.</span>' in html
    assert 'id="url-error"' in html
    assert 'id="comment-error"' not in html
    assert "Kept text &lt;b&gt;</textarea>" in html
    assert 'aria-invalid="true" aria-describedby="author-error"' in html


def test_a_held_comment_is_awaiting_moderation_and_not_listed(demo: Demo) -> None:
    response = demo.post(comment="You idiot, this is all lies.")
    assert response.status_code == 200
    assert "Your comment is awaiting moderation." in response.text
    assert "You idiot, this is all lies." in response.text  # the author's own preview
    assert "You idiot" not in demo.page()
    honeypot = demo.post(comment="Nice post.", fax="http://bot.example")
    assert "Your comment is awaiting moderation." in honeypot.text


def test_replies_are_threaded_and_orphans_kept(demo: Demo) -> None:
    parent = demo.post(comment="First!").headers["location"].rsplit("-", 1)[1]
    reply_form = demo.client.get(f"/demo/?replytocom={parent}").text
    assert "Leave a Reply to Olena" in reply_form
    assert f'name="comment_parent" id="comment_parent" value="{parent}"' in reply_form
    demo.post(comment="A reply.", comment_parent=parent, email="reply@example.org")
    html = demo.page()
    assert re.search(r'<ol class="children">\s*<li id="comment-\d+" class="comment depth-2">', html)

    now = datetime.now(UTC)
    flat = [Shown(1, None, "a", "", "x", now), Shown(2, 1, "b", "", "y", now),
            Shown(3, 2, "c", "", "z", now), Shown(5, 4, "d", "", "w", now)]
    roots = thread(flat)
    assert [r.id for r in roots] == [1, 5]
    assert roots[0].children[0].children[0].depth == 3


def test_no_email_appears_in_the_page(demo: Demo) -> None:
    demo.post(comment="Mail me: someone.else@example.com, or o l e n a [at] example [dot] org.")
    demo.post(comment="Another one.", author="Reader", email="reader@example.org")
    html = demo.page()
    assert "[email hidden]" in html
    assert EMAIL.search(html) is None


def test_duplicates_and_refusals_are_explained(demo: Demo) -> None:
    assert demo.post(comment="Same words.").status_code == 303
    duplicate = demo.post(comment="Same words.")
    assert duplicate.status_code == 409
    assert "it looks as though you’ve already said that!" in duplicate.text

    def answer(status: int, **headers: str) -> str:
        return outcome_of(httpx.Response(status, headers=headers, json={"type": "x"})).messages[0]

    assert "try again in 7 seconds" in answer(429, **{"Retry-After": "7"})
    assert "site key was refused" in answer(401)
    assert "could not take your comment" in answer(503)


def test_an_unreachable_service_is_a_message_not_a_crash(demo: Demo) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def broken() -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse),
                                     base_url="http://service.test") as c:
            yield c

    demo.app.dependency_overrides[api_client] = broken
    response = demo.post(comment="Hello?")
    assert response.status_code == 503
    assert "cannot be reached" in response.text
    assert "Comments cannot be loaded right now." in response.text


def test_the_backend_calls_its_own_listener_never_the_host_header() -> None:
    scope = {"type": "http", "scheme": "http", "server": ("127.0.0.1", 8123), "path": "/demo/",
             "headers": [(b"host", b"evil.example")], "query_string": b""}
    assert service_url(Request(scope)) == "http://127.0.0.1:8123"
    assert service_url(Request({**scope, "server": ("::1", 8123)})) == "http://[::1]:8123"


def test_the_demo_is_off_unless_a_site_key_is_set(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path, sqlite_url(tmp_path)), scorer=KeywordScorer())
    with TestClient(app) as client:
        assert client.get("/demo/").status_code == 404


def test_fresh_keys_revoke_the_previous_runs(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sqlite_url(tmp_path))
    fresh_keys(settings)
    site, moderator = fresh_keys(settings)
    app = create_app(settings, scorer=KeywordScorer())
    with TestClient(app) as client:
        keys = app.state.commentmod.store.list_api_keys()
        assert [k.revoked_at is None for k in keys] == [False, False, True, True]
        assert {k.role.value for k in keys if k.revoked_at is None} == {"site", "moderator"}
        queue = client.get("/v1/moderation/queue", headers={"Authorization": f"Bearer {moderator}"})
        assert queue.status_code == 200
        assert site != moderator


def test_the_readmes_walkthrough_with_the_flood_rule_on(tmp_path: Path) -> None:
    """README: a friendly comment, then (another reader) an insult, approved in the console.
    Every local reader is 127.0.0.1; the demo gives each reader their own pseudo-address, so
    only one reader posting twice within the flood window is told to slow down."""
    for demo, moderator_key in _start(tmp_path, flood_seconds=15):
        friendly = demo.post(comment="A clear account, thank you.")
        assert friendly.status_code == 303
        insult = demo.post(comment="You idiot, this is all lies.", author="Troll",
                           email="troll@example.net")
        assert insult.status_code == 200
        assert "Your comment is awaiting moderation." in insult.text
        again = demo.post(comment="And another thing.")
        assert again.status_code == 429
        assert "posting comments too quickly" in again.text

        assert sign_in(demo.client, moderator_key).status_code == 303
        queue = demo.client.get("/console").text
        held = re.findall(r'data-item="(\d+)"', queue)
        assert len(held) == 1
        decided = demo.client.post("/console/decide", follow_redirects=False, data={
            "csrf": form_token(queue), "one": f"{held[0]}:approved"})
        assert decided.status_code == 303
        page = demo.page()
        assert "A clear account, thank you." in page
        assert "You idiot, this is all lies." in page
        assert "2001:db8:" in demo.client.get(f"/console/comments/{held[0]}").text


def test_pseudo_addresses_are_per_reader_in_the_documentation_range() -> None:
    olena, troll = pseudo_address("olena@example.org"), pseudo_address("troll@example.net")
    assert olena != troll
    assert pseudo_address(" Olena@Example.org ") == olena
    assert olena.startswith("2001:db8:")
