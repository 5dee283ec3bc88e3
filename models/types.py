"""The values that cross the boundary between the service and the classifier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class CommentText:
    """What the classifier sees of a comment: the public text fields, never the email."""

    content: str
    author_name: str = ""
    author_url: str = ""


@dataclass(frozen=True, slots=True)
class Scores:
    """Calibrated probabilities in [0, 1], one per head."""

    spam: float
    abuse: float


class Scorer(Protocol):
    """A loaded model version. The service depends on this protocol only, so tests can swap it."""

    @property
    def version(self) -> str: ...

    @property
    def card(self) -> Mapping[str, Any]: ...

    def score(self, batch: Sequence[CommentText]) -> list[Scores]: ...
