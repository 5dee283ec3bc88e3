"""Concurrent writers: several processes on one SQLite file (every insert lands exactly once,
no 'database is locked'), and threads racing one author's flood check."""

from __future__ import annotations

import threading
from pathlib import Path

from service.errors import Flooding
from service.store import SqlStore, StoredComment
from tests.helpers.stores import make_new_comment, open_store, sqlite_url
from tests.store import workers

PROCESSES = 4
PER_PROCESS = 40


def test_processes_inserting_into_one_sqlite_file(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    with open_store(url):
        pass
    with workers.pool(PROCESSES) as pool:
        futures = [pool.submit(workers.insert_many, url, w, PER_PROCESS) for w in range(PROCESSES)]
        ids = [i for f in futures for i in f.result()]
    assert len(ids) == len(set(ids)) == PROCESSES * PER_PROCESS
    store = SqlStore.from_url(url)
    try:
        page = store.list_public(
            "blog", "2023-08-kuzminov-defection", after_id=None, limit=PROCESSES * PER_PROCESS + 1
        )
    finally:
        store.close()
    contents = sorted(c.content for c in page.comments)
    expected = sorted(
        f"worker {w} comment {i}" for w in range(PROCESSES) for i in range(PER_PROCESS)
    )
    assert contents == expected


def test_racing_comments_of_one_author_pass_the_flood_check_once(store: SqlStore) -> None:
    """PostgreSQL's READ COMMITTED would let both see "no recent comment"; the store serializes
    one author's inserts so exactly one lands."""
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def submit(n: int) -> None:
        new = make_new_comment(email="fast@x.org", content=f"quick {n}")
        barrier.wait()
        try:
            outcomes.append(store.insert_comment(new, flood_seconds=30))
        except Flooding as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(o, StoredComment) for o in outcomes) == 1
    assert sum(isinstance(o, Flooding) for o in outcomes) == 3
