"""`--extra` files are remembered: copied into `<model dir>/extra/` and listed in its manifest,
so every later `commentmod train` trains on them too, until `--forget-extra NAME` removes them.

Issue 17: extra rows were forgotten on the next run, so a correction given once silently
disappeared from the following version. The copy (not the path) is what is remembered: the
version's card records its SHA-256, and moving or editing the original changes nothing.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from training.datasets import DatasetError, sha256_file
from training.examples import LabeledText, SourceFile
from training.extra import load_extra

log = logging.getLogger(__name__)

FOLDER = "extra"
MANIFEST = "manifest.json"


def _manifest(model_dir: Path) -> dict[str, Any]:
    path = model_dir / FOLDER / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"unreadable extra-data manifest {path}: {exc}") from None
    return data if isinstance(data, dict) else {}


def _write(model_dir: Path, manifest: dict[str, Any]) -> None:
    folder = model_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".{MANIFEST}.partial"
    staging.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    staging.replace(folder / MANIFEST)


def remember(model_dir: Path, paths: Sequence[Path]) -> None:
    """Copy each file in (validated first: a bad file is refused before anything is kept)."""
    if not paths:
        return
    for path in paths:
        load_extra(path)
    manifest = _manifest(model_dir)
    for path in paths:
        folder = model_dir / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / path.name)
        manifest[path.name] = {
            "original": str(path),
            "sha256": sha256_file(folder / path.name),
            "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        log.info(
            "extra data %s remembered as %s (until --forget-extra %s)", path, folder / path.name, path.name
        )
    _write(model_dir, manifest)


def forget(model_dir: Path, names: Sequence[str]) -> None:
    if not names:
        return
    manifest = _manifest(model_dir)
    for name in names:
        if name not in manifest:
            known = ", ".join(sorted(manifest)) or "none"
            raise DatasetError(f"no remembered extra file {name!r}; remembered: {known}")
        del manifest[name]
        (model_dir / FOLDER / name).unlink(missing_ok=True)
        log.info("extra data %s forgotten", name)
    _write(model_dir, manifest)


def remembered(model_dir: Path) -> list[tuple[list[LabeledText], SourceFile]]:
    """Every remembered file's rows, in name order."""
    out = []
    for name in sorted(_manifest(model_dir)):
        rows, source = load_extra(model_dir / FOLDER / name)
        log.info("training on remembered extra data %s (%d rows)", source.path, source.rows)
        out.append((rows, source))
    return out
