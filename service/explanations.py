"""What intake adds to a model's scores: the comment's language and the spans that drove them.

Both are pure functions of the scorer and the text. Language detection runs on every comment
(CLD2, about 20 µs); spans only for a comment with an attribute at or above the span threshold,
since they cost a few token look-ups more than the score itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from models import language
from models.types import Explainer, Scorer, Scores
from service.policy import LanguageCheck

log = logging.getLogger(__name__)

DEFAULT_LANGUAGES = ("en",)


@dataclass(frozen=True, slots=True)
class InsightConfig:
    """COMMENTMOD_SUPPORTED_LANGUAGES (empty: the card's), _UNSUPPORTED_LANGUAGE, _SPAN_THRESHOLD."""

    supported_languages: tuple[str, ...] = ()
    hold_unsupported: bool = True
    span_threshold: float = 0.5


DEFAULT_INSIGHT = InsightConfig()


def supported_languages(scorer: Scorer, config: InsightConfig) -> frozenset[str]:
    """The setting if given, else the model card's `languages` (a list of codes, or a mapping
    from code to its metrics), else English."""
    codes: Sequence[str] | None = config.supported_languages or None
    if codes is None:
        card = scorer.card.get("languages")
        if isinstance(card, Mapping):
            codes = [str(k) for k in card]
        elif isinstance(card, list | tuple):
            codes = [str(c) for c in card]
    return frozenset(c.strip().lower() for c in (codes or DEFAULT_LANGUAGES))


def language_check(
    scorer: Scorer, text: str, config: InsightConfig, supported: frozenset[str] | None = None
) -> LanguageCheck:
    """Detect the language of what the model reads; an undetermined one is never held for it.
    A batch passes `supported` (from `supported_languages`) so it is worked out once."""
    detected = language.detect(text).language
    if detected == language.UNDETERMINED:
        return LanguageCheck(detected, True, config.hold_unsupported)
    trusted = supported if supported is not None else supported_languages(scorer, config)
    return LanguageCheck(detected, detected in trusted, config.hold_unsupported)


def attribute_scores(scores: Scores) -> dict[str, float]:
    """Every attribute a span may be about: `abuse` and the model's named attributes."""
    return {"abuse": scores.abuse, **scores.attributes}


def with_spans(scorer: Scorer, text: str, scores: Scores, config: InsightConfig) -> Scores:
    """`scores` with the spans of `text` that drove each attribute at or above the threshold.
    A failure here costs the explanation, never the comment: it is logged and no spans are added."""
    passing = [name for name, value in attribute_scores(scores).items() if value >= config.span_threshold]
    # isinstance against a runtime protocol is slow: only for a comment that needs spans.
    if not passing or scores.spans or not isinstance(scorer, Explainer):
        return scores
    try:
        spans = scorer.explain(text, passing)
    except Exception:
        log.exception("the model failed to explain a comment's scores")
        return scores
    return replace(scores, spans=spans)
