"""Model versions through the database: two hosts with their own model directories, one store."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from models import ArtifactError
from service.app import initial_model
from service.crypto import EmailVault
from service.model_store import fetch
from service.settings import Settings
from service.store import SqlStore
from service.store.db import model_artifacts
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import open_store
from tests.service.conftest import Api, make_settings, start_api
from training.tiny import build_tiny_model

VERSION = "2026-12-04.1"
KEY = EmailVault.generate_key()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny"), version="tiny.1")


def host(tmp_path: Path, url: str, name: str) -> Settings:
    """A host: its own data and model directories, the shared database and email key."""
    return make_settings(tmp_path / name, url, model_dir=tmp_path / name / "models",
                         model_sync_seconds=0.1, email_keys=(SecretStr(KEY),))


def install(tiny: Path, model_dir: Path) -> None:
    target = model_dir / VERSION
    shutil.copytree(tiny, target)
    card = json.loads((target / "card.json").read_text())
    (target / "card.json").write_text(json.dumps({**card, "version": VERSION}))


def two_hosts(a: Settings, b: Settings) -> Iterator[tuple[Api, Api]]:
    for first in start_api(a, KeywordScorer()):
        for second in start_api(b, KeywordScorer()):
            yield first, second


def test_a_reload_on_a_reaches_b_without_a_shared_filesystem(
    tmp_path: Path, store_url: str, tiny_model: Path
) -> None:
    a, b = host(tmp_path, store_url, "a"), host(tmp_path, store_url, "b")
    install(tiny_model, tmp_path / "a" / "models")
    for first, second in two_hosts(a, b):
        reload = first.post("/v1/model/reload", {}, key=first.all_sites_moderator_key)
        assert reload.status_code == 200, reload.text
        deadline = time.monotonic() + 10
        while second.state.models.current.version != VERSION:
            assert time.monotonic() < deadline, "host B never switched"
            time.sleep(0.05)
        assert (tmp_path / "b" / "models" / VERSION / "model.joblib").read_bytes() == (
            tmp_path / "a" / "models" / VERSION / "model.joblib").read_bytes()
        workers = first.get("/v1/model", key=first.moderator_key).json()["workers"]
        assert {w["version"] for w in workers} == {VERSION}


def test_a_respawned_worker_with_a_corrupt_copy_fetches_the_version_again(
    tmp_path: Path, store_url: str, tiny_model: Path
) -> None:
    a, b = host(tmp_path, store_url, "a"), host(tmp_path, store_url, "b")
    install(tiny_model, tmp_path / "a" / "models")
    for first, second in two_hosts(a, b):
        assert first.post("/v1/model/reload", {}, key=first.all_sites_moderator_key).status_code == 200
        deadline = time.monotonic() + 10
        while second.state.models.current.version != VERSION:
            assert time.monotonic() < deadline, "host B never switched"
            time.sleep(0.05)
    local = tmp_path / "b" / "models" / VERSION / "model.joblib"
    data = bytearray(local.read_bytes())
    data[len(data) // 2] ^= 0xFF
    local.write_bytes(bytes(data))
    with open_store(store_url) as store:
        assert initial_model(b, store).version == VERSION  # not the bundled default


def test_an_archive_that_does_not_match_its_sha256_is_refused(
    tmp_path: Path, store_url: str, tiny_model: Path
) -> None:
    a = host(tmp_path, store_url, "a")
    install(tiny_model, tmp_path / "a" / "models")
    for first in start_api(a, KeywordScorer()):
        assert first.post("/v1/model/reload", {}, key=first.all_sites_moderator_key).status_code == 200
        store: SqlStore = first.state.store
        with store.engine.begin() as conn:
            conn.execute(model_artifacts.update().values(archive=b"tampered"))
        with pytest.raises(ArtifactError, match="does not match its SHA-256"):
            fetch(store, tmp_path / "c", VERSION)
        assert not (tmp_path / "c" / VERSION).exists()
