"""`commentmod evaluate --file PATH`: an operator's own labelled comments, scored on every column.

The file is CSV (header `text,label[,attribute columns]`) or JSONL (objects with the same keys).
`label` takes the words of training.extra (spam, abuse, ok, ...) and may be empty where only
attribute columns are given; an attribute column (toxicity, insult, ...) holds 1/0, true/false,
yes/no or nothing (unknown). The report has one line per column: how many rows label it, how
many positives, ROC AUC where both classes occur, and the mean score over all rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from models.types import ATTRIBUTES
from training.columns import EVAL_COLUMNS, ScoreFn, row_label
from training.examples import LabeledText, attribute_labels
from training.extra import LABELS
from training.labeled_files import read_items
from training.sources import DatasetError

_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n"}


def _flag(value: object, where: str) -> bool | None:
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise DatasetError(f"{where}: attribute value {value!r} is not 1/0, true/false or empty")


def _row(item: Mapping[str, object], where: str) -> LabeledText:
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: empty or missing text")
    label = str(item.get("label") or "").strip().lower()
    if label and label not in LABELS:
        raise DatasetError(f"{where}: unknown label {label!r}; use one of {', '.join(sorted(LABELS))}")
    spam, abuse = LABELS[label] if label else (None, None)
    attributes = attribute_labels(**{a: _flag(item.get(a), where) for a in ATTRIBUTES})
    return LabeledText(text, spam, abuse, "file", attributes)


def load_labeled_file(path: Path) -> list[LabeledText]:
    """The rows of an evaluation file (format by suffix: .jsonl/.ndjson, anything else CSV)."""
    if not path.is_file():
        raise DatasetError(f"missing evaluation file {path}")
    rows = [_row(item, where) for item, where in read_items(path, required=("text",))]
    if not rows:
        raise DatasetError(f"{path}: no rows")
    return rows


def file_report(score: ScoreFn, rows: Sequence[LabeledText]) -> list[dict[str, object]]:
    """Per EVAL_COLUMNS column: labelled rows, positives, ROC AUC (NaN: one class) and mean score."""
    scores = score([r.text for r in rows])
    out: list[dict[str, object]] = []
    for j, column in enumerate(EVAL_COLUMNS):
        labeled = [(i, row_label(r, column)) for i, r in enumerate(rows)]
        known = [(i, bool(v)) for i, v in labeled if v is not None]
        y = [v for _, v in known]
        both = 0 < sum(y) < len(y)
        auc = float(roc_auc_score(y, scores[[i for i, _ in known], j])) if both else math.nan
        out.append(
            {
                "column": column,
                "labeled": len(known),
                "positives": sum(y),
                "roc_auc": auc,
                "mean_score": float(np.mean(scores[:, j])),
            }
        )
    return out


def format_file_report(report: Sequence[Mapping[str, object]], n: int) -> str:
    lines = [f"{n} rows", "| column | labeled | positives | ROC AUC | mean score |", "|---|---|---|---|---|"]
    for r in report:
        auc = float(r["roc_auc"])  # type: ignore[arg-type]
        lines.append(
            f"| {r['column']} | {r['labeled']} | {r['positives']} "
            f"| {'-' if math.isnan(auc) else f'{auc:.4f}'} | {float(r['mean_score']):.4f} |"  # type: ignore[arg-type]
        )
    return "\n".join(lines)
