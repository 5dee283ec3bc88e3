"""Keys, roles and site isolation."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.auth import generate_key, hash_key
from tests.helpers.scorers import KeywordScorer
from tests.service.conftest import Api, make_settings, start_api


def test_no_key_or_a_bad_key_is_401(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = api.client.post("/v1/comments", json={}, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


def test_moderator_endpoints_refuse_site_keys(api: Api) -> None:
    assert api.get("/v1/moderation/queue").status_code == 403
    response = api.post("/v1/moderation/comments/1/decision", {"status": "spam"})
    assert response.status_code == 403
    assert api.post("/v1/model/reload", {}).status_code == 403


def test_moderator_keys_do_not_submit(api: Api) -> None:
    assert api.submit(key=api.moderator_key).status_code == 403


def test_a_site_moderator_never_reaches_another_site(api: Api) -> None:
    foreign = api.submit(key=api.other_site_key, content="you idiot").json()["id"]
    queue = api.get("/v1/moderation/queue", key=api.moderator_key).json()
    assert foreign not in [c["id"] for c in queue["comments"]]
    decision = api.post(f"/v1/moderation/comments/{foreign}/decision", {"status": "approved"},
                        key=api.moderator_key)
    assert decision.status_code == 404
    everyone = api.get("/v1/moderation/queue", key=api.all_sites_moderator_key).json()
    assert foreign in [c["id"] for c in everyone["comments"]]


def test_revoked_key_stops_working(api: Api) -> None:
    record = api.state.store.find_api_key(hash_key(api.site_key))
    assert record is not None
    api.state.store.revoke_api_key(record.id)
    api.state.keys = type(api.state.keys)()  # skip the few-second look-up cache
    assert api.submit().status_code == 401


def test_keys_are_stored_hashed(api: Api) -> None:
    keys = api.state.store.list_api_keys()
    assert all(api.site_key not in repr(k) for k in keys)
    assert generate_key() != generate_key()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_rate_limit_per_key(tmp_path: Path, store_url: str) -> None:
    settings = make_settings(tmp_path, store_url, rate_limit_per_minute=3)
    for api in start_api(settings, KeywordScorer()):
        codes = [api.get("/v1/posts/p/comments").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = api.get("/v1/posts/p/comments")
        assert int(limited.headers["Retry-After"]) >= 1
        assert api.get("/v1/posts/p/comments", key=api.other_site_key).status_code == 200
