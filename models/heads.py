"""Two calibrated linear heads (spam, abuse) over one shared feature space."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

FloatArray = npt.NDArray[np.float64]
HEADS = ("spam", "abuse")


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free logistic
    return out


def nb_scale(X: sp.csr_matrix, y: FloatArray, w: FloatArray, beta: float) -> FloatArray:
    """|log-count ratio|^beta per column (NB-LR, Wang & Manning 2012), mean 1 over used columns.

    Scaling a column by s before an L2-regularised fit is a per-feature prior: columns that
    separate the classes are penalised less. The scale is folded into coef_ afterwards.
    """
    present = abs(X)
    positive = np.asarray(present.T @ (w * y)).ravel() + 1.0
    negative = np.asarray(present.T @ (w * (1.0 - y))).ravel() + 1.0
    ratio = np.log(positive / positive.sum()) - np.log(negative / negative.sum())
    scale: FloatArray = np.abs(ratio) ** beta
    used = np.asarray(present.sum(axis=0)).ravel() > 0
    return scale / scale[used].mean() if used.any() else scale


class TwoHeadLinear(BaseEstimator):  # type: ignore[misc]
    """One logistic regression per head; Platt scaling fitted on validation rows.

    `fit` takes a label matrix `Y` (n, 2) with NaN where a row says nothing about a head, and
    a matching weight matrix; each head learns from its labeled rows only. With
    `nb_beta[head] > 0` that head's columns are NB-scaled first (see `nb_scale`).

    With `word_blend[head] = a > 0` (and `word_columns` = the size of the word block, which
    comes first in the feature space) the head is an ensemble: a second model of the same
    kind on the word block alone is added with weight `a`. A sum of linear models is one
    linear model, so the ensemble is folded into `coef_` and scoring costs nothing more.
    """

    def __init__(
        self,
        C: Sequence[float] = (4.0, 4.0),
        nb_beta: Sequence[float] = (0.0, 0.0),
        max_iter: int = 2000,
        word_blend: Sequence[float] = (0.0, 0.0),
        word_columns: int = 0,
    ) -> None:
        self.C = C
        self.nb_beta = nb_beta
        self.max_iter = max_iter
        self.word_blend = word_blend
        self.word_columns = word_columns

    def _fit_one(
        self, X: sp.csr_matrix, y: FloatArray, w: FloatArray, head: int
    ) -> tuple[FloatArray, float]:
        """Coefficients over all of X's columns (0 where unused) and the intercept."""
        scale = np.ones(X.shape[1])
        if self.nb_beta[head] > 0:
            scale = nb_scale(X, y, w, self.nb_beta[head])
            X = X @ sp.diags(scale)
        # Columns no labeled row uses keep coefficient 0 under L2: fit on the others only.
        used = np.unique(X.indices)
        model = LogisticRegression(C=self.C[head], max_iter=self.max_iter, tol=1e-5)
        model.fit(X[:, used], y.astype(int), sample_weight=w)
        coef = np.zeros(X.shape[1])
        coef[used] = model.coef_[0] * scale[used]
        return coef, float(model.intercept_[0])

    def fit(self, X: sp.csr_matrix, Y: FloatArray, sample_weight: FloatArray) -> Self:
        coef = np.zeros((X.shape[1], len(HEADS)), dtype=np.float32)
        intercept = np.zeros(len(HEADS), dtype=np.float64)
        for head in range(len(HEADS)):
            rows = ~np.isnan(Y[:, head])
            if len(np.unique(Y[rows, head])) < 2:
                continue  # nothing to learn: decision 0, probability 0.5
            X_head, y, w = X[rows], Y[rows, head], sample_weight[rows, head]
            coef[:, head], intercept[head] = self._fit_one(X_head, y, w, head)
            blend = self.word_blend[head]
            if blend > 0 and 0 < self.word_columns <= X.shape[1]:
                words, bias = self._fit_one(X_head[:, : self.word_columns].tocsr(), y, w, head)
                coef[: self.word_columns, head] += blend * words
                intercept[head] += blend * bias
        self.coef_ = coef
        self.intercept_ = intercept
        self.calibration_ = np.array([[1.0, 0.0]] * len(HEADS))  # identity until calibrate()
        return self

    def calibrate(self, X: sp.csr_matrix, Y: FloatArray, sample_weight: FloatArray) -> Self:
        """Fit p = sigmoid(a * decision + b) per head on held-out (validation) rows."""
        decision = self.decision_function(X)
        calibration = np.zeros((len(HEADS), 2))
        for head in range(len(HEADS)):
            rows = ~np.isnan(Y[:, head])
            if len(np.unique(Y[rows, head])) < 2:
                calibration[head] = self.calibration_[head]
                continue
            platt = LogisticRegression(C=1e6, max_iter=1000)
            platt.fit(
                decision[rows, head : head + 1],
                Y[rows, head].astype(int),
                sample_weight=sample_weight[rows, head],
            )
            calibration[head] = (platt.coef_[0, 0], platt.intercept_[0])
        self.calibration_ = calibration
        return self

    def decision_function(self, X: sp.csr_matrix) -> FloatArray:
        out: FloatArray = np.asarray(X @ self.coef_, dtype=np.float64) + self.intercept_
        return out

    def predict_proba(self, X: sp.csr_matrix) -> FloatArray:
        """Calibrated probabilities, shape (n, 2): column 0 spam, column 1 abuse."""
        return self.calibrated(self.decision_function(X))

    def calibrated(self, decision: FloatArray) -> FloatArray:
        return _sigmoid(decision * self.calibration_[:, 0] + self.calibration_[:, 1])
