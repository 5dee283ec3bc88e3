"""The one scikit-learn Pipeline that is pickled per version: features -> two calibrated heads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.pipeline import Pipeline

from models.features import CommentFeaturizer, FloatArray
from models.heads import TwoHeadLinear
from models.types import CommentText


def build_pipeline(
    featurizer: CommentFeaturizer | None = None, heads: TwoHeadLinear | None = None
) -> Pipeline:
    return Pipeline([("features", featurizer or CommentFeaturizer()), ("heads", heads or TwoHeadLinear())])


def text_of(comment: CommentText) -> str:
    """What the model reads. Only the content: no training corpus has author fields."""
    return comment.content


def predict_texts(pipeline: Pipeline, texts: Sequence[str]) -> FloatArray:
    """Calibrated (n, 2) probabilities through the full sparse matrix (the reference path)."""
    if not texts:
        return np.zeros((0, 2))
    heads: TwoHeadLinear = pipeline.named_steps["heads"]
    return heads.predict_proba(pipeline.named_steps["features"].transform(texts))
