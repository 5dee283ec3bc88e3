from pathlib import Path

import pytest

from training.tiny import build_tiny_model

FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"


@pytest.fixture
def fixture_data() -> Path:
    """A miniature copy of the ../shared/data layout, with each format's quirks."""
    return FIXTURE_DATA


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny model version, trained once per session (see training.tiny)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny"))
