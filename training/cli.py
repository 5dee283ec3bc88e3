"""`python -m training train|evaluate` (also `commentmod train|evaluate`).

`train` adds the moderators' labels from the service's store (training/feedback.py) unless
`--no-feedback`; ~20% of them are held back and only evaluated. The new version is compared with
the baseline (the newest promotable version in the model directory, else the bundled default)
by the promotion gate (training.evaluate.promotion_gate).

Exit status: 0 success, 1 the new version failed the promotion gate (it is written, marked
`promotable: false`), 2 bad usage, unreadable data / model, or an unreachable store that was
configured explicitly.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from models import ArtifactError, LoadedModel, load, load_latest, load_version
from models.fast import FastScorer
from models.features import FloatArray
from training.datasets import DatasetError, load_all
from training.evaluate import (
    Baseline,
    attribute_auc,
    evaluate,
    format_attributes,
    format_comparison,
    format_table,
    matrix_of,
    scorer_fn,
)
from training.evaluate_file import file_report, format_file_report, load_labeled_file
from training.feedback import Feedback, FeedbackUnavailable, describe_url, read_feedback
from training.train import train

log = logging.getLogger("training")

DATA_DIR_ENV = "COMMENTMOD_TRAINING_DATA_DIR"
MODEL_DIR_ENV = "COMMENTMOD_MODEL_DIR"
DATABASE_URL_ENV = "COMMENTMOD_DATABASE_URL"
EXIT_GATE = 1
EXIT_USAGE = 2


def default_model_dir() -> Path:
    """COMMENTMOD_MODEL_DIR, else <COMMENTMOD_DATA_DIR or ./.commentmod>/models."""
    if os.environ.get(MODEL_DIR_ENV):
        return Path(os.environ[MODEL_DIR_ENV])
    return Path(os.environ.get("COMMENTMOD_DATA_DIR") or ".commentmod") / "models"


def default_database_url() -> str:
    """COMMENTMOD_DATABASE_URL, else the service's default SQLite file under the data dir."""
    if os.environ.get(DATABASE_URL_ENV):
        return os.environ[DATABASE_URL_ENV]
    data_dir = Path(os.environ.get("COMMENTMOD_DATA_DIR") or ".commentmod")
    return f"sqlite:///{data_dir / 'comments.db'}"


def _data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get(DATA_DIR_ENV) or None,
        help=f"folder laid out like ../shared/data (env {DATA_DIR_ENV}; no default)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commentmod", description="Train and evaluate the spam/abuse model."
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="log warnings and errors only")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", help="train or evaluate"
    )

    p = commands.add_parser("train", help="train, evaluate and write a new model version")
    _data_dir_arg(p)
    p.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="extra training data, CSV (text,label) or JSONL; label is spam, abuse or ok "
        "(also abusive, ham, approved, legit); repeatable",
    )
    p.add_argument(
        "--no-feedback",
        action="store_true",
        help="do not read moderators' decisions (and Akismet/Perspective feedback) from the "
        "store; by default they are added to the training data, ~20%% held back for evaluation",
    )
    p.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help=f"store to read the labels from, SQLite or PostgreSQL (env {DATABASE_URL_ENV}; "
        "default the service's SQLite file <COMMENTMOD_DATA_DIR or ./.commentmod>/comments.db, "
        "skipped with a log line when absent)",
    )
    p.add_argument(
        "--baseline",
        default=None,
        metavar="VERSION|PATH|none",
        help="version the promotion gate compares with (default: the newest promotable "
        "version in the output model directory, else the bundled default); 'none' checks "
        "the floors only",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"model directory to write the version into (env {MODEL_DIR_ENV}, "
        "default <COMMENTMOD_DATA_DIR or ./.commentmod>/models)",
    )
    p.add_argument(
        "--version",
        default=None,
        help="name of the new version (default YYYY-MM-DD.N, first unused N); never overwritten",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the validation split (default 0)")

    p = commands.add_parser("evaluate", help="print the metrics table of a model version")
    p.add_argument(
        "--model",
        default=None,
        metavar="VERSION|PATH",
        help="a version name in the model directory or a version folder path "
        "(default: the newest promotable version, else the bundled default)",
    )
    _data_dir_arg(p)
    p.add_argument(
        "--file",
        type=Path,
        default=None,
        metavar="PATH",
        help="evaluate on your own labelled comments instead of the data directory: CSV "
        "(text,label[,attribute columns such as toxicity,insult,threat]) or JSONL; prints every "
        "attribute's ROC AUC and mean score",
    )
    p.add_argument(
        "--model-dir",
        type=Path,
        default=None,
        help=f"where version names are looked up (env {MODEL_DIR_ENV}, "
        "default <COMMENTMOD_DATA_DIR or ./.commentmod>/models)",
    )
    return parser


def _resolve_model(spec: str | None, model_dir: Path) -> LoadedModel:
    if spec is None:
        return load_latest(model_dir)
    path = Path(spec)
    if path.is_dir() or os.sep in spec or "/" in spec:
        return load(path)
    return load_version(model_dir, spec)


def _scores(model: LoadedModel) -> Baseline:
    return Baseline(model.version, scorer_fn(FastScorer(model.pipeline)))


def _feedback(args: argparse.Namespace) -> Feedback:
    """The store's labels, or none (with a log line) when there is no store to read.

    Raises FeedbackUnavailable only when the store was configured explicitly (option or env)."""
    if args.no_feedback:
        log.info("--no-feedback: training without moderators' labels")
        return Feedback([], [])
    explicit = args.database_url or os.environ.get(DATABASE_URL_ENV)
    url = explicit or default_database_url()
    try:
        feedback = read_feedback(url, must_exist=bool(explicit))
    except FeedbackUnavailable as exc:
        if explicit:
            raise
        log.warning("%s: training without moderators' labels", exc)
        return Feedback([], [])
    if not feedback.total:
        log.info("the store %s holds no labels: training without feedback", describe_url(url))
    return feedback


def _run_train(args: argparse.Namespace) -> int:
    out_dir = args.out or default_model_dir()
    feedback = _feedback(args)
    baseline = None
    if (args.baseline or "").lower() != "none":
        baseline = _scores(_resolve_model(args.baseline, out_dir))
        log.info("baseline for the promotion gate: %s", baseline.version)
    result = train(
        data_dir=args.data_dir,
        out_dir=out_dir,
        version=args.version,
        extra_paths=args.extra,
        feedback=feedback.train,
        held_back=feedback.held_back,
        baseline=baseline,
        seed=args.seed,
    )
    table = format_table([*result.metrics, *(r.metrics for r in result.slice)])
    sys.stdout.write(table + "\n\n" + format_attributes(result.card["metrics"]["attributes"]) + "\n")
    if result.baseline_version is not None:
        comparison = format_comparison(
            result.metrics, result.baseline_metrics, result.slice, result.baseline_slice,
            result.baseline_version,
        )
        sys.stdout.write("\n" + comparison + "\n")
    log.info(
        "model version %s written to %s (%d feedback labels trained on, %d held back)",
        result.path.name, result.path, len(feedback.train), len(feedback.held_back),
    )
    if result.failures:
        log.error("quality gate failed (version marked promotable: false): %s", "; ".join(result.failures))
        return EXIT_GATE
    log.info("version %s is promotable: POST /v1/model/reload serves it", result.path.name)
    return 0


def _run_evaluate(args: argparse.Namespace) -> int:
    model = _resolve_model(args.model, args.model_dir or default_model_dir())
    log.info("evaluating model %s (%s)", model.version, model.path)

    def score(texts: Sequence[str]) -> FloatArray:
        return matrix_of(model.score_texts(texts))

    if args.file is not None:
        labeled = load_labeled_file(args.file)
        sys.stdout.write(format_file_report(file_report(score, labeled), len(labeled)) + "\n")
        return 0
    datasets = load_all(args.data_dir)
    rows = evaluate(score, datasets)
    sys.stdout.write(format_table(rows) + "\n\n")
    sys.stdout.write(format_attributes(attribute_auc(score, datasets)) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.data_dir is None and getattr(args, "file", None) is None:
        log.error("no training data directory: pass --data-dir or set %s", DATA_DIR_ENV)
        return EXIT_USAGE
    try:
        return _run_train(args) if args.command == "train" else _run_evaluate(args)
    except FeedbackUnavailable as exc:
        log.error("cannot read moderators' labels: %s (use --no-feedback to train without them)", exc)
        return EXIT_USAGE
    except (DatasetError, ArtifactError, FileExistsError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
