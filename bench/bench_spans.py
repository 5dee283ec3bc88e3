"""Span quality: SemEval-2021 Task 5 (toxic spans) character F1 of the bundled model's spans.

    .venv/bin/python bench/bench_spans.py --data-dir ../shared/data [--split test|trial|train]
        [--share 0.5] [--model models/default/2026-12-01.1]

Per post, F1 between the predicted and the gold sets of character offsets (1 when both are
empty, 0 when only one is), averaged over posts, as the task's scorer does. Every post is
explained (all of the model's non-spam heads, no score gate): the task's posts are all toxic.
`test` is for the reported figure only; choose `--share` on `trial` or `train`.
"""

from __future__ import annotations

import argparse
import ast
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import DEFAULT_MODEL_PATH, load  # noqa: E402
from models.spans import SHARE, explain, head_names  # noqa: E402

csv.field_size_limit(10_000_000)


def f1(predicted: set[int], gold: set[int]) -> float:
    if not gold:
        return 1.0 if not predicted else 0.0
    if not predicted:
        return 0.0
    overlap = len(predicted & gold)
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(predicted), overlap / len(gold)
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".." / "shared" / "data")
    parser.add_argument("--split", choices=("test", "trial", "train"), default="test")
    parser.add_argument("--share", type=float, nargs="*", default=[SHARE])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    args = parser.parse_args()
    path = args.data_dir / "civil-comments-toxic-spans" / "SemEval2021" / "data" / f"tsd_{args.split}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [(set(ast.literal_eval(r["spans"])), r["text"]) for r in csv.DictReader(f)]
    model = load(args.model)
    attributes = [h for h in head_names(model.pipeline) if h != "spam"]
    print(f"{path.name}: {len(rows)} posts, model {model.version}, attributes {attributes}")
    for share in args.share:
        scores = []
        for gold, text in rows:
            found = explain(model.pipeline, text, attributes, share=share)
            predicted = {i for ranges in found.values() for start, end in ranges for i in range(start, end)}
            scores.append(f1(predicted, gold))
        print(f"share {share:.2f}: character F1 {sum(scores) / len(scores):.4f}")


if __name__ == "__main__":
    main()
