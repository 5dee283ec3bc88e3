"""`python -m training train|evaluate` (also `commentmod train|evaluate`).

Exit status: 0 success, 1 the new version missed a quality floor (it is written, marked
`promotable: false`), 2 bad usage or unreadable data / model.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models import ArtifactError, LoadedModel, load, load_latest, load_version
from models.features import FloatArray
from training.datasets import DatasetError, load_all
from training.evaluate import evaluate, format_table
from training.train import train

log = logging.getLogger("training")

DATA_DIR_ENV = "COMMENTMOD_TRAINING_DATA_DIR"
MODEL_DIR_ENV = "COMMENTMOD_MODEL_DIR"
EXIT_GATE = 1
EXIT_USAGE = 2


def default_model_dir() -> Path:
    """COMMENTMOD_MODEL_DIR, else <COMMENTMOD_DATA_DIR or ./.commentmod>/models."""
    if os.environ.get(MODEL_DIR_ENV):
        return Path(os.environ[MODEL_DIR_ENV])
    return Path(os.environ.get("COMMENTMOD_DATA_DIR") or ".commentmod") / "models"


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
        help="do not add moderators' decisions from the store (currently always the case: "
        "feedback is not read yet, so this flag changes nothing)",
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


def _run_train(args: argparse.Namespace) -> int:
    result = train(
        data_dir=args.data_dir,
        out_dir=args.out or default_model_dir(),
        version=args.version,
        extra_paths=args.extra,
        seed=args.seed,
    )
    sys.stdout.write(format_table(result.metrics) + "\n")
    log.info("model version written to %s", result.path)
    if result.failures:
        log.error("quality gate failed (version marked promotable: false): %s", "; ".join(result.failures))
        return EXIT_GATE
    return 0


def _run_evaluate(args: argparse.Namespace) -> int:
    model = _resolve_model(args.model, args.model_dir or default_model_dir())
    log.info("evaluating model %s (%s)", model.version, model.path)

    def score(texts: Sequence[str]) -> FloatArray:
        return np.array([[s.spam, s.abuse] for s in model.score_texts(texts)]).reshape(-1, 2)

    rows = evaluate(score, load_all(args.data_dir))
    sys.stdout.write(format_table(rows) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.data_dir is None:
        log.error("no training data directory: pass --data-dir or set %s", DATA_DIR_ENV)
        return EXIT_USAGE
    try:
        return _run_train(args) if args.command == "train" else _run_evaluate(args)
    except (DatasetError, ArtifactError, FileExistsError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
