"""`POST /v1/score`: batch scoring for backfills and re-checks; stateless, stores nothing."""

from __future__ import annotations

from fastapi import APIRouter

from models.types import CommentText
from service.deps import SiteDep, StateDep
from service.intake import assess_texts
from service.schemas import (
    ReasonOut,
    ScoreRequest,
    ScoreResponse,
    ScoreResult,
    ScoresOut,
    SpanOut,
    intake_status,
)

router = APIRouter(prefix="/v1", tags=["scoring"])


@router.post("/score")
def score_batch(body: ScoreRequest, site: SiteDep, state: StateDep) -> ScoreResponse:
    """Apply the content rules, the model and the policy to 1 to 1,000 comments, in order."""
    scorer = state.models.current
    config = state.policies.get(site).config  # the site's thresholds, words and links
    texts = [CommentText(i.content, i.author_name, i.author_url) for i in body.comments]
    with state.metrics.scoring.time():
        scores, decisions = assess_texts(texts, scorer=scorer, config=config)
    return ScoreResponse(
        model_version=scorer.version,
        results=[
            ScoreResult(
                scores=ScoresOut.of(s),
                status=intake_status(d.status),
                reasons=ReasonOut.of(d.reasons),
                detected_language=d.language,
                spans=SpanOut.of(s.spans),
            )
            for s, d in zip(scores, decisions, strict=True)
        ],
    )
