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

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from models import ArtifactError, LoadedModel, load, load_latest, load_version
from models.fast import FastScorer
from models.features import FloatArray
from service.settings import Settings, UnknownSetting
from training import extra_sources
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
from training.examples import LabeledText, SourceFile
from training.feedback import Feedback, FeedbackUnavailable, describe_url, read_feedback
from training.fresh import NothingToLearn, format_slices, train_fresh
from training.public_data import GITHUB_RAW, FetchError, fetch
from training.train import default_version, train

log = logging.getLogger("training")

DATA_DIR_ENV = "COMMENTMOD_TRAINING_DATA_DIR"
MODEL_DIR_ENV = "COMMENTMOD_MODEL_DIR"
DATABASE_URL_ENV = "COMMENTMOD_DATABASE_URL"
EXIT_GATE = 1
EXIT_USAGE = 2


def demo_database_url(settings: Settings) -> str:
    """The store `commentmod demo` keeps apart from the service's (service/demo/cli.py)."""
    return f"sqlite:///{settings.data_dir / 'demo' / 'comments.db'}"


def _data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder laid out like ../shared/data (env {DATA_DIR_ENV}; no default)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commentmod", description="Train and evaluate the spam/abuse model."
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="log warnings and errors only")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", help="train, evaluate or data"
    )

    p = commands.add_parser("train", help="train, evaluate and write a new model version")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder laid out like ../shared/data (env {DATA_DIR_ENV}); without it the "
        "baseline is refitted on the store's labels and --extra files alone (training/fresh.py)",
    )
    p.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="extra training data, CSV (text,label) or JSONL; label is spam, abuse or ok "
        "(also abusive, ham, approved, legit); repeatable. The file is copied into "
        "<out>/extra/ and trained on by every later run until --forget-extra",
    )
    p.add_argument(
        "--extra-weight",
        type=_positive,
        default=1.0,
        metavar="W",
        help="weight of each --extra row: with --data-dir in units of a typical public row, "
        "without it in units of a moderator's decision (default 1)",
    )
    p.add_argument(
        "--forget-extra",
        action="append",
        default=[],
        metavar="NAME",
        help="stop training on a remembered extra file (its file name); repeatable",
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
        "--demo",
        action="store_true",
        help="read the labels of `commentmod demo` (its own store, <COMMENTMOD_DATA_DIR or "
        "./.commentmod>/demo/comments.db) instead of the service's",
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

    p = commands.add_parser("data", help="get the public datasets (`data fetch --dest DIR`)")
    data = p.add_subparsers(dest="data_command", required=True, metavar="fetch", help="fetch")
    p = data.add_parser("fetch", help="download the pinned public datasets and check their SHA-256")
    p.add_argument("--dest", type=Path, required=True, help="folder to fill; then use it as --data-dir")
    p.add_argument(
        "--mirror",
        default=GITHUB_RAW,
        metavar="URL",
        help=f"where <repo>/<commit>/<path> is fetched from (default {GITHUB_RAW})",
    )

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


def _feedback(args: argparse.Namespace, settings: Settings) -> Feedback:
    """The store's labels, or none (with a log line) when there is no store to read.

    Raises FeedbackUnavailable only when the store was configured explicitly (option or env)."""
    if args.no_feedback:
        log.info("--no-feedback: training without moderators' labels")
        return Feedback([], [])
    explicit = args.database_url or (demo_database_url(settings) if args.demo else None)
    explicit = explicit or settings.database_url
    url = explicit or settings.resolved_database_url
    try:
        feedback = read_feedback(url, must_exist=bool(explicit))
    except FeedbackUnavailable as exc:
        if explicit:
            raise
        log.warning("%s: training without moderators' labels", exc)
        return Feedback([], [])
    if not feedback.total:
        log.info("the store %s holds no labels: training without feedback", describe_url(url))
        demo = demo_database_url(settings)
        if not explicit and Path(make_url(demo).database or "").is_file():
            log.info("the demo's labels are in its own store %s: `commentmod train --demo` reads them",
                     describe_url(demo))
    return feedback


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {value}")
    return number


def _run_train(args: argparse.Namespace, settings: Settings) -> int:
    out_dir = args.out or settings.resolved_model_dir
    extra_sources.forget(out_dir, args.forget_extra)
    extra_sources.remember(out_dir, args.extra)
    extras = extra_sources.remembered(out_dir)
    feedback = _feedback(args, settings)
    if args.data_dir is None:
        return _run_fresh(args, out_dir, feedback, extras)
    baseline = None
    if (args.baseline or "").lower() != "none":
        baseline = _scores(_resolve_model(args.baseline, out_dir))
        log.info("baseline for the promotion gate: %s", baseline.version)
    result = train(
        data_dir=args.data_dir,
        out_dir=out_dir,
        version=args.version,
        extra_paths=[Path(source.path) for _, source in extras],
        extra_weight=args.extra_weight,
        feedback=feedback.train,
        held_back=feedback.held_back,
        unreviewed=feedback.unreviewed,
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


def _run_fresh(
    args: argparse.Namespace, out_dir: Path, feedback: Feedback,
    extras: Sequence[tuple[list[LabeledText], SourceFile]],
) -> int:
    """No public data: refit the baseline on this install's labels (training/fresh.py)."""
    if (args.baseline or "").lower() == "none":
        log.error("without --data-dir the baseline is the model refitted: --baseline none needs --data-dir")
        return EXIT_USAGE
    baseline = _resolve_model(args.baseline, out_dir)
    log.info("no --data-dir: refitting %s on this install's labels", baseline.version)
    try:
        result = train_fresh(
            out_dir=out_dir, baseline=baseline, version=args.version or default_version(out_dir),
            feedback=feedback.train, held_back=feedback.held_back, unreviewed=feedback.unreviewed,
            extra=extras, extra_weight=args.extra_weight,
        )
    except NothingToLearn as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    sys.stdout.write(format_slices(result, baseline.version) + "\n")
    log.info("model version %s written to %s", result.path.name, result.path)
    if result.failures:
        log.error("quality gate failed (version marked promotable: false): %s", "; ".join(result.failures))
        return EXIT_GATE
    log.info("version %s is promotable: POST /v1/model/reload serves it", result.path.name)
    return 0


def _run_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    model = _resolve_model(args.model, args.model_dir or settings.resolved_model_dir)
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


def _run_fetch(args: argparse.Namespace) -> int:
    try:
        fetch(args.dest, args.mirror)
    except (FetchError, OSError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        # The one reader of the environment, which also refuses a mistyped COMMENTMOD_* variable.
        settings = Settings.from_environment()
    except (UnknownSetting, ValidationError) as exc:
        log.error("invalid configuration: %s", exc)
        return EXIT_USAGE
    if args.command != "data":
        args.data_dir = args.data_dir or settings.training_data_dir
    if args.command == "evaluate" and args.file is None and args.data_dir is None:  # --file needs none
        log.error("no evaluation data directory: pass --data-dir or set %s", DATA_DIR_ENV)
        return EXIT_USAGE
    if args.command == "data":
        return _run_fetch(args)
    try:
        return _run_train(args, settings) if args.command == "train" else _run_evaluate(args, settings)
    except FeedbackUnavailable as exc:
        log.error("cannot read moderators' labels: %s (use --no-feedback to train without them)", exc)
        return EXIT_USAGE
    except (DatasetError, ArtifactError, FileExistsError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
