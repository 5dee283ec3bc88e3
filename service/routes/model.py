"""The loaded model's card, and switching versions without downtime."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from pydantic import Field

from service.deps import InstallationModeratorDep, PrincipalDep, StateDep
from service.model_holder import HEARTBEAT_WINDOW, WORKER_ID
from service.model_store import publish
from service.schemas import InputModel, ModelCard, WorkerOut
from service.state import AppState

router = APIRouter(prefix="/v1/model", tags=["model"])
log = logging.getLogger("commentmod.model")


class ReloadIn(InputModel):
    version: str | None = Field(None, max_length=64, description="Pin this version.")
    force: bool = Field(False, description="Load a version the promotion gate refused.")


def _card(state: AppState) -> ModelCard:
    scorer = state.models.current
    workers = [
        WorkerOut(worker=w.worker, version=w.version, seen_at=w.seen_at)
        for w in state.store.worker_models(within=HEARTBEAT_WINDOW)
    ]
    return ModelCard(version=scorer.version, card=dict(scorer.card), worker=WORKER_ID,
                     workers=workers)


@router.get("")
def model_card(principal: PrincipalDep, state: StateDep) -> ModelCard:
    """The model this worker serves, and what every worker reported in the last 30 s."""
    del principal
    return _card(state)


@router.post("/reload", responses={409: {"description": "The artifact was refused; the old "
                                                  "model keeps serving."}})
def reload_model(
    moderator: InstallationModeratorDep, state: StateDep, body: ReloadIn | None = None
) -> ModelCard:
    """Switch every worker to the newest promotable version (or the pinned one). The version is
    loaded and checked here first: a bad artifact is refused (409) and the old model keeps serving.
    Every site shares the model, so a moderator key bound to one site gets 403."""
    moderator.require_installation_moderator()  # also for callers that bypass the dependency
    request = body or ReloadIn()
    scorer = state.models.load(request.version, force=request.force)
    publish(state.store, scorer, state.settings.resolved_model_dir)  # for hosts that lack it
    state.store.set_model_target(scorer.version, forced=request.force, actor=moderator.actor)
    state.models.switch(scorer)
    state.metrics.set_model(scorer.version)
    state.store.report_worker_model(WORKER_ID, scorer.version)
    log.info("model reload to %s requested by %s", scorer.version, moderator.actor)
    return _card(state)
