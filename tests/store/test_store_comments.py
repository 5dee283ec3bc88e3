from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from service.domain import Reason, ReasonCode, Status
from service.errors import DuplicateComment, Flooding, NotFound
from service.store import SqlStore, StoredComment
from tests.helpers.stores import make_new_comment

T0 = datetime(2026, 11, 25, 12, 0, 0, 250_000, tzinfo=UTC)


def test_insert_then_get_round_trips_every_field(store: SqlStore) -> None:
    new = make_new_comment(
        status=Status.PENDING,
        spam_score=0.61,
        reasons=(Reason(ReasonCode.MODEL_SPAM, "Spam score 0.61"),),
    )
    stored = store.insert_comment(new, flood_seconds=15, now=T0)
    fetched = store.get_comment(stored.id, site="blog")
    assert fetched == stored
    assert fetched.status is Status.PENDING
    assert fetched.reasons == (Reason(ReasonCode.MODEL_SPAM, "Spam score 0.61"),)
    assert fetched.created_at == fetched.updated_at == T0
    assert fetched.created_at.tzinfo is not None
    assert fetched.author_email_encrypted == new.author_email_encrypted
    assert fetched.author_email_hmac == new.author_email_hmac


def test_get_comment_respects_the_site(store: SqlStore) -> None:
    stored = store.insert_comment(make_new_comment(site="blog"), flood_seconds=0)
    assert store.get_comment(stored.id, site="other") is None
    assert store.get_comment(stored.id, site=None) == stored
    assert store.get_comment(stored.id + 1000, site=None) is None


def test_default_timestamps_are_aware_utc_now(store: SqlStore) -> None:
    before = datetime.now(UTC)
    stored = store.insert_comment(make_new_comment(), flood_seconds=0)
    fetched = store.get_comment(stored.id, site=None)
    assert fetched is not None
    assert before <= fetched.created_at <= datetime.now(UTC)
    assert fetched.created_at.utcoffset() == timedelta(0)


ODD_TEXTS = [
    "Robert'); DROP TABLE comments;--",
    "100% sure: %s %(x)s :name ? $1 \\ \\\\ \" ' ` ;",
    "emoji 👩🏽‍💻🇺🇦 and astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "RTL: שלום עולם مرحبا \u202egnp.exe\u202c",
    "zero\u200bwidth\u200d joiner \ufeff bom, combining e\u0301 vs é",
    "new\nlines\r\nand\ttabs  ",
    "x" * 65_525,
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_odd_text_round_trips_exactly(store: SqlStore, text: str) -> None:
    new = make_new_comment(content=text, author_name=text[:245], author_url=text[:200])
    stored = store.insert_comment(new, flood_seconds=0)
    fetched = store.get_comment(stored.id, site="blog")
    assert fetched is not None
    assert (fetched.content, fetched.author_name, fetched.author_url) == (
        text,
        text[:245],
        text[:200],
    )


def test_a_missing_parent_is_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFound):
        store.insert_comment(make_new_comment(parent_id=999_999), flood_seconds=0)


def test_duplicate_is_refused(store: SqlStore) -> None:
    first = make_new_comment(content="Same words.")
    store.insert_comment(first, flood_seconds=0)
    with pytest.raises(DuplicateComment):
        store.insert_comment(make_new_comment(content="Same words."), flood_seconds=0)
    # Another post, another author or another site is not a duplicate.
    store.insert_comment(make_new_comment(content="Same words.", post_id="p2"), flood_seconds=0)
    store.insert_comment(make_new_comment(content="Same words.", email="b@x.org"), flood_seconds=0)
    store.insert_comment(make_new_comment(content="Same words.", site="other"), flood_seconds=0)
    assert sum(store.count_by_status(None).values()) == 4


def test_an_intake_insert_is_one_statement_that_reads_no_other_comment(store: SqlStore) -> None:
    """The unique index is the duplicate check (INSERT … ON CONFLICT DO NOTHING). A separate
    SELECT left the index to the planner, and PostgreSQL read a whole post's comments with it."""
    for n in range(30):
        store.insert_comment(make_new_comment(content=f"Earlier comment {n}."), flood_seconds=0)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        store.insert_comment(make_new_comment(content="A new one."), flood_seconds=0)
        with pytest.raises(DuplicateComment):
            store.insert_comment(make_new_comment(content="A new one."), flood_seconds=0)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    assert len(statements) == 2
    assert all(s.lstrip().upper().startswith("INSERT") for s in statements)
    assert all("ON CONFLICT" in s.upper() for s in statements)


def test_a_duplicate_that_also_comes_too_soon_is_a_duplicate(store: SqlStore) -> None:
    store.insert_comment(make_new_comment(content="Said it once."), flood_seconds=60, now=T0)
    later = T0 + timedelta(seconds=5)
    with pytest.raises(DuplicateComment):
        store.insert_comment(make_new_comment(content="Said it once."), flood_seconds=60, now=later)
    with pytest.raises(Flooding):
        store.insert_comment(make_new_comment(content="Something else."), flood_seconds=60, now=later)


@pytest.mark.parametrize("flood_seconds", [0, 60])
def test_racing_duplicates_land_exactly_once(store: SqlStore, flood_seconds: float) -> None:
    new = make_new_comment(content="Posted twice by a double click.")
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def submit() -> None:
        barrier.wait()
        try:
            outcomes.append(store.insert_comment(new, flood_seconds=flood_seconds))
        except (DuplicateComment, Flooding) as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    landed = [o for o in outcomes if isinstance(o, StoredComment)]
    assert len(landed) == 1
    assert all(isinstance(o, DuplicateComment) for o in outcomes if o not in landed)
    assert sum(store.count_by_status(None).values()) == 1


def test_flood_by_email_reports_seconds_left(store: SqlStore) -> None:
    store.insert_comment(make_new_comment(email="a@x.org"), flood_seconds=15, now=T0)
    later = T0 + timedelta(seconds=4.2)
    with pytest.raises(Flooding) as caught:
        store.insert_comment(make_new_comment(email="a@x.org"), flood_seconds=15, now=later)
    assert caught.value.retry_after == 11  # ceil(15 - 4.2)
    assert caught.value.headers == {"Retry-After": "11"}
    after_window = T0 + timedelta(seconds=15.5)
    store.insert_comment(make_new_comment(email="a@x.org"), flood_seconds=15, now=after_window)


def test_flood_by_ip_and_only_within_one_site(store: SqlStore) -> None:
    first = make_new_comment(email="a@x.org", ip="198.51.100.7")
    store.insert_comment(first, flood_seconds=15, now=T0)
    with pytest.raises(Flooding) as caught:
        store.insert_comment(
            make_new_comment(email="b@x.org", ip="198.51.100.7"),
            flood_seconds=15,
            now=T0 + timedelta(seconds=5),
        )
    assert caught.value.retry_after == 10
    store.insert_comment(
        make_new_comment(email="b@x.org", ip="198.51.100.7", site="other"),
        flood_seconds=15,
        now=T0 + timedelta(seconds=5),
    )


def test_comments_without_an_ip_do_not_flood_each_other(store: SqlStore) -> None:
    store.insert_comment(make_new_comment(email="a@x.org", ip=None), flood_seconds=15, now=T0)
    store.insert_comment(make_new_comment(email="b@x.org", ip=None), flood_seconds=15, now=T0)


def test_flood_check_can_be_disabled(store: SqlStore) -> None:
    for _ in range(3):
        store.insert_comment(make_new_comment(email="a@x.org"), flood_seconds=0, now=T0)
    assert store.count_by_status("blog")["approved"] == 3


def _fill_post(store: SqlStore) -> list[int]:
    """Five approved comments on p1 plus noise that must never show in p1's public list."""
    ids = []
    for i in range(5):
        c = make_new_comment(post_id="p1", content=f"public {i}")
        ids.append(store.insert_comment(c, flood_seconds=0).id)
        for status in (Status.PENDING, Status.SPAM):
            store.insert_comment(make_new_comment(post_id="p1", status=status), flood_seconds=0)
        store.insert_comment(make_new_comment(post_id="p2"), flood_seconds=0)
        store.insert_comment(make_new_comment(post_id="p1", site="other"), flood_seconds=0)
    return ids


def test_public_list_is_approved_oldest_first_and_paginated(store: SqlStore) -> None:
    ids = _fill_post(store)
    first = store.list_public("blog", "p1", after_id=None, limit=2)
    assert [c.id for c in first.comments] == ids[:2]
    assert first.next_cursor == ids[1]
    second = store.list_public("blog", "p1", after_id=first.next_cursor, limit=2)
    assert [c.id for c in second.comments] == ids[2:4]
    last = store.list_public("blog", "p1", after_id=second.next_cursor, limit=2)
    assert [c.id for c in last.comments] == ids[4:]
    assert last.next_cursor is None
    exact = store.list_public("blog", "p1", after_id=None, limit=5)
    assert exact.next_cursor is None
    assert store.list_public("blog", "nothing", after_id=None, limit=5).comments == ()


def test_queue_is_newest_first_filtered_and_site_isolated(store: SqlStore) -> None:
    _fill_post(store)
    page = store.list_queue("blog", statuses=[Status.PENDING], before_id=None, limit=3)
    assert [c.status for c in page.comments] == [Status.PENDING] * 3
    assert all(c.site == "blog" for c in page.comments)
    ids = [c.id for c in page.comments]
    assert ids == sorted(ids, reverse=True)
    rest = store.list_queue("blog", statuses=[Status.PENDING], before_id=page.next_cursor, limit=3)
    assert len(rest.comments) == 2
    assert rest.next_cursor is None
    assert max(c.id for c in rest.comments) < min(ids)

    def count(site: str | None, *statuses: Status, post_id: str | None = None) -> int:
        page = store.list_queue(site, statuses=statuses, post_id=post_id, before_id=None, limit=50)
        return len(page.comments)

    assert count("blog", Status.PENDING, Status.SPAM) == 10
    assert count("other", Status.APPROVED) == 5
    assert count(None, Status.APPROVED) == 15
    assert count("blog", Status.APPROVED, post_id="p2") == 5
    assert count("blog", Status.SPAM, post_id="p2") == 0
    assert count("blog") == 0


def test_count_by_status_names_every_status(store: SqlStore) -> None:
    _fill_post(store)
    assert store.count_by_status("blog") == {
        "approved": 10, "pending": 5, "spam": 5, "abusive": 0, "trash": 0,
    }
    assert store.count_by_status(None)["approved"] == 15


def test_limit_must_be_positive(store: SqlStore) -> None:
    with pytest.raises(ValueError):
        store.list_public("blog", "p1", after_id=None, limit=0)
