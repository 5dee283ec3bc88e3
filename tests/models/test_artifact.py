import json
import shutil
from pathlib import Path

import pytest
import sklearn

from models import (
    DEFAULT_MODEL_PATH,
    ArtifactError,
    CommentText,
    list_versions,
    load,
    load_latest,
    load_version,
)
from models.artifact import CARD_FILE, MODEL_FILE, sha256_of, write_artifact


def _edit_card(folder: Path, **changes: object) -> None:
    card = json.loads((folder / CARD_FILE).read_text())
    card.update(changes)
    (folder / CARD_FILE).write_text(json.dumps(card))


def test_round_trip(tiny_model_path: Path) -> None:
    model = load(tiny_model_path)
    card = json.loads((tiny_model_path / CARD_FILE).read_text())
    assert model.version == tiny_model_path.name == card["version"]
    assert model.card["model_sha256"] == sha256_of(tiny_model_path / MODEL_FILE)
    assert model.card["scikit_learn"] == sklearn.__version__
    assert model.path == tiny_model_path
    assert model.promotable
    [scores] = model.score([CommentText(content="hello there")])
    assert 0.0 <= scores.spam <= 1.0
    assert 0.0 <= scores.abuse <= 1.0


def test_refuses_other_scikit_learn_version(tiny_copy: Path) -> None:
    _edit_card(tiny_copy, scikit_learn="1.8.0")
    with pytest.raises(ArtifactError, match=r"scikit-learn 1\.8\.0; this process has .*==1\.8\.0"):
        load(tiny_copy)


def test_refuses_other_joblib_version(tiny_copy: Path) -> None:
    _edit_card(tiny_copy, joblib="0.1")
    with pytest.raises(ArtifactError, match=r"joblib 0\.1"):
        load(tiny_copy)


def test_refuses_hash_mismatch_before_unpickling(tiny_copy: Path) -> None:
    # Not a pickle at all: if it were unpickled, the error would be a different one.
    (tiny_copy / MODEL_FILE).write_bytes(b"not a pickle")
    with pytest.raises(ArtifactError, match="SHA-256"):
        load(tiny_copy)


def test_refuses_truncated_file(tiny_copy: Path) -> None:
    data = (tiny_copy / MODEL_FILE).read_bytes()
    (tiny_copy / MODEL_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(ArtifactError, match="corrupted"):
        load(tiny_copy)


def test_refuses_an_unloadable_pickle_with_matching_hash(tiny_copy: Path) -> None:
    (tiny_copy / MODEL_FILE).write_bytes(b"garbage")
    _edit_card(tiny_copy, model_sha256=sha256_of(tiny_copy / MODEL_FILE))
    with pytest.raises(ArtifactError, match="cannot unpickle"):
        load(tiny_copy)


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": 1}'])
def test_refuses_malformed_card(tiny_copy: Path, content: str) -> None:
    (tiny_copy / CARD_FILE).write_text(content)
    with pytest.raises(ArtifactError, match="malformed"):
        load(tiny_copy)


def test_refuses_missing_files(tiny_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="does not exist"):
        load(tmp_path / "nothing")
    (tiny_copy / MODEL_FILE).unlink()
    with pytest.raises(ArtifactError, match=f"no {MODEL_FILE}"):
        load(tiny_copy)
    (tiny_copy / CARD_FILE).unlink()
    with pytest.raises(ArtifactError, match=f"no {CARD_FILE}"):
        load(tiny_copy)


def test_never_overwrites_a_version(tiny_copy: Path) -> None:
    pipeline = load(tiny_copy).pipeline
    with pytest.raises(ArtifactError, match="already exists"):
        write_artifact(pipeline, {}, tiny_copy.parent, tiny_copy.name)


def test_versions_sort_naturally_and_latest_skips_bad_ones(tiny_model_path: Path, tmp_path: Path) -> None:
    model_dir = tmp_path / "models"
    for name in ("2026-11-25.2", "2026-11-25.10", "2026-11-25.1", "2026-11-26.1"):
        shutil.copytree(tiny_model_path, model_dir / name)
        _edit_card(model_dir / name, version=name)
    (model_dir / ".2026-11-27.1.123.partial").mkdir()  # a write in progress
    names = [p.name for p in list_versions(model_dir)]
    assert names == ["2026-11-25.1", "2026-11-25.2", "2026-11-25.10", "2026-11-26.1"]

    (model_dir / "2026-11-26.1" / MODEL_FILE).write_bytes(b"corrupt")
    _edit_card(model_dir / "2026-11-25.10", promotable=False)
    assert load_latest(model_dir).version == "2026-11-25.2"
    assert load_version(model_dir, "2026-11-25.10").version == "2026-11-25.10"
    with pytest.raises(ArtifactError):
        load_version(model_dir, "2026-11-26.1")


def test_latest_falls_back_to_the_bundled_default(tmp_path: Path) -> None:
    assert load_latest(None).path == DEFAULT_MODEL_PATH
    assert load_latest(tmp_path / "empty").path == DEFAULT_MODEL_PATH
    assert load_version(tmp_path, DEFAULT_MODEL_PATH.name).path == DEFAULT_MODEL_PATH


@pytest.mark.parametrize("name", ["../etc", "a/b", "", ".hidden", "x" * 65])
def test_version_names_cannot_escape_the_model_dir(tmp_path: Path, name: str) -> None:
    with pytest.raises(ArtifactError, match="invalid model version name"):
        load_version(tmp_path, name)
