"""Metrics on the fixed test splits, the metrics table, and the quality gate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

from models.features import FloatArray
from training.columns import (
    EVAL_COLUMNS,
    MAIN_COLUMN,
    ScoreFn,
    attribute_auc,
    head_column,
    matrix_from_heads,
    matrix_of,
    row_label,
    scorer_fn,
)
from training.examples import Dataset, Head, LabeledText

__all__ = [
    "EVAL_COLUMNS",
    "ScoreFn",
    "attribute_auc",
    "head_column",
    "matrix_from_heads",
    "matrix_of",
    "scorer_fn",
]

# The service's policy defaults (DESIGN.md, "Decision policy"); metrics are reported at these.
THRESHOLDS: dict[str, dict[str, float]] = {
    "spam": {"spam": 0.90, "hold": 0.50},
    "abuse": {"hold": 0.50},
}

# Two tables. TARGETS are the quality goals of the project (issue 2): reported in the card and
# the test suite (known misses are xfail there), but they do not block a version. FLOORS are the
# hard minimums of the promotion gate: a version below any of them is written with
# promotable=false and the CLI exits non-zero. The floors sit a little under what the bundled
# default reaches, so they catch a broken training run, not honest noise; the regression gate
# against the serving model (training/train.py) catches smaller losses. For spam splits both
# also bound the share of legitimate comments sent straight to spam (score >= 0.90): 1%.
TARGETS: dict[str, dict[str, float]] = {
    "youtube": {"roc_auc": 0.995, "max_fp_share_spam": 0.01},
    "sms": {"roc_auc": 0.99, "max_fp_share_spam": 0.01},
    "datacamp": {"roc_auc": 0.90, "max_fp_share_spam": 0.01},
    "davidson": {"roc_auc": 0.985},
    "olid": {"roc_auc": 0.85},
    "jigsaw": {"roc_auc": 0.97},
}
FLOORS: dict[str, dict[str, float]] = {
    "youtube": {"roc_auc": 0.985, "max_fp_share_spam": 0.01},
    "sms": {"roc_auc": 0.985, "max_fp_share_spam": 0.01},
    "datacamp": {"roc_auc": 0.70, "max_fp_share_spam": 0.01},
    "davidson": {"roc_auc": 0.98},
    "olid": {"roc_auc": 0.81},  # 2026-12-02.1 reaches 0.819 (toxicity shares weight with new corpora)
    "jigsaw": {"roc_auc": 0.95},
}


def hold_threshold(head: str) -> float:
    return THRESHOLDS.get(head, THRESHOLDS["abuse"])["hold"]


@dataclass(frozen=True)
class SplitMetrics:
    """One row of the metrics table. Precision is None where nothing reached the threshold."""

    dataset: str
    head: str
    n: int
    positives: int
    roc_auc: float
    average_precision: float
    precision_hold: float | None
    recall_hold: float
    precision_spam: float | None = None
    recall_spam: float | None = None
    fp_share_spam: float | None = None
    cross_domain: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _at(labels: np.ndarray[Any, Any], scores: FloatArray, threshold: float) -> tuple[float | None, float]:
    flagged = scores >= threshold
    precision = float(labels[flagged].mean()) if flagged.any() else None
    recall = float(flagged[labels].mean()) if labels.any() else 0.0
    return precision, recall


def split_metrics(
    dataset: str, head: str, labels: Sequence[bool], scores: FloatArray, cross_domain: bool
) -> SplitMetrics:
    y = np.asarray(labels, dtype=bool)
    precision_hold, recall_hold = _at(y, scores, hold_threshold(head))
    spam: dict[str, Any] = {}
    if head == Head.SPAM:
        precision, recall = _at(y, scores, THRESHOLDS["spam"]["spam"])
        fp_share = float((scores[~y] >= THRESHOLDS["spam"]["spam"]).mean()) if (~y).any() else 0.0
        spam = {"precision_spam": precision, "recall_spam": recall, "fp_share_spam": fp_share}
    both = 0 < y.sum() < len(y)
    return SplitMetrics(
        dataset=dataset,
        head=str(head),
        n=len(y),
        positives=int(y.sum()),
        roc_auc=float(roc_auc_score(y, scores)) if both else float("nan"),
        average_precision=float(average_precision_score(y, scores)) if both else float("nan"),
        precision_hold=precision_hold,
        recall_hold=recall_hold,
        cross_domain=cross_domain,
        **spam,
    )


def evaluate(score: ScoreFn, datasets: Sequence[Dataset]) -> list[SplitMetrics]:
    """Score every dataset's test split on its own label (spam, or abuse with toxicity)."""
    rows = []
    for dataset in datasets:
        if not dataset.test:
            continue
        labels = [bool(r.label(dataset.head)) for r in dataset.test]
        scores = score([r.text for r in dataset.test])[:, head_column(dataset.head)]
        column = MAIN_COLUMN[dataset.head]
        rows.append(split_metrics(dataset.name, column, labels, scores, dataset.test_only))
    return rows


def validation_auc(score: ScoreFn, rows: Sequence[LabeledText]) -> dict[str, dict[str, float]]:
    """ROC AUC per column and source on validation rows (the numbers tuning may look at)."""
    scores = score([r.text for r in rows])
    out: dict[str, dict[str, float]] = {}
    for column in EVAL_COLUMNS:
        groups: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            if row_label(row, column) is not None:
                groups.setdefault(row.source, []).append(i)
        for source, indices in sorted(groups.items()):
            labels = [bool(row_label(rows[i], column)) for i in indices]
            if 0 < sum(labels) < len(labels):
                auc = roc_auc_score(labels, scores[indices, EVAL_COLUMNS.index(column)])
                out.setdefault(column, {})[source] = round(float(auc), 4)
    return out


def macro_f1(labels: Sequence[bool], scores: FloatArray, threshold: float) -> float:
    return float(f1_score(labels, scores >= threshold, average="macro"))


def hate_f1(
    val_hate: Sequence[bool],
    val_scores: FloatArray,
    test_hate: Sequence[bool],
    test_scores: FloatArray,
) -> tuple[float, float]:
    """Davidson hate-class F1 of "abuse >= t": t is chosen on validation rows, reported on test.

    The abuse head does not separate hate from offensive language, so this is a lower bound on
    what a dedicated hate head would do; it is reported for comparison with the literature.
    """
    grid = np.unique(np.round(val_scores, 3))
    best = max(grid, key=lambda t: f1_score(val_hate, val_scores >= t, zero_division=0.0))
    return float(best), float(f1_score(test_hate, test_scores >= best, zero_division=0.0))


def gate(rows: Sequence[SplitMetrics], floors: dict[str, dict[str, float]] | None = None) -> list[str]:
    """Every floor (of FLOORS, or the table given, e.g. TARGETS) that `rows` misses, as
    readable lines; empty when the version may ship."""
    failures = []
    by_name = {r.dataset: r for r in rows}
    for dataset, floor in (FLOORS if floors is None else floors).items():
        row = by_name.get(dataset)
        if row is None:
            failures.append(f"{dataset}: no test split evaluated")
            continue
        if not row.roc_auc >= floor["roc_auc"]:
            failures.append(f"{dataset}: ROC AUC {row.roc_auc:.4f} < {floor['roc_auc']}")
        limit = floor.get("max_fp_share_spam")
        if limit is not None and (row.fp_share_spam or 0.0) > limit:
            failures.append(
                f"{dataset}: {row.fp_share_spam:.2%} of legitimate comments sent to spam > {limit:.0%}"
            )
    return failures


# The promotion gate against the serving version: no test split's ROC AUC may drop by more
# than this, and the held-back moderator slice may not get worse (see `promotion_gate`).
MAX_AUC_DROP = 0.005
SLICE_NAME = "moderators (held back)"


@dataclass(frozen=True)
class Baseline:
    """The version a new one must not be worse than: the newest promotable (or the default)."""

    version: str
    score: ScoreFn


@dataclass(frozen=True)
class SliceRow:
    """One head on the held-back moderator slice. `mistakes` counts labels the policy's hold
    threshold gets wrong (a spam label scored < 0.50, an approved one >= 0.50)."""

    metrics: SplitMetrics
    mistakes: int

    def as_dict(self) -> dict[str, Any]:
        return {**self.metrics.as_dict(), "mistakes_hold": self.mistakes}


def slice_rows(score: ScoreFn, rows: Sequence[LabeledText]) -> list[SliceRow]:
    """Metrics per head on the held-back moderator labels (a head with no label is left out)."""
    if not rows:
        return []
    scores = score([r.text for r in rows])
    out = []
    for head in (Head.SPAM, Head.ABUSE):
        labeled = [i for i, r in enumerate(rows) if r.label(head) is not None]
        if not labeled:
            continue
        labels = np.array([bool(rows[i].label(head)) for i in labeled])
        column = scores[labeled, EVAL_COLUMNS.index(head)]  # moderators' abuse is the policy's
        mistakes = int(((column >= THRESHOLDS[head]["hold"]) != labels).sum())
        out.append(SliceRow(split_metrics(SLICE_NAME, head, list(labels), column, False), mistakes))
    return out


def _split_pairs(
    new: Sequence[SplitMetrics], baseline: Sequence[SplitMetrics]
) -> list[tuple[SplitMetrics, SplitMetrics]]:
    """Each new test split beside the baseline's row for the same dataset (if it has one)."""
    old = {r.dataset: r for r in baseline}
    return [(r, old[r.dataset]) for r in new if r.dataset in old]


def _slice_pairs(new: Sequence[SliceRow], baseline: Sequence[SliceRow]) -> list[tuple[SliceRow, SliceRow]]:
    """Each head's new moderator-slice row beside the baseline's (if it has one)."""
    old = {r.metrics.head: r for r in baseline}
    return [(r, old[r.metrics.head]) for r in new if r.metrics.head in old]


def promotion_gate(
    new: Sequence[SplitMetrics],
    baseline: Sequence[SplitMetrics] = (),
    new_slice: Sequence[SliceRow] = (),
    baseline_slice: Sequence[SliceRow] = (),
    baseline_version: str = "baseline",
) -> list[str]:
    """Why a version may not be promoted (empty: it may). The floors (`gate`), plus, against
    the baseline (the serving version) evaluated on the same rows:

    - a test split whose ROC AUC is more than MAX_AUC_DROP below the baseline's;
    - on the held-back moderator slice, a head that gets more labels wrong at the hold
      threshold than the baseline, or (both classes present) whose ROC AUC drops by more
      than MAX_AUC_DROP.
    """
    failures = gate(new)
    for row, old in _split_pairs(new, baseline):
        if math.isnan(row.roc_auc) or math.isnan(old.roc_auc):
            continue
        if row.roc_auc < old.roc_auc - MAX_AUC_DROP:
            failures.append(
                f"{row.dataset}: ROC AUC {row.roc_auc:.4f} is {old.roc_auc - row.roc_auc:.4f} below "
                f"{baseline_version} ({old.roc_auc:.4f}); at most {MAX_AUC_DROP} allowed"
            )
    for item, old_item in _slice_pairs(new_slice, baseline_slice):
        head = item.metrics.head
        if item.mistakes > old_item.mistakes:
            failures.append(
                f"{SLICE_NAME} {head}: {item.mistakes} of {item.metrics.n} labels wrong at the hold "
                f"threshold, {baseline_version} gets {old_item.mistakes} wrong"
            )
        new_auc, old_auc = item.metrics.roc_auc, old_item.metrics.roc_auc
        if not (math.isnan(new_auc) or math.isnan(old_auc)) and new_auc < old_auc - MAX_AUC_DROP:
            failures.append(
                f"{SLICE_NAME} {head}: ROC AUC {new_auc:.4f} < {baseline_version} ({old_auc:.4f})"
            )
    return failures


def format_comparison(
    new: Sequence[SplitMetrics],
    baseline: Sequence[SplitMetrics],
    new_slice: Sequence[SliceRow],
    baseline_slice: Sequence[SliceRow],
    baseline_version: str,
) -> str:
    """ROC AUC (and slice mistakes) of the new version beside the baseline's, as Markdown."""
    lines = [
        f"| split | head | {baseline_version} ROC AUC | new ROC AUC | delta "
        f"| {baseline_version} mistakes@0.50 | new mistakes@0.50 |",
        "|" + "---|" * 7,
    ]
    for row, old in _split_pairs(new, baseline):
        lines.append(
            f"| {row.dataset} | {row.head} | {_cell(old.roc_auc)} | {_cell(row.roc_auc)} "
            f"| {row.roc_auc - old.roc_auc:+.4f} | - | - |"
        )
    for item, old_item in _slice_pairs(new_slice, baseline_slice):
        delta = item.metrics.roc_auc - old_item.metrics.roc_auc
        lines.append(
            f"| {SLICE_NAME} | {item.metrics.head} | {_cell(old_item.metrics.roc_auc)} "
            f"| {_cell(item.metrics.roc_auc)} | {'-' if math.isnan(delta) else f'{delta:+.4f}'} "
            f"| {old_item.mistakes} of {old_item.metrics.n} | {item.mistakes} of {item.metrics.n} |"
        )
    return "\n".join(lines)


def _cell(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.2%}" if percent else f"{value:.4f}"


def format_table(rows: Sequence[SplitMetrics]) -> str:
    """A Markdown table (readable in a terminal, pasteable into docs)."""
    header = (
        "| dataset | head | n | positives | ROC AUC | avg precision | P@0.50 | R@0.50 "
        "| P@0.90 | R@0.90 | legit→spam@0.90 |"
    )
    lines = [header, "|" + "---|" * 11]
    for r in rows:
        name = f"{r.dataset} (cross-domain)" if r.cross_domain else r.dataset
        lines.append(
            f"| {name} | {r.head} | {r.n} | {r.positives} | {_cell(r.roc_auc)} "
            f"| {_cell(r.average_precision)} | {_cell(r.precision_hold)} | {_cell(r.recall_hold)} "
            f"| {_cell(r.precision_spam)} | {_cell(r.recall_spam)} "
            f"| {_cell(r.fp_share_spam, percent=True)} |"
        )
    return "\n".join(lines)


def format_attributes(rows: Sequence[dict[str, Any]]) -> str:
    """Per-split ROC AUC of abuse and each attribute (training.columns.attribute_auc), Markdown:
    one row per split, one column per attribute, `-` where the split does not label it."""
    columns = EVAL_COLUMNS[1:]
    table: dict[str, dict[str, float]] = {}
    for r in rows:
        table.setdefault(str(r["dataset"]), {})[str(r["attribute"])] = float(r["roc_auc"])
    lines = ["| split | " + " | ".join(columns) + " |", "|" + "---|" * (len(columns) + 1)]
    for dataset, aucs in table.items():
        cells = [_cell(aucs[c]) if c in aucs else "-" for c in columns]
        lines.append(f"| {dataset} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
