from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.domain import Status
from service.errors import NotFound
from service.store import SqlStore
from tests.helpers.stores import fake_hmac, make_new_comment


def _decide(store: SqlStore, comment_id: int, status: Status, site: str | None = "blog") -> None:
    store.record_decision(
        comment_id, site=site, status=status, note="checked", source="moderator", actor="mod_ab12"
    )


def test_decision_sets_the_status_and_becomes_a_label(store: SqlStore) -> None:
    stored = store.insert_comment(make_new_comment(status=Status.PENDING), flood_seconds=0)
    decided = store.record_decision(
        stored.id, site="blog", status=Status.SPAM, note="casino", source="moderator", actor="k1"
    )
    assert decided.status is Status.SPAM
    assert decided.updated_at >= stored.updated_at
    assert store.get_comment(stored.id, site="blog") == decided
    [label] = store.labels()
    assert (label.comment_id, label.site, label.label, label.source) == (
        stored.id, "blog", Status.SPAM, "moderator",
    )
    assert (label.text, label.author_name, label.author_url) == (
        stored.content, stored.author_name, stored.author_url,
    )
    assert label.created_at.tzinfo is not None


def test_decision_on_another_sites_comment_is_not_found(store: SqlStore) -> None:
    stored = store.insert_comment(make_new_comment(site="other"), flood_seconds=0)
    with pytest.raises(NotFound):
        _decide(store, stored.id, Status.SPAM, site="blog")
    with pytest.raises(NotFound):
        _decide(store, stored.id + 1000, Status.SPAM, site=None)
    assert store.get_comment(stored.id, site=None).status is Status.APPROVED  # type: ignore[union-attr]
    assert store.labels() == []
    _decide(store, stored.id, Status.TRASH, site=None)  # an all-sites moderator may
    assert [label.label for label in store.labels()] == [Status.TRASH]


def test_newest_decision_per_comment_wins(store: SqlStore) -> None:
    a = store.insert_comment(make_new_comment(), flood_seconds=0)
    b = store.insert_comment(make_new_comment(), flood_seconds=0)
    _decide(store, a.id, Status.SPAM)
    _decide(store, b.id, Status.ABUSIVE)
    _decide(store, a.id, Status.APPROVED)
    labels = store.labels()
    assert [(label.comment_id, label.label) for label in labels] == [
        (b.id, Status.ABUSIVE),
        (a.id, Status.APPROVED),
    ]


def test_text_labels_sit_beside_comment_labels(store: SqlStore) -> None:
    stored = store.insert_comment(make_new_comment(), flood_seconds=0)
    _decide(store, stored.id, Status.SPAM)
    store.add_text_label(
        site="blog", text="cheap pills 👉 http://x", author_name="Bot", author_url="http://x",
        label=Status.SPAM, source="akismet", actor="key_9f",
    )
    store.add_text_label(
        site="blog", text="fine words", author_name="", author_url="",
        label=Status.APPROVED, source="akismet", actor="key_9f",
    )
    labels = store.labels()
    assert [(label.comment_id, label.text, label.source) for label in labels] == [
        (stored.id, stored.content, "moderator"),
        (None, "cheap pills 👉 http://x", "akismet"),
        (None, "fine words", "akismet"),
    ]
    assert labels[1].author_name == "Bot"


def test_labels_since_keeps_only_newer_labels(store: SqlStore) -> None:
    stored = store.insert_comment(make_new_comment(), flood_seconds=0)
    _decide(store, stored.id, Status.SPAM)
    store.add_text_label(
        site="blog", text="t", author_name="", author_url="",
        label=Status.SPAM, source="akismet", actor="k",
    )
    assert len(store.labels(since=datetime.now(UTC) - timedelta(minutes=1))) == 2
    assert store.labels(since=datetime.now(UTC) + timedelta(minutes=1)) == []


def test_export_and_erase_one_author(store: SqlStore) -> None:
    mine = [
        store.insert_comment(make_new_comment(email="gone@x.org"), flood_seconds=0),
        store.insert_comment(make_new_comment(email="gone@x.org", site="other"), flood_seconds=0),
    ]
    reply = store.insert_comment(
        make_new_comment(email="stays@x.org", parent_id=mine[0].id), flood_seconds=0
    )
    _decide(store, mine[0].id, Status.SPAM)
    _decide(store, reply.id, Status.APPROVED)

    def exported(site: str | None = None) -> list[int]:
        return [c.id for c in store.comments_by_email(fake_hmac("gone@x.org"), site=site)]

    assert exported() == [mine[0].id, mine[1].id]
    assert exported(site="other") == [mine[1].id]
    assert store.comments_by_email(fake_hmac("gone@x.org"), site="other") == [mine[1]]

    assert store.erase_author(fake_hmac("gone@x.org"), site="blog") == 1
    assert exported() == [mine[1].id]
    assert store.erase_author(fake_hmac("gone@x.org")) == 1
    assert store.comments_by_email(fake_hmac("gone@x.org")) == []
    assert store.erase_author(fake_hmac("gone@x.org")) == 0

    survivor = store.get_comment(reply.id, site="blog")
    assert survivor is not None
    assert survivor.parent_id is None
    assert [label.comment_id for label in store.labels()] == [reply.id]


def test_erased_ids_are_never_reused(store: SqlStore) -> None:
    last = store.insert_comment(make_new_comment(email="gone@x.org"), flood_seconds=0)
    store.erase_author(fake_hmac("gone@x.org"))
    assert store.insert_comment(make_new_comment(), flood_seconds=0).id > last.id
