import shutil
from pathlib import Path

import pytest

from training.tiny import build_tiny_model


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny version, trained once per session; copy it before changing it."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny"))


@pytest.fixture
def tiny_copy(tiny_model_path: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny version inside `tmp_path / "models"`."""
    target = tmp_path / "models" / tiny_model_path.name
    shutil.copytree(tiny_model_path, target)
    return target
