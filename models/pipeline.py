"""The one scikit-learn Pipeline that is pickled per version: features -> calibrated linear heads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.pipeline import Pipeline

from models.features import CommentFeaturizer, FloatArray
from models.heads import LinearHeads
from models.types import ATTRIBUTES, CommentText, Scores, abuse_of


def build_pipeline(
    featurizer: CommentFeaturizer | None = None, heads: LinearHeads | None = None
) -> Pipeline:
    return Pipeline([("features", featurizer or CommentFeaturizer()), ("heads", heads or LinearHeads())])


def text_of(comment: CommentText) -> str:
    """What the model reads. Only the content: no training corpus has author fields."""
    return comment.content


def predict_texts(pipeline: Pipeline, texts: Sequence[str]) -> FloatArray:
    """Calibrated (n, heads) probabilities through the full sparse matrix (the reference path)."""
    heads: LinearHeads = pipeline.named_steps["heads"]
    if not texts:
        return np.zeros((0, len(heads.heads_)))
    return heads.predict_proba(pipeline.named_steps["features"].transform(texts))


def to_scores(heads: Sequence[str], row: Sequence[float]) -> Scores:
    """One row of head probabilities as `Scores`. A model with attribute heads gets its abuse
    from them (`abuse_of`); a legacy (spam, abuse) model has no attributes."""
    values = dict(zip(heads, map(float, row), strict=True))
    attributes = {a: values[a] for a in ATTRIBUTES if a in values}
    abuse = values["abuse"] if "abuse" in values else abuse_of(attributes)
    return Scores(spam=values.get("spam", 0.0), abuse=abuse, attributes=attributes)
