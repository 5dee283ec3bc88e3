"""The values that cross the boundary between the service and the classifier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# Perspective's production attributes, by the lower-case names the model's heads and the API use.
ATTRIBUTES = ("toxicity", "severe_toxicity", "identity_attack", "insult", "profanity", "threat")
# The attributes that harm a person. Profanity is not among them (swearing about the weather
# harms nobody) and neither is toxicity, which on every corpus here includes plain profanity.
HARM_ATTRIBUTES = ("insult", "threat", "identity_attack", "severe_toxicity")


def abuse_of(attributes: Mapping[str, float]) -> float:
    """`Scores.abuse`: the highest of the harm attributes' probabilities (the one place it is
    computed). The maximum, not a noisy-OR, so four middling scores do not add up to a hold."""
    return max((attributes[a] for a in HARM_ATTRIBUTES if a in attributes), default=0.0)


@dataclass(frozen=True, slots=True)
class CommentText:
    """What the classifier sees of a comment: the public text fields, never the email."""

    content: str
    author_name: str = ""
    author_url: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the submitted text that drove one attribute's score: [start, end) in code
    points of the text as submitted (adapters convert, e.g. to UTF-16 units for Perspective)."""

    start: int
    end: int
    attribute: str
    score: float


@dataclass(frozen=True, slots=True)
class Scores:
    """Calibrated probabilities in [0, 1]: `spam`, `abuse` (what harms a person) and, where the
    model has them, Perspective's `ATTRIBUTES` by name, with the spans that drove them."""

    spam: float
    abuse: float
    attributes: Mapping[str, float] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()


class Scorer(Protocol):
    """A loaded model version. The service depends on this protocol only, so tests can swap it."""

    @property
    def version(self) -> str: ...

    @property
    def card(self) -> Mapping[str, Any]: ...

    def score(self, batch: Sequence[CommentText]) -> list[Scores]: ...


@runtime_checkable
class Explainer(Protocol):
    """A scorer that can say which stretches of a text drove its attributes (models.spans).
    Optional: the service shows no spans for a scorer without it."""

    def explain(self, text: str, attributes: Sequence[str]) -> tuple[Span, ...]: ...
