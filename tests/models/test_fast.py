"""The fast scoring path must agree with the reference (full sparse matrix) path."""

from pathlib import Path

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from models import load
from models.fast import FastScorer
from models.pipeline import predict_texts
from training.tiny import TINY_CORPUS

TEXTS = [r.text for r in TINY_CORPUS] + [
    "",
    "!!!",
    "unseen tokens xyzzy plugh",
    "sooooo loooong wooooords",
    "a" * 3000,
    "ÀÉÎ ünïcödé 😀 \u200b <b>html</b> &amp; 555 123 4567 me@x.org #tag @user $5",
]


@pytest.fixture
def pipeline(tiny_model_path: Path) -> Pipeline:
    return load(tiny_model_path).pipeline


def test_batch_and_single_match_the_reference(pipeline: Pipeline) -> None:
    reference = predict_texts(pipeline, TEXTS)
    batch = FastScorer(pipeline).predict(TEXTS)
    cold = np.vstack([FastScorer(pipeline).predict([t]) for t in TEXTS])
    np.testing.assert_allclose(batch, reference, atol=1e-12)
    np.testing.assert_allclose(cold, reference, atol=1e-12)


def test_warm_cache_gives_the_same_numbers(pipeline: Pipeline) -> None:
    scorer = FastScorer(pipeline)
    first = scorer.predict(TEXTS)
    np.testing.assert_array_equal(scorer.predict(TEXTS), first)
    assert scorer.predict([]).shape == (0, 2)
