"""Request and response bodies of the HTTP API (pydantic). Field limits that are business rules
live in `service.rules`; these models only fix types and shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.types import Scores, Span
from service.domain import Reason, Status

IntakeStatus = Literal["approved", "pending", "spam"]
# The largest id either store can hold (a signed 64-bit integer); larger ones exist nowhere.
MAX_ID = 2**63 - 1


def intake_status(status: Status) -> IntakeStatus:
    """Intake only ever decides one of three statuses; moderators may set the others."""
    if status not in (Status.APPROVED, Status.PENDING, Status.SPAM):
        raise ValueError(f"not an intake status: {status}")
    return cast(IntakeStatus, status.value)


def nulls_as_absent(data: Any) -> Any:
    """An object's `null` members dropped, so each field takes its default: JSON `null` is "not
    given" (PHP's json_encode writes it for every unset value). A required field stays required."""
    if isinstance(data, dict):
        return {name: value for name, value in data.items() if value is not None}
    return data


class InputModel(BaseModel):
    """Every request body: unknown members ignored, `null` members taken as absent."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    @model_validator(mode="before")
    @classmethod
    def _nulls_as_absent(cls, data: Any) -> Any:
        return nulls_as_absent(data)


class CommentIn(InputModel):
    """A comment as a blog backend submits it. Required fields are checked by the intake rules,
    so that every missing field is reported at once with the same error codes."""

    post_id: str = ""
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    content: str = ""
    user_ip: str = ""
    user_agent: str = ""
    referrer: str = ""
    honeypot: str = ""
    form_rendered_at: datetime | None = Field(
        None, description="When the blog rendered the comment form (RFC 3339 or Unix seconds): "
        "a comment sent sooner than the site's `too_fast_seconds` after it is held (`rule.too_fast`).",
    )


class ScoresOut(BaseModel):
    spam: float
    abuse: float
    attributes: dict[str, float] = Field(
        default_factory=dict,
        description="Perspective's attributes (toxicity, severe_toxicity, identity_attack, insult, "
        "profanity, threat) as calibrated probabilities; empty for a model without those heads.",
    )

    @classmethod
    def of(cls, scores: Scores) -> ScoresOut:
        return cls(spam=scores.spam, abuse=scores.abuse, attributes=dict(scores.attributes))


class ReasonOut(BaseModel):
    code: str
    message: str

    @classmethod
    def of(cls, reasons: tuple[Reason, ...]) -> list[ReasonOut]:
        return [cls(code=r.code.value, message=r.message) for r in reasons]


class SpanOut(BaseModel):
    """Why: a stretch of the text that drove one attribute (Perspective's `spanAnnotations`)."""

    start: int = Field(description="First code point of the span in the comment's content.")
    end: int = Field(description="One past the last code point (Python slice `content[start:end]`).")
    attribute: str = Field(description="The attribute it drove (`abuse`, or a Perspective attribute).")
    score: float = Field(description="That attribute's score for the span's text alone.")

    @classmethod
    def of(cls, spans: tuple[Span, ...]) -> list[SpanOut]:
        return [cls(start=s.start, end=s.end, attribute=s.attribute, score=s.score) for s in spans]


_LANGUAGE = Field(description="ISO 639-1 code of the detected language; `und` when too short to tell.")
_SPANS = Field(description="Spans of `content` that drove each attribute at or above "
               "COMMENTMOD_SPAN_THRESHOLD; empty below it.")


class DecisionOut(BaseModel):
    id: int | None = Field(description="Stored comment id; null for a dry run.")
    status: IntakeStatus
    scores: ScoresOut
    reasons: list[ReasonOut]
    model_version: str
    detected_language: str = _LANGUAGE
    spans: list[SpanOut] = _SPANS


class PublicComment(BaseModel):
    id: int
    post_id: str
    parent_id: int | None
    author_name: str
    author_url: str
    content: str
    created_at: datetime


class ModerationComment(PublicComment):
    status: Status
    scores: ScoresOut
    reasons: list[ReasonOut]
    model_version: str
    detected_language: str = _LANGUAGE
    spans: list[SpanOut] = _SPANS
    author_email_masked: str
    user_network: str | None
    site: str
    reviewed: bool = Field(
        False, description="A moderator's decision (not undone) set this status; false when "
        "the status is still intake's (so spam with reviewed=false is the model's own spam).")
    policy_version: int = Field(
        0, description="The site policy version that decided it (0: the environment's settings)."
    )


class DecidedComment(ModerationComment):
    decision_id: int = Field(description="This decision, for `POST .../undo`.")


class PublicCommentList(BaseModel):
    comments: list[PublicComment]
    next_cursor: str | None


class ModerationCommentList(BaseModel):
    comments: list[ModerationComment]
    next_cursor: str | None


class ScoreItem(InputModel):
    content: str
    author_name: str = ""
    author_url: str = ""


class ScoreRequest(InputModel):
    comments: list[ScoreItem] = Field(min_length=1, max_length=1000)


class ScoreResult(BaseModel):
    scores: ScoresOut
    status: IntakeStatus
    reasons: list[ReasonOut]
    detected_language: str = _LANGUAGE
    spans: list[SpanOut] = _SPANS


class ScoreResponse(BaseModel):
    model_version: str
    results: list[ScoreResult]


class DecisionIn(InputModel):
    status: Literal["approved", "spam", "abusive", "trash"]
    note: str = Field("", max_length=2000)


class UndoIn(InputModel):
    decision_id: int | None = Field(
        None, ge=1, le=MAX_ID,
        description="Undo only this decision (refused with 409 unless it is the latest live one); "
        "omitted: the comment's latest live decision.")


class DecisionEntry(BaseModel):
    id: int
    from_status: Status | None = Field(description="Null for decisions made before history.")
    to_status: Status
    note: str
    source: str
    actor: str = Field(description="Who decided: the key's id and shown prefix, never the key.")
    actor_key_prefix: str | None
    created_at: datetime
    undone_at: datetime | None
    undone_by: str | None
    trains: bool = Field(description="This decision is the comment's current training label.")


class RecentDecision(DecisionEntry):
    comment_id: int
    undoable: bool = Field(description="Still the comment's latest live decision: "
                           "`POST /v1/moderation/comments/{comment_id}/undo` takes it back.")


class RecentDecisions(BaseModel):
    decisions: list[RecentDecision] = Field(description="Newest first, undone ones included.")


class DecisionHistory(BaseModel):
    comment_id: int
    status: Status
    decisions: list[DecisionEntry] = Field(description="Oldest first, undone ones included.")


class EmptyIn(InputModel):
    status: Literal["spam", "trash"]
    up_to_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Empty only comments up to this id (the newest one the "
        "moderator was shown, from `GET /v1/moderation/empty`); omitted: all of them now.")


class EmptyPreview(BaseModel):
    status: Literal["spam", "trash"]
    count: int
    confirmed: int = Field(description="Of them, spam a moderator confirmed: its text stays as a "
                           "training label, without author, link or note.")
    up_to_id: int | None


class Emptied(BaseModel):
    deleted: int
    kept_as_training_text: int


class AuthorIn(InputModel):
    email: str = Field(min_length=1, max_length=320)


class ExportedComment(ModerationComment):
    author_email: str
    user_agent: str
    referrer: str
    updated_at: datetime


class ExportedLabel(BaseModel):
    """Akismet/Perspective feedback that holds the author's data."""

    site: str
    source: str
    label: str
    text: str
    author_name: str
    author_url: str
    created_at: datetime


class AuthorExport(BaseModel):
    comments: list[ExportedComment]
    feedback_labels: list[ExportedLabel] = Field(default_factory=list)
    found_in: list[str] = Field(
        default_factory=list, description="Every place data of this author was found: store tables "
        "(`comments`, `labels`) and model versions trained while it was stored.")
    models_trained_with_it: list[str] = Field(
        default_factory=list, description="Model versions trained after the author's first record: "
        "they may have learned from it, and erasure does not change them; retrain to be rid of it.")


class AuthorErased(BaseModel):
    erased: int
    models_trained_with_it: list[str] = Field(default_factory=list)


class WorkerOut(BaseModel):
    worker: str
    version: str
    seen_at: datetime


class ModelCard(BaseModel):
    version: str = Field(description="The version the answering worker serves.")
    card: dict[str, Any]
    worker: str = Field(description="The answering worker (host:pid).")
    workers: list[WorkerOut] = Field(description="Every worker heard from in the last 30 s.")


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(default_factory=dict)


class ProblemFieldError(BaseModel):
    field: str
    code: str
    message: str


class Problem(BaseModel):
    """`application/problem+json` (RFC 9457): the body of every error the API answers."""

    type: str = Field(description="A stable URI per kind of failure.")
    title: str
    status: int
    detail: str
    errors: list[ProblemFieldError] | None = Field(
        None, description="Every field error of a 422 (absent otherwise)."
    )

