"""Language and spans through the HTTP API, with the real bundled model and a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models import DEFAULT_MODEL_PATH, LoadedModel, load
from models.types import ATTRIBUTES
from tests.service.conftest import Api, make_settings, start_api

GERMAN = "Vielen Dank für den ausführlichen Artikel, das hat mir beim Umzug sehr geholfen."
INSULT = "Thanks for the post. Honestly you are a pathetic idiot and a moron."


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return load(DEFAULT_MODEL_PATH)


@pytest.fixture
def real_api(tmp_path: Path, store_url: str, model: LoadedModel) -> Iterator[Api]:
    yield from start_api(make_settings(tmp_path, store_url), model)


@pytest.fixture
def scoring_api(tmp_path: Path, store_url: str, model: LoadedModel) -> Iterator[Api]:
    settings = make_settings(tmp_path, store_url, unsupported_language="score")
    yield from start_api(settings, model)


def _codes(body: dict[str, object]) -> list[str]:
    reasons = body["reasons"]
    assert isinstance(reasons, list)
    return [r["code"] for r in reasons]


def test_an_unsupported_language_is_held_and_says_why(real_api: Api) -> None:
    response = real_api.submit(content=GERMAN)
    body = response.json()
    assert response.status_code == 202
    assert body["status"] == "pending"
    assert body["detected_language"] == "de"
    assert "model.unsupported_language" in _codes(body)


def test_english_and_short_texts_are_not_held_for_language(real_api: Api) -> None:
    english = real_api.submit(content="Thank you for the detailed timeline of the defection.").json()
    short = real_api.submit(content="Danke, super!").json()
    assert (english["status"], english["detected_language"]) == ("approved", "en")
    assert (short["status"], short["detected_language"]) == ("approved", "und")


def test_score_mode_scores_it_and_keeps_the_reason(scoring_api: Api) -> None:
    body = scoring_api.submit(content=GERMAN).json()
    assert body["status"] == "approved"
    assert "model.unsupported_language" in _codes(body)


def test_spans_are_returned_stored_and_shown_to_moderators(real_api: Api) -> None:
    submitted = real_api.submit(content=INSULT)
    body = submitted.json()
    assert body["status"] == "pending"
    spans = body["spans"]
    assert spans
    # The seven-head default explains each attribute over the threshold, abuse among them.
    attributes = {s["attribute"] for s in spans}
    assert "abuse" in attributes
    assert "insult" in attributes
    assert attributes <= {"abuse", *ATTRIBUTES}
    abuse = [INSULT[s["start"] : s["end"]] for s in spans if s["attribute"] == "abuse"]
    assert any("idiot" in h for h in abuse)
    assert not any("Thanks" in INSULT[s["start"] : s["end"]] for s in spans)
    queue = real_api.get("/v1/moderation/queue", key=real_api.moderator_key).json()
    held = next(c for c in queue["comments"] if c["id"] == body["id"])
    assert held["spans"] == spans
    assert held["detected_language"] == "en"


def test_no_spans_below_the_threshold(real_api: Api) -> None:
    body = real_api.submit(content="Lovely photos of the lake, thanks for sharing them.").json()
    assert body["spans"] == []


def test_score_endpoint_returns_spans_into_the_text_as_submitted(real_api: Api) -> None:
    odd = "  &quot;Ｙｏｕ ａｒｅ ａｎ ｉｄ\u200bｉｏｔ&quot; 🤡 and a m\u00adoron, frankly."
    body = real_api.post("/v1/score", {"comments": [{"content": odd}, {"content": GERMAN}]}).json()
    first, second = body["results"]
    highlighted = [odd[s["start"] : s["end"]] for s in first["spans"]]
    assert any("ｉｄ\u200bｉｏｔ" in h for h in highlighted)
    assert second["detected_language"] == "de"
    assert second["status"] == "pending"
