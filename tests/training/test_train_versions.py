"""Version names of newly trained models."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from models import DEFAULT_MODEL_PATH
from training.train import default_version


def test_default_version_counts_up_and_never_takes_the_bundled_name(tmp_path: Path) -> None:
    day = datetime.strptime(DEFAULT_MODEL_PATH.name.split(".")[0], "%Y-%m-%d").replace(tzinfo=UTC)
    taken = {DEFAULT_MODEL_PATH.name}
    for _ in range(4):
        name = default_version(tmp_path, today=day)
        assert name not in taken
        taken.add(name)
        (tmp_path / name).mkdir()
