"""The loaded model's card, and switching versions without downtime."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from pydantic import BaseModel, Field

from models import ArtifactError
from service.deps import ModeratorDep, PrincipalDep, StateDep
from service.errors import ModelRefused
from service.schemas import ModelCard

router = APIRouter(prefix="/v1/model", tags=["model"])
log = logging.getLogger("commentmod.model")


class ReloadIn(BaseModel):
    version: str | None = Field(None, max_length=100, description="Pin this version.")


@router.get("")
def model_card(principal: PrincipalDep, state: StateDep) -> ModelCard:
    del principal
    scorer = state.models.current
    return ModelCard(version=scorer.version, card=dict(scorer.card))


@router.post("/reload")
def reload_model(moderator: ModeratorDep, state: StateDep, body: ReloadIn | None = None) -> ModelCard:
    """Load the newest promotable version (or the pinned one); a bad artifact is refused and the
    current model keeps serving."""
    del moderator
    try:
        scorer = state.models.reload(body.version if body else None)
    except (ArtifactError, FileNotFoundError) as exc:
        raise ModelRefused(str(exc)) from None
    state.metrics.set_model(scorer.version)
    log.info("model switched to %s", scorer.version)
    return ModelCard(version=scorer.version, card=dict(scorer.card))
