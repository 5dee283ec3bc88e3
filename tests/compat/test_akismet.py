"""Akismet's REST API, spoken by the unmodified `akismet` client from PyPI (and by plain HTTP where
the client hides what is tested: headers, raw forms, honeypot fields)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import akismet
import httpx
import pytest

from service.bootstrap import create_key
from service.domain import Status
from service.store.records import Role
from tests.compat.conftest import BLOCKED_WORD, BLOG, AkismetFactory, Live, RedirectTransport
from tests.helpers.live import LiveServer
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings, start_api

IP = "203.0.113.7"
THANKS = "Thanks for making the web a better place."


def form(live: Live, **fields: Any) -> dict[str, Any]:
    return {"api_key": live.site_key, "blog": BLOG, "user_ip": IP, **fields}


def test_verify_key_valid_and_invalid(live: Live, make_akismet: AkismetFactory) -> None:
    assert make_akismet().verify_key() is True
    # The client's own validation on construction: passes, then refuses a wrong key.
    with make_akismet() as client:
        assert client.verify_key(live.site_key, "https://blog.example.org") is True
    assert make_akismet(key="cm_not-a-real-key-at-all-0000000000").verify_key() is False
    with pytest.raises(akismet.APIKeyError):
        make_akismet(key="cm_not-a-real-key-at-all-0000000000").__enter__()


def test_verify_key_refuses_a_blog_that_is_not_the_keys_site(
    live: Live, make_akismet: AkismetFactory, http: httpx.Client
) -> None:
    assert make_akismet(blog="https://other.example.org/").verify_key() is False
    assert make_akismet(key=live.other_site_key).verify_key() is False
    assert make_akismet(key=live.other_site_key, blog="https://other.example.org").verify_key()
    # The host decides: another scheme, port, path or a leading www. is the same site.
    for blog in ("http://blog.example.org", "https://www.blog.example.org:8443/news/"):
        assert make_akismet(blog=blog).verify_key() is True
    response = http.post("/1.1/verify-key", data={"api_key": live.site_key, "blog": "not a url"})
    assert response.text == "invalid"
    assert response.headers["X-akismet-debug-help"] == "We were unable to parse your blog URI"


def test_moderator_keys_are_not_akismet_keys(live: Live, make_akismet: AkismetFactory) -> None:
    assert make_akismet(key=live.moderator_key).verify_key() is False


def test_comment_check_ham_spam_and_discard(live: Live, make_akismet: AkismetFactory) -> None:
    client = make_akismet()
    common: dict[str, Any] = {"comment_type": "comment", "comment_author": "Olena",
                              "comment_author_email": "olena@example.org"}
    ham = client.comment_check(IP, comment_content="Thank you for the timeline.", **common)
    assert ham is akismet.CheckResponse.HAM
    spam = client.comment_check(IP, comment_content="Win big: casino-bonus", **common)
    assert spam is akismet.CheckResponse.SPAM  # spam score 0.97: spam, but not blatant
    blatant = client.comment_check(IP, comment_content=f"Cheap {BLOCKED_WORD} here", **common)
    assert blatant is akismet.CheckResponse.DISCARD
    assert live.comment_count() == 0  # a check never stores a comment


def test_every_documented_field_is_accepted_and_mapped(
    live: Live, make_akismet: AkismetFactory
) -> None:
    result = make_akismet().comment_check(
        IP,
        user_agent="Mozilla/5.0 (X11; Linux x86_64)",
        referrer="https://blog.example.org/2023/08/defection/",
        permalink="https://blog.example.org/2023/08/defection/",
        comment_type="comment",
        comment_author="Olena",
        comment_author_email="olena@example.org",
        comment_author_url="https://olena.example.org",
        comment_content="Thank you for the detailed timeline.",
        comment_date_gmt="2026-11-24T10:00:00Z",
        comment_post_modified_gmt="2026-11-20T08:00:00Z",
        blog_lang="en_us",
        blog_charset="UTF-8",
        user_role="subscriber",
        is_test=True,
        recheck_reason="edit",
        honeypot_field_name="hidden_field",
    )
    assert result is akismet.CheckResponse.HAM
    seen = live.scorer.seen[-1]
    assert (seen.content, seen.author_name, seen.author_url) == (
        "Thank you for the detailed timeline.", "Olena", "https://olena.example.org")


def test_held_comments_are_not_ham_and_carry_wordpress_hold_header(
    live: Live, http: httpx.Client
) -> None:
    # `false` would publish an abusive comment; `true` with X-akismet-error is WordPress's "hold".
    response = http.post("/1.1/comment-check", data=form(live, comment_content="You idiot."))
    assert response.text == "true"
    assert response.headers["X-akismet-error"] == "held for moderation: model.abuse"
    assert response.headers["X-commentmod-status"] == "pending"
    assert response.headers["X-commentmod-reasons"] == "model.abuse"
    assert "X-akismet-pro-tip" not in response.headers
    spam = http.post("/1.1/comment-check", data=form(live, comment_content="casino-bonus"))
    assert (spam.text, spam.headers["X-commentmod-status"]) == ("true", "spam")
    assert float(spam.headers["X-commentmod-spam-score"]) == pytest.approx(0.97)


def test_the_named_honeypot_field_is_the_honeypot_rule(live: Live, http: httpx.Client) -> None:
    # The PyPI client refuses field names it does not know, so the honeypot goes by plain HTTP.
    filled = form(live, comment_content="Nice post.", honeypot_field_name="hp_url", hp_url="x")
    response = http.post("/1.1/comment-check", data=filled)
    assert (response.text, response.headers["X-akismet-pro-tip"]) == ("true", "discard")
    assert response.headers["X-commentmod-reasons"] == "rule.honeypot"
    empty = form(live, comment_content="Nice post.", honeypot_field_name="hp_url", hp_url="")
    assert http.post("/1.1/comment-check", data=empty).text == "false"


def test_an_administrators_comment_is_never_spam(live: Live, make_akismet: AkismetFactory) -> None:
    result = make_akismet().comment_check(IP, comment_content="casino-bonus",
                                          user_role="administrator")
    assert result is akismet.CheckResponse.HAM


def test_blog_charset_decodes_the_form(live: Live, http: httpx.Client) -> None:
    body = f"api_key={live.site_key}&blog={BLOG}&user_ip={IP}&blog_charset=ISO-8859-1"
    body += "&comment_content=Caf%E9+au+lait%2C+merci."
    response = http.post("/1.1/comment-check", content=body.encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.text == "false"
    assert live.scorer.seen[-1].content == "Café au lait, merci."


@pytest.mark.parametrize("field", ["api_key", "blog", "user_ip"])
def test_a_missing_required_field_is_invalid(live: Live, http: httpx.Client, field: str) -> None:
    data = form(live, comment_content="Hello.")
    del data[field]
    response = http.post("/1.1/comment-check", data=data)
    assert (response.status_code, response.text) == (200, "invalid")
    assert response.headers["X-akismet-debug-help"] == f'Empty "{field}" value'


def test_a_bad_key_is_invalid(live: Live, make_akismet: AkismetFactory, http: httpx.Client) -> None:
    bad = make_akismet(key="cm_revoked-or-never-issued-000000000000")
    with pytest.raises(akismet.APIKeyError):
        bad.comment_check(IP, comment_content="Hello.")
    with pytest.raises(akismet.APIKeyError):
        bad.submit_spam(IP, comment_content="casino-bonus")
    response = http.post("/1.1/comment-check", data=form(live, api_key="cm_nope", comment_content="x"))
    assert (response.text, response.headers["X-akismet-debug-help"]) == ("invalid", "Invalid key")


def test_a_blog_that_is_not_the_keys_site_is_refused(
    live: Live, make_akismet: AkismetFactory, http: httpx.Client
) -> None:
    with pytest.raises(akismet.APIKeyError):
        make_akismet(blog="https://other.example.org/").comment_check(IP, comment_content="Hi.")
    with pytest.raises(akismet.APIKeyError):
        make_akismet(key=live.other_site_key).submit_ham(IP, comment_content="Hi.")
    response = http.post("/1.1/comment-check",
                         data=form(live, blog="https://evil.example.net/", comment_content="Hi."))
    assert response.headers["X-akismet-debug-help"] == "The blog URL does not belong to this key's site"
    assert live.state.store.labels() == []


def test_fields_the_rules_refuse_are_named_in_the_debug_help(live: Live, http: httpx.Client) -> None:
    data = form(live, comment_content="Hello.", comment_author_email="not-an-address")
    response = http.post("/1.1/comment-check", data=data)
    assert response.text == "invalid"
    assert response.headers["X-akismet-debug-help"] == (
        "comment_author_email: is not a valid email address")
    no_text = http.post("/1.1/comment-check", data=form(live, comment_author="Olena"))
    assert no_text.headers["X-akismet-debug-help"] == 'Empty "comment_content" value'


def test_submit_spam_and_ham_record_labels(live: Live, make_akismet: AkismetFactory) -> None:
    client = make_akismet()
    assert client.submit_spam(IP, comment_content="Write to deals@spam.example for casino-bonus",
                              comment_author="Bonus Bot", comment_author_url="https://spam.example")
    assert client.submit_ham(IP, comment_content="A fair point, thank you.",
                             comment_author="Olena")
    labels = live.state.store.labels()
    assert [(lb.label, lb.source, lb.site) for lb in labels] == [
        (Status.SPAM, "akismet", "blog.example.org"),
        (Status.APPROVED, "akismet", "blog.example.org"),
    ]
    spam = labels[0]
    assert spam.text == "Write to [email hidden] for casino-bonus"  # no address is ever kept
    assert (spam.author_name, spam.author_url) == ("Bonus Bot", "https://spam.example")
    assert labels[1].comment_id is None
    assert live.comment_count() == 0


def test_is_test_submissions_record_nothing(live: Live, make_akismet: AkismetFactory) -> None:
    client = make_akismet()
    assert client.comment_check(IP, comment_content="casino-bonus", is_test=True)
    assert client.submit_spam(IP, comment_content="casino-bonus", is_test=True)
    assert client.submit_ham(IP, comment_content="Thank you.", is_test=True)
    assert live.state.store.labels() == []
    assert client.submit_ham(IP, comment_content="Thank you.", is_test=False)
    assert len(live.state.store.labels()) == 1


def test_submissions_answer_exactly_as_akismet(live: Live, http: httpx.Client) -> None:
    for endpoint in ("submit-spam", "submit-ham"):
        response = http.post(f"/1.1/{endpoint}", data=form(live, comment_content="Hello."))
        assert (response.status_code, response.text) == (200, THANKS)


def test_the_served_app_with_the_bundled_model(served: LiveServer) -> None:
    """`commentmod serve` as shipped (bundled model, first-run key for blog.example.org)."""
    with httpx.Client(transport=RedirectTransport(served.url), timeout=30,
                      headers={"User-Agent": akismet.USER_AGENT}) as http_client:
        config = akismet.Config(key=served.site_key, url=BLOG)
        with akismet.SyncClient(config=config, http_client=http_client) as client:
            verdict = client.comment_check(
                IP, comment_content="Thank you for the detailed timeline.", comment_type="comment",
                comment_author="Olena", comment_author_email="olena@example.org")
            assert verdict is akismet.CheckResponse.HAM
            assert client.submit_ham(IP, comment_content="Thank you for the detailed timeline.")


def test_a_key_over_its_rate_limit_gets_429(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sqlite_url(tmp_path), rate_limit_per_minute=1)
    for api in start_api(settings, KeywordScorer()):
        key = create_key(api.state.store, site="blog.example.org", role=Role.SITE)
        data = {"api_key": key, "blog": BLOG, "user_ip": IP, "comment_content": "Hello."}
        assert api.client.post("/1.1/comment-check", data=data).text == "false"
        limited = api.client.post("/1.1/comment-check", data=data)
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert limited.headers["content-type"].startswith("text/plain")
