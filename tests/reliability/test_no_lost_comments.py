"""No acknowledged comment is lost: a load run against `commentmod serve` (2 workers, SQLite)
during which one worker is killed with SIGKILL, then the whole server, which is restarted.

The clients behave like blog backends: a request that got no answer is sent again (same body)
until it is answered. Afterwards every comment that got 201/202 is in the store under the id it
was given, a resent one that had been stored after all got 409 (the duplicate rule), no text is
stored twice, and every stored row is whole."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.helpers.factories import comment_body
from tests.helpers.live import LiveServer

CLIENTS = 8
POST = "sigkill-run"


@dataclass
class Outcomes:
    acknowledged: dict[str, int] = field(default_factory=dict)  # content -> id
    duplicates: set[str] = field(default_factory=set)  # content answered 409 after a resend
    unanswered: int = 0  # attempts that got no answer (and were resent)
    other: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(number: int, server: dict[str, LiveServer], stop: threading.Event, out: Outcomes) -> None:
    sequence = 0
    with httpx.Client(timeout=10) as http:
        while not stop.is_set():
            sequence += 1
            content = f"Comment {sequence} of client {number} in the SIGKILL run."
            body = comment_body(post_id=POST, content=content,
                                author_email=f"c{number}-{sequence}@example.org")
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                live = server["current"]
                try:
                    response = http.post(live.url + "/v1/comments", json=body,
                                         headers=live.headers())
                except httpx.TransportError:
                    with out.lock:
                        out.unanswered += 1
                    time.sleep(0.05)
                    continue
                if response.status_code == 503:
                    time.sleep(0.05)
                    continue
                with out.lock:
                    if response.status_code in (201, 202):
                        out.acknowledged[content] = response.json()["id"]
                    elif response.status_code == 409:
                        out.duplicates.add(content)
                    else:
                        out.other.append(response.status_code)
                break


def stored_rows(workdir: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(workdir / ".commentmod" / "comments.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute(
            "SELECT id, content, status, spam_score, abuse_score, model_version, author_name, "
            "author_email_hmac, author_email_encrypted, reasons FROM comments WHERE post_id = ?",
            (POST,),
        ).fetchall()


@pytest.mark.slow
def test_sigkill_of_a_worker_and_of_the_server_loses_no_acknowledged_comment(tmp_path: Path) -> None:
    first = LiveServer.start(tmp_path, workers=2)
    server = {"current": first}
    stop = threading.Event()
    out = Outcomes()
    threads = [threading.Thread(target=client, args=(i, server, stop, out)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        time.sleep(3)
        os.kill(first.worker_pids()[0], signal.SIGKILL)  # one worker, mid-load
        time.sleep(3)
        first.stop(signal.SIGKILL)  # the whole server, master and workers, mid-load
        time.sleep(0.5)
        server["current"] = LiveServer.start(tmp_path, workers=2,
                                             keys=(first.site_key, first.moderator_key))
        time.sleep(3)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
        server["current"].stop()

    rows = stored_rows(tmp_path)
    counts = Counter(row["content"] for row in rows)
    assert not [c for c, n in counts.items() if n > 1], "a comment was stored twice"
    by_content = {row["content"]: row for row in rows}
    lost = [c for c in out.acknowledged if c not in by_content]
    assert not lost, f"{len(lost)} acknowledged comments are missing"
    assert all(by_content[c]["id"] == i for c, i in out.acknowledged.items())
    assert all(c in by_content for c in out.duplicates)
    for row in rows:  # whole rows, never half-written
        assert row["status"] in ("approved", "pending", "spam")
        assert 0.0 <= row["spam_score"] <= 1.0
        assert 0.0 <= row["abuse_score"] <= 1.0
        assert all(row[name] for name in ("model_version", "author_name", "author_email_hmac",
                                          "author_email_encrypted", "reasons"))
    assert not out.other, out.other
    assert len(out.acknowledged) > 100
    assert out.unanswered > 0, "the kills interrupted no request: the test proved nothing"
