"""The store goes away and comes back: 503 problem+json and /readyz not ready meanwhile, and the
service recovers by itself, with no restart.

SQLite: the tests run as root, which ignores permission bits, so the file is made immutable
(`chattr +i` on the database, its WAL file and its directory): every write then fails, on open
connections too. PostgreSQL: a private throwaway cluster (tests/helpers/pgcluster.py) is stopped
and started; the machine's shared server is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.helpers.pgcluster import PrivateCluster, private_cluster
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api

PROBLEM = "application/problem+json"


def _chattr(flag: str, paths: list[Path]) -> bool:
    if shutil.which("chattr") is None:
        return False
    result = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, check=False)
    return result.returncode == 0


@contextmanager
def immutable(paths: list[Path]) -> Iterator[None]:
    if not _chattr("+i", paths):
        _chattr("-i", paths)
        pytest.skip("chattr +i is not available here (needs root and a filesystem with attributes)")
    try:
        yield
    finally:
        assert _chattr("-i", paths)


def assert_down(api: Api) -> None:
    response = api.submit()
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/store-unavailable")
    ready = api.client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["store"] == "unavailable"


def until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def assert_recovers(api: Api, seconds: float = 15) -> None:
    assert until(lambda: api.client.get("/readyz").status_code == 200, seconds)
    submitted: list[httpx.Response] = []

    def accepted() -> bool:
        submitted.append(api.submit())
        return submitted[-1].status_code == 201

    assert until(accepted, seconds), submitted[-1].text


def test_unwritable_sqlite_file_is_503_and_the_service_recovers(tmp_path: Path) -> None:
    data = tmp_path / "db"
    data.mkdir()
    for api in start_api(make_settings(tmp_path, sqlite_url(data)), KeywordScorer()):
        assert api.submit().status_code == 201
        # Not the -shm file: SQLite maps it into memory, and a store to an immutable mapping
        # is a SIGBUS, not an error.
        with immutable([data, *(p for p in sorted(data.iterdir()) if not p.name.endswith("-shm"))]):
            assert_down(api)
            assert_down(api)  # and stays down, answering at once
        assert_recovers(api)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as running:
        yield running


@pytest.mark.postgres
def test_stopped_postgresql_is_503_and_the_service_recovers(
    cluster: PrivateCluster, tmp_path: Path
) -> None:
    for api in start_api(make_settings(tmp_path, cluster.url), KeywordScorer()):
        assert api.submit().status_code == 201
        cluster.stop()
        try:
            assert_down(api)
            assert_down(api)
        finally:
            cluster.start()
        assert_recovers(api)
        stored = api.get("/v1/moderation/queue", key=api.moderator_key, status="approved").json()
        assert len(stored["comments"]) == 2  # the one before and the one after; none while down
