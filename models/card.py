"""The model card as a typed value: what every reader needs, checked once when a version loads.

`card.json` stays a JSON object (older versions wrote the same keys); `ModelCard.parse` checks
the types of the fields below and keeps the whole object in `raw` for display. A field a reader
needs belongs here rather than in a `card.get(...)` with a guessed default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from models.artifact import ArtifactError


@dataclass(frozen=True, slots=True)
class SplitAuc:
    """One fixed test split, scored on its own label (`head`: spam, or toxicity for abuse)."""

    dataset: str
    head: str
    n: int
    positives: int
    roc_auc: float


@dataclass(frozen=True, slots=True)
class AttributeAuc:
    """One attribute (or abuse) on one test split that labels it."""

    dataset: str
    attribute: str
    n: int
    positives: int
    roc_auc: float


@dataclass(frozen=True, slots=True)
class ModelCard:
    version: str
    format: int
    model_sha256: str
    model_bytes: int
    scikit_learn: str
    joblib: str
    numpy: str
    created_at: str
    promotable: bool
    heads: tuple[str, ...]
    test: tuple[SplitAuc, ...]
    attributes: tuple[AttributeAuc, ...]
    languages: Mapping[str, float]
    raw: Mapping[str, Any]

    @classmethod
    def parse(cls, raw: Mapping[str, Any], heads: Sequence[str] = ()) -> ModelCard:
        """Check and type a card; `heads` (from the fitted model) wins over the card's own list,
        which versions before 2026-12-02 lack."""
        metrics = _get(raw, "metrics", dict, {})
        languages = _get(metrics, "languages", dict, {})
        return cls(
            version=_get(raw, "version", str),
            format=_get(raw, "format", int),
            model_sha256=_get(raw, "model_sha256", str),
            model_bytes=_get(raw, "model_bytes", int, 0),
            scikit_learn=_get(raw, "scikit_learn", str),
            joblib=_get(raw, "joblib", str),
            numpy=_get(raw, "numpy", str, ""),
            created_at=_get(raw, "created_at", str, ""),
            promotable=_get(raw, "promotable", bool, True),
            heads=tuple(heads) or tuple(_get(raw, "heads", list, ["spam", "abuse"])),
            test=tuple(
                SplitAuc(
                    _get(m, "dataset", str),
                    _get(m, "head", str),
                    _get(m, "n", int),
                    _get(m, "positives", int),
                    _auc(m),
                )
                for m in _get(metrics, "test", list, [])
            ),
            attributes=tuple(
                AttributeAuc(
                    _get(m, "dataset", str),
                    _get(m, "attribute", str),
                    _get(m, "n", int),
                    _get(m, "positives", int),
                    _auc(m),
                )
                for m in _get(metrics, "attributes", list, [])
            ),
            languages=MappingProxyType(
                {k: float(_get(v, "mean_roc_auc", float)) for k, v in languages.items()}
            ),
            raw=MappingProxyType(dict(raw)),
        )

    def auc(self, dataset: str, attribute: str | None = None) -> float | None:
        """A split's ROC AUC on its own label, or on one attribute; None if not measured."""
        if attribute is None:
            return next((m.roc_auc for m in self.test if m.dataset == dataset), None)
        found = (m.roc_auc for m in self.attributes if (m.dataset, m.attribute) == (dataset, attribute))
        return next(found, None)


_MISSING = object()


def _get(obj: object, key: str, kind: type, default: Any = _MISSING) -> Any:
    if not isinstance(obj, Mapping):
        raise ArtifactError(f"model card: expected an object holding {key!r}")
    value = obj.get(key, default)
    if value is _MISSING:
        raise ArtifactError(f"model card: missing {key!r}")
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ArtifactError(f"model card: {key!r} is {type(value).__name__}, expected {kind.__name__}")
    return value


def _auc(metric: Mapping[str, Any]) -> float:
    value = metric.get("roc_auc")
    return float(value) if isinstance(value, int | float) else math.nan
