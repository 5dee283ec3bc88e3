"""Where the public datasets are (`../shared/data` beside the repo, or COMMENTMOD_TEST_DATA_DIR),
and the marks of a module that needs them: `pytestmark = NEEDS_DATA` skips it cleanly when the
data is absent (a user's machine) and runs it where it is (CI here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA_DIR = Path(
    os.environ.get("COMMENTMOD_TEST_DATA_DIR")
    or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
)
NEEDS_DATA = [
    pytest.mark.data,
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"no test data at {DATA_DIR}"),
]
