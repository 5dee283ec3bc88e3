"""`POST /v1/score`: batch scoring, in order, stateless."""

from __future__ import annotations

from tests.service.conftest import Api


def test_batch_results_come_back_in_order(api: Api) -> None:
    batch = [{"content": "nice post"}, {"content": "casino-bonus"}, {"content": "you idiot"},
             {"content": "http://a.example http://b.example http://c.example"}]
    body = api.post("/v1/score", {"comments": batch}).json()
    assert body["model_version"] == "test-keyword.1"
    assert [r["status"] for r in body["results"]] == ["approved", "spam", "pending", "pending"]
    assert body["results"][3]["reasons"][0]["code"] == "rule.too_many_links"


def test_batch_stores_nothing_and_skips_stateful_rules(api: Api) -> None:
    same = {"content": "the same words"}
    body = api.post("/v1/score", {"comments": [same, same]}).json()
    assert [r["status"] for r in body["results"]] == ["approved", "approved"]
    assert sum(api.state.store.count_by_status(None).values()) == 0


def test_batch_size_limits(api: Api) -> None:
    assert api.post("/v1/score", {"comments": []}).status_code == 422
    too_many = {"comments": [{"content": "x"}] * 1001}
    assert api.post("/v1/score", too_many).status_code == 422
    assert api.post("/v1/score", {"comments": [{"content": "x"}] * 1000}).status_code == 200
    missing = api.post("/v1/score", {"comments": [{"author_name": "no content"}]})
    assert missing.json()["errors"][0]["field"] == "comments.0.content"
