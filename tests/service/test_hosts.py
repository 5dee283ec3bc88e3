"""Two real `commentmod serve` hosts that share nothing but one PostgreSQL schema: each has its own
data directory, as two machines would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from service.bootstrap import create_key
from service.crypto import EmailVault
from service.store import SqlStore
from service.store.records import Role
from tests.helpers.factories import comment_body
from tests.helpers.live import QUIET, LiveServer
from tests.helpers.stores import postgres_schema_url

pytestmark = pytest.mark.postgres

FLOOD_SECONDS = 2.0
RATE_LIMIT = 30


@dataclass
class Hosts:
    a: LiveServer
    b: LiveServer
    url: str
    key: str


def _env(url: str, **extra: str) -> dict[str, str]:
    return {"COMMENTMOD_DATABASE_URL": url, "COMMENTMOD_FLOOD_SECONDS": str(FLOOD_SECONDS),
            "COMMENTMOD_MODERATION_WORDS": "holdme",
            "COMMENTMOD_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT), **extra}


def serve_once(workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`commentmod serve` expected to refuse: it must exit by itself, quickly."""
    workdir.mkdir(parents=True, exist_ok=True)
    full = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    full.update({**QUIET, **env, "COMMENTMOD_PORT": "1"})
    return subprocess.run([sys.executable, "-m", "service", "serve"], cwd=workdir, env=full,
                          capture_output=True, text=True, timeout=60, check=False)


def _counts(url: str) -> tuple[int, int, list[str]]:
    store = SqlStore.from_url(url)
    try:
        stored = sum(store.count_by_status(None).values())
        return stored, store.count_api_keys(), [k.fingerprint for k in store.registered_email_keys()]
    finally:
        store.close()


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosts]:
    with postgres_schema_url() as url:
        a = LiveServer.start(tmp_path_factory.mktemp("host-a"), env=_env(url))
        try:
            key = (a.workdir / ".commentmod" / "email.key").read_text().strip()
            b = LiveServer.start(tmp_path_factory.mktemp("host-b"),
                                 env=_env(url, COMMENTMOD_EMAIL_KEYS=key),
                                 keys=(a.site_key, a.moderator_key))
            try:
                yield Hosts(a, b, url, key)
            finally:
                b.stop()
        finally:
            a.stop()


def test_the_first_host_says_loudly_that_every_other_host_needs_its_key(hosts: Hosts) -> None:
    output = hosts.a.output()
    assert "EVERY OTHER HOST" in output
    assert str(hosts.a.workdir / ".commentmod" / "email.key") in output
    assert hosts.key not in output


@pytest.mark.parametrize("keys", ["", "other"])
def test_a_host_without_the_shared_key_refuses_and_changes_nothing(
    hosts: Hosts, tmp_path: Path, keys: str
) -> None:
    hosts.a.wait_ready()
    httpx.post(hosts.a.url + "/v1/comments", headers=hosts.a.headers(), json=comment_body())
    before = _counts(hosts.url)
    env = _env(hosts.url)
    if keys:
        env["COMMENTMOD_EMAIL_KEYS"] = EmailVault.generate_key()
    refused = serve_once(tmp_path / "host-c", env)
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("error: commentmod cannot start:")
    assert "COMMENTMOD_EMAIL_KEYS" in line
    assert _counts(hosts.url) == before
    assert not (tmp_path / "host-c" / ".commentmod" / "email.key").exists()


def test_a_malformed_key_makes_serve_exit_non_zero(tmp_path: Path) -> None:
    refused = serve_once(tmp_path, {"COMMENTMOD_EMAIL_KEYS": "short-and-wrong"})
    assert refused.returncode == 1
    assert "email key #1 of COMMENTMOD_EMAIL_KEYS is not url-safe base64" in refused.stderr
    assert "short-and-wrong" not in refused.stderr + refused.stdout


def test_a_duplicate_on_b_after_a_is_409_and_a_flood_429(hosts: Hosts) -> None:
    body = comment_body(post_id="dupes")
    assert httpx.post(hosts.a.url + "/v1/comments", json=body,
                      headers=hosts.a.headers()).status_code == 201
    again = httpx.post(hosts.b.url + "/v1/comments", json=body, headers=hosts.b.headers())
    assert again.status_code == 409, again.text
    flood = httpx.post(hosts.b.url + "/v1/comments", headers=hosts.b.headers(),
                       json={**body, "content": "A different comment, soon after."})
    assert flood.status_code == 429, flood.text


def test_b_queue_shows_a_held_comment_with_its_masked_email(hosts: Hosts) -> None:
    held = httpx.post(hosts.a.url + "/v1/comments", headers=hosts.a.headers(),
                      json=comment_body(post_id="held", author_email="held.writer@example.org",
                                        content="Please holdme for a moderator."))
    assert held.status_code == 202, held.text
    queue = httpx.get(hosts.b.url + "/v1/moderation/queue", params={"post_id": "held"},
                      headers=hosts.b.headers(hosts.b.moderator_key))
    assert queue.status_code == 200, queue.text
    [item] = queue.json()["comments"]
    assert item["id"] == held.json()["id"]
    assert item["author_email_masked"] == "h***@example.org"


def test_export_on_a_has_both_hosts_comments_and_erase_on_b_removes_them(hosts: Hosts) -> None:
    email = "two.hosts@example.org"
    ids = []
    for server in (hosts.a, hosts.b):
        response = httpx.post(server.url + "/v1/comments", headers=server.headers(),
                              json=comment_body(post_id="gdpr", author_email=email))
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
        time.sleep(FLOOD_SECONDS + 0.2)
    moderator = hosts.a.headers(hosts.a.moderator_key)
    export = httpx.post(hosts.a.url + "/v1/moderation/authors/export", json={"email": email},
                        headers=moderator)
    assert export.status_code == 200, export.text
    assert sorted(c["id"] for c in export.json()["comments"]) == sorted(ids)
    erased = httpx.post(hosts.b.url + "/v1/moderation/authors/erase", json={"email": email},
                        headers=moderator)
    assert erased.status_code == 200, erased.text
    for server in (hosts.a, hosts.b):
        after = httpx.post(server.url + "/v1/moderation/authors/export", json={"email": email},
                           headers=moderator)
        assert after.json()["comments"] == []
        public = httpx.get(server.url + "/v1/posts/gdpr/comments", headers=server.headers())
        assert public.json()["comments"] == []


def test_a_rate_limit_holds_across_both_hosts(hosts: Hosts) -> None:
    """60 requests of one key split across two hosts: 30 pass in all, not 30 per host."""
    store = SqlStore.from_url(hosts.url)
    try:
        key = create_key(store, site="default", role=Role.SITE)
    finally:
        store.close()
    if time.time() % 60 > 45:  # keep the run inside one minute window
        time.sleep(61 - time.time() % 60)
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(timeout=30) as client:
        codes = [client.get(server.url + "/v1/posts/p/comments", headers=headers).status_code
                 for _ in range(RATE_LIMIT) for server in (hosts.a, hosts.b)]
    assert codes.count(200) == RATE_LIMIT
    assert codes.count(429) == RATE_LIMIT
