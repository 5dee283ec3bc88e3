"""The moderation queue and decisions, recorded as training labels."""

from __future__ import annotations

from tests.service.conftest import Api


def test_queue_lists_held_comments_newest_first_with_scores(api: Api) -> None:
    first = api.submit(content="you idiot").json()["id"]
    second = api.submit(content="what an idiot").json()["id"]
    api.submit(content="fine comment")
    body = api.get("/v1/moderation/queue", key=api.moderator_key).json()
    assert [c["id"] for c in body["comments"]] == [second, first]
    item = body["comments"][0]
    assert item["status"] == "pending"
    assert item["scores"]["abuse"] > 0.5
    assert item["reasons"][0]["code"] == "model.abuse"
    assert item["user_network"].endswith("/24")
    assert item["model_version"] == "test-keyword.1"


def test_queue_filters_by_status_and_paginates(api: Api) -> None:
    spam = [api.submit(content=f"casino-bonus {i}").json()["id"] for i in range(3)]
    page = api.get("/v1/moderation/queue", key=api.moderator_key, status="spam", limit=2).json()
    assert [c["id"] for c in page["comments"]] == spam[::-1][:2]
    rest = api.get("/v1/moderation/queue", key=api.moderator_key, status="spam",
                   cursor=page["next_cursor"]).json()
    assert [c["id"] for c in rest["comments"]] == [spam[0]]
    assert api.get("/v1/moderation/queue", key=api.moderator_key, status="bogus").status_code == 422


def test_approving_publishes_and_records_a_label(api: Api) -> None:
    held = api.submit(post_id="p", content="you idiot, but right").json()["id"]
    assert api.get("/v1/posts/p/comments").json()["comments"] == []
    decided = api.post(f"/v1/moderation/comments/{held}/decision",
                       {"status": "approved", "note": "fair point"}, key=api.moderator_key)
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert [c["id"] for c in api.get("/v1/posts/p/comments").json()["comments"]] == [held]
    labels = api.state.store.labels()
    assert [(label.comment_id, label.label.value, label.source) for label in labels] == [
        (held, "approved", "moderator")]


def test_newest_decision_wins(api: Api) -> None:
    held = api.submit(content="casino-bonus").json()["id"]
    for status in ("approved", "spam"):
        api.post(f"/v1/moderation/comments/{held}/decision", {"status": status},
                 key=api.moderator_key)
    assert [label.label.value for label in api.state.store.labels()] == ["spam"]


def test_decision_on_unknown_comment_is_404_and_bad_status_422(api: Api) -> None:
    assert api.post("/v1/moderation/comments/424242/decision", {"status": "spam"},
                    key=api.moderator_key).status_code == 404
    held = api.submit(content="you idiot").json()["id"]
    assert api.post(f"/v1/moderation/comments/{held}/decision", {"status": "deleted"},
                    key=api.moderator_key).status_code == 422
