"""Reputation through the API on the real store (SQLite file and PostgreSQL): trusted authors,
spam history of authors, networks and domains, and one site's labels against another's verdicts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from service.bootstrap import create_key
from service.domain import Status
from service.store.records import Role
from tests.helpers.scorers import KeywordScorer
from tests.service.conftest import Api, make_settings, start_api

SPAM_LINK = "Great post! More at https://www.cheap-meds.example.biz/buy now."


def _codes(answer: dict[str, Any]) -> list[str]:
    return [r["code"] for r in answer["reasons"]]


def _reason(answer: dict[str, Any], code: str) -> str:
    messages = [str(r["message"]) for r in answer["reasons"] if r["code"] == code]
    assert messages, f"no {code} in {answer['reasons']}"
    return str(messages[0])


def _decide(api: Api, comment_id: int, status: str) -> None:
    answer = api.post(f"/v1/moderation/comments/{comment_id}/decision", {"status": status},
                      key=api.all_sites_moderator_key)
    assert answer.status_code == 200, answer.text


def _site_key(api: Api, site: str) -> str:
    return create_key(api.state.store, site=site, role=Role.SITE)


def test_a_trusted_authors_borderline_comment_is_approved_with_its_reason(api: Api) -> None:
    for _ in range(3):
        assert api.submit(author_email="regular@example.org").status_code == 201
    answer = api.submit(author_email="regular@example.org", content="Try cheap-pills, really.")
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "approved"
    assert _reason(answer.json(), "reputation.trusted_author") == "3 approved comments before"
    assert "model.spam" in _codes(answer.json())  # the score stays explained

    stranger = api.submit(author_email="new@example.org", content="Try cheap-pills, really.")
    assert stranger.json()["status"] == "pending"
    assert "reputation.trusted_author" not in _codes(stranger.json())


def test_trust_lifts_only_a_borderline_spam_score(api: Api) -> None:
    for _ in range(3):
        api.submit(author_email="regular@example.org")
    clear_spam = api.submit(author_email="regular@example.org", content="casino-bonus here")
    assert clear_spam.json()["status"] == "spam"
    abusive = api.submit(author_email="regular@example.org", content="you idiot cheap-pills")
    assert abusive.json()["status"] == "pending"
    assert "reputation.trusted_author" not in _codes(abusive.json())


def test_an_author_with_a_spam_decision_is_neither_trusted_nor_let_through(api: Api) -> None:
    ids = [api.submit(author_email="turned@example.org").json()["id"] for _ in range(4)]
    _decide(api, ids[0], "spam")
    answer = api.submit(author_email="turned@example.org", content="A plain remark.")
    assert answer.json()["status"] == "pending"
    assert _reason(answer.json(), "reputation.spam_history") == (
        "this author has 1 comment marked spam or abusive on this site"
    )
    # Author history is per site: the same address on another site starts clean.
    elsewhere = api.submit(api.other_site_key, author_email="turned@example.org")
    assert elsewhere.json()["status"] == "approved"


def test_an_ip_network_with_spam_decisions_holds_new_authors_from_it(api: Api) -> None:
    for n in (1, 2):
        stored = api.submit(author_email=f"bot{n}@example.org", user_ip=f"198.51.100.{n}",
                            author_url="")
        _decide(api, stored.json()["id"], "spam")
    answer = api.submit(author_email="bot3@example.org", user_ip="198.51.100.77", author_url="")
    assert answer.json()["status"] == "pending"
    assert _reason(answer.json(), "reputation.spam_history") == (
        "this IP network has 2 comments marked spam or abusive on this site"
    )
    neighbour = api.submit(author_email="bot4@example.org", user_ip="198.51.101.77", author_url="")
    assert neighbour.json()["status"] == "approved"


def test_a_domain_marked_spam_on_two_other_sites_holds_a_new_author(api: Api) -> None:
    for site in ("site-a", "site-b"):
        key = _site_key(api, site)
        stored = api.submit(key, author_email=f"seo@{site}.example", content=SPAM_LINK, author_url="")
        assert stored.json()["status"] == "approved"  # the model alone let it through
        _decide(api, stored.json()["id"], "spam")
    answer = api.submit(author_email="fresh@example.org",
                        content="Nice, see http://cheap-meds.example.biz/deal", author_url="")
    assert answer.status_code == 202
    assert answer.json()["status"] == "pending"
    assert _reason(answer.json(), "reputation.domain_marked_spam") == (
        "domain cheap-meds.example.biz marked spam 2 times on 2 sites"
    )
    # The author URL counts as a link domain too.
    by_url = api.submit(author_email="fresh2@example.org",
                        author_url="https://cheap-meds.example.biz/")
    assert "reputation.domain_marked_spam" in _codes(by_url.json())


def test_one_site_alone_cannot_change_another_sites_verdict(api: Api) -> None:
    before = api.submit(author_email="a1@example.org", content=SPAM_LINK, author_url="", post_id="p1")
    assert before.json()["status"] == "approved"
    # Site "other", its key and its moderators, mark the domain spam as often as they like.
    for n in range(6):
        stored = api.submit(api.other_site_key, author_email=f"x{n}@example.org",
                            content=SPAM_LINK, author_url="")
        _decide(api, stored.json()["id"], "spam")
    after = api.submit(author_email="a2@example.org", content=SPAM_LINK, author_url="",
                       post_id="p2")
    assert after.json()["status"] == "approved"
    assert "reputation.domain_marked_spam" not in _codes(after.json())
    # ... while this site's own decisions do count for this site.
    _decide(api, after.json()["id"], "spam")
    _decide(api, before.json()["id"], "spam")
    own = api.submit(author_email="a3@example.org", content=SPAM_LINK, author_url="", post_id="p3")
    assert own.json()["status"] == "pending"
    assert _reason(own.json(), "reputation.domain_marked_spam") == (
        "domain cheap-meds.example.biz marked spam 8 times on 2 sites"
    )


def test_a_domain_this_site_approves_more_than_it_rejects_is_not_held(api: Api) -> None:
    link = "Docs: https://docs.example.org/guide"
    ids = [api.submit(author_email=f"d{n}@example.org", content=f"{link} {n}").json()["id"]
           for n in range(3)]
    _decide(api, ids[0], "spam")
    answer = api.submit(author_email="d9@example.org", content=link)
    assert answer.json()["status"] == "approved"


def test_first_comment_is_held_and_the_next_after_an_approval_is_not(api: Api) -> None:
    put = api.client.put("/v1/sites/blog/policy", json={"hold_first_comment": True},
                         headers=api.headers(api.moderator_key))
    assert put.status_code == 200, put.text
    first = api.submit(author_email="newcomer@example.org")
    assert first.json()["status"] == "pending"
    assert _reason(first.json(), "reputation.first_comment").startswith("first comment")
    _decide(api, first.json()["id"], "approved")
    second = api.submit(author_email="newcomer@example.org")
    assert second.json()["status"] == "approved", second.text
    assert second.json()["reasons"] == []
    # The option is this site's: another site's first comments go through.
    assert api.submit(api.other_site_key, author_email="newcomer2@example.org").status_code == 201


def test_reputation_reasons_are_in_the_queue(api: Api) -> None:
    ids = [api.submit(author_email="q@example.org").json()["id"] for _ in range(2)]
    _decide(api, ids[0], "spam")
    held = api.submit(author_email="q@example.org").json()
    queue = api.get("/v1/moderation/queue", key=api.moderator_key).json()["comments"]
    item = next(c for c in queue if c["id"] == held["id"])
    assert "reputation.spam_history" in [r["code"] for r in item["reasons"]]


@pytest.mark.parametrize("kind", ["author", "network", "domain"])
def test_no_email_or_full_ip_in_any_reason_answer_or_log_line(
    api: Api, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    email, ip = "private.person@example.org", "192.0.2.55"
    seen: list[str] = []
    for n in range(3):
        stored = api.submit(author_email=email if kind == "author" else f"p{n}@example.org",
                            user_ip=ip if kind != "author" else f"192.0.{n}.9",
                            content=SPAM_LINK if kind == "domain" else f"Hello {n}", author_url="")
        seen.append(stored.text)
        _decide(api, stored.json()["id"], "spam")
    answer = api.submit(author_email=email, user_ip=ip, author_url="",
                        content=SPAM_LINK if kind == "domain" else "Hello again")
    assert answer.json()["status"] == "pending"
    assert any(c.startswith("reputation.") for c in _codes(answer.json()))
    seen.append(answer.text)
    seen.append(api.get("/v1/moderation/queue", key=api.moderator_key).text)
    seen.append(api.get("/v1/moderation/queue", key=api.moderator_key, status="spam").text)
    seen.append(caplog.text)
    for text in seen:
        assert email not in text
        assert ip not in text


def test_intakes_own_spam_verdicts_withhold_trust_but_mark_nothing(api: Api) -> None:
    for _ in range(3):
        api.submit(author_email="mixed@example.org", author_url="")
    auto = api.submit(author_email="mixed@example.org", author_url="",
                      content="casino-bonus at https://lucky.example.biz/")
    assert auto.json()["status"] == "spam"
    borderline = api.submit(author_email="mixed@example.org", author_url="",
                            content="cheap-pills again")
    assert borderline.json()["status"] == "pending"
    assert "reputation.trusted_author" not in _codes(borderline.json())
    link = api.submit(author_email="other@example.org", author_url="",
                      content="Saw https://lucky.example.biz/ mentioned")
    assert link.json()["status"] == "approved"
    assert link.json()["reasons"] == []


def test_a_decision_recorded_by_another_worker_applies_after_the_refresh(
    tmp_path: Path, store_url: str, scorer: KeywordScorer
) -> None:
    settings = make_settings(tmp_path, store_url, policy_cache_seconds=0)
    for api in start_api(settings, scorer):
        first = api.submit(author_email="elsewhere@example.org", author_url="").json()
        # Straight to the store, as another worker's moderation route would write it.
        api.state.store.record_decision(first["id"], site=None, status=Status.SPAM, note="",
                                        source="moderator", actor="key:other-worker")
        again = api.submit(author_email="elsewhere@example.org", author_url="").json()
        assert again["status"] == "pending"
        assert "reputation.spam_history" in _codes(again)
