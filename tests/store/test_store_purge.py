"""Emptying spam and trash: what goes (comments, decisions, notes, author), what stays (the
text of confirmed spam, as a training label an erasure request still reaches)."""

from __future__ import annotations

import pytest

from service.domain import Status
from service.store import SqlStore
from tests.helpers.stores import fake_hmac, make_new_comment


def _decide(store: SqlStore, comment_id: int, status: Status) -> None:
    store.record_decision(comment_id, site="blog", status=status, note="Olena's spam",
                          source="moderator", actor="key:1")


def test_empty_spam_keeps_only_confirmed_spam_text_without_the_author(store: SqlStore) -> None:
    model = store.insert_comment(make_new_comment(status=Status.SPAM), flood_seconds=0)
    confirmed = store.insert_comment(make_new_comment(status=Status.PENDING, content="buy pills",
                                                      email="spammer@example.net"),
                                     flood_seconds=0)
    _decide(store, confirmed.id, Status.SPAM)
    reply = store.insert_comment(make_new_comment(parent_id=confirmed.id), flood_seconds=0)
    other_site = store.insert_comment(make_new_comment(site="other", status=Status.SPAM),
                                      flood_seconds=0)
    preview = store.purge_preview("blog", Status.SPAM)
    assert (preview.count, preview.confirmed, preview.up_to_id) == (2, 1, confirmed.id)

    purged = store.purge("blog", Status.SPAM, up_to_id=preview.up_to_id or 0)
    assert (purged.deleted, purged.kept_as_training_text) == (2, 1)
    assert store.get_comment(model.id, site=None) is None
    assert store.get_comment(confirmed.id, site=None) is None
    assert store.get_comment(reply.id, site=None).parent_id is None  # type: ignore[union-attr]
    assert store.get_comment(other_site.id, site=None) is not None
    [label] = store.labels()
    assert (label.comment_id, label.text, label.label) == (None, "buy pills", Status.SPAM)
    assert (label.author_name, label.author_url) == ("", "")

    store.erase_author(fake_hmac("spammer@example.net"), site="blog")
    assert store.labels() == []


def test_empty_stops_at_what_the_moderator_was_shown(store: SqlStore) -> None:
    shown = store.insert_comment(make_new_comment(status=Status.SPAM), flood_seconds=0)
    _decide(store, shown.id, Status.TRASH)
    up_to = store.purge_preview("blog", Status.TRASH).up_to_id
    later = store.insert_comment(make_new_comment(status=Status.SPAM), flood_seconds=0)
    _decide(store, later.id, Status.TRASH)
    assert store.purge("blog", Status.TRASH, up_to_id=up_to or 0).deleted == 1
    assert store.get_comment(later.id, site=None) is not None
    assert [lb.comment_id for lb in store.labels()] == [later.id]  # its decision stays with it


def test_only_spam_and_trash_can_be_emptied(store: SqlStore) -> None:
    with pytest.raises(ValueError, match="only spam or trash"):
        store.purge("blog", Status.APPROVED, up_to_id=10)
