"""Loading model versions: one folder, a pinned version, or the newest promotable one."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sklearn.pipeline import Pipeline

from models import spans
from models.artifact import (
    CARD_FILE,
    VERSION_PATTERN,
    ArtifactError,
    check_runtime,
    check_version_name,
    read_card,
    read_pipeline,
)
from models.card import ModelCard
from models.fast import FastScorer
from models.pipeline import text_of, to_scores
from models.types import CommentText, Scores, Span

log = logging.getLogger(__name__)

DEFAULT_VERSION = "2026-12-02.1"
DEFAULT_MODEL_PATH: Path = Path(__file__).resolve().parent / "default" / DEFAULT_VERSION


class LoadedModel:
    """A verified model version; implements the `Scorer` protocol. Safe to share across threads:
    scoring only reads the fitted pipeline (the token cache is appended to under a lock and
    read without one; see `models.fast`)."""

    def __init__(self, path: Path, card: Mapping[str, Any], pipeline: Pipeline) -> None:
        self._path = path
        self._card = MappingProxyType(dict(card))
        self._pipeline = pipeline
        self._scorer = FastScorer(pipeline)
        self._model_card = ModelCard.parse(card, self._scorer.heads)

    @property
    def version(self) -> str:
        return str(self._card["version"])

    @property
    def card(self) -> Mapping[str, Any]:
        return self._card

    @property
    def model_card(self) -> ModelCard:
        """The card, typed (models.card); `card` is the same as a plain mapping."""
        return self._model_card

    @property
    def heads(self) -> tuple[str, ...]:
        return self._scorer.heads

    @property
    def path(self) -> Path:
        return self._path

    @property
    def promotable(self) -> bool:
        return self._model_card.promotable

    @property
    def pipeline(self) -> Pipeline:
        return self._pipeline

    def score(self, batch: Sequence[CommentText]) -> list[Scores]:
        proba = self._scorer.predict([text_of(c) for c in batch])
        heads = self._scorer.heads
        return [to_scores(heads, row) for row in proba.tolist()]

    def explain(self, text: str, attributes: Sequence[str]) -> tuple[Span, ...]:
        """The spans of `text` that drove `attributes` (see models.spans), each scored alone."""
        ranges = spans.explain(self._pipeline, text, attributes)
        pieces = sorted({r for found in ranges.values() for r in found})
        if not pieces:
            return ()
        proba = self._scorer.predict([text[start:end] for start, end in pieces]).tolist()
        columns = {name: i for i, name in enumerate(spans.head_names(self._pipeline))}
        return spans.to_spans(ranges, dict(zip(pieces, proba, strict=True)), columns)

    def score_texts(self, texts: Sequence[str]) -> list[Scores]:
        """Like `score`, for plain strings (evaluation and benchmarks)."""
        return self.score([CommentText(content=t) for t in texts])

    def __repr__(self) -> str:
        return f"LoadedModel(version={self.version!r}, path={str(self._path)!r})"


def load(path: Path) -> LoadedModel:
    """Load the version folder `path`; raise ArtifactError for anything not exactly right."""
    path = Path(path)
    if not path.is_dir():
        raise ArtifactError(f"model folder {path} does not exist")
    card = read_card(path)
    check_runtime(card)
    return LoadedModel(path, card, read_pipeline(path, card))


def _version_key(name: str) -> list[tuple[int, int | str]]:
    """Natural order: 2026-11-25.2 < 2026-11-25.10."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", name)]


def list_versions(model_dir: Path) -> list[Path]:
    """Version folders (holding a card) in `model_dir`, oldest first; none if it does not exist."""
    if not model_dir.is_dir():
        return []
    folders = [
        p
        for p in model_dir.iterdir()
        if p.is_dir() and VERSION_PATTERN.match(p.name) and (p / CARD_FILE).is_file()
    ]
    return sorted(folders, key=lambda p: _version_key(p.name))


def load_latest(model_dir: Path | None) -> LoadedModel:
    """The newest valid, promotable version in `model_dir`, else the bundled default.

    Versions that fail to load are skipped with a warning (an older good one is used), so
    one bad folder cannot take the service down; `load_version` is the strict variant.
    """
    for folder in reversed(list_versions(model_dir) if model_dir else []):
        try:
            model = load(folder)
        except ArtifactError as exc:
            log.warning("skipping model version %s: %s", folder.name, exc)
            continue
        if model.promotable:
            return model
        log.info("skipping model version %s: not promotable", folder.name)
    return load(DEFAULT_MODEL_PATH)


def load_version(model_dir: Path | None, version: str) -> LoadedModel:
    """Exactly `version` from `model_dir` (or the bundled default if it has that name)."""
    check_version_name(version)
    if model_dir is not None and (model_dir / version).is_dir():
        return load(model_dir / version)
    if version == DEFAULT_MODEL_PATH.name:
        return load(DEFAULT_MODEL_PATH)
    raise ArtifactError(f"no model version {version!r} in {model_dir}")
