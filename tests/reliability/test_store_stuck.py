"""Attack: another process holds the SQLite database, or the `-writer` lock file, for longer than
any wait should last. Before: two 500s (a raw `sqlite3.OperationalError`), `/healthz` stalled for
the whole hold because the insert blocked the event loop, and a held lock file froze the workers
for as long as it was held. Now: 503 `store-unavailable` within the bound, `/healthz` answers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from service.store.engine import SQLITE_BUSY_TIMEOUT_MS
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api

HOLD_S = 9.0
BOUND_S = SQLITE_BUSY_TIMEOUT_MS / 1000

HOLD_DATABASE = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""
HOLD_WRITER_FILE = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1] + "-writer", os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from start_api(make_settings(tmp_path, sqlite_url(tmp_path)), KeywordScorer())


def _hold(script: str, database: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", script, str(database), str(HOLD_S)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.parametrize("script", [HOLD_DATABASE, HOLD_WRITER_FILE], ids=["database", "writer-file"])
def test_a_stuck_store_is_503_within_the_bound_and_healthz_answers(
    api: Api, tmp_path: Path, script: str
) -> None:
    assert api.submit(content="Before the hold.").status_code in (201, 202)
    holder = _hold(script, tmp_path / "comments.db")
    try:
        answers: list[tuple[httpx.Response, float]] = []

        def submit() -> None:
            started = time.monotonic()
            answers.append((api.submit(content="During the hold."), time.monotonic() - started))

        writer = threading.Thread(target=submit)
        writer.start()
        slowest = 0.0
        while writer.is_alive():
            started = time.monotonic()
            assert api.client.get("/healthz").status_code == 200
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.1)
        writer.join()
    finally:
        holder.kill()
        holder.communicate()
    [(response, took)] = answers
    assert response.status_code == 503, response.text
    assert response.json()["type"].endswith("/store-unavailable")
    assert took < HOLD_S - 1, took  # gave up at the bound, not when the holder let go
    assert slowest < 1.0, slowest
    assert api.submit(content="After the hold.").status_code in (201, 202)
