"""The console's model page: the card's metrics, score histograms, labels since training, and
reload through the code path of `POST /v1/model/reload`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from service.console.charts import histogram
from service.console.model_page import card_facts, metric_rows
from service.errors import ModelRefused
from tests.console.conftest import form_token, sign_in
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api

CARD: dict[str, Any] = {
    "version": "test-card.1",
    "created_at": "2000-01-01T00:00:00+00:00",
    "promotable": False,
    "gate": {"passed": False, "failures": ["olid: ROC AUC 0.8267 < 0.85"]},
    "metrics": {"test": [
        {"dataset": "youtube", "head": "spam", "n": 380, "positives": 193, "roc_auc": 0.9885,
         "average_precision": 0.99, "precision_hold": 0.978, "recall_hold": 0.938,
         "precision_spam": 0.988, "recall_spam": 0.824, "fp_share_spam": 0.0107},
        {"dataset": "olid", "head": "abuse", "n": 860, "positives": 240, "roc_auc": float("nan"),
         "average_precision": 0.70, "precision_hold": None, "recall_hold": 0.6,
         "cross_domain": True},
    ]},
}


class CardScorer(KeywordScorer):
    version = "test-card.1"

    @property
    def card(self) -> Mapping[str, Any]:
        return CARD


@pytest.fixture
def carded(tmp_path: Path) -> Iterator[Api]:
    """Signed in as an installation-wide moderator: only such a key may switch the model."""
    for api in start_api(make_settings(tmp_path, sqlite_url(tmp_path)), CardScorer()):
        assert sign_in(api.client, api.all_sites_moderator_key).status_code == 303
        yield api


def test_a_site_bound_moderator_sees_no_reload_and_cannot_post_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for api in start_api(make_settings(tmp_path, sqlite_url(tmp_path)), CardScorer()):
        assert sign_in(api.client, api.moderator_key).status_code == 303
        monkeypatch.setattr(api.state.models, "load", lambda version=None, force=False: KeywordScorer())
        page = api.client.get("/console/model").text
        assert 'action="/console/model/reload"' not in page
        assert "installation-wide moderator" in page
        response = api.client.post("/console/model/reload", data={"csrf": form_token(page)})
        assert response.status_code == 403
        assert api.state.models.current.version == "test-card.1"


def test_the_card_metrics_histograms_and_labels_since(carded: Api) -> None:
    held = carded.submit(content="You idiot.").json()["id"]
    carded.submit(content="Plain and kind.")
    carded.post(f"/v1/moderation/comments/{held}/decision", {"status": "abusive"},
                key=carded.moderator_key)
    html = carded.client.get("/console/model").text
    assert "test-card.1" in html
    assert "olid: ROC AUC 0.8267 &lt; 0.85" in html
    assert re.search(r"youtube</th><td>spam</td><td class=\"num\">380</td>", html)
    assert "1.07%" in html
    assert "(cross-domain)" in html
    assert html.count('<svg viewBox="0 0 330 140" role="img"') == 2
    assert "Spam scores of 2 comments" in html
    assert re.search(r"<td>moderator</td><td>abusive</td><td class=\"num\">1</td>", html)


def test_reload_goes_through_the_api_code_path(carded: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    holder = carded.state.models
    newer = KeywordScorer()
    monkeypatch.setattr(holder, "load", lambda version=None, force=False: newer)
    token = form_token(carded.client.get("/console/model").text)
    forged = carded.client.post("/console/model/reload", data={"csrf": "x"}, follow_redirects=False)
    assert forged.status_code == 403
    assert holder.current.version == "test-card.1"
    done = carded.client.post("/console/model/reload", data={"csrf": token})
    assert "Reloaded: now serving model test-keyword.1." in done.text
    assert holder.current is newer
    target = carded.state.store.model_target()
    assert target is not None
    assert target.version == "test-keyword.1"


def test_a_refused_reload_is_explained_and_the_old_model_keeps_serving(
    carded: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(version: str | None = None, force: bool = False) -> KeywordScorer:
        raise ModelRefused("model 9.9 has SHA-256 mismatch")

    monkeypatch.setattr(carded.state.models, "load", refuse)
    token = form_token(carded.client.get("/console/model").text)
    response = carded.client.post("/console/model/reload", data={"csrf": token})
    assert response.status_code == 409
    assert "Reload refused" in response.text
    assert "SHA-256 mismatch" in response.text
    assert carded.state.models.current.version == "test-card.1"


def test_cards_without_metrics_and_odd_values() -> None:
    assert metric_rows({"version": "x"}) == []
    assert metric_rows({"metrics": {"test": ["junk", {"dataset": "d", "n": True}]}})[0].cells[0] == "–"
    rows = metric_rows(CARD)
    assert rows[1].cells[2] == "–"  # NaN ROC AUC
    assert rows[1].cells[4] == "–"  # no precision: nothing reached the threshold
    assert ("Quality gate", "failed") in card_facts(CARD)


def test_histogram_bins_and_threshold_levels() -> None:
    h = histogram("spam", [0.0, 0.05, 0.55, 0.95, 1.0, 1.0], [0.5, 0.9])
    assert [b.count for b in h.bars] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 3]
    assert [b.level for b in h.bars][4:7] == ["ok", "hold", "hold"]
    assert h.bars[9].level == "spam"
    assert max(b.height for b in h.bars) == h.bars[9].height
    assert [m.label for m in h.markers] == ["0.50", "0.90"]
    assert all(b.count == 0 and b.height == 0 for b in histogram("abuse", [], [0.5]).bars)
