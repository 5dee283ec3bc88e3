"""`POST /v1/comments` and the public listing: statuses, field errors, stateful rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from models.types import CommentText, Scores
from tests.helpers.scorers import KeywordScorer
from tests.service.conftest import Api, make_settings, start_api

PROBLEM = "application/problem+json"


def test_clean_comment_is_approved_with_201(api: Api) -> None:
    response = api.submit()
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "approved"
    assert body["reasons"] == []
    assert body["model_version"] == "test-keyword.1"
    assert 0 <= body["scores"]["spam"] <= 1
    assert isinstance(body["id"], int)


def test_held_comment_answers_202_with_reasons(api: Api) -> None:
    response = api.submit(content="you idiot, read the article")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert [r["code"] for r in body["reasons"]] == ["model.abuse"]


def test_spam_by_score_and_by_honeypot(api: Api) -> None:
    by_score = api.submit(content="best casino-bonus here")
    assert by_score.status_code == 202
    assert by_score.json()["status"] == "spam"
    by_trap = api.submit(honeypot="I am a bot")
    assert by_trap.json()["status"] == "spam"
    assert "rule.honeypot" in [r["code"] for r in by_trap.json()["reasons"]]


def test_too_many_links_are_held(api: Api) -> None:
    content = "see http://a.example http://b.example and http://c.example"
    body = api.submit(content=content).json()
    assert body["status"] == "pending"
    assert "rule.too_many_links" in [r["code"] for r in body["reasons"]]


def test_every_missing_field_is_reported_and_nothing_stored(api: Api) -> None:
    response = api.submit(author_name="  ", author_email="", content="\n\t ")
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith("/validation")
    fields = {(e["field"], e["code"]) for e in problem["errors"]}
    assert fields == {("author_name", "required"), ("author_email", "required"),
                      ("content", "required")}
    assert sum(api.state.store.count_by_status(None).values()) == 0


def test_lengths_email_and_url_are_checked_together(api: Api) -> None:
    response = api.submit(author_name="n" * 246, author_email="not-an-address",
                          author_url="javascript:alert(1)", content="c" * 65526)
    assert response.status_code == 422
    codes = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert codes == {"author_name": "too_long", "author_email": "invalid_email",
                     "author_url": "invalid_url", "content": "too_long"}


def test_error_messages_never_echo_the_email(api: Api) -> None:
    email = "x" * 95 + "@example.org"
    response = api.submit(author_email=email)
    assert response.status_code == 422
    assert "example.org" not in response.text


def test_duplicate_is_409_and_stored_once(api: Api) -> None:
    first = api.submit(author_email="dup@example.org", content="Same words twice")
    second = api.submit(author_email="dup@example.org", content="Same words twice")
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["type"].endswith("/duplicate-comment")


def test_reply_needs_a_parent_of_the_same_post(api: Api) -> None:
    parent = api.submit().json()["id"]
    assert api.submit(parent_id=parent).status_code == 201
    other_post = api.submit(parent_id=parent, post_id="another-post")
    assert other_post.status_code == 422
    assert other_post.json()["errors"][0]["field"] == "parent_id"
    assert api.submit(parent_id=999_999).status_code == 422


def test_a_site_cannot_reply_to_another_sites_comment(api: Api) -> None:
    foreign = api.submit(key=api.other_site_key).json()["id"]
    assert api.submit(parent_id=foreign).status_code == 422


def test_dry_run_scores_without_storing(api: Api) -> None:
    response = api.client.post(
        "/v1/comments?dry_run=true", json={"post_id": "p", "author_name": "A",
                                           "author_email": "a@example.org", "content": "hello"},
        headers=api.headers(api.site_key),
    )
    assert response.status_code == 200
    assert response.json()["id"] is None
    assert api.get("/v1/posts/p/comments").json()["comments"] == []


def test_public_listing_is_threaded_oldest_first_and_paginated(api: Api) -> None:
    ids = [api.submit(post_id="p1", content=f"comment {i}").json()["id"] for i in range(5)]
    reply = api.submit(post_id="p1", parent_id=ids[0], content="a reply").json()["id"]
    api.submit(post_id="p1", content="casino-bonus spam")  # not public
    page1 = api.get("/v1/posts/p1/comments", limit=4).json()
    assert [c["id"] for c in page1["comments"]] == ids[:4]
    page2 = api.get("/v1/posts/p1/comments", limit=4, cursor=page1["next_cursor"]).json()
    assert [c["id"] for c in page2["comments"]] == [ids[4], reply]
    assert page2["next_cursor"] is None
    assert page2["comments"][1]["parent_id"] == ids[0]
    assert set(page1["comments"][0]) == {"id", "post_id", "parent_id", "author_name",
                                         "author_url", "content", "created_at"}


def test_listing_is_per_site(api: Api) -> None:
    api.submit(post_id="shared-slug", key=api.other_site_key)
    assert api.get("/v1/posts/shared-slug/comments").json()["comments"] == []


def test_bad_cursor_is_400(api: Api) -> None:
    response = api.get("/v1/posts/p1/comments", cursor="%%%")
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_flood_is_429_with_retry_after(tmp_path: Path, store_url: str) -> None:
    settings = make_settings(tmp_path, store_url, flood_seconds=15)
    for api in start_api(settings, KeywordScorer()):
        assert api.submit(author_email="fast@example.org", user_ip="198.51.100.1").status_code == 201
        again = api.submit(author_email="fast@example.org", user_ip="198.51.100.2")
        assert again.status_code == 429
        assert 1 <= int(again.headers["Retry-After"]) <= 15
        same_ip = api.submit(author_email="other@example.org", user_ip="198.51.100.1")
        assert same_ip.status_code == 429
        assert api.submit(author_email="new@example.org", user_ip="192.0.2.9").status_code == 201


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_blocked_and_moderation_words(tmp_path: Path, store_url: str) -> None:
    settings = make_settings(tmp_path, store_url, blocked_words=("viagra",),
                             moderation_words=("crypto",))
    for api in start_api(settings, KeywordScorer()):
        assert api.submit(content="Buy VIAGRA now").json()["status"] == "spam"
        held = api.submit(content="thoughts on crypto?").json()
        assert held["status"] == "pending"
        assert [r["code"] for r in held["reasons"]] == ["rule.moderation_word"]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_name_and_email_optional_when_switched_off(tmp_path: Path, store_url: str) -> None:
    settings = make_settings(tmp_path, store_url, require_name_email=False)
    for api in start_api(settings, KeywordScorer()):
        assert api.submit(author_name="", author_email="").status_code == 201


class _BrokenScorer(KeywordScorer):
    def __init__(self, value: float | None) -> None:
        super().__init__()
        self.value = value

    def score(self, batch: Sequence[CommentText]) -> list[Scores]:
        if self.value is None:
            raise RuntimeError("boom")
        return [Scores(spam=self.value, abuse=0.0) for _ in batch]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("value", [None, float("nan"), 1.5])
def test_a_broken_model_is_503_and_nothing_is_stored(
    tmp_path: Path, store_url: str, value: float | None
) -> None:
    settings = make_settings(tmp_path, store_url)
    for api in start_api(settings, _BrokenScorer(value)):
        response = api.submit(post_id="p")
        assert response.status_code == 503
        assert response.json()["type"].endswith("/model-unavailable")
        assert "boom" not in response.text
        assert sum(api.state.store.count_by_status(None).values()) == 0
