"""Google's Perspective API (v1alpha1) as Coral Talk and Google's client speak it:
`comments:analyze`, `comments:suggestscore` and a discovery document, so Perspective clients can
switch by changing one URL. Scores come from the one intake flow (`service.intake.assess_texts`);
analyze stores nothing, whatever `doNotStore` says. Mappings: `service.perspective_compat`. See
the README's "Drop-in compatibility".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.types import CommentText, Scores
from service import compat, privacy
from service import perspective_compat as pc
from service.auth import Principal
from service.deps import StateDep, authenticate
from service.errors import ProblemError, Unauthenticated
from service.intake import assess_texts
from service.perspective_discovery import VERSION, discovery_document
from service.perspective_schemas import (
    AnalyzeRequest,
    AnalyzeResponse,
    AttributeScore,
    Confidence,
    Score,
    SpanScore,
    SuggestRequest,
    SuggestResponse,
)
from service.rules import clean_text
from service.store.records import Role

log = logging.getLogger("commentmod.perspective")


class PerspectiveError(Exception):
    def __init__(self, code: int, message: str,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def _error(code: int, message: str, headers: dict[str, str] | None = None,
           details: list[dict[str, Any]] | None = None) -> Response:
    return JSONResponse(pc.google_error(code, message, details), status_code=code,
                        headers=headers)


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
                return _error(exc.code, exc.message, details=exc.details)
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
        raise PerspectiveError(400, "API key not valid. Please pass a valid API key.",
                               pc.key_invalid_details()) from None
    if principal.role is not Role.SITE or principal.site is None:
        raise PerspectiveError(403, "This API key is not a site key.")
    return principal, principal.site


SiteCallerDep = Annotated[tuple[Principal, str], Depends(site_principal)]


def _json(model: BaseModel, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(model.model_dump(by_alias=True, exclude_none=True), headers=headers)


def _check_text(text: str, max_length: int) -> None:
    if not text.strip():
        raise PerspectiveError(400, "Comment must be non-empty.")
    if len(text) > max_length:
        raise PerspectiveError(400, f"Comment text is too long (at most {max_length} characters).")


def _check_known(names: list[str], what: str) -> None:
    if not names:
        raise PerspectiveError(400, f"{what} must name at least one attribute.")
    for name in names:
        if name not in pc.KNOWN_ATTRIBUTES:
            served = ", ".join(pc.SERVED_ATTRIBUTES)
            raise PerspectiveError(400, f"Unknown attribute: {name}. This service scores "
                                        f"{served} (as the model provides them).")


router = APIRouter(prefix=f"/{VERSION}", tags=["perspective"], route_class=PerspectiveRoute)
discovery_router = APIRouter(tags=["perspective"], route_class=PerspectiveRoute)


def _languages(body: AnalyzeRequest, card: Any) -> tuple[list[str], Confidence | None]:
    """The languages answered and, for one the model was not evaluated on, the low-confidence
    marker (or, with `strictLanguages`, Google's refusal). Never an unscored answer."""
    served = pc.model_languages(card)
    unsupported = pc.unsupported_languages(body.languages, served)
    if unsupported and body.strict_languages:
        names = ", ".join(body.requested_attributes)
        raise PerspectiveError(400, f"Attribute {names} does not support request languages: "
                                    f"{', '.join(unsupported)}",
                               pc.analyzer_error_details("LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                                                         unsupported))
    answered = body.languages or sorted(served)
    if not unsupported:
        return answered, None
    return answered, Confidence(
        level="LOW", unsupportedLanguages=unsupported,
        reason=f"the model was evaluated on {', '.join(sorted(served))} only; scored anyway")


def _span_scores(name: str, text: str, summary: Scores, sentences: list[tuple[int, int]],
                 sentence_scores: list[Scores], units: list[int]) -> list[SpanScore]:
    """The model's own spans for `name` when it has any, else each sentence's score; offsets in
    UTF-16 code units (`units` maps code points to them)."""
    spans = pc.model_spans(name, summary, len(text))
    if not spans:
        spans = [(b, e, value) for (b, e), s in zip(sentences, sentence_scores, strict=True)
                 if (value := pc.attribute_value(name, s)) is not None]
    return [SpanScore(begin=units[b], end=units[e], score=Score(value=float(v)))
            for b, e, v in spans]


@router.post("/comments:analyze", response_model=AnalyzeResponse)
def analyze(body: AnalyzeRequest, caller: SiteCallerDep, state: StateDep) -> Response:
    """Every requested attribute the model scores (SPAM; TOXICITY, from the abuse head until the
    model has a toxicity head; the other five once it has them), `spanScores` in UTF-16 units
    when `spanAnnotations` is true. Perspective's experimental attributes, and production ones
    the model lacks, are left out and named in `X-commentmod-unscored-attributes`. Nothing is
    ever stored (`doNotStore` or not)."""
    del caller  # any site key may score; nothing is read or written for its site
    text = body.comment.text
    _check_text(text, state.intake.rules.max_content_length)
    names = list(body.requested_attributes)
    _check_known(names, "requestedAttributes")
    for name, params in body.requested_attributes.items():
        if params.score_type not in (None, "", "PROBABILITY"):
            raise PerspectiveError(400, f"Score type {params.score_type} of {name} is not "
                                        "supported; only PROBABILITY is.")
    scorer = state.models.current
    languages, confidence = _languages(body, scorer.card)
    sentences = pc.sentence_spans(text) if body.span_annotations else []
    texts = [CommentText(text), *(CommentText(text[b:e]) for b, e in sentences)]
    with state.metrics.scoring.time():
        scores, decisions = assess_texts(texts, scorer=scorer, config=state.intake)
    units = pc.utf16_offsets(text) if body.span_annotations else []
    attribute_scores, unscored = {}, []
    for name, params in body.requested_attributes.items():
        summary = pc.attribute_value(name, scores[0])
        if summary is None:
            unscored.append(name)
            continue
        if params.score_threshold is not None and summary < params.score_threshold:
            continue
        spans = (_span_scores(name, text, scores[0], sentences, scores[1:], units)
                 if body.span_annotations else [])
        attribute_scores[name] = AttributeScore(
            summaryScore=Score(value=float(summary)), spanScores=spans or None)
    if len(unscored) == len(names):
        raise PerspectiveError(400, f"None of the requested attributes is scored by this "
                                    f"service's model: {', '.join(unscored)}",
                               pc.analyzer_error_details("ATTRIBUTE_NOT_SUPPORTED"))
    headers = {"X-commentmod-status": decisions[0].status.value}
    if unscored:
        headers["X-commentmod-unscored-attributes"] = ",".join(unscored)
    if confidence is not None:
        headers["X-commentmod-confidence"] = "low"
    response = AnalyzeResponse(attributeScores=attribute_scores, languages=languages,
                               clientToken=body.client_token, commentmodConfidence=confidence)
    return _json(response, headers=headers)


def _suggested_value(name: str, score: AttributeScore) -> float:
    """The summary score, or else the highest span score (one bad sentence makes the comment)."""
    values = [s.score.value for s in score.span_scores or []]
    value = score.summary_score.value if score.summary_score else max(values, default=None)
    if value is None:
        raise PerspectiveError(400, f"attributeScores.{name} holds no score.")
    if not 0.0 <= value <= 1.0:
        raise PerspectiveError(400, f"attributeScores.{name} must be a probability in [0, 1].")
    return value


def _community_id(community_id: str | None) -> str | None:
    """Cleaned and redacted like every stored text: PostgreSQL text cannot hold the NUL a client
    may send, and a community id may be an address (`olena@example.org`'s forum)."""
    cleaned = privacy.redact_emails(clean_text(community_id or ""))[0]
    return cleaned or None


@router.post("/comments:suggestscore", response_model=SuggestResponse)
def suggest_score(body: SuggestRequest, caller: SiteCallerDep, state: StateDep) -> Response:
    """Keep a moderator's scores as a training label for the attributes they name
    (`perspective_compat.suggested_label`): SPAM 1 is spam, INSULT/THREAT/... 1 abusive, a bare
    TOXICITY 1 only "rejected" (trash, which teaches neither head), all 0 approved."""
    _check_text(body.comment.text, state.intake.rules.max_content_length)
    names = list(body.attribute_scores)
    _check_known(names, "attributeScores")
    for name in names:
        if name not in pc.SERVED_ATTRIBUTES:
            raise PerspectiveError(400, f"Attribute {name} is not scored here, so a suggestion "
                                        "for it teaches nothing.")
    suggested = {name: _suggested_value(name, s) for name, s in body.attribute_scores.items()}
    suggestion = pc.suggested_label(suggested, _community_id(body.community_id))
    text = compat.label_text(body.comment.text)
    principal, site = caller
    state.store.add_text_label(
        site=site, text=text.content, author_name="", author_url="", label=suggestion.label,
        source="perspective", actor=principal.actor, note=suggestion.note,
    )
    return _json(SuggestResponse(requestedLanguages=body.languages or None,
                                 clientToken=body.client_token))


@discovery_router.get("/$discovery/rest", include_in_schema=False)
def discovery(request: Request, version: Annotated[str, Query()] = VERSION) -> Response:
    """Google's discovery document for `googleapiclient.discovery.build`."""
    if version != VERSION:
        raise PerspectiveError(404, f"Discovery document for version {version} not found.")
    return JSONResponse(discovery_document(str(request.base_url)))
