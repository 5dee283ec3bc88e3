"""Decision history and undo in the store: what each decision replaced, who made and undid it,
and that an undone decision stops being the comment's status and its training label."""

from __future__ import annotations

import pytest

from service.auth import hash_key
from service.domain import Status
from service.errors import NotFound, UndoRefused
from service.store import Role, SqlStore
from tests.helpers.stores import make_new_comment


def _decide(store: SqlStore, comment_id: int, status: Status, actor: str = "key:1") -> int:
    return store.apply_decision(comment_id, site="blog", status=status, note=f"as {status}",
                                source="moderator", actor=actor)[1]


def test_history_keeps_from_to_actor_note_and_the_keys_prefix(store: SqlStore) -> None:
    key = store.create_api_key(key_hash=hash_key("cm_secret"), prefix="cm_abcdefg", site="blog",
                               role=Role.MODERATOR)
    c = store.insert_comment(make_new_comment(status=Status.PENDING), flood_seconds=0)
    first = _decide(store, c.id, Status.SPAM, actor=f"key:{key.id}")
    _decide(store, c.id, Status.APPROVED, actor="key:999")
    history = store.history(c.id, site="blog")
    assert next((d.id, d.from_status, d.to_status, d.note) for d in history) == (
        first, Status.PENDING, Status.SPAM, "as spam")
    assert [(d.from_status, d.to_status) for d in history] == [
        (Status.PENDING, Status.SPAM), (Status.SPAM, Status.APPROVED)]
    assert [(d.actor, d.actor_prefix) for d in history] == [
        (f"key:{key.id}", "cm_abcdefg"), ("key:999", None)]
    assert all(d.undone_at is None for d in history)


def test_undo_restores_the_previous_status_and_retracts_the_label(store: SqlStore) -> None:
    c = store.insert_comment(make_new_comment(status=Status.PENDING), flood_seconds=0)
    _decide(store, c.id, Status.SPAM)
    _decide(store, c.id, Status.APPROVED)
    undone = store.undo_decision(c.id, site="blog", actor="key:2")
    assert (undone.status, undone.reviewed) == (Status.SPAM, True)
    assert [lb.label for lb in store.labels()] == [Status.SPAM]
    undone = store.undo_decision(c.id, site="blog", actor="key:2")
    assert (undone.status, undone.reviewed) == (Status.PENDING, False)
    assert store.labels() == []
    assert [(d.undone_by, d.undone_at is not None) for d in store.history(c.id, site="blog")] == [
        ("key:2", True), ("key:2", True)]
    with pytest.raises(UndoRefused):
        store.undo_decision(c.id, site="blog", actor="key:2")


def test_undo_of_a_named_decision_is_refused_once_another_follows(store: SqlStore) -> None:
    c = store.insert_comment(make_new_comment(status=Status.SPAM), flood_seconds=0)
    first = _decide(store, c.id, Status.SPAM)
    second = _decide(store, c.id, Status.TRASH)
    with pytest.raises(UndoRefused):
        store.undo_decision(c.id, site="blog", actor="key:1", decision_id=first)
    assert store.undo_decision(c.id, site="blog", actor="key:1", decision_id=second).status is (
        Status.SPAM)


def test_undo_and_history_stay_inside_the_keys_site(store: SqlStore) -> None:
    c = store.insert_comment(make_new_comment(site="other"), flood_seconds=0)
    store.record_decision(c.id, site=None, status=Status.SPAM, note="", source="moderator",
                          actor="key:1")
    with pytest.raises(NotFound):
        store.undo_decision(c.id, site="blog", actor="key:1")
    with pytest.raises(NotFound):
        store.history(c.id, site="blog")
    assert store.get_comment(c.id, site=None).status is Status.SPAM  # type: ignore[union-attr]


def test_queue_tells_model_spam_from_confirmed_spam(store: SqlStore) -> None:
    model = store.insert_comment(make_new_comment(status=Status.SPAM), flood_seconds=0)
    confirmed = store.insert_comment(make_new_comment(status=Status.SPAM), flood_seconds=0)
    _decide(store, confirmed.id, Status.SPAM)

    def ids(reviewed: bool | None) -> list[int]:
        page = store.list_queue("blog", statuses=[Status.SPAM], reviewed=reviewed,
                                before_id=None, limit=10)
        return [c.id for c in page.comments]

    assert ids(False) == [model.id]
    assert ids(True) == [confirmed.id]
    assert ids(None) == [confirmed.id, model.id]
    assert store.count_reviewed("blog", Status.SPAM) == 1
    assert store.get_comment(confirmed.id, site="blog").reviewed  # type: ignore[union-attr]
