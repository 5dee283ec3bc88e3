"""The email is required but never published, never logged, encrypted at rest."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from service.logs import RedactingFilter, scrub
from tests.service.conftest import Api

EMAIL = "olena.secret@example.org"


def test_no_public_response_contains_the_email(api: Api) -> None:
    created = api.submit(author_email=EMAIL, post_id="p")
    assert EMAIL not in created.text
    listing = api.get("/v1/posts/p/comments")
    assert listing.json()["comments"]
    assert EMAIL not in listing.text
    assert "olena.secret" not in listing.text


def test_moderators_see_it_masked_and_export_shows_it(api: Api) -> None:
    api.submit(author_email=EMAIL, content="you idiot")
    queue = api.get("/v1/moderation/queue", key=api.moderator_key)
    item = queue.json()["comments"][0]
    assert item["author_email_masked"] == "o***@example.org"
    assert EMAIL not in queue.text
    export = api.post("/v1/moderation/authors/export", {"email": EMAIL}, key=api.moderator_key)
    assert export.json()["comments"][0]["author_email"] == EMAIL


def test_addresses_typed_into_public_fields_are_redacted(api: Api) -> None:
    body = api.submit(author_name="mail me: olena@example.org", post_id="p",
                      content="Write to me at olena@example.org please").json()
    assert "privacy.email_redacted" in [r["code"] for r in body["reasons"]]
    stored = api.get("/v1/posts/p/comments").json()["comments"][0]
    assert "olena@example.org" not in stored["content"]
    assert "[email hidden]" in stored["content"]
    assert "olena@example.org" not in stored["author_name"]


def test_model_scores_the_original_text(api: Api, scorer: object) -> None:
    api.submit(content="contact olena@example.org")
    seen = [t.content for t in scorer.seen]  # type: ignore[attr-defined]
    assert any("olena@example.org" in text for text in seen)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_email_and_ip_are_not_stored_in_clear(api: Api, tmp_path: Path) -> None:
    api.submit(author_email=EMAIL, user_ip="203.0.113.77")
    db_file = next(tmp_path.rglob("*.db"))
    raw = db_file.read_bytes()
    for wal in db_file.parent.glob(db_file.name + "-wal"):
        raw += wal.read_bytes()
    assert EMAIL.encode() not in raw
    assert b"203.0.113.77" not in raw
    with sqlite3.connect(db_file) as conn:
        networks = [row[0] for row in conn.execute("select user_network from comments")]
    assert networks == ["203.0.113.0/24"]


def test_no_log_line_of_a_request_cycle_holds_an_email(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """Raw records, before any redacting filter: the code itself must not log an address."""
    caplog.set_level(logging.DEBUG)
    api.submit(author_email=EMAIL, content=f"reach me at {EMAIL}")
    api.submit(author_email="broken@", content="x")
    api.submit(author_email=EMAIL, content=f"reach me at {EMAIL}")  # duplicate → 409
    api.post("/v1/moderation/authors/export", {"email": EMAIL}, key=api.moderator_key)
    api.post("/v1/moderation/authors/erase", {"email": EMAIL}, key=api.moderator_key)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "@example.org" not in everything
    assert "broken@" not in everything


def test_scrub_hides_emails_and_keys() -> None:
    line = 'GET /v1alpha1/comments:analyze?key=cm_abcdefghijklmnopqrstuvwxyz HTTP/1.1 a@b.org'
    cleaned = scrub(line)
    assert "a@b.org" not in cleaned
    assert "cm_abcdefghijklmnopqrstuvwxyz" not in cleaned
    assert scrub("Authorization: Bearer cm_secretsecretsecretsecret") == (
        "Authorization: Bearer [redacted]")


def test_erasure_removes_every_comment_of_the_author(api: Api) -> None:
    api.submit(author_email=EMAIL, post_id="p", content="first")
    api.submit(author_email=EMAIL, post_id="p", content="second")
    api.submit(author_email="someone@example.org", post_id="p", content="keep me")
    erased = api.post("/v1/moderation/authors/erase", {"email": EMAIL}, key=api.moderator_key)
    assert erased.json() == {"erased": 2, "models_trained_with_it": []}
    remaining = api.get("/v1/posts/p/comments").json()["comments"]
    assert [c["content"] for c in remaining] == ["keep me"]
    export = api.post("/v1/moderation/authors/export", {"email": EMAIL}, key=api.moderator_key)
    assert export.json() == {"comments": [], "feedback_labels": [], "found_in": [],
                             "models_trained_with_it": []}


def test_redacting_filter_rewrites_records() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "from %s", (EMAIL,), None)
    RedactingFilter().filter(record)
    assert EMAIL not in record.getMessage()
