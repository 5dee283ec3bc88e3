"""`GET /v1/model` and `POST /v1/model/reload`: switching versions without downtime."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.settings import Settings
from tests.helpers.scorers import KeywordScorer
from tests.service.conftest import Api, make_settings, start_api
from training.tiny import build_tiny_model

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny"), version="tiny.1")


def _install(tiny: Path, model_dir: Path, version: str, *, promotable: bool = True) -> Path:
    """Copy the tiny artifact in as `version` (the card names it, so rewrite that field)."""
    target = model_dir / version
    shutil.copytree(tiny, target)
    card = json.loads((target / "card.json").read_text())
    card.update(version=version, promotable=promotable)
    (target / "card.json").write_text(json.dumps(card))
    return target


@pytest.fixture
def settings(tmp_path: Path, store_url: str) -> Settings:
    return make_settings(tmp_path, store_url, model_dir=tmp_path / "models")


@pytest.fixture
def model_dir(settings: Settings) -> Path:
    assert settings.model_dir is not None
    settings.model_dir.mkdir(parents=True)
    return settings.model_dir


def _reload(api: Api, body: dict[str, object] | None = None) -> tuple[int, dict[str, object]]:
    response = api.post("/v1/model/reload", body or {}, key=api.all_sites_moderator_key)
    return response.status_code, response.json()


def test_a_site_bound_moderator_cannot_switch_the_model_every_site_shares(
    api: Api, model_dir: Path, tiny_model: Path
) -> None:
    """Regression: a site-A moderator force-loaded a version the gate refused, for every site."""
    _install(tiny_model, model_dir, "2026-12-01.9", promotable=False)
    before = api.get("/v1/model", key=api.moderator_key).json()["version"]
    for body in ({}, {"version": "2026-12-01.9", "force": True}):
        response = api.post("/v1/model/reload", body, key=api.moderator_key)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "installation-wide" in response.json()["detail"]
    assert api.get("/v1/model", key=api.moderator_key).json()["version"] == before
    assert api.state.store.model_target() is None


def test_reload_switches_to_the_newest_promotable_version(
    api: Api, model_dir: Path, tiny_model: Path
) -> None:
    _install(tiny_model, model_dir, "2026-12-01.1")
    _install(tiny_model, model_dir, "2026-12-01.2")
    _install(tiny_model, model_dir, "2026-12-01.3", promotable=False)
    status, body = _reload(api)
    assert status == 200
    assert body["version"] == "2026-12-01.2"
    assert api.submit().json()["model_version"] == "2026-12-01.2"
    card = api.get("/v1/model").json()
    assert card["version"] == "2026-12-01.2"
    assert [w["version"] for w in card["workers"]] == ["2026-12-01.2"]


def test_unpromotable_version_needs_force(api: Api, model_dir: Path, tiny_model: Path) -> None:
    _install(tiny_model, model_dir, "2026-12-01.9", promotable=False)
    status, body = _reload(api, {"version": "2026-12-01.9"})
    assert status == 409
    assert "promotion gate" in str(body["detail"])
    assert api.submit().json()["model_version"] == "test-keyword.1"
    status, body = _reload(api, {"version": "2026-12-01.9", "force": True})
    assert (status, body["version"]) == (200, "2026-12-01.9")


@pytest.mark.parametrize("damage", ["corrupt", "hash", "sklearn", "missing"])
def test_a_bad_artifact_is_refused_and_the_old_model_keeps_serving(
    api: Api, model_dir: Path, tiny_model: Path, damage: str
) -> None:
    target = _install(tiny_model, model_dir, "2026-12-02.1")
    card = json.loads((target / "card.json").read_text())
    if damage == "corrupt":
        (target / "model.joblib").write_bytes(b"not a pickle at all")
    elif damage == "hash":
        card["model_sha256"] = "0" * 64
    elif damage == "sklearn":
        card["scikit_learn"] = "0.24.2"
    else:
        (target / "model.joblib").unlink()
    (target / "card.json").write_text(json.dumps(card))
    status, body = _reload(api, {"version": "2026-12-02.1"})
    assert status == 409
    assert body["type"] == "https://commentmod.dev/problems/model-refused"
    assert "Traceback" not in json.dumps(body)
    assert api.submit().json()["model_version"] == "test-keyword.1"


def test_unknown_version_is_refused(api: Api) -> None:
    assert _reload(api, {"version": "no-such-version"})[0] == 409
    assert _reload(api, {"version": "../../etc"})[0] in (409, 422)


def _two_workers(settings: Settings) -> Iterator[tuple[Api, Api]]:
    fast = settings.model_copy(update={"model_sync_seconds": 0.1})
    for first in start_api(fast, KeywordScorer()):
        for second in start_api(fast, KeywordScorer()):
            yield first, second


def test_every_worker_switches(settings: Settings, model_dir: Path, tiny_model: Path) -> None:
    _install(tiny_model, model_dir, "2026-12-03.1")
    for first, second in _two_workers(settings):
        assert _reload(first)[0] == 200
        deadline = time.monotonic() + 10
        while second.state.models.current.version != "2026-12-03.1":
            assert time.monotonic() < deadline, "the second worker never switched"
            time.sleep(0.05)
        workers = first.get("/v1/model").json()["workers"]
        assert {w["version"] for w in workers} == {"2026-12-03.1"}


def test_reload_under_load_fails_no_request(api: Api, model_dir: Path, tiny_model: Path) -> None:
    _install(tiny_model, model_dir, "2026-12-04.1")
    _install(tiny_model, model_dir, "2026-12-04.2")

    def submit(i: int) -> tuple[int, str]:
        response = api.submit(content=f"load comment {i}")
        return response.status_code, response.json()["model_version"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(submit, i) for i in range(60)]
        assert _reload(api, {"version": "2026-12-04.1"})[0] == 200
        assert _reload(api)[0] == 200
        results = [f.result() for f in futures]
    assert {code for code, _ in results} <= {201, 202}
    assert {v for _, v in results} <= {"test-keyword.1", "2026-12-04.1", "2026-12-04.2"}
    assert api.submit().json()["model_version"] == "2026-12-04.2"


def test_reload_with_an_empty_model_dir_serves_the_bundled_default(api: Api, model_dir: Path) -> None:
    status, body = _reload(api)
    assert status == 200
    card = body["card"]
    assert isinstance(card, dict)
    assert body["version"] == card["version"]
    assert api.submit().json()["model_version"] == body["version"]


def test_null_options_are_not_given(api: Api, model_dir: Path, tiny_model: Path) -> None:
    # JSON `null` (PHP's json_encode of an unset value) means "not given", as in every body.
    _install(tiny_model, model_dir, "2026-12-01.9", promotable=False)
    status, body = _reload(api, {"version": "2026-12-01.9", "force": None})
    assert status == 409  # force: null is no force
    assert "promotion gate" in str(body["detail"])
    status, body = _reload(api, {"version": "2026-12-01.9", "force": True})
    assert (status, body["version"]) == (200, "2026-12-01.9")


@pytest.mark.parametrize("damage", ["corrupt", "card"])
def test_reloading_the_newest_when_it_is_corrupt_is_409_and_says_so(
    api: Api, model_dir: Path, tiny_model: Path, damage: str
) -> None:
    """Once: 200, and the old model kept serving in silence (an older good version was loaded)."""
    _install(tiny_model, model_dir, "2026-12-05.1")
    assert _reload(api)[0] == 200
    newest = _install(tiny_model, model_dir, "2026-12-05.2")
    if damage == "corrupt":
        (newest / "model.joblib").write_bytes(b"not a pickle at all")
    else:
        (newest / "card.json").write_text("{not json")
    status, body = _reload(api)
    assert status == 409, body
    assert "2026-12-05.2" in str(body["detail"])
    assert api.state.models.current.version == "2026-12-05.1"


def test_reload_errors_show_no_server_paths(api: Api, model_dir: Path, tiny_model: Path) -> None:
    target = _install(tiny_model, model_dir, "2026-12-06.1")
    (target / "card.json").write_text("{not json")
    status, body = _reload(api, {"version": "2026-12-06.1"})
    assert status == 409
    text = json.dumps(body)
    assert str(model_dir) not in text
    assert str(model_dir.parent) not in text
    assert "card.json" in text
