"""What real clients send that the first drop-in refused: JSON `null` for unset fields (PHP's
json_encode), WordPress's special-use TLD addresses, WordPress's slashed fields, and labels for
old comments without `user_ip`. Real stores, plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.bootstrap import create_key
from service.store.records import Role
from tests.helpers.factories import comment_body
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api

BLOG = "https://blog.example.org/"
WORDPRESS_AGENT = "WordPress/6.1.9 | Akismet/5.0.2"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    settings = make_settings(tmp_path, sqlite_url(tmp_path))
    yield from start_api(settings, KeywordScorer())


@pytest.fixture
def blog_key(api: Api) -> str:
    return create_key(api.state.store, site="blog.example.org", role=Role.SITE)


def test_native_comments_take_null_as_not_given(api: Api) -> None:
    body = {**comment_body(), "author_url": None, "parent_id": None, "referrer": None,
            "honeypot": None}
    response = api.post("/v1/comments", body)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "approved"


def test_score_takes_null_as_not_given(api: Api) -> None:
    response = api.post("/v1/score", {"comments": [{"content": "Nice post.", "author_url": None,
                                                    "author_name": None}]})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "approved"
    missing = api.post("/v1/score", {"comments": [{"content": None}]})
    assert missing.status_code == 422  # a required field stays required


def test_perspective_takes_null_as_not_given(api: Api) -> None:
    body = {"comment": {"text": "Nice post.", "type": None}, "languages": None,
            "requestedAttributes": {"TOXICITY": {"scoreThreshold": None}},
            "clientToken": None, "doNotStore": None}
    response = api.client.post("/v1alpha1/comments:analyze", json=body,
                               params={"key": api.site_key})
    assert response.status_code == 200, response.text
    assert "TOXICITY" in response.json()["attributeScores"]


@pytest.mark.parametrize("email", ["reader@intranet.local", "jane@blog.test"])
def test_special_use_tlds_are_valid_in_every_endpoint(api: Api, blog_key: str,
                                                      email: str) -> None:
    native = api.post("/v1/comments", comment_body(author_email=email))
    assert native.status_code == 201, native.text
    form = {"api_key": blog_key, "blog": BLOG, "user_ip": "203.0.113.7",
            "comment_content": "Nice post.", "comment_author_email": email}
    akismet = api.client.post("/1.1/comment-check", data=form)
    assert akismet.text == "false", akismet.headers.get("X-akismet-debug-help")


def test_wordpress_slashes_are_removed_before_scoring(api: Api, blog_key: str) -> None:
    scorer = api.state.models.current
    assert isinstance(scorer, KeywordScorer)
    form = {"api_key": blog_key, "blog": BLOG, "user_ip": "203.0.113.7",
            "comment_author": "O\\'Brien", "comment_content": 'It\\\'s \\"great\\", C:\\\\tmp'}
    api.client.post("/1.1/comment-check", data=form, headers={"User-Agent": WORDPRESS_AGENT})
    seen = scorer.seen[-1]
    assert (seen.author_name, seen.content) == ("O'Brien", 'It\'s "great", C:\\tmp')


@pytest.mark.parametrize(("agent", "content"), [
    ("akismet-python/25", 'It\\\'s \\"great\\"'),  # not WordPress: text kept as sent
    (WORDPRESS_AGENT, 'Say \\"hi" to C:\\tmp'),  # a bare quote: not addslashes() output
])
def test_text_that_is_not_wordpress_slashed_is_kept(api: Api, blog_key: str, agent: str,
                                                     content: str) -> None:
    scorer = api.state.models.current
    assert isinstance(scorer, KeywordScorer)
    form = {"api_key": blog_key, "blog": BLOG, "user_ip": "203.0.113.7",
            "comment_content": content}
    api.client.post("/1.1/comment-check", data=form, headers={"User-Agent": agent})
    assert scorer.seen[-1].content == content


@pytest.mark.parametrize("endpoint", ["submit-spam", "submit-ham"])
def test_submits_without_user_ip_keep_their_label(api: Api, blog_key: str,
                                                  endpoint: str) -> None:
    form = {"api_key": blog_key, "blog": BLOG, "comment_content": "An old comment."}
    response = api.client.post(f"/1.1/{endpoint}", data=form)
    assert response.text == "Thanks for making the web a better place."
    assert [label.text for label in api.state.store.labels()] == ["An old comment."]
