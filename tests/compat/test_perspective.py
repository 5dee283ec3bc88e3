"""Perspective's `comments:analyze` and `comments:suggestscore`, with the request and response
bodies of Perspective's published examples (github.com/conversationai/perspectiveapi,
2-api/methods.md), sent by a real HTTP client to a running server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from service.domain import Status
from tests.compat.conftest import Live, RedirectTransport
from tests.helpers.live import LiveServer
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings, start_api

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"
EXAMPLE_TEXT = "What kind of idiot name is foo? Sorry, I like your name."
# The published AnalyzeComment example request, verbatim.
EXAMPLE_REQUEST = {
    "comment": {"text": EXAMPLE_TEXT},
    "languages": ["en"],
    "requestedAttributes": {"TOXICITY": {}, "UNSUBSTANTIAL": {}},
}
# The published SuggestCommentScore example (its trailing comma after "TOXICITY" removed: the
# page's JSON does not parse as printed).
SUGGEST_TEXT = "I guess it comes down a simple choice: Get busy living, or get busy dying."
SUGGEST_EXAMPLE = {
    "comment": {"text": SUGGEST_TEXT},
    "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
    "communityId": "/forum/movies",
    "clientToken": "comment-53922",
}


def analyze(live: Live, http: httpx.Client, body: Any, key: str | None = None) -> httpx.Response:
    return http.post(ANALYZE, params={"key": key or live.site_key}, json=body)


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) <= {"code", "message", "status", "details"}
    assert error["code"] == response.status_code
    return error


def test_the_published_example_leaves_out_an_attribute_we_do_not_score(
    live: Live, http: httpx.Client
) -> None:
    # One unscored (experimental) attribute must not cost the client its TOXICITY score.
    response = analyze(live, http, EXAMPLE_REQUEST)
    assert response.status_code == 200
    assert list(response.json()["attributeScores"]) == ["TOXICITY"]
    assert response.headers["X-commentmod-unscored-attributes"] == "UNSUBSTANTIAL"


def test_the_published_example_response_shape(live: Live, http: httpx.Client) -> None:
    request = {**EXAMPLE_REQUEST, "requestedAttributes": {"TOXICITY": {}}}
    response = analyze(live, http, request)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    # As published: {"attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.86…,
    # "type": "PROBABILITY"}}}, "languages": ["en"]}; no spans unless asked for.
    assert body == {
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.93, "type": "PROBABILITY"}}},
        "languages": ["en"],
    }
    assert response.headers["X-commentmod-status"] == "pending"


def test_span_annotations_score_each_sentence(live: Live, http: httpx.Client) -> None:
    request = {**EXAMPLE_REQUEST, "requestedAttributes": {"TOXICITY": {}, "SPAM": {}},
               "spanAnnotations": True}
    body = analyze(live, http, request).json()
    toxicity = body["attributeScores"]["TOXICITY"]
    # The published spans: [0, 31) "What kind of idiot name is foo?" and [32, 56) "Sorry, I like
    # your name." (the page's JSON prints 55 for the second end; its own text says 56).
    spans = [(s["begin"], s["end"]) for s in toxicity["spanScores"]]
    assert spans == [(0, 31), (32, 56)]
    assert [EXAMPLE_TEXT[b:e] for b, e in spans] == [
        "What kind of idiot name is foo?", "Sorry, I like your name."]
    first, second = (s["score"] for s in toxicity["spanScores"])
    assert first["type"] == second["type"] == "PROBABILITY"
    assert first["value"] > 0.5 > second["value"]
    assert [(s["begin"], s["end"]) for s in body["attributeScores"]["SPAM"]["spanScores"]] == spans


def test_spam_comes_from_the_spam_head(live: Live, http: httpx.Client) -> None:
    body = {"comment": {"text": "Claim your casino-bonus today"},
            "requestedAttributes": {"SPAM": {}, "TOXICITY": {}}, "clientToken": "c-1"}
    result = analyze(live, http, body).json()
    assert result["attributeScores"]["SPAM"]["summaryScore"]["value"] == pytest.approx(0.97)
    assert result["attributeScores"]["TOXICITY"]["summaryScore"]["value"] == pytest.approx(0.01)
    assert result["clientToken"] == "c-1"
    assert result["languages"] == ["en"]


@pytest.mark.parametrize("attribute", ["FOO", "toxicity", "TOXICITY_PLUS"])
def test_an_unknown_attribute_is_a_400(live: Live, http: httpx.Client, attribute: str) -> None:
    body = {"comment": {"text": "Hello."}, "requestedAttributes": {"TOXICITY": {}, attribute: {}}}
    response = analyze(live, http, body)
    assert response.status_code == 400
    error = error_of(response)
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["message"].startswith(f"Unknown attribute: {attribute}.")


def test_languages_are_echoed_and_others_scored_with_low_confidence(
    live: Live, http: httpx.Client
) -> None:
    body = {"comment": {"text": "Du Idiot."}, "requestedAttributes": {"TOXICITY": {}},
            "languages": ["en-US"]}
    english = analyze(live, http, body)
    assert english.json()["languages"] == ["en-US"]
    assert "commentmodConfidence" not in english.json()
    assert "X-commentmod-confidence" not in english.headers
    # A German Coral tenant is screened, never silently passed through: scored, marked low.
    german = analyze(live, http, {**body, "languages": ["de"]})
    assert german.status_code == 200
    result = german.json()
    assert result["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5
    assert result["languages"] == ["de"]
    assert result["commentmodConfidence"]["level"] == "LOW"
    assert result["commentmodConfidence"]["unsupportedLanguages"] == ["de"]
    assert german.headers["X-commentmod-confidence"] == "low"
    # Only a client that asks for strictness gets Google's refusal.
    strict = analyze(live, http, {**body, "languages": ["de"], "strictLanguages": True})
    assert strict.status_code == 400
    error = error_of(strict)
    assert error["message"] == "Attribute TOXICITY does not support request languages: de"
    assert error["details"][0]["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"


def test_score_threshold_leaves_lower_scores_out(live: Live, http: httpx.Client) -> None:
    body = {"comment": {"text": "You idiot."},
            "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.5},
                                    "SPAM": {"scoreThreshold": 0.5, "scoreType": "PROBABILITY"}}}
    assert list(analyze(live, http, body).json()["attributeScores"]) == ["TOXICITY"]
    other_type = {"comment": {"text": "Hi."}, "requestedAttributes": {"SPAM": {"scoreType": "RAW"}}}
    assert analyze(live, http, other_type).status_code == 400


@pytest.mark.parametrize("do_not_store", [True, False])
def test_analyze_never_stores_anything(live: Live, http: httpx.Client, do_not_store: bool) -> None:
    body = {"comment": {"text": "Private words from a reader@example.org"},
            "requestedAttributes": {"TOXICITY": {}}, "doNotStore": do_not_store}
    assert analyze(live, http, body).status_code == 200
    assert live.state.store.labels() == []
    assert live.comment_count() == 0


def test_bad_requests_answer_in_googles_error_shape(live: Live, http: httpx.Client) -> None:
    cases = [
        (http.post(ANALYZE, params={"key": live.site_key}, content=b"{not json",
                   headers={"Content-Type": "application/json"}), 400, "INVALID_ARGUMENT"),
        (analyze(live, http, {"comment": {"text": "  "}, "requestedAttributes": {"SPAM": {}}}),
         400, "INVALID_ARGUMENT"),
        (analyze(live, http, {"comment": {"text": "Hi."}, "requestedAttributes": {}}),
         400, "INVALID_ARGUMENT"),
        (analyze(live, http, {"comment": {"text": 42}, "requestedAttributes": {"SPAM": {}}}),
         400, "INVALID_ARGUMENT"),
        (http.post(ANALYZE, json={"comment": {"text": "Hi."}}), 403, "PERMISSION_DENIED"),
        (analyze(live, http, {}, key="cm_unknown-key-0000000000000000"), 400, "INVALID_ARGUMENT"),
        (analyze(live, http, {}, key=live.moderator_key), 403, "PERMISSION_DENIED"),
    ]
    for response, code, status in cases:
        assert response.status_code == code, response.text
        assert error_of(response)["status"] == status


def test_proto_field_names_and_proto3_zero_values_are_understood(
    live: Live, http: httpx.Client
) -> None:
    # Protobuf JSON parsers, Google's among them, accept the proto field names too.
    body = {"comment": {"text": "You idiot. Bye."}, "requested_attributes": {"TOXICITY": {}},
            "span_annotations": True, "client_token": "t"}
    result = analyze(live, http, body).json()
    assert len(result["attributeScores"]["TOXICITY"]["spanScores"]) == 2
    assert result["clientToken"] == "t"
    # proto3 JSON omits a zero value: `"summaryScore": {}` suggests a score of 0.
    suggestion = {"comment": {"text": "Fine words."}, "attribute_scores": {"TOXICITY": {
        "summary_score": {}}}}
    assert http.post(SUGGEST, params={"key": live.site_key}, json=suggestion).status_code == 200
    assert [label.label for label in live.state.store.labels()] == [Status.APPROVED]


def test_the_key_may_travel_in_a_header(live: Live, http: httpx.Client) -> None:
    body = {"comment": {"text": "Hello."}, "requestedAttributes": {"TOXICITY": {}}}
    response = http.post(ANALYZE, json=body, headers={"X-goog-api-key": live.site_key})
    assert response.status_code == 200


def test_suggestscore_published_example(live: Live, http: httpx.Client) -> None:
    response = http.post(SUGGEST, params={"key": live.site_key}, json=SUGGEST_EXAMPLE)
    assert response.status_code == 200
    assert response.json() == {"clientToken": "comment-53922"}  # the published response
    [label] = live.state.store.labels()
    assert (label.label, label.source, label.site) == (Status.APPROVED, "perspective",
                                                       "blog.example.org")
    assert label.text == SUGGEST_TEXT


@pytest.mark.parametrize(
    ("scores", "label"),
    [
        # Coral sends TOXICITY 1 for every rejection, spam included: "rejected", not abusive.
        ({"TOXICITY": {"summaryScore": {"value": 0.9}}}, Status.TRASH),
        ({"INSULT": {"summaryScore": {"value": 1}}}, Status.ABUSIVE),
        ({"TOXICITY": {"summaryScore": {"value": 0.49}}}, Status.APPROVED),
        ({"SPAM": {"summaryScore": {"value": 0.8}}}, Status.SPAM),
        ({"SPAM": {"summaryScore": {"value": 0.7}}, "TOXICITY": {"summaryScore": {"value": 0.9}}},
         Status.SPAM),
        # Span scores only: the worst sentence speaks for the comment.
        ({"THREAT": {"spanScores": [{"begin": 0, "end": 3, "score": {"value": 0.1}},
                                    {"begin": 4, "end": 9, "score": {"value": 0.8}}]}},
         Status.ABUSIVE),
    ],
)
def test_suggested_scores_become_labels(
    live: Live, http: httpx.Client, scores: dict[str, Any], label: Status
) -> None:
    body = {"comment": {"text": "Some words. More."}, "attributeScores": scores}
    response = http.post(SUGGEST, params={"key": live.site_key}, json=body)
    assert (response.status_code, response.json()) == (200, {})
    assert [lb.label for lb in live.state.store.labels()] == [label]


def test_bad_suggestions_are_refused_and_record_nothing(live: Live, http: httpx.Client) -> None:
    bad: list[dict[str, Any]] = [{}, {"UNSUBSTANTIAL": {"summaryScore": {"value": 1}}},
                                 {"FOO": {"summaryScore": {"value": 1}}},
                                 {"TOXICITY": {"summaryScore": {"value": 1.5}}}, {"TOXICITY": {}}]
    for scores in bad:
        body = {"comment": {"text": "Hi."}, "attributeScores": scores}
        response = http.post(SUGGEST, params={"key": live.site_key}, json=body)
        assert response.status_code == 400, scores
        assert error_of(response)["status"] == "INVALID_ARGUMENT"
    assert live.state.store.labels() == []


def test_a_client_built_for_google_only_needs_a_new_address(live: Live) -> None:
    transport = RedirectTransport(live.url)
    with httpx.Client(transport=transport, timeout=10) as google:
        response = google.post(
            "https://commentanalyzer.googleapis.com" + ANALYZE, params={"key": live.site_key},
            json={"comment": {"text": "You idiot."}, "requestedAttributes": {"TOXICITY": {}}})
    assert response.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5


def test_the_served_app_keeps_the_key_out_of_its_log(served: LiveServer) -> None:
    """`commentmod serve` with the bundled model and the service's own logging."""
    body = {"comment": {"text": "Thank you for the detailed timeline."},
            "requestedAttributes": {"TOXICITY": {}, "SPAM": {}}, "spanAnnotations": True}
    response = httpx.post(served.url + ANALYZE, params={"key": served.site_key}, json=body,
                          timeout=30)
    assert response.status_code == 200
    for attribute in ("TOXICITY", "SPAM"):
        assert 0.0 <= response.json()["attributeScores"][attribute]["summaryScore"]["value"] <= 1
    # httpx sends the colon percent-encoded: the access line reads `comments%3Aanalyze?key=…`.
    output = served.output_once("analyze?key=")
    access = [line for line in output.splitlines() if "analyze?key=" in line]
    assert access
    assert all("key=[redacted]" in line for line in access)
    # The first-run banner prints the key once, on purpose; nothing else may.
    logged = [line for line in output.splitlines() if " key (site " not in line]
    assert not [line for line in logged if served.site_key in line]


def test_rate_limits_and_oversized_bodies(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sqlite_url(tmp_path), rate_limit_per_minute=1,
                             max_body_bytes=2048)
    for api in start_api(settings, KeywordScorer()):
        body = {"comment": {"text": "Hello."}, "requestedAttributes": {"TOXICITY": {}}}
        url = f"{ANALYZE}?key={api.site_key}"
        assert api.client.post(url, json=body).status_code == 200
        limited = api.client.post(url, json=body)
        assert limited.status_code == 429
        assert limited.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
        assert int(limited.headers["Retry-After"]) >= 1
        big = {"comment": {"text": "x" * 4000}, "requestedAttributes": {"TOXICITY": {}}}
        too_large = api.client.post(url, json=big)
        assert too_large.status_code == 413
        assert too_large.headers["content-type"] == "application/problem+json"
