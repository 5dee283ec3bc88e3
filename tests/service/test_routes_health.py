"""Liveness, readiness, metrics, model card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.store.db import model_target
from tests.service.conftest import Api


def test_healthz_and_readyz(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok", "checks": {}}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"model": "test-keyword.1", "store": "ok"}


def test_metrics_count_decisions_without_personal_data(api: Api) -> None:
    api.submit(author_email="metric@example.org", content="casino-bonus")
    text = api.client.get("/metrics").text
    assert 'commentmod_decisions_total{status="spam"} 1.0' in text
    assert "commentmod_http_requests_total" in text
    assert 'route="/v1/comments"' in text
    assert "metric@example.org" not in text


def test_model_card_for_any_key(api: Api) -> None:
    for key in (api.site_key, api.moderator_key):
        body = api.get("/v1/model", key=key).json()
        assert body["version"] == "test-keyword.1"
    assert api.client.get("/v1/model").status_code == 401


def test_readyz_says_so_when_this_worker_lags_the_shared_model_target(api: Api) -> None:
    """A worker that could not switch to the version the others serve (a respawned worker whose
    copy of it is corrupt falls back to another) must not look ready."""
    store = api.state.store
    store.set_model_target("2099-01-01.1", forced=True, actor="test")
    assert api.client.get("/readyz").status_code == 200  # within the time to switch
    with store.engine.begin() as conn:
        conn.execute(model_target.update().values(updated_at=datetime.now(UTC) - timedelta(minutes=1)))
    lagging = api.client.get("/readyz")
    assert lagging.status_code == 503
    assert lagging.json()["checks"] == {"model": "test-keyword.1", "store": "ok",
                                        "model_target": "2099-01-01.1"}
    store.set_model_target("test-keyword.1", forced=True, actor="test")
    assert api.client.get("/readyz").status_code == 200
