"""A comment's detected language and spans are stored with it; rows from before have neither."""

from __future__ import annotations

import sqlalchemy as sa

from models.types import Span
from service.store import SqlStore
from service.store.db import comments
from tests.helpers.stores import make_new_comment


def test_language_and_spans_round_trip(store: SqlStore) -> None:
    spans = (Span(0, 5, "abuse", 0.91), Span(10, 27, "threat", 0.5))
    stored = store.insert_comment(make_new_comment(language="de", spans=spans), flood_seconds=0)
    fetched = store.get_comment(stored.id, site="blog")
    assert fetched is not None
    assert fetched.language == "de"
    assert fetched.spans == spans
    assert fetched == stored


def test_a_row_stored_before_the_columns_reads_as_undetermined_without_spans(store: SqlStore) -> None:
    stored = store.insert_comment(make_new_comment(), flood_seconds=0)
    with store.engine.begin() as conn:
        conn.execute(sa.update(comments).where(comments.c.id == stored.id).values(language=None, spans=None))
    fetched = store.get_comment(stored.id, site="blog")
    assert fetched is not None
    assert (fetched.language, fetched.spans) == ("und", ())
