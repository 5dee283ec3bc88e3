"""The shared model target and the workers' heartbeats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.store import SqlStore


def test_target_is_absent_then_set_then_replaced(store: SqlStore) -> None:
    assert store.model_target() is None
    store.set_model_target("2026-11-25.2", forced=False, actor="key:1")
    store.set_model_target("2026-11-25.3", forced=True, actor="key:2")
    target = store.model_target()
    assert target is not None
    assert (target.version, target.forced, target.actor) == ("2026-11-25.3", True, "key:2")


def test_heartbeats_update_in_place_and_expire(store: SqlStore) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    store.report_worker_model("host:1", "v1", now=now)
    store.report_worker_model("host:1", "v2", now=now)
    store.report_worker_model("host:2", "v1", now=now - timedelta(minutes=5))
    workers = store.worker_models(within=timedelta(seconds=30), now=now)
    assert [(w.worker, w.version) for w in workers] == [("host:1", "v2")]
