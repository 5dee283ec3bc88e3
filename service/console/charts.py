"""Score histograms as SVG geometry, computed on the server: the template only draws rects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, BASELINE = 330, 140, 118  # viewBox; bars stand on BASELINE, labels below it
LEFT = 10


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    low: float
    high: float
    count: int
    level: str  # "ok", "hold" or "spam": which side of the thresholds the bin lies on


@dataclass(frozen=True, slots=True)
class Marker:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Histogram:
    head: str
    total: int
    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = BASELINE


def _x(value: float, plot_width: float) -> float:
    return round(LEFT + value * plot_width, 1)


def histogram(head: str, scores: Sequence[float], thresholds: Sequence[float], *,
              bins: int = 10) -> Histogram:
    """`bins` equal bins over [0, 1] (1.0 falls in the last); bar heights scale to the largest."""
    counts = [0] * bins
    for score in scores:
        counts[min(int(max(score, 0.0) * bins), bins - 1)] += 1
    tallest = max(counts) or 1
    plot_width = WIDTH - 2 * LEFT
    step = plot_width / bins
    hold = min(thresholds) if thresholds else 1.0
    top = max(thresholds) if len(thresholds) > 1 else 2.0
    bars = []
    for i, count in enumerate(counts):
        low, high = i / bins, (i + 1) / bins
        height = round((BASELINE - 10) * count / tallest, 1)
        level = "spam" if low >= top else "hold" if low >= hold else "ok"
        bars.append(Bar(x=round(LEFT + i * step + 1, 1), y=round(BASELINE - height, 1),
                        width=round(step - 2, 1), height=height, low=low, high=high, count=count,
                        level=level))
    markers = tuple(Marker(_x(t, plot_width), f"{t:.2f}") for t in thresholds)
    return Histogram(head=head, total=len(scores), bars=tuple(bars), markers=markers)
