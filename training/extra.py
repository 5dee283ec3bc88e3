"""Generic extra training data: a CSV (header `text,label`) or JSONL (`{"text": …, "label": …}`).

Accepted labels (case-insensitive):
  spam                        -> spam=True,  abuse unknown
  abuse, abusive              -> abuse=True, spam=False
  ok, ham, approved, legit    -> spam=False, abuse=False
Extra rows are training rows only; they never enter a test split.
"""

from __future__ import annotations

from pathlib import Path

from training.datasets import DatasetError, sha256_file
from training.examples import LabeledText, SourceFile
from training.labeled_files import read_items

LABELS: dict[str, tuple[bool | None, bool | None]] = {
    "spam": (True, None),
    "abuse": (False, True),
    "abusive": (False, True),
    "ok": (False, False),
    "ham": (False, False),
    "approved": (False, False),
    "legit": (False, False),
}


def _row(text: object, label: object, where: str, source: str) -> LabeledText:
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: empty or missing text")
    mapped = LABELS.get(str(label).strip().lower())
    if mapped is None:
        raise DatasetError(f"{where}: unknown label {label!r}; use one of {', '.join(sorted(LABELS))}")
    return LabeledText(text, mapped[0], mapped[1], source)


def load_extra(path: Path, source: str = "extra") -> tuple[list[LabeledText], SourceFile]:
    """Rows of one extra file (format by suffix: .jsonl/.json lines, anything else CSV)."""
    if not path.is_file():
        raise DatasetError(f"missing extra data file {path}")
    rows = [_row(item.get("text"), item.get("label"), where, source)
            for item, where in read_items(path, required=("text", "label"))]
    return rows, SourceFile(path=str(path), sha256=sha256_file(path), rows=len(rows))
