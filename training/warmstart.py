"""Retraining on a fresh install: the serving model refitted on the store's labels alone.

A user without the public corpora (no `--data-dir`) still has the bundled model and their own
moderators' decisions. Refitting from scratch on a few dozen labels would forget everything the
corpora taught, so each head is refitted under a Gaussian prior centred on the serving
version's weights: it minimises the weighted log loss of the new rows plus
PRIOR_STRENGTH/2 · |w − w₀|² (w₀ the serving coefficients and intercept). Columns no new row
uses keep their weight exactly; the rest move only as far as the labels pull them. We chose the
prior over shipping the training matrix in the artifact: the artifact stays as it is (no public
rows redistributed, no size growth), every existing version can be a starting point, and the
refit takes seconds. The featurizer (its IDF and token tables) and the Platt calibration are
kept: the probabilities, and so the policy's thresholds, keep their meaning.

Rows weigh as in the full training (training/tenancy.py): a site key's label a fifth of a
moderator's decision, one site's labels capped (in units of ROW_UNIT: a site counts at most
SITE_MASS_CAP / ROW_UNIT = 50 decisions, its site key 5), `--extra` rows `extra_weight` each.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from sklearn.pipeline import Pipeline

from models.features import FloatArray
from training.augment import neutral_examples
from training.blog_templates import blog_examples
from training.examples import LabeledText
from training.tenancy import STORE_SOURCES, weigh_store_labels

log = logging.getLogger(__name__)

PRIOR_STRENGTH = 0.05
ROW_UNIT = 0.01  # one moderator decision, in tenancy's mass units
ANCHOR_MASS = 1.0


def row_weights(rows: Sequence[LabeledText], heads: Sequence[str], extra_weight: float) -> FloatArray:
    """(n, heads) weights, 0 where a row has no label for a head."""
    weights = np.zeros((len(rows), len(heads)))
    for j, head in enumerate(heads):
        column = weights[:, j]
        for i, row in enumerate(rows):
            if row.label(head) is not None and row.source not in STORE_SOURCES:
                column[i] = extra_weight
        weigh_store_labels(rows, column, head, ROW_UNIT, float("inf"))
        store = [i for i, r in enumerate(rows) if r.source in STORE_SOURCES]
        column[store] /= ROW_UNIT
    return weights


def _refit_head(
    X: sp.csr_matrix, y: FloatArray, s: FloatArray, coef: FloatArray, intercept: float
) -> tuple[FloatArray, float]:
    """argmin over (w, b) of Σ s·logloss(y, Xw + b) + λ/2 (|w − coef|² + (b − intercept)²)."""
    used = np.unique(X.indices)
    Xu = X[:, used].tocsr()
    w0 = np.append(coef[used].astype(np.float64), intercept)

    def loss(theta: FloatArray) -> tuple[float, FloatArray]:
        z = Xu @ theta[:-1] + theta[-1]
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(s * (np.logaddexp(0.0, z) - y * z)))
        residual = s * (p - y)
        delta = theta - w0
        grad = np.append(Xu.T @ residual, residual.sum()) + PRIOR_STRENGTH * delta
        return value + 0.5 * PRIOR_STRENGTH * float(delta @ delta), grad

    result = minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    out = coef.copy()
    out[used] = result.x[:-1]
    return out, float(result.x[-1])


def anchor_texts() -> list[str]:
    """Ordinary text shipped in the package (training/augment.py, training/blog_templates.py)."""
    return list(dict.fromkeys(r.text for r in (*neutral_examples(), *blog_examples())))


def refit(
    base: Pipeline,
    rows: Sequence[LabeledText],
    extra_weight: float = 1.0,
    anchors: Sequence[str] = (),
) -> tuple[Pipeline, dict[str, Any]]:
    """A copy of `base` with each head refitted on `rows` under the prior; and what the card
    records about it. A head no row labels is copied unchanged.

    The prior alone lets a few dozen labels of one class move the weights of common words and
    the intercept, so ordinary comments drift too. `anchors` hold them: each anchor text is a
    row whose soft target is the base model's own (uncalibrated) probability, all anchors
    together weighing ANCHOR_MASS times the labels: the refit must keep its old answers on
    them while it learns the new rows."""
    pipeline = copy.deepcopy(base)
    features = pipeline.named_steps["features"]
    heads = pipeline.named_steps["heads"]
    names = tuple(heads.heads_)  # the baseline's own heads: spam + attributes, or a legacy spam, abuse
    weights = row_weights(rows, names, extra_weight)
    X = features.transform([r.text for r in rows]) if rows else None
    X_anchor = features.transform(list(anchors)) if anchors else None
    kept = 1.0 / (1.0 + np.exp(-heads.decision_function(X_anchor))) if X_anchor is not None else None
    counts: dict[str, int] = {}
    for j, head in enumerate(names):
        labeled = [i for i, r in enumerate(rows) if r.label(head) is not None and weights[i, j] > 0]
        counts[str(head)] = len(labeled)
        if X is None or not labeled:
            continue
        X_head = X[labeled]
        y = np.array([float(bool(rows[i].label(head))) for i in labeled])
        s = weights[labeled, j]
        if X_anchor is not None and kept is not None:
            X_head = sp.vstack([X_head, X_anchor]).tocsr()
            y = np.concatenate([y, kept[:, j]])
            s = np.concatenate([s, np.full(len(anchors), ANCHOR_MASS * s.sum() / len(anchors))])
        coef, intercept = _refit_head(
            X_head, y, s, np.asarray(heads.coef_[:, j]), float(heads.intercept_[j])
        )
        heads.coef_[:, j] = coef.astype(heads.coef_.dtype)
        heads.intercept_[j] = intercept
    log.info("refitted the heads on %s labeled rows under the prior (strength %s)", counts, PRIOR_STRENGTH)
    return pipeline, {
        "method": "L2 prior centred on the baseline's weights; featurizer and calibration kept",
        "prior_strength": PRIOR_STRENGTH,
        "row_unit": ROW_UNIT,
        "extra_weight": extra_weight,
        "rows_per_head": counts,
        "anchors": len(anchors),
        "anchor_mass": ANCHOR_MASS,
    }
