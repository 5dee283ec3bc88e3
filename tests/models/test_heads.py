"""LinearHeads: N heads, the word-block ensemble folded into one linear model, old pickles."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp

from models.heads import HEADS, LinearHeads, TwoHeadLinear

TWO = ("spam", "abuse")


def _data() -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = sp.random(200, 12, density=0.4, format="csr", random_state=1)
    spam = (X[:, 0].toarray().ravel() + X[:, 8].toarray().ravel() > 0.5).astype(float)
    abuse = (X[:, 1].toarray().ravel() + X[:, 9].toarray().ravel() > 0.5).astype(float)
    abuse[rng.random(200) < 0.3] = np.nan  # rows that say nothing about abuse
    return X, np.column_stack((spam, abuse)), np.ones((200, 2))


def test_word_blend_adds_a_word_only_model_to_the_word_columns() -> None:
    X, Y, W = _data()
    plain = LinearHeads(heads=TWO, C=(1.0, 1.0), nb_beta=(0.0, 0.5)).fit(X, Y, W)
    blended = LinearHeads(heads=TWO, C=(1.0, 1.0), nb_beta=(0.0, 0.5), word_blend=(0.0, 1.0), word_columns=6)
    blended.fit(X, Y, W)
    # The spam head has no blend: identical. The abuse head differs only by the word model.
    np.testing.assert_array_equal(blended.coef_[:, 0], plain.coef_[:, 0])
    assert blended.intercept_[0] == plain.intercept_[0]
    np.testing.assert_allclose(blended.coef_[6:, 1], plain.coef_[6:, 1], rtol=1e-6)
    assert not np.allclose(blended.coef_[:6, 1], plain.coef_[:6, 1])
    # Still one linear model: decisions are X @ coef_ + intercept_.
    expected = X @ blended.coef_.astype(np.float64) + blended.intercept_
    np.testing.assert_allclose(blended.decision_function(X), expected)


def test_word_blend_without_word_columns_is_ignored() -> None:
    X, Y, W = _data()
    plain = LinearHeads(heads=TWO, C=(1.0, 1.0)).fit(X, Y, W)
    blended = LinearHeads(heads=TWO, C=(1.0, 1.0), word_blend=(1.0, 1.0)).fit(X, Y, W)
    np.testing.assert_array_equal(blended.coef_, plain.coef_)


def test_heads_are_named_and_a_scalar_setting_applies_to_every_head() -> None:
    X, Y, W = _data()
    Y7 = np.column_stack([Y[:, 0]] + [Y[:, 1]] * (len(HEADS) - 1))
    heads = LinearHeads(C=1.0, nb_beta=0.5).fit(X, Y7, np.ones_like(Y7))
    assert heads.heads_ == HEADS
    assert heads.coef_.shape == (12, len(HEADS))
    assert heads.predict_proba(X).shape == (200, len(HEADS))
    np.testing.assert_array_equal(heads.head_coef("insult"), heads.coef_[:, HEADS.index("insult")])
    with pytest.raises(ValueError, match="columns for 7 heads"):
        LinearHeads().fit(X, Y, W)


def test_a_head_with_one_class_predicts_its_smoothed_base_rate() -> None:
    X, Y, W = _data()
    Y[:, 1] = np.where(np.isnan(Y[:, 1]), np.nan, 0.0)  # abuse: negatives only
    heads = LinearHeads(heads=TWO).fit(X, Y, W)
    negatives = int((Y[:, 1] == 0).sum())
    assert not heads.coef_[:, 1].any()
    np.testing.assert_allclose(heads.predict_proba(X)[:, 1], 0.5 / (negatives + 1.0))


def test_a_pickled_two_head_model_without_head_names_loads_as_spam_and_abuse() -> None:
    X, Y, W = _data()
    old = TwoHeadLinear(C=(1.0, 1.0)).fit(X, Y, W)
    for name in ("heads", "heads_"):  # what artifacts before 2026-12-02 lack
        del old.__dict__[name]
    loaded = pickle.loads(pickle.dumps(old))
    assert loaded.heads_ == TWO
    np.testing.assert_allclose(loaded.predict_proba(X), old.predict_proba(X))


def test_fitting_heads_in_threads_gives_the_same_model() -> None:
    X, Y, W = _data()
    one = LinearHeads(heads=TWO, nb_beta=0.5, word_blend=1.0, word_columns=6).fit(X, Y, W)
    two = LinearHeads(heads=TWO, nb_beta=0.5, word_blend=1.0, word_columns=6, n_jobs=2).fit(X, Y, W)
    np.testing.assert_array_equal(one.coef_, two.coef_)
    np.testing.assert_array_equal(one.intercept_, two.intercept_)
