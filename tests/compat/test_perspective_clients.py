"""Perspective as its users speak it: Coral Talk's requests and response handling (reproduced
from its source: the toxic phase's `comments:analyze` and the `comments:suggestscore` sent on each
moderator decision), Google's own `google-api-python-client` pointed at the discovery document,
a model that has all six attributes and spans, and `doNotStore`."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httplib2
import httpx
import pytest
from googleapiclient import discovery
from googleapiclient.errors import HttpError

from models.types import ATTRIBUTES, CommentText, Scores, Span
from service.domain import Status
from tests.compat.conftest import Live
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"
CORAL_TIMEOUT = 0.8  # Coral's default Perspective timeout, in seconds


class AttributeScorer(KeywordScorer):
    """KeywordScorer plus Perspective's six attributes and a span on each 'idiot', as the model
    with those heads will answer."""

    version = "test-attributes.1"

    def score(self, batch: Sequence[CommentText]) -> list[Scores]:
        out = []
        for item, base in zip(batch, super().score(batch), strict=True):
            hits = [m.span() for m in re.finditer("idiot", item.content, re.IGNORECASE)]
            attributes = dict.fromkeys(ATTRIBUTES, 0.02)
            attributes.update(toxicity=base.abuse, insult=0.8 if hits else 0.03)
            spans = tuple(Span(b, e, name, 0.8) for b, e in hits for name in ("insult",))
            out.append(Scores(spam=base.spam, abuse=base.abuse, attributes=attributes,
                              spans=spans))
        return out


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from start_api(make_settings(tmp_path, sqlite_url(tmp_path)), KeywordScorer())


@pytest.fixture
def six(tmp_path: Path) -> Iterator[Api]:
    yield from start_api(make_settings(tmp_path, sqlite_url(tmp_path)), AttributeScorer())


def coral_analyze(client: httpx.Client, key: str, text: str, language: str) -> float | None:
    """Coral's toxic phase: its request body, its 800 ms timeout, and what it reads back (no
    score: the comment goes unscreened, which must never happen here)."""
    body = {"comment": {"text": text}, "doNotStore": True,
            "requestedAttributes": {"TOXICITY": {}}, "languages": [language]}
    started = time.monotonic()
    response = client.post(f"{ANALYZE}?key={key}", content=json.dumps(body),
                           headers={"Content-Type": "application/json"},
                           timeout=httpx.Timeout(CORAL_TIMEOUT))
    assert time.monotonic() - started < CORAL_TIMEOUT
    if response.status_code != 200:
        return None
    score: float = response.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
    return score


def coral_suggest(client: httpx.Client, key: str, text: str, approved: bool) -> httpx.Response:
    """Coral on a moderator decision: approved → TOXICITY 0, rejected → 1."""
    body = {
        "comment": {"text": text},
        "context": {"entries": [{"text": json.dumps({
            "url": "https://news.example.org/story?commentID=c-1", "Coral_comment_id": "c-1"})}]},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0 if approved else 1}}},
        "languages": ["en"], "communityId": "Coral:https://news.example.org",
        "clientToken": "comment:c-1",
    }
    return client.post(f"{SUGGEST}?key={key}", json=body)


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "pt"])
def test_coral_gets_a_score_in_every_language_it_sends(
    live: Live, http: httpx.Client, language: str
) -> None:
    assert coral_analyze(http, live.site_key, "You idiot.", language) == pytest.approx(0.93)
    assert coral_analyze(http, live.site_key, "Nice piece.", language) == pytest.approx(0.01)


def test_coral_decisions_become_labels_and_a_rejection_is_not_abuse(
    live: Live, http: httpx.Client
) -> None:
    for text, approved in (("A fair point.", True), ("Buy cheap watches", False)):
        response = coral_suggest(http, live.site_key, text, approved)
        assert response.status_code == 200
        assert response.json()["clientToken"] == "comment:c-1"  # Coral checks the echo
    labels = live.state.store.labels()
    assert [(lb.text, lb.label) for lb in labels] == [
        ("A fair point.", Status.APPROVED), ("Buy cheap watches", Status.TRASH)]


def test_all_six_attributes_and_spam_once_the_model_has_them(six: Api) -> None:
    names = ["TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT",
             "SPAM"]
    body = {"comment": {"text": "You idiot."},
            "requestedAttributes": {name: {} for name in names}}
    response = six.client.post(f"{ANALYZE}?key={six.site_key}", json=body)
    assert response.status_code == 200
    scores = response.json()["attributeScores"]
    assert sorted(scores) == sorted(names)
    assert scores["INSULT"]["summaryScore"]["value"] == pytest.approx(0.8)
    assert scores["TOXICITY"]["summaryScore"]["value"] == pytest.approx(0.93)
    assert "X-commentmod-unscored-attributes" not in response.headers


def test_model_spans_are_utf16_offsets(six: Api) -> None:
    # (No ZWJ sequence here: this stub scorer counts in the cleaned text, the model maps back.)
    text = "🙂🙂 you idiot 👋 idiot"
    body = {"comment": {"text": text}, "requestedAttributes": {"INSULT": {}},
            "spanAnnotations": True}
    spans = six.client.post(f"{ANALYZE}?key={six.site_key}", json=body).json()[
        "attributeScores"]["INSULT"]["spanScores"]
    units = text.encode("utf-16-le")
    picked = [units[2 * s["begin"]:2 * s["end"]].decode("utf-16-le") for s in spans]
    assert picked == ["idiot", "idiot"]
    assert [s["begin"] for s in spans] == [9, 18]  # code points 7 and 15


def test_sentence_spans_are_utf16_offsets_too(api: Api) -> None:
    text = "🙂 You idiot. 👋 Thanks."
    body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}},
            "spanAnnotations": True}
    spans = api.client.post(f"{ANALYZE}?key={api.site_key}", json=body).json()[
        "attributeScores"]["TOXICITY"]["spanScores"]
    units = text.encode("utf-16-le")
    picked = [units[2 * s["begin"]:2 * s["end"]].decode("utf-16-le") for s in spans]
    assert picked == ["🙂 You idiot.", "👋 Thanks."]


def test_production_attributes_the_model_lacks_are_left_out_not_fatal(api: Api) -> None:
    body = {"comment": {"text": "You idiot."},
            "requestedAttributes": {"TOXICITY": {}, "INSULT": {}, "THREAT": {}}}
    response = api.client.post(f"{ANALYZE}?key={api.site_key}", json=body)
    assert list(response.json()["attributeScores"]) == ["TOXICITY"]
    assert response.headers["X-commentmod-unscored-attributes"] == "INSULT,THREAT"
    only = api.client.post(f"{ANALYZE}?key={api.site_key}",
                           json={**body, "requestedAttributes": {"INSULT": {}}})
    assert only.status_code == 400  # nothing to answer: an error, never an empty screen
    assert only.json()["error"]["details"][0]["errorType"] == "ATTRIBUTE_NOT_SUPPORTED"


def test_do_not_store_keeps_nothing_of_the_text(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Private words about Olena's diagnosis"
    body = {"comment": {"text": secret}, "requestedAttributes": {"TOXICITY": {}},
            "doNotStore": True, "sessionId": "s-1", "communityId": "forum/health",
            "clientToken": "t-9"}
    with caplog.at_level(logging.DEBUG):
        response = api.client.post(f"{ANALYZE}?key={api.site_key}", json=body)
    assert response.status_code == 200
    assert response.json()["clientToken"] == "t-9"
    assert api.state.store.labels() == []
    assert sum(api.state.store.count_by_status(None).values()) == 0
    assert not [r for r in caplog.records if "diagnosis" in r.getMessage()]


GoogleFactory = Callable[[str], Any]


@pytest.fixture
def google(live: Live) -> Iterator[GoogleFactory]:
    """`discovery.build` as Google documents it, but for the discovery URL; connections closed."""
    connections: list[httplib2.Http] = []

    def build(key: str) -> Any:
        connections.append(httplib2.Http(timeout=10))
        return discovery.build(
            "commentanalyzer", "v1alpha1", developerKey=key, http=connections[-1],
            discoveryServiceUrl=f"{live.url}/$discovery/rest?version={{apiVersion}}",
            cache_discovery=False, static_discovery=False)

    yield build
    for http in connections:
        http.close()


def test_googles_client_works_with_only_its_discovery_url_changed(
    live: Live, google: GoogleFactory
) -> None:
    client = google(live.site_key)
    result = client.comments().analyze(body={
        "comment": {"text": "You idiot."}, "languages": ["en"],
        "requestedAttributes": {"TOXICITY": {}, "SPAM": {}}, "clientToken": "g-1"}).execute()
    assert result["attributeScores"]["TOXICITY"]["summaryScore"]["value"] == pytest.approx(0.93)
    assert result["clientToken"] == "g-1"
    suggested = client.comments().suggestscore(body={
        "comment": {"text": "Claim your casino-bonus"},
        "attributeScores": {"SPAM": {"summaryScore": {"value": 1}}}, "clientToken": "g-2"},
    ).execute()
    assert suggested == {"clientToken": "g-2"}
    assert [lb.label for lb in live.state.store.labels()] == [Status.SPAM]


def test_googles_client_sees_googles_errors(live: Live, google: GoogleFactory) -> None:
    with pytest.raises(HttpError) as bad_key:
        google("cm_not-a-key").comments().analyze(body={
            "comment": {"text": "Hi."}, "requestedAttributes": {"TOXICITY": {}}}).execute()
    assert bad_key.value.status_code == 400
    error = json.loads(bad_key.value.content)["error"]
    assert (error["status"], error["details"][0]["reason"]) == ("INVALID_ARGUMENT",
                                                               "API_KEY_INVALID")
    with pytest.raises(HttpError) as unknown:
        google(live.site_key).comments().analyze(body={
            "comment": {"text": "Hi."}, "requestedAttributes": {"FOO": {}}}).execute()
    assert unknown.value.status_code == 400
    assert "Unknown attribute: FOO" in json.loads(unknown.value.content)["error"]["message"]


def test_the_discovery_document_names_this_server(api: Api) -> None:
    doc = api.client.get("/$discovery/rest", params={"version": "v1alpha1"}).json()
    assert doc["rootUrl"] == "http://testserver/"
    assert set(doc["resources"]["comments"]["methods"]) == {"analyze", "suggestscore"}
    assert api.client.get("/$discovery/rest", params={"version": "v1"}).status_code == 404
