"""What an evaluation scores: one matrix column per head the policy and the card talk about."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from models.fast import FastScorer
from models.features import FloatArray
from models.types import ATTRIBUTES, HARM_ATTRIBUTES, Scores
from training.examples import Dataset, Head, LabeledText

# A ScoreFn returns one column per EVAL_COLUMNS name: spam, abuse (models.types.abuse_of), then
# the attributes. A model without attribute heads (a legacy version) fills each attribute
# column with its abuse score: what it had for "is this abusive".
EVAL_COLUMNS: tuple[str, ...] = ("spam", "abuse", *ATTRIBUTES)
ScoreFn = Callable[[Sequence[str]], FloatArray]
# The column a fixed split's own label is scored with: its abuse label is "offensive in any
# way" (Davidson's and OLID's include profanity), which is what toxicity means.
MAIN_COLUMN = {Head.SPAM: "spam", Head.ABUSE: "toxicity"}


def matrix_of(scores: Sequence[Scores]) -> FloatArray:
    """Scores as an EVAL_COLUMNS matrix (see above for models without attributes)."""
    rows = [[s.spam, s.abuse, *(s.attributes.get(a, s.abuse) for a in ATTRIBUTES)] for s in scores]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(EVAL_COLUMNS))


def matrix_from_heads(proba: FloatArray, heads: Sequence[str]) -> FloatArray:
    """A head matrix (spam, attributes... or a legacy spam, abuse) as an EVAL_COLUMNS matrix,
    abuse computed as served (models.types.abuse_of)."""
    out = np.zeros((len(proba), len(EVAL_COLUMNS)))
    for j, head in enumerate(heads):
        out[:, EVAL_COLUMNS.index(head)] = proba[:, j]
    harm = [EVAL_COLUMNS.index(a) for a in HARM_ATTRIBUTES if a in heads]
    if harm:
        out[:, 1] = out[:, harm].max(axis=1)
    for attribute in ATTRIBUTES:
        if attribute not in heads:
            out[:, EVAL_COLUMNS.index(attribute)] = out[:, 1]
    return out


def scorer_fn(scorer: FastScorer) -> ScoreFn:
    """A fast scorer as a ScoreFn (EVAL_COLUMNS)."""

    def score(texts: Sequence[str]) -> FloatArray:
        return matrix_from_heads(scorer.predict(texts), scorer.heads)

    return score


def head_column(head: str) -> int:
    """The EVAL_COLUMNS column of `head` (a corpus's Head scores with MAIN_COLUMN)."""
    name = MAIN_COLUMN.get(head, head) if isinstance(head, Head) else head
    return EVAL_COLUMNS.index(name)


def row_label(row: LabeledText, column: str) -> bool | None:
    """A row's label for an EVAL_COLUMNS column: `abuse` is the harm combination."""
    return row.harm() if column == "abuse" else row.label(column)


def attribute_auc(score: ScoreFn, datasets: Sequence[Dataset]) -> list[dict[str, Any]]:
    """ROC AUC of abuse and of every attribute on each test split that labels both classes."""
    out = []
    for dataset in datasets:
        if dataset.head is not Head.ABUSE or not dataset.test:
            continue
        scores = score([r.text for r in dataset.test])
        for column in EVAL_COLUMNS[1:]:
            labeled = [(i, row_label(r, column)) for i, r in enumerate(dataset.test)]
            known = [(i, bool(v)) for i, v in labeled if v is not None]
            positives = sum(v for _, v in known)
            if not 0 < positives < len(known):
                continue
            y = [v for _, v in known]
            auc = roc_auc_score(y, scores[[i for i, _ in known], EVAL_COLUMNS.index(column)])
            out.append(
                {
                    "dataset": dataset.name,
                    "attribute": column,
                    "n": len(known),
                    "positives": positives,
                    "roc_auc": round(float(auc), 4),
                }
            )
    return out
