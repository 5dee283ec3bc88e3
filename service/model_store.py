"""Model versions through the database: a reload publishes the version it chose, and a host
that lacks that version fetches it, checks its SHA-256 and unpacks it into its model directory
before loading it (the card's own model checksum is checked again on load)."""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import tarfile
from pathlib import Path

from models import ArtifactError
from models.types import Scorer
from service.store import SqlStore

log = logging.getLogger("commentmod.model")

_FILES = ("card.json", "model.joblib")


def pack(folder: Path) -> bytes:
    """A tar of the version folder's files, byte-identical for identical files."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name in _FILES:
            data = (folder / name).read_bytes()
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def publish(store: SqlStore, scorer: Scorer, model_dir: Path | None) -> None:
    """Store the version a reload chose, when it is a folder of `model_dir` (not the default)."""
    folder = getattr(scorer, "path", None)
    if model_dir is None or not isinstance(folder, Path) or folder.parent != model_dir:
        return
    archive = pack(folder)
    if store.put_model_artifact(scorer.version, hashlib.sha256(archive).hexdigest(), archive):
        log.info("stored model %s in the database for the other hosts", scorer.version)


def fetch(store: SqlStore, model_dir: Path, version: str) -> bool:
    """Unpack a stored version into `model_dir`; False when the database does not have it.
    Raises ArtifactError when its archive does not match its SHA-256."""
    found = store.model_artifact(version)
    if found is None:
        return False
    sha256, archive = found
    if hashlib.sha256(archive).hexdigest() != sha256:
        raise ArtifactError(f"model {version} in the database does not match its SHA-256")
    staging = model_dir / f".fetch-{version}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        names = sorted(member.name for member in tar.getmembers())
        if names != sorted(_FILES):
            raise ArtifactError(f"model {version} in the database holds unexpected files")
        tar.extractall(staging, filter="data")
    target = model_dir / version
    shutil.rmtree(target, ignore_errors=True)  # a damaged local copy is replaced
    staging.rename(target)
    log.info("fetched model %s from the database into %s", version, target)
    return True
