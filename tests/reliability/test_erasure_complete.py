"""Attack: erase a commenter, then look for them anywhere.

Before: Akismet and Perspective feedback kept the commenter's name, URL and text after an erase,
export never showed it, and `olena@exämple.org` and `olena@xn--exmple-cua.org` (one mailbox)
counted as two people: export and erase missed one, the duplicate and flood checks were bypassed."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from models.artifact import CARD_FORMAT
from service.bootstrap import create_key
from service.store.db import metadata
from service.store.records import Role
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import BACKENDS, store_url_for
from tests.service.conftest import Api, make_settings, start_api

UNICODE = "olena@exämple.org"
PUNYCODE = "Olena@XN--EXMPLE-CUA.org"
NAME, URL = "Olena Kovalenko", "https://olena-kovalenko.example/"
TEXT = "Olena Kovalenko's unique remark about tea strainers"
BLOG = "https://blog.example.org/"


@pytest.fixture(params=BACKENDS)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    with store_url_for(request.param, tmp_path) as url:
        yield from start_api(make_settings(tmp_path, url, flood_seconds=15), KeywordScorer())


def _model_version(api: Api, name: str) -> None:
    folder = api.state.settings.resolved_model_dir / name
    folder.mkdir(parents=True)
    card = {"format": CARD_FORMAT, "version": name, "model_sha256": "0", "scikit_learn": "x",
            "joblib": "x", "created_at": datetime.now(UTC).isoformat()}
    (folder / "card.json").write_text(json.dumps(card))


def _everything(api: Api) -> str:
    with api.state.store.engine.connect() as conn:
        rows = [dict(r) for t in metadata.sorted_tables for r in conn.execute(sa.select(t)).mappings()]
    return json.dumps(rows, default=str).lower()


def test_one_mailbox_in_two_spellings_is_one_commenter(api: Api) -> None:
    first = api.submit(author_email=UNICODE, content="First words.", post_id="p1", user_ip="")
    assert first.status_code in (201, 202), first.text
    again = api.submit(author_email=PUNYCODE, content="Other words.", post_id="p2", user_ip="")
    assert again.status_code == 429, again.text  # flood: the same commenter, 15 s later at most


def test_export_then_erase_leaves_nothing_anywhere(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = api.state.store
    site_key = create_key(store, site="blog.example.org", role=Role.SITE)
    assert api.submit(site_key, author_email=UNICODE, author_name=NAME, author_url=URL, content=TEXT,
                      user_ip="").status_code in (201, 202)
    for endpoint, fields in (
        ("submit-ham", {"comment_author_email": PUNYCODE, "comment_content": "fresh feedback text"}),
        ("submit-spam", {"comment_author": NAME, "comment_author_url": URL, "comment_content": "x y z"}),
    ):
        form = {"api_key": site_key, "blog": BLOG, "user_ip": "203.0.113.5", **fields}
        assert api.client.post(f"/1.1/{endpoint}", data=form).status_code == 200
    assert api.client.post(
        f"/v1alpha1/comments:suggestscore?key={site_key}",
        json={"comment": {"text": TEXT}, "attributeScores": {"SPAM": {"summaryScore": {"value": 0.1}}}},
    ).status_code == 200
    _model_version(api, "2026-12-01.1")
    assert "kovalenko" in _everything(api)

    exported = api.post("/v1/moderation/authors/export", {"email": PUNYCODE},
                        api.all_sites_moderator_key).json()
    assert len(exported["comments"]) == 1
    assert {(f["source"], f["text"]) for f in exported["feedback_labels"]} == {
        ("akismet", "fresh feedback text"), ("akismet", "x y z"), ("perspective", TEXT)}
    assert exported["models_trained_with_it"] == ["2026-12-01.1"]
    assert {"comments", "labels", "model 2026-12-01.1"} <= set(exported["found_in"])

    erased = api.post("/v1/moderation/authors/erase", {"email": UNICODE}, api.all_sites_moderator_key)
    assert erased.json() == {"erased": 4, "models_trained_with_it": ["2026-12-01.1"]}
    left = _everything(api)
    for trace in ("kovalenko", "olena", "tea strainers", "fresh feedback", "exmple", "exämple"):
        assert trace not in left, trace
        assert trace not in caplog.text.lower(), trace


def test_rows_keyed_before_idna_folding_stay_findable(api: Api) -> None:
    """Old rows carry the HMAC of the Unicode-domain form: export and erase look up both."""
    vault, store = api.state.vault, api.state.store
    assert len(vault.lookup_hmacs(PUNYCODE)) == 2
    response = api.submit(author_email=UNICODE, content="Kept from before.", user_ip="")
    stored = store.get_comment(response.json()["id"], site="blog")
    assert stored is not None
    legacy_hmac = vault.lookup_hmacs(UNICODE)[1]
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE comments SET author_email_hmac = :h"), {"h": legacy_hmac})
    found = api.post("/v1/moderation/authors/export", {"email": PUNYCODE}, api.moderator_key).json()
    assert [c["content"] for c in found["comments"]] == ["Kept from before."]
    assert api.post("/v1/moderation/authors/erase", {"email": PUNYCODE},
                    api.moderator_key).json()["erased"] == 1
