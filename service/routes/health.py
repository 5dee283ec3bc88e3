"""Liveness, readiness and Prometheus metrics; no key needed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from service.deps import StateDep
from service.errors import StoreUnavailable
from service.model_holder import WORKER_ID
from service.schemas import Health
from service.state import AppState

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> Health:
    return Health(status="ok")


def _lagging_target(state: AppState) -> str | None:
    """The version the other workers were told to serve, when this worker still serves another
    one well after it should have switched (a respawned worker that could not load it, say)."""
    target = state.store.model_target()
    if target is None or target.version == state.models.current.version:
        return None
    grace = timedelta(seconds=max(5.0, 3 * state.settings.model_sync_seconds))
    if datetime.now(UTC) - target.updated_at < grace:
        return None  # still within the time every worker has to switch
    return target.version


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(state: StateDep) -> JSONResponse:
    checks = {"model": state.models.current.version}
    ready = True
    try:
        # A write, not a SELECT 1: an SQLite file that can no longer be written (read-only, full,
        # gone) still answers reads. The write is this worker's model heartbeat.
        state.store.report_worker_model(WORKER_ID, checks["model"])
        checks["store"] = "ok"
        lagging = _lagging_target(state)
        if lagging is not None:
            checks["model_target"] = lagging
            ready = False
    except StoreUnavailable:
        checks["store"] = "unavailable"
        ready = False
    body = Health(status="ok" if ready else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get("/metrics", response_class=Response)
def metrics(state: StateDep) -> Response:
    return Response(state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
