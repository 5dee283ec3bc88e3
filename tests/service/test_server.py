"""The real thing: `commentmod serve` from an empty directory, several workers, a real HTTP client."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers.factories import comment_body
from tests.helpers.live import free_port


@dataclass
class Server:
    url: str
    site_key: str
    moderator_key: str
    process: subprocess.Popen[str]
    data_dir: Path

    def output(self) -> str:
        self.process.terminate()
        out, _ = self.process.communicate(timeout=20)
        return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("fresh")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    env.update({"COMMENTMOD_FLOOD_SECONDS": "0", "COMMENTMOD_RATE_LIMIT_PER_MINUTE": "0"})
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers", "2"],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert process.stdout is not None
    keys: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while len(keys) < 2 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"(site|moderator)\s+key .*: (cm_\S+)", line)
        if match:
            keys[match.group(1)] = match.group(2)
    assert len(keys) == 2, "serve did not print the two first-run keys"
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("server did not become ready")
    srv = Server(url, keys["site"], keys["moderator"], process, workdir / ".commentmod")
    yield srv
    if process.poll() is None:
        process.kill()
        process.wait()


def test_first_run_creates_its_data_directory(server: Server) -> None:
    assert (server.data_dir / "comments.db").exists()
    assert (server.data_dir / "email.key").exists()
    assert oct((server.data_dir / "email.key").stat().st_mode & 0o777) == "0o600"
    card = httpx.get(server.url + "/v1/model",
                     headers={"Authorization": f"Bearer {server.site_key}"}).json()
    assert card["version"] == card["card"]["version"]


def test_parallel_submissions_are_all_stored_once(server: Server) -> None:
    headers = {"Authorization": f"Bearer {server.site_key}"}
    n = 40

    def submit(i: int) -> int:
        body = comment_body(post_id="concurrency", content=f"Parallel comment number {i}.",
                            author_email=f"parallel{i}@example.org")
        with httpx.Client(timeout=30) as client:
            response = client.post(server.url + "/v1/comments", json=body, headers=headers)
        assert response.status_code in (201, 202), response.text
        return int(response.json()["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(submit, range(n)))
    assert len(set(ids)) == n
    mod = {"Authorization": f"Bearer {server.moderator_key}"}
    stored: set[int] = set()
    for status in ("approved", "pending", "spam"):
        url = server.url + "/v1/moderation/queue"
        page = httpx.get(url, params={"status": status, "post_id": "concurrency", "limit": 200},
                         headers=mod).json()
        stored |= {c["id"] for c in page["comments"]}
    assert stored == set(ids)


def test_server_output_never_holds_an_email_or_key(server: Server) -> None:
    headers = {"Authorization": f"Bearer {server.site_key}"}
    httpx.post(server.url + "/v1/comments", headers=headers,
               json=comment_body(author_email="leak-check@example.org", content="bad@"))
    httpx.post(server.url + "/v1/moderation/authors/export?key=" + server.site_key,
               json={"email": "leak-check@example.org"}, headers=headers)
    output = server.output()
    assert "GET /readyz" in output or "POST /v1/comments" in output
    assert "leak-check@example.org" not in output
    logged = [line for line in output.splitlines() if " key (site " not in line]
    assert not [line for line in logged if server.site_key in line]
