"""The model a process serves, swappable while requests are in flight.

A request takes `holder.current` once and keeps that object to the end, so a reload never
changes the model under a running request; the swap itself is one reference assignment.
Workers share nothing but the database: `POST /v1/model/reload` validates a version in one
worker and writes it as the target; every worker's `ModelSync` thread polls the target and
switches (see `service.store.model_state`).
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from models import DEFAULT_MODEL_PATH, ArtifactError
from models.artifact import read_card
from models.registry import list_versions
from models.types import Scorer
from service.errors import ModelRefused, StoreUnavailable
from service.store import SqlStore

log = logging.getLogger("commentmod.model")

Loader = Callable[[Path | None, str | None], Scorer]

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?(?:[/\\][^/\\\s:'\"]+)+[/\\]([^/\\\s:'\"]+)")


def without_paths(message: str) -> str:
    """`message` with every file path cut to its last component: a moderator sees which file
    (`card.json`, `model.joblib`), never where the server keeps it."""
    return _PATH.sub(r"\1", message)


def is_promotable(scorer: Scorer) -> bool:
    """The bundled default is always acceptable: it is what every install falls back to."""
    if getattr(scorer, "path", None) == DEFAULT_MODEL_PATH:
        return True
    return bool(scorer.card.get("promotable", True))


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

    def load(self, version: str | None = None, *, force: bool = False) -> Scorer:
        """Load (without switching) the newest promotable version, or `version`. A pinned version
        the training gate marked not promotable is refused unless `force`."""
        if self._loader is None:
            raise ModelRefused("this process was started with a fixed model; reload is off")
        wanted = version or self._newest_promotable_name()
        try:
            scorer = self._loader(self._model_dir, wanted)
        except (ArtifactError, OSError) as exc:
            log.warning("model reload refused: %s", exc)  # the operator's log keeps the paths
            which = f"version {wanted}: " if wanted else ""
            raise ModelRefused(f"{which}{without_paths(str(exc))}; the old model keeps serving") from None
        if not force and not is_promotable(scorer):
            raise ModelRefused(
                f"model {scorer.version} did not pass the promotion gate; "
                "send {\"force\": true} to load it anyway"
            )
        return scorer

    def _newest_promotable_name(self) -> str | None:
        """The newest version if its card says promotable, so that loading it is strict: a corrupt
        newest version is refused (409), not skipped in silence for an older one. None: let the
        loader pick (no versions, or the newest was refused by the gate and is skipped)."""
        versions = list_versions(self._model_dir) if self._model_dir is not None else []
        if not versions:
            return None
        try:
            card = read_card(versions[-1])
        except ArtifactError as exc:
            raise ModelRefused(f"the newest version {versions[-1].name} is unreadable "
                               f"({without_paths(str(exc))}); the old model keeps serving") from None
        return versions[-1].name if card.get("promotable", True) else None

    def switch(self, scorer: Scorer) -> None:
        with self._lock:
            if scorer.version != self._current.version:
                log.info("model switched from %s to %s", self._current.version, scorer.version)
            self._current = scorer


class ModelSync:
    """Polls the shared model target and this worker's heartbeat, in a daemon thread."""

    def __init__(self, holder: ModelHolder, store: SqlStore, *, interval: float,
                 on_switch: Callable[[Scorer], None] | None = None) -> None:
        self.holder = holder
        self.store = store
        self.interval = interval
        self.on_switch = on_switch
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="commentmod-model-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 5)

    def sync_once(self) -> None:
        target = self.store.model_target()
        current = self.holder.current
        if target is not None and target.version != current.version:
            try:
                scorer = self.holder.load(target.version, force=True)
            except ModelRefused as exc:
                log.error("cannot switch to model %s: %s", target.version, exc.detail)
            else:
                self.holder.switch(scorer)
                if self.on_switch:
                    self.on_switch(scorer)
        self.store.report_worker_model(WORKER_ID, self.holder.current.version)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sync_once()
            except StoreUnavailable:
                pass  # the store says so itself; try again next round
            except Exception:  # the poller must outlive any single failure
                log.exception("model sync failed")


HEARTBEAT_WINDOW = timedelta(seconds=30)
