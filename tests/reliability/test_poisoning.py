"""Issue 16, item 2: a site key cannot poison the model every site shares.

The attack as it was run: one site's key sends Akismet `submit-ham` for pharmacy-spam variants
(400 calls; 62 in the faster variant), `commentmod train` reads the store, and before this fix
the new version approved every unseen comment of that campaign on every site. Now each site's
labels are capped and a site key's weigh a fifth of a moderator's (training/tenancy.py), and the
gate compares each site's held-back labels and unreviewed comments (training/sites.py). So the
victim site's unseen campaign comments stay held, or the gate refuses the version for that
site's sake. Real bundled model, real SQLite store; the fresh-install variant needs no
../shared/data, the full-training variant (slow) trains on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import models
from service.settings import Settings
from tests.helpers.campaign import ORDINARY
from tests.helpers.data import DATA_DIR
from tests.helpers.pharma import variants
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api
from training.cli import main as train_main

CAMPAIGN = variants()
VICTIM_STORED = CAMPAIGN[400:440]  # arrive on the victim's site; no moderator reviews them
VICTIM_MARKED = CAMPAIGN[440:450]  # the victim's moderators confirm these as spam
UNSEEN = CAMPAIGN[450:540]  # scored on the victim's site after training


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, sqlite_url(tmp_path), model_dir=tmp_path / "models")


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    yield from start_api(settings, models.load_latest(settings.model_dir))


def _statuses(api: Api, texts: Sequence[str]) -> list[str]:
    response = api.post("/v1/score", {"comments": [{"content": t} for t in texts]})
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def _attack(api: Api, settings: Settings, labels: int) -> None:
    ids = {}
    for text in (*VICTIM_STORED, *VICTIM_MARKED, *ORDINARY[:10]):
        response = api.submit(content=text)
        assert response.status_code in (201, 202), response.text
        ids[text] = response.json()["id"]
    for text, status in ((t, "spam") for t in VICTIM_MARKED):
        api.post(f"/v1/moderation/comments/{ids[text]}/decision", {"status": status},
                 key=api.moderator_key)
    for text in ORDINARY[:10]:
        api.post(f"/v1/moderation/comments/{ids[text]}/decision", {"status": "approved"},
                 key=api.moderator_key)
    for text in CAMPAIGN[:labels]:
        response = api.client.post("/1.1/submit-ham", data={
            "api_key": api.other_site_key, "blog": "https://other", "user_ip": "198.51.100.7",
            "comment_type": "comment", "comment_content": text,
        })
        assert response.status_code == 200, response.text


def _run(api: Api, settings: Settings, labels: int, *, public_data: bool) -> None:
    _attack(api, settings, labels)
    held_before = [t for t, s in zip(UNSEEN, _statuses(api, UNSEEN), strict=True) if s != "approved"]
    assert len(held_before) >= 0.6 * len(UNSEEN)  # the bundled model catches most of the campaign
    assert settings.model_dir is not None
    data = ["--data-dir", str(DATA_DIR)] if public_data else []
    code = train_main(["train", *data, "--out", str(settings.model_dir),
                       "--database-url", settings.resolved_database_url, "--version", "after.1"])
    card = json.loads((settings.model_dir / "after.1" / "card.json").read_text())
    assert card["training"]["feedback_labels"]["akismet"] > 0.7 * labels
    share = card["training"].get("feedback_mass", {}).get("site_share", {}).get("other", {}).get("spam")
    print(f"\n{labels} submit-ham, public data {public_data}: the attacker's share of the spam "
          f"head's weight {share}; gate exit {code}: {card['gate']['failures']}; "
          f"unreviewed {card['site_gate']['unreviewed']}")
    if code != 0:  # refused: and for the victim's sake, not only an unrelated dataset's AUC
        assert any(f.startswith("site blog") for f in card["gate"]["failures"]), card["gate"]
        return
    response = api.post("/v1/model/reload", {}, key=api.all_sites_moderator_key)
    assert response.json()["version"] == "after.1", response.text
    after = _statuses(api, held_before)
    print(f"unseen campaign held by the default: {len(held_before)}; approved after: "
          f"{after.count('approved')}")
    assert after.count("approved") <= 1, after


@pytest.mark.parametrize("labels", [62, 400])
def test_submit_ham_from_one_site_key_do_not_approve_the_campaign_elsewhere_fresh_install(
    api: Api, settings: Settings, labels: int
) -> None:
    """`train` without public data: the bundled model refitted on the store (seconds)."""
    _run(api, settings, labels, public_data=False)


@pytest.mark.data
@pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"no test data at {DATA_DIR}")
@pytest.mark.slow
@pytest.mark.parametrize("labels", [62, 400])
def test_submit_ham_from_one_site_key_do_not_approve_the_campaign_elsewhere_full_training(
    api: Api, settings: Settings, labels: int
) -> None:
    """`train --data-dir`: one full training run (1.5-7 minutes on this machine)."""
    _run(api, settings, labels, public_data=True)
