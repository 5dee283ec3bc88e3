"""A deterministic stand-in scorer for tests of the flow and the policy (not of the model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models.types import CommentText, Scores


class KeywordScorer:
    """Spam 0.97 for 'casino-bonus', 0.6 for 'cheap-pills'; abuse 0.93 for 'idiot'."""

    version = "test-keyword.1"

    def __init__(self) -> None:
        self.seen: list[CommentText] = []

    @property
    def card(self) -> Mapping[str, Any]:
        return {"version": self.version, "kind": "keyword test scorer"}

    def score(self, batch: Sequence[CommentText]) -> list[Scores]:
        self.seen.extend(batch)
        out = []
        for item in batch:
            text = f"{item.author_name} {item.content}".lower()
            spam = 0.97 if "casino-bonus" in text else 0.6 if "cheap-pills" in text else 0.02
            abuse = 0.93 if "idiot" in text else 0.01
            out.append(Scores(spam=spam, abuse=abuse))
        return out
