"""A model that cannot be served stops `commentmod serve` before uvicorn starts: exit code 1 and
one line saying why, never a traceback (and no API key is created on the way)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import uvicorn

import models
from service import cli
from service.store import SqlStore

VERSION = "2099-01-01.1"
REFUSAL = "error: commentmod cannot start: the model cannot be loaded: "


def _card(folder: Path) -> dict[str, object]:
    card: dict[str, object] = json.loads((folder / "card.json").read_text())
    return card


def _write_card(folder: Path, **changes: object) -> None:
    (folder / "card.json").write_text(json.dumps({**_card(folder), **changes}))


def _missing_file(folder: Path) -> None:
    (folder / "model.joblib").unlink()


def _flipped_bytes(folder: Path) -> None:
    data = bytearray((folder / "model.joblib").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / "model.joblib").write_bytes(bytes(data))


def _garbage_with_matching_checksum(folder: Path) -> None:
    (folder / "model.joblib").write_bytes(b"not a pickle at all")
    _write_card(folder, model_sha256=models.artifact.sha256_of(folder / "model.joblib"))


def _other_scikit_learn(folder: Path) -> None:
    _write_card(folder, scikit_learn="1.2.0")


BREAKAGES: dict[str, tuple[Callable[[Path], None] | None, str]] = {
    "version missing": (None, f"no model version '{VERSION}'"),
    "model file missing": (_missing_file, "no model.joblib in"),
    "model file corrupt": (_flipped_bytes, "the file was changed or corrupted"),
    "model file not a pickle": (_garbage_with_matching_checksum, "cannot unpickle"),
    "other scikit-learn": (_other_scikit_learn, "written by scikit-learn 1.2.0"),
}


def broken_model_dir(tmp_path: Path, breakage: Callable[[Path], None] | None) -> Path:
    model_dir = tmp_path / "models"
    model_dir.mkdir()
    if breakage is not None:
        folder = model_dir / VERSION
        shutil.copytree(models.DEFAULT_MODEL_PATH, folder)
        _write_card(folder, version=VERSION)
        breakage(folder)
    return model_dir


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_serve_refuses_a_broken_model_with_one_line(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    breakage, why = BREAKAGES[case]
    for name in [n for n in os.environ if n.startswith("COMMENTMOD_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COMMENTMOD_MODEL_DIR", str(broken_model_dir(tmp_path, breakage)))
    monkeypatch.setenv("COMMENTMOD_MODEL_VERSION", VERSION)
    monkeypatch.setattr(uvicorn, "run", pytest.fail)  # must never get that far

    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    refusals = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(refusals) == 1, err
    assert refusals[0].startswith(REFUSAL)
    assert why in refusals[0]
    assert "Traceback" not in err
    store = SqlStore.from_url(f"sqlite:///{tmp_path / 'data' / 'comments.db'}")
    try:
        assert store.count_api_keys() == 0  # no key was created (and lost) on the way
    finally:
        store.close()


def test_the_real_command_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    env.update({
        "COMMENTMOD_DATA_DIR": str(tmp_path / "data"),
        "COMMENTMOD_MODEL_DIR": str(broken_model_dir(tmp_path, _other_scikit_learn)),
        "COMMENTMOD_MODEL_VERSION": VERSION,
    })
    result = subprocess.run([sys.executable, "-m", "service", "serve", "--port", "1"],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(REFUSAL)
    assert "Traceback" not in result.stdout + result.stderr
    assert "Uvicorn running" not in result.stdout + result.stderr
