"""`train`: load, fit, evaluate, gate, and write a new version with its card."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from models import DEFAULT_MODEL_PATH
from models.artifact import check_version_name, write_artifact
from models.fast import FastScorer
from models.features import FloatArray
from training import tenancy
from training.attribute_templates import attribute_examples
from training.augment import neutral_examples
from training.blog_templates import blog_examples
from training.datasets import davidson_hate_flags, load_all
from training.evaluate import (
    EVAL_COLUMNS,
    FLOORS,
    MAX_AUC_DROP,
    TARGETS,
    THRESHOLDS,
    Baseline,
    ScoreFn,
    SliceRow,
    SplitMetrics,
    attribute_auc,
    evaluate,
    gate,
    hate_f1,
    head_column,
    macro_f1,
    promotion_gate,
    scorer_fn,
    slice_rows,
    validation_auc,
)
from training.examples import Dataset, Head, LabeledText, SourceFile
from training.extra import load_extra
from training.fit import FitConfig, Fitted, fit
from training.mix import (
    CROSS_NEGATIVE,
    FEEDBACK_MASS,
    FEEDBACK_ROW_CAP,
    FEEDBACK_SOURCES,
    HEAD_ORDER,
    NOT_CALIBRATED,
    SOURCE_MASS,
    matrices,
)
from training.sites import site_gate
from training.tenancy import SITE_KEY_SOURCES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainResult:
    path: Path
    metrics: list[SplitMetrics]
    failures: list[str]
    card: dict[str, Any]
    slice: list[SliceRow] = field(default_factory=list)
    baseline_version: str | None = None
    baseline_metrics: list[SplitMetrics] = field(default_factory=list)
    baseline_slice: list[SliceRow] = field(default_factory=list)


def default_version(model_dir: Path, today: datetime | None = None) -> str:
    """`YYYY-MM-DD.N` with the first N not yet used in `model_dir` nor by the bundled default
    (a pinned version name must say which artifact it is)."""
    day = (today or datetime.now(UTC)).strftime("%Y-%m-%d")
    n = 1
    while (model_dir / f"{day}.{n}").exists() or f"{day}.{n}" == DEFAULT_MODEL_PATH.name:
        n += 1
    return f"{day}.{n}"


def _supplementary(
    predict: ScoreFn, fitted: Fitted, datasets: Sequence[Dataset], data_dir: Path
) -> dict[str, Any]:
    """OLID macro-F1 at the hold threshold, GermEval coarse macro-F1 (at the hold threshold and
    at the one best on GermEval's validation rows), Davidson hate-class F1 of identity attack
    (threshold from validation)."""
    out: dict[str, Any] = {}
    by_name = {d.name: d for d in datasets}
    toxicity = head_column(Head.ABUSE)
    if "olid" in by_name:
        olid = by_name["olid"].test
        scores = predict([r.text for r in olid])[:, toxicity]
        out["olid_macro_f1"] = round(
            macro_f1([bool(r.abuse) for r in olid], scores, THRESHOLDS["abuse"]["hold"]), 4
        )
    if "germeval" in by_name:
        german = by_name["germeval"].test
        german_val = [r for r in fitted.validation_rows if r.source == "germeval"]
        german_scores = predict([r.text for r in german])[:, toxicity]
        labels = [bool(r.abuse) for r in german]
        out["germeval_macro_f1"] = round(macro_f1(labels, german_scores, THRESHOLDS["abuse"]["hold"]), 4)
        if german_val:
            val_labels = [bool(r.abuse) for r in german_val]
            tuning = predict([r.text for r in german_val])[:, toxicity]
            grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
            best = max(grid, key=lambda t: macro_f1(val_labels, tuning, float(t)))
            out["germeval_threshold"] = float(best)
            out["germeval_macro_f1_at_threshold"] = round(macro_f1(labels, german_scores, float(best)), 4)
    if "davidson" in by_name:
        hate = davidson_hate_flags(data_dir)
        identity = head_column("identity_attack")
        val = [r for r in fitted.validation_rows if r.source == "davidson"]
        test = by_name["davidson"].test
        val_scores: FloatArray = predict([r.text for r in val])[:, identity]
        test_scores = predict([r.text for r in test])[:, identity]
        threshold, f1 = hate_f1(
            [hate[r.text] for r in val], val_scores, [hate[r.text] for r in test], test_scores
        )
        out["davidson_hate_f1"] = round(f1, 4)
        out["davidson_hate_threshold"] = threshold
    return out


# The language of each fixed split (the corpora are one language each).
LANGUAGES = {"germeval": "de", "mlma-fr": "fr", "mlma-ar": "ar", "told-br": "pt"}


def language_auc(metrics: Sequence[SplitMetrics]) -> dict[str, dict[str, Any]]:
    """Per language: its abuse splits and their mean ROC AUC (toxicity against each split's label)."""
    out: dict[str, dict[str, Any]] = {}
    for m in metrics:
        if m.head == Head.SPAM:
            continue
        entry = out.setdefault(LANGUAGES.get(m.dataset, "en"), {"datasets": {}, "mean_roc_auc": 0.0})
        entry["datasets"][m.dataset] = round(m.roc_auc, 4)
    for entry in out.values():
        entry["mean_roc_auc"] = round(float(np.mean(list(entry["datasets"].values()))), 4)
    return out


def _sources(datasets: Sequence[Dataset], fitted: Fitted) -> list[dict[str, Any]]:
    train_counts = Counter(r.source for r in fitted.train_rows)
    val_counts = Counter(r.source for r in fitted.validation_rows)
    out = []
    for d in datasets:
        names = {r.source for r in d.train} or {d.name}
        out.append(
            {
                "dataset": d.name,
                "head": str(d.head),
                "files": [_file(f) for f in d.files],
                "train_rows": sum(train_counts[n] for n in names),
                "validation_rows": sum(val_counts[n] for n in names),
                "test_rows": len(d.test),
                "test_only": d.test_only,
            }
        )
    return out


def _file(f: SourceFile) -> dict[str, Any]:
    return {"path": f.path, "sha256": f.sha256, "rows": f.rows}


def train(
    *,
    data_dir: Path,
    out_dir: Path,
    version: str | None = None,
    extra_paths: Sequence[Path] = (),
    extra_weight: float = 1.0,
    feedback: Sequence[LabeledText] = (),
    held_back: Sequence[LabeledText] = (),
    unreviewed: Mapping[str, Sequence[str]] | None = None,
    baseline: Baseline | None = None,
    seed: int = 0,
    config: FitConfig | None = None,
) -> TrainResult:
    """Train on every corpus in `data_dir` plus extra files and `feedback` labels.

    `feedback` is for callers holding moderator decisions (training.feedback reads them from
    the service's store); each row's `source` is counted in the card. `held_back` feedback
    rows are never trained on: they are the moderator slice the new version (and `baseline`)
    is evaluated on. With a `baseline` (the serving version) the promotion gate also compares
    the two (training.evaluate.promotion_gate), per site as well (training.sites: the
    held-back labels of each site, and the verdicts on each site's `unreviewed` comments).
    Returns the written version and its metrics; the version is written even when the gate
    fails, but with `promotable: false`.
    """
    config = config or FitConfig()
    version = check_version_name(version or default_version(out_dir))
    if (out_dir / version).exists():
        raise FileExistsError(f"model version {out_dir / version} already exists")
    datasets = load_all(data_dir)
    extra_rows: list[LabeledText] = []
    extra_files = []
    for path in extra_paths:
        rows, source = load_extra(path)
        extra_rows += rows
        extra_files.append(_file(source))
    neutral = neutral_examples()
    blog = blog_examples()
    templated = attribute_examples()
    rows = [r for d in datasets for r in d.train] + neutral + blog + templated + extra_rows + list(feedback)
    fitted = fit(rows, config, seed, source_weight={"extra": extra_weight})
    scorer = FastScorer(fitted.pipeline)
    predict = scorer_fn(scorer)

    metrics = evaluate(predict, datasets)
    attributes = attribute_auc(predict, datasets)
    validation = validation_auc(predict, fitted.validation_rows)
    log.info("validation ROC AUC: %s", validation)
    moderated = [r for r in held_back if r.source not in SITE_KEY_SOURCES]  # not a site key's
    new_slice = slice_rows(predict, moderated)
    base_metrics: list[SplitMetrics] = []
    base_slice: list[SliceRow] = []
    if baseline is not None:
        log.info("evaluating the baseline %s on the same rows", baseline.version)
        base_metrics = evaluate(baseline.score, datasets)
        base_slice = slice_rows(baseline.score, moderated)
    failures = promotion_gate(
        metrics, base_metrics, new_slice, base_slice, baseline.version if baseline else "baseline"
    )
    site_failures, site_card = site_gate(
        predict, baseline.score if baseline else None, baseline.version if baseline else "baseline",
        held_back, unreviewed or {},
    )
    failures += site_failures
    for failure in failures:
        log.warning("quality gate: %s", failure)
    card = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "promotable": not failures,
        "thresholds": THRESHOLDS,
        "metrics": {
            "test": [m.as_dict() for m in metrics],
            "cross_domain": [m.dataset for m in metrics if m.cross_domain],
            "attributes": attributes,
            "languages": language_auc(metrics),
            "validation_roc_auc": validation,
            "supplementary": _supplementary(predict, fitted, datasets, data_dir),
            "moderator_slice": {
                "rule": "moderators' feedback texts whose SHA-256 is 0 mod 5; never trained on",
                "rows": len(moderated),
                "labels": dict(Counter(r.source for r in moderated)),
                "new": [r.as_dict() for r in new_slice],
                "baseline": [r.as_dict() for r in base_slice],
            },
        },
        "site_gate": site_card,
        "gate": {
            "floors": FLOORS,
            "passed": not failures,
            "failures": failures,
            "baseline": baseline.version if baseline else None,
            "max_auc_drop": MAX_AUC_DROP,
            "baseline_test": [m.as_dict() for m in base_metrics],
            "targets": TARGETS,
            "missed_targets": gate(metrics, TARGETS),
        },
        "training": {
            "seed": seed,
            "seconds": round(fitted.seconds, 1),
            "sources": _sources(datasets, fitted),
            "extra_files": extra_files,
            "extra_rows": len(extra_rows),
            "extra_weight": extra_weight,
            "neutral_template_rows": len(neutral),
            "blog_template_rows": len(blog),
            "attribute_template_rows": len(templated),
            "feedback_labels": dict(Counter(r.source for r in feedback)),
            "feedback_total": len(feedback),
            "feedback_held_back": len(held_back),
            "feedback_mass": {
                "sources": sorted(FEEDBACK_SOURCES),
                "mass": {str(h): m for h, m in FEEDBACK_MASS.items()},
                "row_cap": FEEDBACK_ROW_CAP,
                **tenancy.describe(),
                "site_share": tenancy.site_masses(
                    fitted.train_rows, matrices(fitted.train_rows)[2], HEAD_ORDER
                ),
            },
            "source_mass": {s: {str(h): m for h, m in v.items()} for s, v in SOURCE_MASS.items()},
            "cross_negative": {s: str(h) for s, h in CROSS_NEGATIVE.items()},
            "not_calibrated": sorted(NOT_CALIBRATED),
            "config": config.as_dict(),
        },
        "features": "models/features.py: hashed word 1-2 grams + char n-grams + meta features",
        "heads": list(scorer.heads),
        "columns": list(EVAL_COLUMNS),
    }
    path = write_artifact(fitted.pipeline, card, out_dir, version)
    return TrainResult(
        path,
        metrics,
        failures,
        card,
        slice=new_slice,
        baseline_version=baseline.version if baseline is not None else None,
        baseline_metrics=base_metrics,
        baseline_slice=base_slice,
    )
