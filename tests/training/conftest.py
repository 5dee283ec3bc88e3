from pathlib import Path

import pytest

FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"


@pytest.fixture
def fixture_data() -> Path:
    """A miniature copy of the ../shared/data layout, with each format's quirks."""
    return FIXTURE_DATA
