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


def test_views_split_model_spam_from_confirmed_spam(api: Api) -> None:
    model = api.submit(content="casino-bonus one").json()["id"]
    confirmed = api.submit(content="casino-bonus two").json()["id"]
    held = api.submit(content="you idiot").json()["id"]
    decided = api.post(f"/v1/moderation/comments/{confirmed}/decision", {"status": "spam"},
                       key=api.moderator_key).json()
    assert (decided["status"], decided["reviewed"]) == ("spam", True)

    def ids(view: str) -> list[int]:
        body = api.get("/v1/moderation/queue", key=api.moderator_key, status=view).json()
        return [c["id"] for c in body["comments"]]

    assert ids("review") == [held, model]
    assert ids("spam_model") == [model]
    assert ids("spam_confirmed") == [confirmed]
    assert ids("spam") == [confirmed, model]
    assert [label.comment_id for label in api.state.store.labels()] == [confirmed]


def test_undo_retracts_the_decision_and_history_names_the_key(api: Api) -> None:
    held = api.submit(content="you idiot").json()["id"]
    url = f"/v1/moderation/comments/{held}"
    first = api.post(f"{url}/decision", {"status": "approved", "note": "banter"},
                     key=api.moderator_key).json()
    api.post(f"{url}/decision", {"status": "trash"}, key=api.moderator_key)
    refused = api.post(f"{url}/undo", {"decision_id": first["decision_id"]},
                       key=api.moderator_key)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/undo-refused")
    assert api.post(f"{url}/undo", None, key=api.moderator_key).json()["status"] == "approved"
    history = api.get(f"{url}/history", key=api.moderator_key).json()
    assert history["status"] == "approved"
    [approve, trash] = history["decisions"]
    assert (approve["from_status"], approve["to_status"], approve["note"]) == (
        "pending", "approved", "banter")
    assert approve["trains"]
    assert approve["undone_at"] is None
    assert trash["undone_at"] is not None
    assert not trash["trains"]
    prefix = api.moderator_key[:10]
    assert approve["actor_key_prefix"] == prefix
    assert prefix in approve["actor"]
    assert api.moderator_key not in str(history)
    assert api.post(f"{url}/undo", {}, key=api.moderator_key).json()["status"] == "pending"
    assert api.state.store.labels() == []
    assert api.post(f"{url}/undo", {}, key=api.moderator_key).status_code == 409


def test_history_and_undo_need_a_moderator_of_that_site(api: Api) -> None:
    held = api.submit(content="you idiot").json()["id"]
    assert api.get(f"/v1/moderation/comments/{held}/history").status_code == 403
    assert api.get("/v1/moderation/comments/424242/history",
                   key=api.moderator_key).status_code == 404
    assert api.post("/v1/moderation/comments/424242/undo", {},
                    key=api.moderator_key).status_code == 404


def test_empty_trash_previews_then_deletes_what_was_shown(api: Api) -> None:
    trashed = api.submit(content="you idiot").json()["id"]
    api.post(f"/v1/moderation/comments/{trashed}/decision", {"status": "trash"},
             key=api.moderator_key)
    preview = api.get("/v1/moderation/empty", key=api.moderator_key, status="trash").json()
    assert (preview["count"], preview["up_to_id"]) == (1, trashed)
    later = api.submit(content="what an idiot").json()["id"]
    api.post(f"/v1/moderation/comments/{later}/decision", {"status": "trash"},
             key=api.moderator_key)
    done = api.post("/v1/moderation/empty", {"status": "trash", "up_to_id": trashed},
                    key=api.moderator_key).json()
    assert done == {"deleted": 1, "kept_as_training_text": 0}
    assert api.get(f"/v1/moderation/comments/{trashed}/history",
                   key=api.moderator_key).status_code == 404
    assert api.post("/v1/moderation/empty", {"status": "approved"},
                    key=api.moderator_key).status_code == 422
    assert api.post("/v1/moderation/empty", {"status": "trash"}).status_code == 403


def test_recent_decisions_list_the_last_actions_and_which_can_be_undone(api: Api) -> None:
    first = api.submit(content="you idiot").json()["id"]
    second = api.submit(content="casino-bonus").json()["id"]
    for comment_id, status in ((first, "approved"), (second, "spam"), (first, "abusive")):
        api.post(f"/v1/moderation/comments/{comment_id}/decision", {"status": status},
                 key=api.moderator_key)
    api.post(f"/v1/moderation/comments/{second}/undo", {}, key=api.moderator_key)
    body = api.get("/v1/moderation/decisions", key=api.moderator_key).json()["decisions"]
    assert [(d["comment_id"], d["to_status"]) for d in body] == [
        (first, "abusive"), (second, "spam"), (first, "approved")]
    assert [d["undoable"] for d in body] == [True, False, False]
    assert [d["trains"] for d in body] == [True, False, False]
    assert body[1]["undone_at"] is not None
    other = api.get("/v1/moderation/decisions", key=api.all_sites_moderator_key).json()
    assert len(other["decisions"]) == 3
