"""Liveness, readiness and Prometheus metrics; no key needed."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from service.deps import StateDep
from service.errors import StoreUnavailable
from service.model_holder import WORKER_ID
from service.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(state: StateDep) -> JSONResponse:
    checks = {"model": state.models.current.version}
    try:
        # A write, not a SELECT 1: an SQLite file that can no longer be written (read-only, full,
        # gone) still answers reads. The write is this worker's model heartbeat.
        state.store.report_worker_model(WORKER_ID, checks["model"])
        checks["store"] = "ok"
    except StoreUnavailable:
        checks["store"] = "unavailable"
    ready = checks["store"] == "ok"
    body = Health(status="ok" if ready else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get("/metrics", response_class=Response)
def metrics(state: StateDep) -> Response:
    return Response(state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
