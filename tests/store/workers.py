"""Process entry points for the multi-process tests. Children come from a fork server that has
imported this module once, so each costs milliseconds, not a fresh interpreter's imports, and
none inherits the test process's open connections or threads."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from service.store import SqlStore
from tests.helpers.stores import make_new_comment


def pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(workers, mp_context=context)


def migrate(url: str) -> str:
    store = SqlStore.from_url(url)
    try:
        store.migrate()
    finally:
        store.close()
    return "ok"


def insert_many(url: str, worker: int, count: int) -> list[int]:
    """Insert `count` distinct comments; any error (say 'database is locked') propagates."""
    store = SqlStore.from_url(url)
    try:
        return [
            store.insert_comment(
                make_new_comment(content=f"worker {worker} comment {i}", email=f"w{worker}@x.org"),
                flood_seconds=0,
            ).id
            for i in range(count)
        ]
    finally:
        store.close()
