"""Fitting: featurizer on training rows, heads on training rows, calibration on validation rows."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sklearn.pipeline import Pipeline

from models.features import CommentFeaturizer
from models.heads import HEADS, LinearHeads
from models.pipeline import build_pipeline
from training.examples import LabeledText
from training.mix import in_validation, matrices

log = logging.getLogger(__name__)
FIT_THREADS = 2  # heads fitted at once (threads); the result does not depend on it


@dataclass(frozen=True)
class FitConfig:
    """Hyper-parameters, recorded in the card. Chosen on validation rows, never on test rows."""

    word_bits: int = 20
    char_bits: int = 18
    char_ngram_range: tuple[int, int] = (3, 5)
    word_weight: float = 1.0
    char_weight: float = 1.0
    meta_weight: float = 1.0
    # One value per head of models.heads.HEADS: spam, then the six attributes.
    C: tuple[float, ...] = (1.0, *(0.5,) * (len(HEADS) - 1))
    nb_beta: tuple[float, ...] = (0.0, *(0.5,) * (len(HEADS) - 1))
    word_blend: tuple[float, ...] = (0.0, *(1.0,) * (len(HEADS) - 1))
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Fitted:
    pipeline: Pipeline
    train_rows: list[LabeledText]
    validation_rows: list[LabeledText]
    seconds: float


def split_validation(rows: Sequence[LabeledText], seed: int) -> tuple[list[LabeledText], list[LabeledText]]:
    train = [r for r in rows if not in_validation(r.text, seed)]
    validation = [r for r in rows if in_validation(r.text, seed)]
    return train, validation


def fit(
    rows: Sequence[LabeledText],
    config: FitConfig,
    seed: int = 0,
    source_weight: Mapping[str, float] | None = None,
) -> Fitted:
    """Fit the pipeline on `rows` (training rows only: never pass test rows here);
    `source_weight` multiplies the weight of the sources it names (training.mix.matrices)."""
    started = time.perf_counter()
    train, validation = split_validation(rows, seed)
    if not validation:  # a tiny corpus: calibrate on the training rows rather than not at all
        validation = train
    texts, labels, weights = matrices(train, source_weight=source_weight)
    featurizer = CommentFeaturizer(
        word_bits=config.word_bits,
        char_bits=config.char_bits,
        char_ngram_range=config.char_ngram_range,
        word_weight=config.word_weight,
        char_weight=config.char_weight,
        meta_weight=config.meta_weight,
    )
    features = featurizer.fit(texts).transform(texts)
    log.info("features: %d rows x %d columns", *features.shape)
    heads = LinearHeads(
        heads=HEADS,
        C=config.C,
        nb_beta=config.nb_beta,
        word_blend=config.word_blend,
        word_columns=featurizer.n_word,
        n_jobs=FIT_THREADS,
    ).fit(features, labels, weights)
    val_texts, val_labels, val_weights = matrices(validation, calibration=True)
    heads.calibrate(featurizer.transform(val_texts), val_labels, val_weights)
    seconds = time.perf_counter() - started
    log.info("fitted in %.1f s (%d train, %d validation rows)", seconds, len(train), len(validation))
    return Fitted(build_pipeline(featurizer, heads), train, validation, seconds)
