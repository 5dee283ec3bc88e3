"""N calibrated linear heads (spam and Perspective's attributes) over one shared feature space."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from models.types import ATTRIBUTES

FloatArray = npt.NDArray[np.float64]
HEADS: tuple[str, ...] = ("spam", *ATTRIBUTES)
LEGACY_HEADS = ("spam", "abuse")  # what artifacts before 2026-12-02 hold


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


def _per_head(value: float | Sequence[float], n: int, name: str) -> list[float]:
    """A scalar for every head, or one value per head."""
    if isinstance(value, int | float):
        return [float(value)] * n
    values = [float(v) for v in value]
    if len(values) != n:
        raise ValueError(f"{name} has {len(values)} values for {n} heads")
    return values


class LinearHeads(BaseEstimator):  # type: ignore[misc]
    """One logistic regression per head (`heads`, the columns of `Y`); Platt scaling per head.

    `fit` takes a label matrix `Y` (n, len(heads)) with NaN where a row says nothing about a
    head, and an optional matching weight matrix; each head learns from its labeled rows
    only. With `nb_beta[head] > 0` that head's columns are NB-scaled first (see `nb_scale`).

    With `word_blend[head] = a > 0` (and `word_columns` = the size of the word block, which
    comes first in the feature space) the head is an ensemble: a second model of the same
    kind on the word block alone is added with weight `a`. A sum of linear models is one
    linear model, so the ensemble is folded into `coef_` and scoring costs nothing more.

    Calibration is a second step, `calibrate`, on other rows with other weights (every source
    counted equally, synthetic ones not at all; training.mix): calibrating inside `fit` would
    either reuse the training rows (overconfident) or carve rows out of `X` whose source the
    estimator cannot see. Until then `calibration_` is the identity (a, b) = (1, 0).

    It follows scikit-learn's conventions otherwise (parameters stored unchanged by `__init__`,
    fitted state in `*_` attributes, `fit` returns self, `sample_weight` optional), but
    `check_estimator` does not apply: its checks feed 1-D class labels, while `Y` here is a
    matrix with NaN for "this row says nothing about this head" (no scikit-learn multi-output
    estimator accepts missing labels).
    """

    def __init__(
        self,
        heads: Sequence[str] = HEADS,
        C: float | Sequence[float] = 1.0,
        nb_beta: float | Sequence[float] = 0.0,
        max_iter: int = 2000,
        word_blend: float | Sequence[float] = 0.0,
        word_columns: int = 0,
        n_jobs: int | None = None,
    ) -> None:
        self.heads = heads
        self.C = C
        self.nb_beta = nb_beta
        self.max_iter = max_iter
        self.word_blend = word_blend
        self.word_columns = word_columns
        self.n_jobs = n_jobs

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Artifacts pickled as TwoHeadLinear have no `heads`: they are (spam, abuse)."""
        state.setdefault("heads", LEGACY_HEADS)
        state.setdefault("n_jobs", None)
        if "coef_" in state:
            state.setdefault("heads_", LEGACY_HEADS)
        self.__dict__.update(state)

    def _fit_one(
        self, X: sp.csr_matrix, y: FloatArray, w: FloatArray, C: float, beta: float
    ) -> tuple[FloatArray, float]:
        """Coefficients over all of X's columns (0 where unused) and the intercept."""
        scale = np.ones(X.shape[1])
        if beta > 0:
            scale = nb_scale(X, y, w, beta)
            X = X @ sp.diags(scale)
        # Columns no labeled row uses keep coefficient 0 under L2: fit on the others only.
        used = np.unique(X.indices)
        model = LogisticRegression(C=C, max_iter=self.max_iter, tol=1e-5)
        model.fit(X[:, used], y.astype(int), sample_weight=w)
        coef = np.zeros(X.shape[1])
        coef[used] = model.coef_[0] * scale[used]
        return coef, float(model.intercept_[0])

    def fit(self, X: sp.csr_matrix, Y: FloatArray, sample_weight: FloatArray | None = None) -> Self:
        X = sp.csr_matrix(X)
        Y = np.asarray(Y, dtype=np.float64).reshape(X.shape[0], -1)
        n = len(self.heads)
        if Y.shape[1] != n:
            raise ValueError(f"Y has {Y.shape[1]} columns for {n} heads {tuple(self.heads)}")
        W = np.ones_like(Y) if sample_weight is None else np.asarray(sample_weight).reshape(Y.shape)
        C = _per_head(self.C, n, "C")
        beta = _per_head(self.nb_beta, n, "nb_beta")
        blend = _per_head(self.word_blend, n, "word_blend")
        coef = np.zeros((X.shape[1], n), dtype=np.float32)
        intercept = np.zeros(n, dtype=np.float64)
        jobs = []  # (head, rows, word block only?): the logistic regressions to fit
        for head in range(n):
            rows = ~np.isnan(Y[:, head])
            if len(np.unique(Y[rows, head])) < 2:
                # One class only: no weights, the smoothed base rate (no rows: probability 0.5).
                positives = float(Y[rows, head].sum())
                intercept[head] = np.log((positives + 0.5) / (rows.sum() - positives + 0.5))
                continue
            jobs.append((head, rows, False))
            if blend[head] > 0 and 0 < self.word_columns <= X.shape[1]:
                jobs.append((head, rows, True))

        def run(head: int, rows: npt.NDArray[np.bool_], words: bool) -> tuple[FloatArray, float]:
            X_head = X[rows][:, : self.word_columns].tocsr() if words else X[rows]
            return self._fit_one(X_head, Y[rows, head], W[rows, head], C[head], beta[head])

        # Threads: the fits are sparse products and L-BFGS steps that release the GIL; the
        # result does not depend on n_jobs.
        fitted = Parallel(n_jobs=self.n_jobs, prefer="threads")(delayed(run)(*job) for job in jobs)
        for (head, _, words), (head_coef, bias) in zip(jobs, fitted, strict=True):
            if words:
                coef[: self.word_columns, head] += blend[head] * head_coef[: self.word_columns]
                intercept[head] += blend[head] * bias
            else:
                coef[:, head] += head_coef
                intercept[head] += bias
        self.heads_ = tuple(self.heads)
        self.coef_ = coef
        self.intercept_ = intercept
        self.calibration_ = np.array([[1.0, 0.0]] * n)  # identity until calibrate()
        self.n_features_in_ = X.shape[1]
        return self

    def calibrate(self, X: sp.csr_matrix, Y: FloatArray, sample_weight: FloatArray | None = None) -> Self:
        """Fit p = sigmoid(a * decision + b) per head on held-out (validation) rows."""
        decision = self.decision_function(X)
        Y = np.asarray(Y, dtype=np.float64).reshape(decision.shape)
        W = np.ones_like(Y) if sample_weight is None else np.asarray(sample_weight).reshape(Y.shape)
        calibration = np.array(self.calibration_, dtype=np.float64)
        for head in range(len(self.heads_)):
            rows = ~np.isnan(Y[:, head]) & (W[:, head] > 0)
            if len(np.unique(Y[rows, head])) < 2:
                continue
            platt = LogisticRegression(C=1e6, max_iter=1000)
            platt.fit(decision[rows, head : head + 1], Y[rows, head].astype(int), sample_weight=W[rows, head])
            calibration[head] = (platt.coef_[0, 0], platt.intercept_[0])
        self.calibration_ = calibration
        return self

    def decision_function(self, X: sp.csr_matrix) -> FloatArray:
        out: FloatArray = np.asarray(X @ self.coef_, dtype=np.float64) + self.intercept_
        return out

    def predict_proba(self, X: sp.csr_matrix) -> FloatArray:
        """Calibrated probabilities, shape (n, len(heads_)), columns in `heads_` order."""
        return self.calibrated(self.decision_function(X))

    def calibrated(self, decision: FloatArray) -> FloatArray:
        return _sigmoid(decision * self.calibration_[:, 0] + self.calibration_[:, 1])

    def head_coef(self, head: str) -> FloatArray:
        """One head's per-feature weights (for explanations: which tokens drove a score)."""
        out: FloatArray = np.asarray(self.coef_[:, self.heads_.index(head)], dtype=np.float64)
        return out


class TwoHeadLinear(LinearHeads):
    """The (spam, abuse) estimator of artifacts before 2026-12-02, kept so they still unpickle."""

    def __init__(
        self,
        heads: Sequence[str] = LEGACY_HEADS,
        C: float | Sequence[float] = (4.0, 4.0),
        nb_beta: float | Sequence[float] = (0.0, 0.0),
        max_iter: int = 2000,
        word_blend: float | Sequence[float] = (0.0, 0.0),
        word_columns: int = 0,
    ) -> None:
        super().__init__(heads, C, nb_beta, max_iter, word_blend, word_columns)
