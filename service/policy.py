"""The decision policy: rule hits and model scores in, a status with its reasons out.

- A honeypot or blocked-word hit, or a spam score at or above `Thresholds.spam` → SPAM.
- A spam score at or above `hold_spam`, an abuse score at or above `hold_abuse`, a moderation
  word or too many links → PENDING. `abuse` is what harms a person (models.types.abuse_of:
  insult, threat, identity attack, severe toxicity); profanity alone holds only with
  `hold_profanity` (its score at or above `hold_abuse`), since swearing about the weather harms
  nobody.
- A language the model has no evaluated support for → PENDING with `model.unsupported_language`
  when `LanguageCheck.hold` (COMMENTMOD_UNSUPPORTED_LANGUAGE=hold), else only the reason.
- Otherwise → APPROVED. Other reasons (`privacy.email_redacted`) are kept but change nothing.

The status only rises with the scores (monotonic), so a higher score is never treated better.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from models.types import Scores
from service.domain import Reason, ReasonCode, Status

_SPAM_RULES = frozenset({ReasonCode.HONEYPOT, ReasonCode.BLOCKED_WORD})
_HOLD_RULES = frozenset({ReasonCode.MODERATION_WORD, ReasonCode.TOO_MANY_LINKS})
# Form signals and reputation (service.form_signals, service.reputation) hold, never send to spam.
_HOLD_RULES |= {ReasonCode.TOO_FAST, ReasonCode.FIRST_COMMENT, ReasonCode.SPAM_HISTORY,
                ReasonCode.DOMAIN_MARKED_SPAM}


@dataclass(frozen=True, slots=True)
class Thresholds:
    spam: float = 0.90
    hold_spam: float = 0.50
    hold_abuse: float = 0.50
    hold_profanity: bool = False

    def __post_init__(self) -> None:
        for name in ("spam", "hold_spam", "hold_abuse"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:  # also refuses NaN
                raise ValueError(f"threshold {name} must be between 0 and 1, got {value!r}")
        if self.hold_spam > self.spam:
            raise ValueError(
                f"threshold hold_spam ({self.hold_spam}) must not exceed spam ({self.spam})"
            )


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """The comment's detected language (ISO 639-1, or "und" when too short to tell), whether the
    model is trusted on it, and whether an untrusted one is held."""

    detected: str = "und"
    supported: bool = True
    hold: bool = True


ANY_LANGUAGE = LanguageCheck()


@dataclass(frozen=True, slots=True)
class Decision:
    status: Status
    reasons: tuple[Reason, ...]
    language: str = "und"


def _model_reason(code: ReasonCode, head: str, score: float, threshold: float) -> Reason:
    return Reason(code, f"{head} score {score:.2f} ≥ {threshold:.2f}")


def decide(
    scores: Scores, hits: Sequence[Reason], thresholds: Thresholds,
    language: LanguageCheck = ANY_LANGUAGE,
) -> Decision:
    """Apply the policy. Raises ValueError for a score outside [0, 1] (or NaN): a broken scorer
    must not approve comments silently."""
    for head, score in (("spam", scores.spam), ("abuse", scores.abuse)):
        if not (math.isfinite(score) and 0.0 <= score <= 1.0):
            raise ValueError(f"{head} score must be a probability in [0, 1], got {score!r}")
    codes = {hit.code for hit in hits}
    reasons = list(hits)
    spam_line = thresholds.spam if scores.spam >= thresholds.spam else thresholds.hold_spam
    if scores.spam >= spam_line:
        reasons.append(_model_reason(ReasonCode.MODEL_SPAM, "spam", scores.spam, spam_line))
    if scores.abuse >= thresholds.hold_abuse:
        reasons.append(
            _model_reason(ReasonCode.MODEL_ABUSE, "abuse", scores.abuse, thresholds.hold_abuse)
        )
    unsupported = not language.supported
    if unsupported:
        reasons.append(Reason(
            ReasonCode.UNSUPPORTED_LANGUAGE,
            f"language {language.detected!r} has no evaluated model support",
        ))
    profanity = scores.attributes.get("profanity", 0.0)
    profane = thresholds.hold_profanity and profanity >= thresholds.hold_abuse
    if profane:
        reasons.append(
            _model_reason(ReasonCode.MODEL_PROFANITY, "profanity", profanity, thresholds.hold_abuse)
        )
    if codes & _SPAM_RULES or scores.spam >= thresholds.spam:
        status = Status.SPAM
    elif (
        codes & _HOLD_RULES
        or scores.spam >= thresholds.hold_spam
        or scores.abuse >= thresholds.hold_abuse
        or (unsupported and language.hold)
        or profane
    ):
        status = Status.PENDING
    else:
        status = Status.APPROVED
    return Decision(status, tuple(reasons), language.detected)
