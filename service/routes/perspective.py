"""A subset of Google's Perspective API (v1alpha1): `comments:analyze` and `comments:suggestscore`,
so Perspective clients can switch by changing one URL. Scores come from the one intake flow
(`service.intake.assess_texts`); analyze stores nothing. See the README's "Drop-in compatibility".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.types import CommentText
from service import compat, privacy
from service.auth import Principal
from service.deps import StateDep, authenticate
from service.errors import ProblemError, Unauthenticated
from service.intake import assess_texts
from service.rules import clean_text
from service.store.records import Role

log = logging.getLogger("commentmod.perspective")


class PerspectiveError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _error(code: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(compat.google_error(code, message), status_code=code, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return "Invalid JSON payload received."
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    return f"Invalid value at '{where}': {first.get('msg', 'invalid value')}"


class PerspectiveRoute(APIRoute):
    """Renders every failure in Google's JSON error shape instead of problem+json."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def perspective_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except PerspectiveError as exc:
                return _error(exc.code, exc.message)
            except RequestValidationError as exc:
                return _error(400, _validation_message(exc))
            except ProblemError as exc:
                return _error(exc.status, exc.detail, exc.headers)
            except StarletteHTTPException as exc:
                return _error(exc.status_code, str(exc.detail))
            except Exception as exc:
                log.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
                return _error(500, "Internal error encountered.")

        return perspective_handler


def site_principal(
    state: StateDep,
    key: Annotated[str | None, Query(description="A site key, as Perspective's API key.")] = None,
    x_goog_api_key: Annotated[str | None, Header(description="The key, out of the URL.")] = None,
) -> tuple[Principal, str]:
    """The caller's key and site: Perspective's `?key=` (or `X-goog-api-key`), a site key."""
    token = key or x_goog_api_key
    if not token:
        raise PerspectiveError(403, "The request is missing a valid API key.")
    try:
        principal = authenticate(state, token)
    except Unauthenticated:
        raise PerspectiveError(400, "API key not valid. Please pass a valid API key.") from None
    if principal.role is not Role.SITE or principal.site is None:
        raise PerspectiveError(403, "This API key is not a site key.")
    return principal, principal.site


SiteCallerDep = Annotated[tuple[Principal, str], Depends(site_principal)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class TextEntry(_In):
    text: str = ""
    type: str | None = None


class AttributeParameters(_In):
    score_type: str | None = Field(None, alias="scoreType")
    score_threshold: float | None = Field(None, alias="scoreThreshold", ge=0, le=1)


class AnalyzeRequest(_In):
    comment: TextEntry = Field(default_factory=TextEntry)
    requested_attributes: dict[str, AttributeParameters] = Field(
        default_factory=dict, alias="requestedAttributes")
    languages: list[str] = Field(default_factory=list)
    span_annotations: bool = Field(False, alias="spanAnnotations")
    do_not_store: bool = Field(False, alias="doNotStore")
    client_token: str | None = Field(None, alias="clientToken")


class Score(BaseModel):
    # proto3 JSON leaves zero values out, so `{}` is a score of 0.
    value: float = 0.0
    type: str = "PROBABILITY"


class SpanScore(BaseModel):
    begin: int
    end: int
    score: Score


class AttributeScore(BaseModel):
    summary_score: Score | None = Field(None, alias="summaryScore")
    span_scores: list[SpanScore] | None = Field(None, alias="spanScores")

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class AnalyzeResponse(BaseModel):
    attribute_scores: dict[str, AttributeScore] = Field(alias="attributeScores")
    languages: list[str]
    client_token: str | None = Field(None, alias="clientToken")


class SuggestRequest(_In):
    comment: TextEntry = Field(default_factory=TextEntry)
    attribute_scores: dict[str, AttributeScore] = Field(
        default_factory=dict, alias="attributeScores")
    languages: list[str] = Field(default_factory=list)
    community_id: str | None = Field(None, alias="communityId", max_length=500)
    client_token: str | None = Field(None, alias="clientToken")


class SuggestResponse(BaseModel):
    requested_languages: list[str] | None = Field(None, alias="requestedLanguages")
    client_token: str | None = Field(None, alias="clientToken")


def _json(model: BaseModel, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(model.model_dump(by_alias=True, exclude_none=True), headers=headers)


def _check_text(text: str, max_length: int) -> None:
    if not text.strip():
        raise PerspectiveError(400, "Comment must be non-empty.")
    if len(text) > max_length:
        raise PerspectiveError(400, f"Comment text is too long (at most {max_length} characters).")


def _check_attributes(names: list[str], what: str) -> None:
    if not names:
        raise PerspectiveError(400, f"{what} must name at least one attribute.")
    for name in names:
        if name not in compat.PERSPECTIVE_ATTRIBUTES:
            known = " and ".join(compat.PERSPECTIVE_ATTRIBUTES)
            raise PerspectiveError(400, f"Unknown attribute: {name}. This service scores {known}.")


router = APIRouter(prefix="/v1alpha1", tags=["perspective"], route_class=PerspectiveRoute)


@router.post("/comments:analyze", response_model=AnalyzeResponse)
def analyze(body: AnalyzeRequest, caller: SiteCallerDep, state: StateDep) -> Response:
    """TOXICITY (the abuse head) and SPAM (the spam head) for `comment.text`, with per-sentence
    `spanScores` when `spanAnnotations` is true. Nothing is ever stored (`doNotStore` or not)."""
    del caller  # any site key may score; nothing is read or written for its site
    text = body.comment.text
    _check_text(text, state.intake.rules.max_content_length)
    _check_attributes(list(body.requested_attributes), "requestedAttributes")
    for name, params in body.requested_attributes.items():
        if params.score_type not in (None, "", "PROBABILITY"):
            raise PerspectiveError(400, f"Score type {params.score_type} of {name} is not "
                                        "supported; only PROBABILITY is.")
    unsupported = [tag for tag in body.languages if not compat.language_supported(tag)]
    if unsupported:
        names = ", ".join(body.requested_attributes)
        raise PerspectiveError(400, f"Attribute {names} does not support request languages: "
                                    f"{', '.join(unsupported)}")
    spans = compat.sentence_spans(text) if body.span_annotations else []
    texts = [CommentText(text), *(CommentText(text[b:e]) for b, e in spans)]
    with state.metrics.scoring.time():
        scores, decisions = assess_texts(texts, scorer=state.models.current, config=state.intake)
    attribute_scores = {}
    for name, params in body.requested_attributes.items():
        head = compat.PERSPECTIVE_ATTRIBUTES[name]
        summary = float(getattr(scores[0], head))
        if params.score_threshold is not None and summary < params.score_threshold:
            continue
        span_scores = [
            SpanScore(begin=b, end=e, score=Score(value=float(getattr(s, head))))
            for (b, e), s in zip(spans, scores[1:], strict=True)
        ]
        attribute_scores[name] = AttributeScore(
            summaryScore=Score(value=summary), spanScores=span_scores or None)
    response = AnalyzeResponse(
        attributeScores=attribute_scores,
        languages=body.languages or list(compat.PERSPECTIVE_LANGUAGES),
        clientToken=body.client_token,
    )
    return _json(response, headers={"X-commentmod-status": decisions[0].status.value})


def _suggested_value(name: str, score: AttributeScore) -> float:
    """The summary score, or else the highest span score (one bad sentence makes the comment)."""
    values = [s.score.value for s in score.span_scores or []]
    value = score.summary_score.value if score.summary_score else max(values, default=None)
    if value is None:
        raise PerspectiveError(400, f"attributeScores.{name} holds no score.")
    if not 0.0 <= value <= 1.0:
        raise PerspectiveError(400, f"attributeScores.{name} must be a probability in [0, 1].")
    return value


def _community_note(community_id: str | None) -> str:
    """Cleaned and redacted like every stored text: PostgreSQL text cannot hold the NUL a client
    may send, and a community id may be an address (`olena@example.org`'s forum)."""
    cleaned = privacy.redact_emails(clean_text(community_id or ""))[0]
    return f"communityId={cleaned}" if cleaned else ""


@router.post("/comments:suggestscore", response_model=SuggestResponse)
def suggest_score(body: SuggestRequest, caller: SiteCallerDep, state: StateDep) -> Response:
    """Keep the suggested scores as a training label: SPAM ≥ 0.5 → spam, else TOXICITY ≥ 0.5 →
    abusive, else approved."""
    _check_text(body.comment.text, state.intake.rules.max_content_length)
    _check_attributes(list(body.attribute_scores), "attributeScores")
    suggested = {name: _suggested_value(name, s) for name, s in body.attribute_scores.items()}
    text = compat.label_text(body.comment.text)
    principal, site = caller
    state.store.add_text_label(
        site=site, text=text.content, author_name="", author_url="",
        label=compat.suggested_label(suggested), source="perspective", actor=principal.actor,
        note=_community_note(body.community_id),
    )
    return _json(SuggestResponse(requestedLanguages=body.languages or None,
                                 clientToken=body.client_token))
