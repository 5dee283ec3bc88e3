"""`commentmod demo` for real: a subprocess on a free port, its own store, keys printed once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx2

from tests.helpers.live import free_port
from training.tiny import build_tiny_model

ROOT = Path(__file__).resolve().parents[2]


def test_commentmod_demo_serves_the_blog_and_prints_a_moderator_key(tmp_path: Path) -> None:
    build_tiny_model(tmp_path / "models")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    env.update({"COMMENTMOD_DATA_DIR": str(tmp_path / "data"),
                "COMMENTMOD_MODEL_DIR": str(tmp_path / "models"),
                "COMMENTMOD_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/ignored",
                "COMMENTMOD_FLOOD_SECONDS": "0"})
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "demo", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert process.stdout is not None
        printed = ""
        key = re.compile(r"moderator key \(site 'demo'\): (cm_\S+)")
        while (match := key.search(printed)) is None:
            line = process.stdout.readline()
            assert line, f"demo exited early:\n{printed}"
            printed += line
        assert f"http://127.0.0.1:{port}/demo/" in printed
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                page = httpx2.get(url + "/demo/", timeout=2)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        assert page.status_code == 200
        assert "Leave a Reply" in page.text
        posted = httpx2.post(url + "/demo/comments", follow_redirects=False, timeout=10, data={
            "author": "Olena", "email": "olena@example.org",
            "comment": "Thank you for the detailed timeline, very helpful."})
        assert posted.status_code in (200, 303)
        queue = httpx2.get(url + "/v1/moderation/queue?status=approved", timeout=5,
                           headers={"Authorization": f"Bearer {match.group(1)}"})
        held = httpx2.get(url + "/v1/moderation/queue", timeout=5,
                          headers={"Authorization": f"Bearer {match.group(1)}"})
        assert len(queue.json()["comments"]) + len(held.json()["comments"]) == 1
        assert (tmp_path / "data" / "demo" / "comments.db").exists()  # never the configured DB
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout is not None:
            process.stdout.close()
