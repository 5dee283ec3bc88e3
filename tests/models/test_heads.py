"""TwoHeadLinear: the word-block ensemble is folded into one linear model."""

import numpy as np
import scipy.sparse as sp

from models.heads import TwoHeadLinear


def _data() -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = sp.random(200, 12, density=0.4, format="csr", random_state=1)
    spam = (X[:, 0].toarray().ravel() + X[:, 8].toarray().ravel() > 0.5).astype(float)
    abuse = (X[:, 1].toarray().ravel() + X[:, 9].toarray().ravel() > 0.5).astype(float)
    abuse[rng.random(200) < 0.3] = np.nan  # rows that say nothing about abuse
    return X, np.column_stack((spam, abuse)), np.ones((200, 2))


def test_word_blend_adds_a_word_only_model_to_the_word_columns() -> None:
    X, Y, W = _data()
    plain = TwoHeadLinear(C=(1.0, 1.0), nb_beta=(0.0, 0.5)).fit(X, Y, W)
    blended = TwoHeadLinear(C=(1.0, 1.0), nb_beta=(0.0, 0.5), word_blend=(0.0, 1.0), word_columns=6)
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
    plain = TwoHeadLinear(C=(1.0, 1.0)).fit(X, Y, W)
    blended = TwoHeadLinear(C=(1.0, 1.0), word_blend=(1.0, 1.0)).fit(X, Y, W)
    np.testing.assert_array_equal(blended.coef_, plain.coef_)
