"""The pure protocol mappings of `service.compat`."""

from __future__ import annotations

import pytest

from models.types import Scores
from service import compat
from service.domain import Reason, ReasonCode, Status
from service.intake import Assessment
from service.policy import Decision


def test_decode_form_honours_blog_charset() -> None:
    assert compat.decode_form(b"blog_charset=ISO-8859-1&comment_content=caf%E9") == {
        "blog_charset": "ISO-8859-1", "comment_content": "café"}
    assert compat.decode_form(b"comment_content=caf%C3%A9+%2B1")["comment_content"] == "café +1"
    # Bytes that are not UTF-8, and codecs that are no text encodings, never fail a request.
    assert compat.decode_form(b"comment_content=%FF")["comment_content"] == "\ufffd"
    assert compat.decode_form(b"blog_charset=rot13&c=%C3%A9")["c"] == "é"
    assert compat.decode_form(b"a=1&a=2&b=") == {"a": "1", "b": ""}


@pytest.mark.parametrize(
    ("site", "blog", "matches"),
    [
        ("blog.example.org", "https://blog.example.org/", True),
        ("blog.example.org", "http://BLOG.example.org:8080/news", True),
        ("blog.example.org", "https://www.blog.example.org", True),
        ("www.blog.example.org", "https://blog.example.org", True),
        ("blog.example.org/news", "https://blog.example.org/news/", True),
        ("https://blog.example.org", "https://blog.example.org/", True),
        ("blog.example.org", "https://blog.example.org.evil.net/", False),
        ("blog.example.org", "https://evil.net/blog.example.org", False),
        ("example.org", "https://blog.example.org", False),
        ("default", "https://blog.example.org", False),
    ],
)
def test_a_blog_belongs_to_the_site_of_its_host(site: str, blog: str, matches: bool) -> None:
    names = compat.blog_names(blog)
    assert names is not None
    assert compat.blog_matches(site, names) is matches


@pytest.mark.parametrize("blog", ["", "blog.example.org", "ftp://blog.example.org", "https://",
                                  "http://[::1"])
def test_a_blog_must_be_an_http_url(blog: str) -> None:
    assert compat.blog_names(blog) is None


def test_sentence_spans() -> None:
    text = "  One.  Two!\n\nThree… four?   "
    spans = compat.sentence_spans(text)
    assert [text[b:e] for b, e in spans] == ["One.", "Two!", "Three…", "four?"]
    assert compat.sentence_spans("no end") == [(0, 6)]
    assert compat.sentence_spans(" \n ") == []
    # Offsets count code points: an emoji is one.
    assert compat.sentence_spans("🙂 Hi. Bye.") == [(0, 5), (6, 10)]


def _assessment(spam: float, status: Status, *codes: ReasonCode) -> Assessment:
    sub = compat.akismet_submission({"comment_content": "x"})
    decision = Decision(status, tuple(Reason(code, "") for code in codes))
    return Assessment(sub, Scores(spam=spam, abuse=0.0), decision, "v1")


def test_akismet_answers() -> None:
    ham = compat.akismet_answer(_assessment(0.1, Status.APPROVED), "g1")
    assert (ham.body, ham.headers["X-commentmod-status"]) == ("false", "approved")
    assert ham.headers["X-akismet-guid"] == "g1"
    assert compat.HOLD_HEADER not in ham.headers
    # Held is never `false` (that publishes): `true` plus WordPress's hold header.
    held = compat.akismet_answer(_assessment(0.6, Status.PENDING, ReasonCode.MODEL_SPAM), "g2")
    assert (held.body, held.headers["X-commentmod-reasons"]) == ("true", "model.spam")
    assert held.headers[compat.HOLD_HEADER] == "held for moderation: model.spam"
    assert "X-akismet-pro-tip" not in held.headers
    spam = compat.akismet_answer(_assessment(0.95, Status.SPAM, ReasonCode.MODEL_SPAM), "g3")
    assert spam.body == "true"
    assert "X-akismet-pro-tip" not in spam.headers
    for blatant in (_assessment(0.99, Status.SPAM, ReasonCode.MODEL_SPAM),
                    _assessment(0.0, Status.SPAM, ReasonCode.HONEYPOT),
                    _assessment(0.0, Status.SPAM, ReasonCode.BLOCKED_WORD)):
        assert compat.akismet_answer(blatant, "g").headers["X-akismet-pro-tip"] == "discard"


def test_host_key() -> None:
    assert compat.host_key("0123456789ab.rest.akismet.com") == "0123456789ab"
    assert compat.host_key("0123456789AB.Mod.Example.net:8443") == "0123456789ab"
    for host in ("rest.akismet.com", "0123456789ab", "0123456789abc.rest.akismet.com",
                 "[::1]:8000", "", "0123456789ab.", "cm_x.example.org"):
        assert compat.host_key(host) is None, host


def test_akismet_submission_maps_the_fields() -> None:
    sub = compat.akismet_submission({
        "comment_author": "Olena", "comment_author_email": "o@example.org",
        "comment_author_url": "https://o.example.org", "comment_content": "Hi",
        "user_ip": "203.0.113.7", "user_agent": "UA", "referrer": "https://r.example.org",
        "honeypot_field_name": "trap", "trap": "filled", "permalink": "https://p.example.org",
    })
    assert (sub.author_name, sub.author_email, sub.author_url, sub.content) == (
        "Olena", "o@example.org", "https://o.example.org", "Hi")
    assert (sub.user_ip, sub.user_agent, sub.referrer, sub.honeypot) == (
        "203.0.113.7", "UA", "https://r.example.org", "filled")
    assert compat.akismet_submission({"trap": "filled"}).honeypot == ""


def test_label_text_hides_addresses() -> None:
    text = compat.label_text("Mail olena@example.org\x00", "olena@example.org",
                             "https://x.org/?e=olena@example.org")
    assert text == compat.LabelText("Mail [email hidden]", "[email hidden]", "")


@pytest.mark.parametrize(
    ("scores", "label"),
    [
        ({"TOXICITY": 0.0}, Status.APPROVED),
        ({"TOXICITY": 0.5}, Status.ABUSIVE),
        ({"SPAM": 0.5}, Status.SPAM),
        ({"SPAM": 0.5, "TOXICITY": 0.9}, Status.SPAM),
        ({"SPAM": 0.2, "TOXICITY": 0.2}, Status.APPROVED),
    ],
)
def test_suggested_label(scores: dict[str, float], label: Status) -> None:
    assert compat.suggested_label(scores) is label


def test_languages_and_google_errors() -> None:
    assert all(map(compat.language_supported, ["en", "en-US", "EN_gb"]))
    assert not compat.language_supported("de")
    assert compat.google_error(429, "slow down") == {
        "error": {"code": 429, "message": "slow down", "status": "RESOURCE_EXHAUSTED"}}
    assert compat.google_error(500, "x")["error"]["status"] == "INTERNAL"
