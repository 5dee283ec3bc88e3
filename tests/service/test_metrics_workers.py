"""`/metrics` of a real `commentmod serve` with 2 workers: one sum over every worker."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.helpers.live import LiveServer

_HEALTHZ = re.compile(
    r'^commentmod_http_requests_total\{method="GET",route="/healthz",status="200"\} (\S+)$', re.M
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer.start(tmp_path_factory.mktemp("metrics"), workers=2)
    yield live
    live.stop()


def _healthz_count(client: httpx.Client, server: LiveServer) -> float:
    found = _HEALTHZ.search(client.get(server.url + "/metrics").text)
    return float(found.group(1)) if found else 0.0


def test_counters_never_go_backwards_between_scrapes(server: LiveServer) -> None:
    seen = []
    sent = 0
    for _ in range(30):
        # A new connection each time, so scrapes and requests land on both workers.
        with httpx.Client(timeout=30) as client:
            for _ in range(3):
                assert client.get(server.url + "/healthz").status_code == 200
        sent += 3
        with httpx.Client(timeout=30) as client:
            seen.append(_healthz_count(client, server))
    assert seen == sorted(seen), seen
    assert seen[-1] == sent  # every worker's requests in one sum


def test_each_live_worker_reports_its_model_version(server: LiveServer) -> None:
    text = httpx.get(server.url + "/metrics", timeout=30).text
    workers = re.findall(r'^commentmod_model_info\{pid="(\d+)",version="[^"]+"\} 1\.0$', text, re.M)
    assert sorted(int(pid) for pid in workers) == server.worker_pids()
