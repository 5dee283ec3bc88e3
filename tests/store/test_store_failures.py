"""A database that is down, unreachable or unwritable becomes StoreUnavailable, always with a
message that names no host, user, password, path or SQL."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from service.errors import StoreUnavailable
from service.store import SqlStore
from tests.helpers.stores import make_new_comment

SECRET = "s3cr3t-pw"
OPERATIONS: dict[str, Callable[[SqlStore], object]] = {
    "migrate": SqlStore.migrate,
    "ping": SqlStore.ping,
    "insert": lambda s: s.insert_comment(make_new_comment(), flood_seconds=15),
    "get": lambda s: s.get_comment(1, site=None),
    "list_public": lambda s: s.list_public("blog", "p", after_id=None, limit=5),
    "find_api_key": lambda s: s.find_api_key("0" * 64),
    "erase": lambda s: s.erase_author("h"),
}


@pytest.fixture(params=["closed-port", "unwritable-sqlite"])
def down_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "closed-port":
        url = f"postgresql://alice:{SECRET}@127.0.0.1:9/test"  # port 9 (discard): nothing listens
    else:
        (tmp_path / "a-file").write_text("not a directory")
        url = f"sqlite:///{tmp_path / 'a-file' / 'comments.db'}"
    store = SqlStore.from_url(url)
    yield store
    store.close()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_unreachable_store_raises_store_unavailable(
    down_store: SqlStore, operation: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(StoreUnavailable) as caught:
        OPERATIONS[operation](down_store)
    error = caught.value
    assert error.status == 503
    shown = f"{error} {error.detail} {caplog.text}"
    for leak in (SECRET, "alice", "127.0.0.1", "a-file", "SELECT", "olena"):
        assert leak not in shown
    assert error.__cause__ is None
    assert error.__suppress_context__
