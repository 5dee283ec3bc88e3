"""Pure mappings between Google's Perspective API (v1alpha1) and the service's scores: which
attributes and languages are served, UTF-16 span offsets, suggested scores as labels, and Google's
error bodies. No HTTP here (`service.routes.perspective` reads requests and calls these)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.types import ATTRIBUTES, Scores
from service.domain import Status

# Perspective's six production attributes (by the model's lower-case names), and SPAM.
PRODUCTION_ATTRIBUTES = tuple(name.upper() for name in ATTRIBUTES)
SERVED_ATTRIBUTES = (*PRODUCTION_ATTRIBUTES, "SPAM")
# Perspective's experimental attributes: real names a client may ask for, never scored here;
# left out of the answer (and named in a header) instead of failing the whole call.
EXPERIMENTAL_ATTRIBUTES = frozenset({
    "UNSUBSTANTIAL", "INCOHERENT", "INFLAMMATORY", "OBSCENE", "LIKELY_TO_REJECT",
    "SEXUALLY_EXPLICIT", "FLIRTATION", "ATTACK_ON_AUTHOR", "ATTACK_ON_COMMENTER",
    *(f"{name}_EXPERIMENTAL" for name in PRODUCTION_ATTRIBUTES),
    *(f"{name}_EXPERIMENTAL" for name in ("AFFINITY", "COMPASSION", "CURIOSITY", "NUANCE",
                                          "PERSONAL_STORY", "REASONING", "RESPECT")),
})
KNOWN_ATTRIBUTES = frozenset(SERVED_ATTRIBUTES) | EXPERIMENTAL_ATTRIBUTES
# Perspective's production languages; a model serves those its card lists (else English).
PRODUCTION_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "ru")
DEFAULT_MODEL_LANGUAGES = ("en",)
# Suggestions at or above this are a "yes" for their attribute (Coral sends 0 or 1).
SUGGESTION_CUT = 0.5
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n\s*")


def primary_language(tag: str) -> str:
    """`en`, `en-US` and `en_GB` are `en`."""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


def model_languages(card: Mapping[str, Any]) -> frozenset[str]:
    """The languages the loaded model was evaluated on: its card's `languages`, else English."""
    listed = card.get("languages")
    if isinstance(listed, list | tuple) and all(isinstance(x, str) for x in listed) and listed:
        return frozenset(primary_language(x) for x in listed)
    return frozenset(DEFAULT_MODEL_LANGUAGES)


def unsupported_languages(requested: Sequence[str], served: frozenset[str]) -> list[str]:
    return [tag for tag in requested if primary_language(tag) not in served]


def attribute_value(name: str, scores: Scores) -> float | None:
    """SPAM from the spam head; the six from `Scores.attributes`, TOXICITY falling back to the
    abuse head while the model has no toxicity head; None when the model has no such score."""
    if name == "SPAM":
        return scores.spam
    value = scores.attributes.get(name.lower())
    if value is None and name == "TOXICITY":
        return scores.abuse
    return value


def utf16_offsets(text: str) -> list[int]:
    """`offsets[i]` is the UTF-16 code-unit offset of code point `i` (and `len(text)`): Google's
    API counts spans in UTF-16 units, so every astral character (emoji) counts two."""
    offsets = [0] * (len(text) + 1)
    units = 0
    for i, char in enumerate(text):
        offsets[i] = units
        units += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = units
    return offsets


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[begin, end) offsets (in code points) of each sentence, without surrounding white space:
    a sentence ends at `.`, `!`, `?` or `…` followed by white space, or at a line break."""
    spans = []
    start = 0
    for brk in [*_SENTENCE_BREAK.finditer(text), None]:
        end = len(text) if brk is None else brk.start()
        piece = text[start:end]
        begin = start + len(piece) - len(piece.lstrip())
        finish = start + len(piece.rstrip())
        if finish > begin:
            spans.append((begin, finish))
        if brk is not None:
            start = brk.end()
    return spans


def model_spans(name: str, scores: Scores, length: int) -> list[tuple[int, int, float]]:
    """The spans the model says drove attribute `name` (code points, clipped to the text)."""
    wanted = name.lower()
    return [(max(0, s.start), min(length, s.end), s.score) for s in scores.spans
            if s.attribute == wanted and 0 <= s.start < s.end]


@dataclass(frozen=True, slots=True)
class Suggestion:
    label: Status
    note: str


def suggested_label(scores: Mapping[str, float], community_id: str | None = None) -> Suggestion:
    """A moderator's suggestion as a training label, for the attribute it names. SPAM yes →
    spam. A named harm (INSULT, THREAT, ...) yes → abusive. TOXICITY yes is only "rejected"
    (Coral sends TOXICITY 1 for every rejected comment, spam included), so → trash, which teaches
    neither head. All no → approved. The note keeps the suggested values."""
    yes = {name for name, value in scores.items() if value >= SUGGESTION_CUT}
    if "SPAM" in yes:
        label = Status.SPAM
    elif yes - {"TOXICITY", "SPAM"}:
        label = Status.ABUSIVE
    elif "TOXICITY" in yes:
        label = Status.TRASH
    else:
        label = Status.APPROVED
    parts = [f"{name}={value:g}" for name, value in sorted(scores.items())]
    if community_id:
        parts.append(f"communityId={community_id}")
    return Suggestion(label, " ".join(parts))


_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}
_ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
_COMMENT_ANALYZER_ERROR = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"


def google_error(code: int, message: str,
                 details: list[dict[str, Any]] | None = None) -> dict[str, dict[str, object]]:
    """Google's JSON error body: `{"error": {code, message, status[, details]}}`."""
    status = _GOOGLE_STATUS.get(code, "INTERNAL" if code >= 500 else "INVALID_ARGUMENT")
    error: dict[str, object] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return {"error": error}


def key_invalid_details() -> list[dict[str, Any]]:
    """What Google attaches to "API key not valid" (clients branch on `reason`)."""
    return [{"@type": _ERROR_INFO, "reason": "API_KEY_INVALID", "domain": "googleapis.com",
             "metadata": {"service": "commentanalyzer.googleapis.com"}}]


def analyzer_error_details(error_type: str, languages: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Perspective's own error detail (`errorType`, and the languages concerned)."""
    detail: dict[str, Any] = {"@type": _COMMENT_ANALYZER_ERROR, "errorType": error_type}
    if languages:
        detail["languageNotSupportedByAttributeError"] = {"requestedLanguage": list(languages)}
    return [detail]
