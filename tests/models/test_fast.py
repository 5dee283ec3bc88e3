"""The fast scoring path must agree with the reference (full sparse matrix) path."""

import threading
from pathlib import Path

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from models import load
from models.fast import FastScorer
from models.pipeline import predict_texts
from models.text import prepare
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
    assert scorer.predict([]).shape == (0, len(scorer.heads))


def test_a_new_scorer_starts_with_the_training_vocabulary(pipeline: Pipeline) -> None:
    common = pipeline.named_steps["features"].common_tokens_
    training_texts = [r.text for r in TINY_CORPUS]
    assert common
    assert all(sum(t in prepare(x).tokens for x in training_texts) >= 2 for t in common)
    assert FastScorer(pipeline).cached_tokens == len(common)
    cold = FastScorer(pipeline, warm=False)
    assert cold.cached_tokens == 0
    reference = predict_texts(pipeline, TEXTS)
    np.testing.assert_allclose(FastScorer(pipeline).predict(TEXTS), reference, atol=1e-12)
    np.testing.assert_allclose(cold.predict(TEXTS), reference, atol=1e-12)


def test_a_full_cache_is_replaced_and_the_numbers_do_not_change(pipeline: Pipeline) -> None:
    reference = predict_texts(pipeline, TEXTS)
    scorer = FastScorer(pipeline, cache_limit=8)  # far fewer rows than the texts' tokens
    np.testing.assert_allclose(scorer.predict(TEXTS), reference, atol=1e-12)
    singles = np.vstack([scorer.predict([t]) for t in TEXTS])
    np.testing.assert_allclose(singles, reference, atol=1e-12)


def test_threads_sharing_one_scorer_get_the_reference_numbers(pipeline: Pipeline) -> None:
    """Readers take no lock; learning is serialized and a cache is only ever appended to or
    replaced, so racing threads (a small cache forces replacements) never read a wrong row."""
    reference = predict_texts(pipeline, TEXTS)
    scorer = FastScorer(pipeline, cache_limit=64)
    barrier = threading.Barrier(8)
    results: list[np.ndarray] = []

    def work(offset: int) -> None:
        barrier.wait()
        for round_ in range(20):
            start = (offset + round_) % len(TEXTS)
            order = TEXTS[start:] + TEXTS[:start]
            got = np.vstack([scorer.predict(order[:3]), *(scorer.predict([t]) for t in order[3:])])
            results.append(np.roll(got, start, axis=0))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 * 20
    for got in results:
        np.testing.assert_allclose(got, reference, atol=1e-12)


@pytest.mark.parametrize("text", ["http://x.example.com", "me@x.org 555 123 4567", "x" * 40])
def test_a_comment_with_no_char_ngram_at_all(pipeline: Pipeline, text: str) -> None:
    """Placeholders and over-long tokens have no char n-grams: nothing to sum, score all the same."""
    reference = predict_texts(pipeline, [text])
    np.testing.assert_allclose(FastScorer(pipeline).predict([text]), reference, atol=1e-12)
