"""The real thing: `commentmod serve` from an empty directory, several workers, a real HTTP client."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.helpers.factories import comment_body
from tests.helpers.live import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """From an empty directory, 2 workers, the default model sync (LiveServer turns it off)."""
    live = LiveServer.start(tmp_path_factory.mktemp("fresh"), workers=2,
                            env={"COMMENTMOD_MODEL_SYNC_SECONDS": "2"})
    yield live
    live.stop()


def test_first_run_creates_its_data_directory(server: LiveServer) -> None:
    assert (server.workdir / ".commentmod" / "comments.db").exists()
    assert (server.workdir / ".commentmod" / "email.key").exists()
    assert oct((server.workdir / ".commentmod" / "email.key").stat().st_mode & 0o777) == "0o600"
    card = httpx.get(server.url + "/v1/model",
                     headers={"Authorization": f"Bearer {server.site_key}"}).json()
    assert card["version"] == card["card"]["version"]


def test_first_keys_never_reach_a_log_only_a_private_file(server: LiveServer) -> None:
    """Regression: the bootstrap keys were printed into serve's output, which a service manager
    (systemd's journal, a container runtime) keeps as the server's log. Off a terminal they go to
    a file only this user can read; the output names the file."""
    output = server.output()
    assert server.site_key not in output
    assert server.moderator_key not in output
    keys_file = server.workdir / ".commentmod" / "bootstrap-keys.txt"
    assert str(keys_file.resolve()) in output
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"
    text = keys_file.read_text()
    assert server.site_key in text
    assert server.moderator_key in text


def test_parallel_submissions_are_all_stored_once(server: LiveServer) -> None:
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


def test_server_output_never_holds_an_email_or_key(server: LiveServer) -> None:
    headers = {"Authorization": f"Bearer {server.site_key}"}
    httpx.post(server.url + "/v1/comments", headers=headers,
               json=comment_body(author_email="leak-check@example.org", content="bad@"))
    httpx.post(server.url + "/v1/moderation/authors/export?key=" + server.site_key,
               json={"email": "leak-check@example.org"}, headers=headers)
    server.stop()  # its last lines flushed
    output = server.output()
    assert "GET /readyz" in output or "POST /v1/comments" in output
    assert "leak-check@example.org" not in output
    assert "Warning" not in output, output  # e.g. prometheus-client's multiprocess label clearing
    logged = [line for line in output.splitlines() if " key (site " not in line]
    assert not [line for line in logged if server.site_key in line]
