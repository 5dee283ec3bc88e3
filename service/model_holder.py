"""The model a process serves, swappable while requests are in flight.

A request takes `holder.current` once and keeps that object to the end, so a reload never
changes the model under a running request; the swap itself is one reference assignment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from models.types import Scorer

Loader = Callable[[Path | None, str | None], Scorer]


class ModelHolder:
    def __init__(self, scorer: Scorer, *, loader: Loader | None = None,
                 model_dir: Path | None = None) -> None:
        self._current = scorer
        self._loader = loader
        self._model_dir = model_dir
        self._lock = threading.Lock()

    @property
    def current(self) -> Scorer:
        return self._current

    def reload(self, version: str | None = None) -> Scorer:
        """Load the newest promotable version (or `version`) and switch to it. On any failure the
        exception propagates and the current model keeps serving."""
        if self._loader is None:
            raise RuntimeError("this model holder has no loader")
        with self._lock:
            scorer = self._loader(self._model_dir, version)
            self._current = scorer
            return scorer
