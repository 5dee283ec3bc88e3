"""Request and response bodies of the HTTP API (pydantic). Field limits that are business rules
live in `service.rules`; these models only fix types and shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from models.types import Scores
from service.domain import Reason, Status

IntakeStatus = Literal["approved", "pending", "spam"]
# The largest id either store can hold (a signed 64-bit integer); larger ones exist nowhere.
MAX_ID = 2**63 - 1


def intake_status(status: Status) -> IntakeStatus:
    """Intake only ever decides one of three statuses; moderators may set the others."""
    if status not in (Status.APPROVED, Status.PENDING, Status.SPAM):
        raise ValueError(f"not an intake status: {status}")
    return cast(IntakeStatus, status.value)


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class CommentIn(_In):
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


class DecisionOut(BaseModel):
    id: int | None = Field(description="Stored comment id; null for a dry run.")
    status: IntakeStatus
    scores: ScoresOut
    reasons: list[ReasonOut]
    model_version: str


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
    author_email_masked: str
    user_network: str | None
    site: str


class PublicCommentList(BaseModel):
    comments: list[PublicComment]
    next_cursor: str | None


class ModerationCommentList(BaseModel):
    comments: list[ModerationComment]
    next_cursor: str | None


class ScoreItem(_In):
    content: str
    author_name: str = ""
    author_url: str = ""


class ScoreRequest(_In):
    comments: list[ScoreItem] = Field(min_length=1, max_length=1000)


class ScoreResult(BaseModel):
    scores: ScoresOut
    status: IntakeStatus
    reasons: list[ReasonOut]


class ScoreResponse(BaseModel):
    model_version: str
    results: list[ScoreResult]


class DecisionIn(_In):
    status: Literal["approved", "spam", "abusive", "trash"]
    note: str = Field("", max_length=2000)


class AuthorIn(_In):
    email: str = Field(min_length=1, max_length=320)


class ExportedComment(ModerationComment):
    author_email: str
    user_agent: str
    referrer: str
    updated_at: datetime


class AuthorExport(BaseModel):
    comments: list[ExportedComment]


class AuthorErased(BaseModel):
    erased: int


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

