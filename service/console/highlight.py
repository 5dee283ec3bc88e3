"""A comment's text cut into paragraphs, lines and segments, each segment marked with the
attributes whose spans cover it, so the queue can highlight why a comment was held. The template
escapes every segment; nothing from a comment is ever interpreted as markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from service.schemas import SpanOut


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    attributes: tuple[str, ...] = ()  # empty: not highlighted
    title: str = ""  # "abuse 0.93", shown on hover


def _segments(text: str, offset: int, spans: Sequence[SpanOut]) -> list[Segment]:
    """`text` (which starts at `offset` of the content) cut wherever a span starts or ends."""
    end = offset + len(text)
    cuts = sorted({offset, end, *(min(max(p, offset), end) for s in spans for p in (s.start, s.end))})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(Segment(
            text[a - offset : b - offset],
            tuple(dict.fromkeys(s.attribute for s in covering)),
            ", ".join(f"{s.attribute} {s.score:.2f}" for s in covering),
        ))
    return out


def highlighted(text: str, spans: Sequence[SpanOut]) -> list[list[list[Segment]]]:
    """Paragraphs (split at blank lines) of lines of segments, like `web.paragraphs`."""
    paragraphs: list[list[list[Segment]]] = []
    current: list[list[Segment]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            current.append(_segments(line, offset, spans))
        elif current:
            paragraphs.append(current)
            current = []
        offset += len(line) + 1
    if current:
        paragraphs.append(current)
    return paragraphs
