"""Request and response bodies of the Perspective API (v1alpha1), with Google's camelCase names
(protobuf field names accepted too) and proto3's "zero is absent" scores."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.schemas import nulls_as_absent


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _nulls_as_absent(cls, data: Any) -> Any:
        return nulls_as_absent(data)


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
    do_not_store: bool = Field(False, alias="doNotStore")  # nothing is ever stored
    client_token: str | None = Field(None, alias="clientToken")
    session_id: str | None = Field(None, alias="sessionId")  # accepted, not kept
    community_id: str | None = Field(None, alias="communityId")  # accepted, not kept
    strict_languages: bool = Field(False, alias="strictLanguages")


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


class Confidence(BaseModel):
    level: str
    reason: str
    unsupported_languages: list[str] = Field(alias="unsupportedLanguages")


class AnalyzeResponse(BaseModel):
    attribute_scores: dict[str, AttributeScore] = Field(alias="attributeScores")
    languages: list[str]
    client_token: str | None = Field(None, alias="clientToken")
    confidence: Confidence | None = Field(None, alias="commentmodConfidence")


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
