"""Issue 17, item 3: `commentmod train` on a fresh install, with no public data: the bundled
model refitted on the store's labels (training/fresh.py), in seconds. Runs with or without
../shared/data (it never reads it)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import models
from service.domain import Status
from service.settings import Settings
from tests.helpers.campaign import MARKED, ORDINARY, UNSEEN
from tests.helpers.stores import make_new_comment, open_store, sqlite_url
from tests.service.conftest import Api, make_settings, start_api
from training.cli import main as train_main
from training.feedback import is_held_back
from training.fresh import REGRESSION_NAME


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("COMMENTMOD_TRAINING_DATA_DIR", raising=False)
    return make_settings(tmp_path, sqlite_url(tmp_path), model_dir=tmp_path / "models")


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    yield from start_api(settings, models.load_latest(settings.model_dir))


def _scores(api: Api, texts: Sequence[str]) -> list[dict[str, object]]:
    response = api.post("/v1/score", {"comments": [{"content": t} for t in texts]})
    assert response.status_code == 200, response.text
    results: list[dict[str, object]] = response.json()["results"]
    return results


def _statuses(api: Api, texts: Sequence[str]) -> list[object]:
    return [r["status"] for r in _scores(api, texts)]


def _train(settings: Settings, version: str, *extra: str) -> tuple[int, dict[str, object]]:
    assert settings.model_dir is not None
    code = train_main(["train", "--out", str(settings.model_dir), "--database-url",
                       settings.resolved_database_url, "--version", version, *extra])
    card: dict[str, object] = json.loads((settings.model_dir / version / "card.json").read_text())
    return code, card


def _reload(api: Api, version: str) -> None:
    response = api.post("/v1/model/reload", {}, key=api.all_sites_moderator_key)
    assert response.status_code == 200, response.text
    assert response.json()["version"] == version


def test_40_decisions_teach_a_fresh_install_a_campaign_without_public_data(
    api: Api, settings: Settings
) -> None:
    ids = {}
    for text in (*MARKED, *ORDINARY, *UNSEEN):  # the unseen variants arrive too, unreviewed
        response = api.submit(content=text)
        assert response.status_code in (201, 202), response.text
        ids[text] = response.json()["id"]
    before_unseen = _statuses(api, UNSEEN)
    before_ordinary = _statuses(api, ORDINARY)
    assert before_unseen.count("approved") >= 0.8 * len(UNSEEN)  # the bundled model misses it
    decisions = [(t, "spam") for t in MARKED] + [(t, "approved") for t in ORDINARY[:4]]
    assert len(decisions) == 40
    for text, status in decisions:
        response = api.post(f"/v1/moderation/comments/{ids[text]}/decision", {"status": status},
                            key=api.moderator_key)
        assert response.status_code == 200, response.text

    code, card = _train(settings, "fresh.1")
    assert code == 0, card["gate"]
    [moved] = card["site_gate"]["unreviewed"]  # type: ignore[index]
    assert moved["n"] == len(ORDINARY) - 4 + len(UNSEEN)
    # The campaign's rest, newly held: allowed. Two of the 24 may stay approved under the bundled
    # 2026-12-02.1 (the 2026-12-01.1 refit left one at spam 0.28 and the next at 0.56; the new
    # default leaves 0.26 and 0.49, the ordinary comments' highest at 0.23).
    assert moved["tightened"] >= len(UNSEEN) - 2
    assert card["training"]["warm_start"]["from"] == models.DEFAULT_MODEL_PATH.name  # type: ignore[index]
    assert card["training"]["public_data"] is None  # type: ignore[index]
    assert REGRESSION_NAME in card["metrics"]  # type: ignore[operator]
    _reload(api, "fresh.1")
    after_unseen = _statuses(api, UNSEEN)
    after_ordinary = _statuses(api, ORDINARY)
    assert after_unseen.count("approved") <= 2, after_unseen
    kept = [a for b, a in zip(before_ordinary, after_ordinary, strict=True) if b == "approved"]
    assert kept == ["approved"] * len(kept)
    print(f"\nfresh install: unseen campaign approved {before_unseen.count('approved')} -> "
          f"{after_unseen.count('approved')} of {len(UNSEEN)}; ordinary approved "
          f"{before_ordinary.count('approved')} -> {after_ordinary.count('approved')} of {len(ORDINARY)}")


def test_an_extra_row_counts_is_remembered_and_forgotten(
    api: Api, settings: Settings, tmp_path: Path
) -> None:
    sentence = MARKED[3]
    [before] = _scores(api, [sentence])
    assert before["status"] == "approved"
    extra = tmp_path / "mine.csv"
    extra.write_text(f'text,label\n"{sentence}",spam\n"{ORDINARY[0]}",ok\n', encoding="utf-8")

    code, card = _train(settings, "extra.1", "--extra", str(extra), "--extra-weight", "3")
    assert code == 0, card["gate"]
    assert card["training"]["extra_rows"] == 2  # type: ignore[index]
    assert card["training"]["warm_start"]["extra_weight"] == 3.0  # type: ignore[index]
    _reload(api, "extra.1")
    [after] = _scores(api, [sentence])
    assert after["status"] != "approved", (before, after)  # was 0.15 -> 0.18 and approved
    print(f"\nthe --extra spam row: spam {before['scores']} -> {after['scores']}")

    extra.unlink()  # the copy in the model directory is what is remembered
    code, card = _train(settings, "extra.2")
    assert code == 0, card["gate"]
    [remembered] = card["training"]["extra_files"]  # type: ignore[index]
    assert remembered["path"].endswith("extra/mine.csv")
    assert settings.model_dir is not None
    code = train_main(["train", "--out", str(settings.model_dir), "--database-url",
                       settings.resolved_database_url, "--forget-extra", "mine.csv"])
    assert code == 2  # nothing left to learn from: no labels, no extra
    assert not (settings.model_dir / "extra" / "mine.csv").exists()


def test_the_demos_labels_are_where_train_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "demo").mkdir(parents=True)
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(data_dir))
    for name in ("COMMENTMOD_DATABASE_URL", "COMMENTMOD_MODEL_DIR", "COMMENTMOD_TRAINING_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    with open_store(sqlite_url(data_dir / "demo")) as store:  # where `commentmod demo` keeps it
        for text in MARKED[:10]:
            stored = store.insert_comment(make_new_comment(site="demo", content=text), flood_seconds=0)
            store.record_decision(stored.id, site="demo", status=Status.SPAM, note="",
                                  source="moderator", actor="mod_1")
    caplog.set_level(logging.INFO)
    assert train_main(["train", "--version", "plain.1"]) == 2  # the service's store: nothing
    assert "`commentmod train --demo` reads them" in caplog.text
    assert train_main(["train", "--demo", "--version", "demo.1"]) == 0
    card = json.loads((data_dir / "models" / "demo.1" / "card.json").read_text())
    assert card["training"]["feedback_total"] == sum(not is_held_back(t) for t in MARKED[:10])
