"""`GET/PUT /v1/sites/{site}/policy` on the real store: the settings as defaults, validation like
the settings, who may set it, and decisions that keep the policy version that made them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2 as httpx

from service.settings import Settings
from service.site_policy import POLICY_FIELDS
from tests.service.conftest import Api


def _put(api: Api, body: Any, *, site: str = "blog", key: str | None = None) -> httpx.Response:
    return api.client.put(f"/v1/sites/{site}/policy", json=body,
                          headers=api.headers(key or api.moderator_key))


def _get(api: Api, *, site: str = "blog", key: str | None = None) -> httpx.Response:
    return api.get(f"/v1/sites/{site}/policy", key=key or api.moderator_key)


def test_a_new_site_follows_the_settings(api: Api, settings: Settings) -> None:
    answer = _get(api)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["version"] == 0
    assert body["overrides"] == {}
    assert set(body["policy"]) == set(POLICY_FIELDS)
    assert body["policy"]["spam_threshold"] == settings.spam_threshold
    assert body["policy"]["too_fast_seconds"] == settings.too_fast_seconds


def test_a_put_is_a_new_version_and_applies_to_that_site_only(api: Api) -> None:
    first = _put(api, {"moderation_words": ["crypto"], "max_links": 0})
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert first.json()["overrides"] == {"moderation_words": ["crypto"], "max_links": 0}
    assert first.json()["policy"]["spam_threshold"] == 0.9  # still the setting

    held = api.submit(content="thoughts on crypto?", author_url="")
    assert held.json()["status"] == "pending"
    assert [r["code"] for r in held.json()["reasons"]] == ["rule.moderation_word"]
    linked = api.submit(content="see https://example.com/a", author_url="")
    assert "rule.too_many_links" in [r["code"] for r in linked.json()["reasons"]]
    assert api.submit(api.other_site_key, content="thoughts on crypto?").status_code == 201

    second = _put(api, {"spam_threshold": 0.95})
    assert second.json()["version"] == 2
    assert second.json()["overrides"] == {"spam_threshold": 0.95}  # a PUT replaces the last one
    assert _get(api).json()["policy"]["moderation_words"] == []


def test_each_decision_keeps_the_policy_version_that_made_it(api: Api) -> None:
    before = api.submit(content="cheap-pills for all", author_url="").json()
    _put(api, {"hold_spam_threshold": 0.7})
    after = api.submit(content="cheap-pills for all, again", author_url="").json()
    assert (before["status"], after["status"]) == ("pending", "approved")
    _put(api, {"hold_spam_threshold": 0.3})
    queue = api.get("/v1/moderation/queue", key=api.moderator_key).json()["comments"]
    kept = next(c for c in queue if c["id"] == before["id"])
    assert (kept["status"], kept["policy_version"]) == ("pending", 0)
    stored = api.state.store.get_comment(after["id"], site="blog")
    assert stored is not None
    assert (stored.status.value, stored.policy_version) == ("approved", 1)


def test_bad_values_are_a_422_with_every_field_and_change_nothing(api: Api) -> None:
    answer = _put(api, {"spam_threshold": 1.5, "max_links": -1, "colour": "red",
                        "blocked_words": "not a list"})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"]: e["code"] for e in answer.json()["errors"]}
    assert fields["spam_threshold"] == "out_of_range"
    assert fields["max_links"] == "out_of_range"
    assert "colour" in fields
    assert "blocked_words" in fields
    crossed = _put(api, {"hold_spam_threshold": 0.95})  # above the spam threshold's 0.90
    assert crossed.status_code == 422
    assert crossed.json()["errors"][0]["field"] == "hold_spam_threshold"
    assert _get(api).json()["version"] == 0


def test_only_that_sites_moderators_or_installation_ones_may_set_it(api: Api) -> None:
    assert _put(api, {"max_links": 5}, key=api.site_key).status_code == 403
    assert _get(api, key=api.site_key).status_code == 403
    assert _put(api, {"max_links": 5}, site="other").status_code == 403
    assert _get(api, site="other").status_code == 403
    everywhere = _put(api, {"max_links": 5}, site="other", key=api.all_sites_moderator_key)
    assert everywhere.status_code == 200
    assert everywhere.json()["actor"].startswith("key:")
    assert _get(api).json()["version"] == 0


def test_too_fast_submissions_are_held_under_the_sites_threshold(api: Api) -> None:
    now = datetime.now(UTC)
    quick = api.submit(form_rendered_at=(now - timedelta(seconds=1)).isoformat())
    assert quick.json()["status"] == "pending"
    reason = quick.json()["reasons"][0]
    assert reason["code"] == "rule.too_fast"
    assert reason["message"].endswith("(a person needs at least 3 s)")
    unix = api.submit(form_rendered_at=now.timestamp() - 1)
    assert unix.json()["status"] == "pending"
    future = api.submit(form_rendered_at=(now + timedelta(minutes=5)).isoformat())
    assert future.json()["status"] == "pending"
    slow = api.submit(form_rendered_at=(now - timedelta(seconds=30)).isoformat())
    assert slow.json()["status"] == "approved"
    assert api.submit().json()["status"] == "approved"  # no timestamp, no rule
    assert api.submit(form_rendered_at="yesterday").status_code == 422

    _put(api, {"too_fast_seconds": 0})
    off = api.submit(form_rendered_at=(now - timedelta(seconds=1)).isoformat())
    assert off.json()["status"] == "approved"


def test_batch_scoring_applies_the_sites_policy(api: Api) -> None:
    _put(api, {"moderation_words": ["crypto"]})
    body = {"comments": [{"content": "thoughts on crypto?"}]}
    mine = api.post("/v1/score", body).json()["results"][0]
    assert (mine["status"], mine["reasons"][0]["code"]) == ("pending", "rule.moderation_word")
    theirs = api.post("/v1/score", body, key=api.other_site_key).json()["results"][0]
    assert theirs["status"] == "approved"
