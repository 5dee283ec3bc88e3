"""`commentmod train` without public data: refit the serving version on this install's labels.

The path for a user who has only their own moderators' decisions (and `--extra` files): the
baseline (the newest promotable version, else the bundled default) is refitted under a prior
centred on its weights (training/warmstart.py) in seconds. Its gate has no public test splits
to check, so it checks what this install has: each site's held-back labels and unreviewed
comments (training/sites.py), the moderators' pooled held-back slice, and the hand-written
regression set shipped in the package (training/data/regression.csv, CC0), on none of which
it is trained. A version worse than the baseline on any of them is written `promotable: false`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models import LoadedModel
from models.artifact import check_version_name, write_artifact
from models.fast import FastScorer
from training.columns import scorer_fn
from training.evaluate import SLICE_NAME, THRESHOLDS, SliceRow, slice_rows
from training.examples import LabeledText, SourceFile
from training.extra import load_extra
from training.sites import site_gate, slice_failures
from training.tenancy import SITE_KEY_SOURCES
from training.warmstart import anchor_texts, refit

log = logging.getLogger(__name__)

REGRESSION_PATH = Path(__file__).with_name("data") / "regression.csv"
REGRESSION_NAME = "regression set (shipped)"


class NothingToLearn(Exception):
    """No label to refit on: a new version would be the baseline again."""


@dataclass(frozen=True)
class FreshResult:
    path: Path
    failures: list[str]
    card: dict[str, Any]
    slices: dict[str, tuple[list[SliceRow], list[SliceRow]]]


def regression_rows() -> list[LabeledText]:
    rows, _ = load_extra(REGRESSION_PATH, source="regression")
    return rows


def train_fresh(
    *,
    out_dir: Path,
    baseline: LoadedModel,
    version: str,
    feedback: Sequence[LabeledText],
    held_back: Sequence[LabeledText],
    unreviewed: Mapping[str, Sequence[str]],
    extra: Sequence[tuple[list[LabeledText], SourceFile]] = (),
    extra_weight: float = 1.0,
) -> FreshResult:
    """Refit `baseline` on `feedback` plus the `extra` files' rows, gate it, write it."""
    version = check_version_name(version)
    if (out_dir / version).exists():
        raise FileExistsError(f"model version {out_dir / version} already exists")
    extra_rows = [r for rows, _ in extra for r in rows]
    rows = [*feedback, *extra_rows]
    if not rows:
        raise NothingToLearn(
            "nothing to train on: no --data-dir, no moderators' decisions in the store, no --extra"
        )
    pipeline, how = refit(baseline.pipeline, rows, extra_weight, anchor_texts())
    new = scorer_fn(FastScorer(pipeline))  # EVAL_COLUMNS matrices: abuse as served (abuse_of)
    old = scorer_fn(FastScorer(baseline.pipeline))
    moderated = [r for r in held_back if r.source not in SITE_KEY_SOURCES]
    named = {SLICE_NAME: moderated, REGRESSION_NAME: regression_rows()}
    slices = {name: (slice_rows(new, r), slice_rows(old, r)) for name, r in named.items()}
    failures = slice_failures({n: s[0] for n, s in slices.items()}, {n: s[1] for n, s in slices.items()},
                              baseline.version)
    site_failures, site_card = site_gate(new, old, baseline.version, held_back, unreviewed)
    failures += site_failures
    for failure in failures:
        log.warning("quality gate: %s", failure)
    card = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "promotable": not failures,
        "thresholds": THRESHOLDS,
        "metrics": {
            name: {
                "rows": len(named[name]),
                "new": [r.as_dict() for r in a],
                "baseline": [r.as_dict() for r in b],
            }
            for name, (a, b) in slices.items()
        },
        "site_gate": site_card,
        "gate": {"passed": not failures, "failures": failures, "baseline": baseline.version},
        "training": {
            "warm_start": {"from": baseline.version, **how},
            "feedback_labels": dict(Counter(r.source for r in feedback)),
            "feedback_total": len(feedback),
            "feedback_held_back": len(held_back),
            "extra_files": [{"path": f.path, "sha256": f.sha256, "rows": f.rows} for _, f in extra],
            "extra_rows": len(extra_rows),
            "public_data": None,
        },
        "features": f"the featurizer of {baseline.version}, unchanged",
    }
    path = write_artifact(pipeline, card, out_dir, version)
    return FreshResult(path, failures, card, slices)


def format_slices(result: FreshResult, baseline_version: str) -> str:
    """The gate's slices, baseline beside new, as Markdown."""
    lines = [f"| slice | head | {baseline_version} mistakes@0.50 | new mistakes@0.50 |", "|---|---|---|---|"]
    for name, (new, old) in result.slices.items():
        before = {r.metrics.head: r.mistakes for r in old}
        lines += [
            f"| {name} | {r.metrics.head} | {before.get(r.metrics.head, '-')} of {r.metrics.n} "
            f"| {r.mistakes} of {r.metrics.n} |"
            for r in new
        ]
    return "\n".join(lines)
