"""The gate's per-site checks: one site's labels may not make the model worse for another.

Issue 16: after a site key's 400 `submit-ham`, the gate's single "moderator slice" was the
attacker's own labels and reported an improvement. So the held-back store labels are evaluated
per site and per kind of labeller (a site's moderators apart from its site key), and the
version is refused when any of those slices gets worse than the serving version on it. And
since a poisoned version first shows on comments nobody reviews, each site's newest
unreviewed comments (`SqlStore.unreviewed`) are scored by both versions: the version is
refused when it would let through (a verdict moving towards `approved`) more than
MAX_LOOSENED of one site's, or hold back more than MAX_TIGHTENED of them. Letting spam through
is the harm a poisoner wants, and holding is only a second look, so the first limit is much
tighter: the second must leave room for the version moderators asked for, which newly holds the
unreviewed rest of the campaign they labelled (a third of the site's recent comments in
tests/training/test_fresh_install.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from models.features import FloatArray
from training.columns import EVAL_COLUMNS
from training.evaluate import MAX_AUC_DROP, THRESHOLDS, ScoreFn, SliceRow, slice_rows
from training.examples import LabeledText
from training.tenancy import SITE_KEY_SOURCES

UNREVIEWED_PER_SITE = 200
MIN_UNREVIEWED = 10  # fewer comments than this: too few for a share to mean anything
MAX_LOOSENED = 0.05
MAX_TIGHTENED = 0.50
_RANK = {"approved": 0, "pending": 1, "spam": 2}


def slice_name(row: LabeledText) -> str:
    kind = "site key" if row.source in SITE_KEY_SOURCES else "moderators"
    return f"site {row.site or '(none)'} ({kind})"


def site_slices(score: ScoreFn, held_back: Sequence[LabeledText]) -> dict[str, list[SliceRow]]:
    """Each site's held-back labels, its moderators' apart from its site key's, as slice rows."""
    groups: dict[str, list[LabeledText]] = defaultdict(list)
    for row in held_back:
        groups[slice_name(row)].append(row)
    return {
        name: [replace(r, metrics=replace(r.metrics, dataset=name)) for r in slice_rows(score, rows)]
        for name, rows in sorted(groups.items())
    }


def slice_failures(
    new: Mapping[str, Sequence[SliceRow]], baseline: Mapping[str, Sequence[SliceRow]], version: str
) -> list[str]:
    """A slice's head with more mistakes at the hold threshold, or a lower ROC AUC, than the
    baseline's on the same rows."""
    failures = []
    for name, rows in new.items():
        old = {r.metrics.head: r for r in baseline.get(name, ())}
        for row in rows:
            before = old.get(row.metrics.head)
            if before is None:
                continue
            if row.mistakes > before.mistakes:
                failures.append(
                    f"{name} {row.metrics.head}: {row.mistakes} of {row.metrics.n} held-back labels "
                    f"wrong at the hold threshold, {version} gets {before.mistakes} wrong"
                )
            auc, old_auc = row.metrics.roc_auc, before.metrics.roc_auc
            if not (math.isnan(auc) or math.isnan(old_auc)) and auc < old_auc - MAX_AUC_DROP:
                failures.append(f"{name} {row.metrics.head}: ROC AUC {auc:.4f} < {version} ({old_auc:.4f})")
    return failures


def verdicts(scores: FloatArray) -> list[str]:
    """The policy's verdict from the model alone (service/policy.py at its default thresholds),
    from an EVAL_COLUMNS matrix: its `abuse` column is the served abuse (the harm attributes'
    maximum), not a head of its own."""
    spam = scores[:, EVAL_COLUMNS.index("spam")]
    abuse = scores[:, EVAL_COLUMNS.index("abuse")]  # models.types.abuse_of, as served
    out = []
    for s, a in zip(spam, abuse, strict=True):
        if s >= THRESHOLDS["spam"]["spam"]:
            out.append("spam")
        elif s >= THRESHOLDS["spam"]["hold"] or a >= THRESHOLDS["abuse"]["hold"]:
            out.append("pending")
        else:
            out.append("approved")
    return out


@dataclass(frozen=True)
class Churn:
    """How one site's unreviewed comments' verdicts move from the baseline to the new version."""

    site: str
    n: int
    loosened: int
    tightened: int

    def as_dict(self) -> dict[str, Any]:
        return {"site": self.site, "n": self.n, "loosened": self.loosened, "tightened": self.tightened}


def churn(new: ScoreFn, baseline: ScoreFn, unreviewed: Mapping[str, Sequence[str]]) -> list[Churn]:
    out = []
    for site, texts in sorted(unreviewed.items()):
        if not texts:
            continue
        moved = [
            _RANK[b] - _RANK[a]
            for a, b in zip(verdicts(baseline(texts)), verdicts(new(texts)), strict=True)
        ]
        out.append(Churn(site, len(texts), sum(m < 0 for m in moved), sum(m > 0 for m in moved)))
    return out


def churn_failures(rows: Sequence[Churn], version: str) -> list[str]:
    failures = []
    for row in rows:
        if row.n < MIN_UNREVIEWED:
            continue
        if row.loosened > MAX_LOOSENED * row.n:
            failures.append(
                f"site {row.site}: {row.loosened} of its {row.n} newest unreviewed comments would be "
                f"let through where {version} held them (at most {MAX_LOOSENED:.0%} allowed)"
            )
        if row.tightened > MAX_TIGHTENED * row.n:
            failures.append(
                f"site {row.site}: {row.tightened} of its {row.n} newest unreviewed comments would be "
                f"held where {version} let them through (at most {MAX_TIGHTENED:.0%} allowed)"
            )
    return failures


def site_gate(
    new: ScoreFn,
    baseline: ScoreFn | None,
    baseline_version: str,
    held_back: Sequence[LabeledText],
    unreviewed: Mapping[str, Sequence[str]],
) -> tuple[list[str], dict[str, Any]]:
    """The per-site failures (empty without a baseline: nothing to compare with) and the card's
    `site_gate` section."""
    new_slices = site_slices(new, held_back)
    old_slices = site_slices(baseline, held_back) if baseline is not None else {}
    moved = churn(new, baseline, unreviewed) if baseline is not None else []
    failures = slice_failures(new_slices, old_slices, baseline_version)
    failures += churn_failures(moved, baseline_version)
    card = {
        "slices": {
            name: {
                "new": [r.as_dict() for r in rows],
                "baseline": [r.as_dict() for r in old_slices.get(name, ())],
            }
            for name, rows in new_slices.items()
        },
        "unreviewed": [m.as_dict() for m in moved],
        "limits": {
            "unreviewed_per_site": UNREVIEWED_PER_SITE,
            "min_unreviewed": MIN_UNREVIEWED,
            "max_loosened": MAX_LOOSENED,
            "max_tightened": MAX_TIGHTENED,
        },
        "failures": failures,
    }
    return failures, card
