"""Versioned artifact folders: `model.joblib` (one Pipeline) + `card.json`, written and loaded.

joblib files are pickles, so `load` checks the card, the library versions and the file's
SHA-256 before it unpickles anything, and turns every refusal into one `ArtifactError`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

log = logging.getLogger(__name__)

MODEL_FILE = "model.joblib"
CARD_FILE = "card.json"
CARD_FORMAT = 1
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
REQUIRED_CARD_FIELDS = ("format", "version", "model_sha256", "scikit_learn", "joblib")


class ArtifactError(Exception):
    """A model version that must not be loaded; the message says why in one line."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def runtime_versions() -> dict[str, str]:
    """The library versions a card records and `load` compares."""
    return {
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "joblib": joblib.__version__,
        "numpy": np.__version__,
    }


def check_version_name(version: str) -> str:
    if not VERSION_PATTERN.match(version):
        raise ArtifactError(f"invalid model version name {version!r}: use letters, digits, '.', '_' or '-'")
    return version


def read_card(folder: Path) -> dict[str, Any]:
    path = folder / CARD_FILE
    if not path.is_file():
        raise ArtifactError(f"no {CARD_FILE} in {folder}")
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtifactError(f"malformed {path}: {exc}") from exc
    if not isinstance(card, dict):
        raise ArtifactError(f"malformed {path}: not a JSON object")
    missing = [k for k in REQUIRED_CARD_FIELDS if not isinstance(card.get(k), str | int)]
    if missing:
        raise ArtifactError(f"malformed {path}: missing {', '.join(missing)}")
    if card["format"] != CARD_FORMAT:
        raise ArtifactError(f"{path} has card format {card['format']}; expected {CARD_FORMAT}")
    return card


def check_runtime(card: Mapping[str, Any]) -> None:
    """Refuse a card written by other scikit-learn/joblib versions (pickles are not portable)."""
    here = runtime_versions()
    for key, package in (("scikit_learn", "scikit-learn"), ("joblib", "joblib")):
        if card[key] != here[key]:
            raise ArtifactError(
                f"model {card['version']} was written by {package} {card[key]}; this process "
                f"has {here[key]}: retrain it or install {package}=={card[key]}"
            )
    written = str(card.get("numpy", here["numpy"])).split(".")[0]
    if written != here["numpy"].split(".")[0]:
        raise ArtifactError(
            f"model {card['version']} was written by numpy {card['numpy']}; this process has "
            f"{here['numpy']}: retrain it"
        )


def read_pipeline(folder: Path, card: Mapping[str, Any]) -> Pipeline:
    """Unpickle model.joblib, but only after its SHA-256 matched the card."""
    path = folder / MODEL_FILE
    if not path.is_file():
        raise ArtifactError(f"no {MODEL_FILE} in {folder}")
    actual = sha256_of(path)
    if actual != card["model_sha256"]:
        raise ArtifactError(
            f"{path} has SHA-256 {actual[:12]}…, the card says {str(card['model_sha256'])[:12]}…:"
            " the file was changed or corrupted"
        )
    try:
        pipeline = joblib.load(path)
    except Exception as exc:  # any unpickling failure is a refusal, not a crash
        raise ArtifactError(f"cannot unpickle {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(pipeline, Pipeline) or list(pipeline.named_steps) != ["features", "heads"]:
        raise ArtifactError(f"{path} does not hold a features -> heads Pipeline")
    return pipeline


def write_artifact(pipeline: Pipeline, card: Mapping[str, Any], out_dir: Path, version: str) -> Path:
    """Write `<out_dir>/<version>/` atomically (temp folder + rename); never overwrite one."""
    check_version_name(version)
    target = out_dir / version
    if target.exists():
        raise ArtifactError(f"model version {target} already exists: versions are never overwritten")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".{version}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
    staging.mkdir()
    try:
        model_path = staging / MODEL_FILE
        joblib.dump(pipeline, model_path, compress=("zlib", 6))
        full_card = {
            "format": CARD_FORMAT,
            "version": version,
            **card,
            **runtime_versions(),
            "model_sha256": sha256_of(model_path),
            "model_bytes": model_path.stat().st_size,
        }
        (staging / CARD_FILE).write_text(
            json.dumps(full_card, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("wrote model version %s (%d bytes)", target, full_card["model_bytes"])
    return target
