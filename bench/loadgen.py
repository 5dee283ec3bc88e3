"""Load for the HTTP benchmark: wrk runs of bench/intake.lua, batch scoring, row counts."""

from __future__ import annotations

import json
import secrets
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

SCRIPT = Path(__file__).resolve().parent / "intake.lua"


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_us: int
    p99_us: int
    max_us: int
    statuses: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def acknowledged(self) -> int:
        return self.statuses.get("201", 0) + self.statuses.get("202", 0)

    @property
    def failed(self) -> int:
        return self.requests - self.acknowledged + sum(self.errors.values())

    @property
    def p50_ms(self) -> float:
        return self.p50_us / 1000

    @property
    def p99_ms(self) -> float:
        return self.p99_us / 1000

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rps": self.rps}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WrkResult:
        return cls(d["requests"], d["seconds"], d["p50_us"], d["p99_us"], d["max_us"],
                   d["statuses"], d["errors"])


def _wrk_command(url: str, mode: str, key: str, tag: str, seconds: float, connections: int,
                 threads: int) -> list[str]:
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            "--timeout", "10s", "-s", str(SCRIPT), url, "--", mode, key, tag]


def _parse(out: str) -> WrkResult:
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    data = json.loads(line.removeprefix("RESULT "))
    return WrkResult(data["requests"], data["seconds"], data["p50_us"], data["p99_us"],
                     data["max_us"], data["statuses"], data["errors"])


def wrk(url: str, mode: str, key: str, tag: str, *, seconds: float, connections: int,
        threads: int = 2) -> WrkResult:
    """One wrk run; `tag` goes into every comment so its rows can be counted afterwards."""
    command = _wrk_command(url, mode, key, tag, seconds, connections, min(threads, connections))
    out = subprocess.run(command, check=True, capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    return _parse(out)


def wrk_many(targets: Sequence[tuple[str, str, int]], key: str, *, seconds: float) -> WrkResult:
    """Concurrent wrk runs, one per (url, tag, connections). Requests add up; for the latency
    percentiles the worst run's value is reported (percentiles cannot be merged exactly)."""
    processes = [
        subprocess.Popen(_wrk_command(url, "commentmod", key, tag, seconds, n, 1),
                         stdout=subprocess.PIPE, text=True)
        for url, tag, n in targets
    ]
    results = [_parse(p.communicate(timeout=seconds + 60)[0]) for p in processes]
    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
        for k, v in r.errors.items():
            errors[k] = errors.get(k, 0) + v
    return WrkResult(
        requests=sum(r.requests for r in results),
        seconds=max(r.seconds for r in results),
        p50_us=max(r.p50_us for r in results),
        p99_us=max(r.p99_us for r in results),
        max_us=max(r.max_us for r in results),
        statuses=statuses,
        errors=errors,
    )


def count_rows(url: str, tag: str, *, isso: bool = False, distinct: bool = False) -> int:
    """Stored comments of the wrk run `tag` (their text holds `(<tag>-`); with `distinct`,
    distinct texts only. A tag ending in `*` counts every run whose tag starts with it."""
    column = "text" if isso else "content"
    what = f"DISTINCT {column}" if distinct else "*"
    pattern = f"%({tag.removesuffix('*')}%" if tag.endswith("*") else f"%({tag}-%"
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                              poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            query = sa.text(f"SELECT count({what}) FROM comments WHERE {column} LIKE :pattern")
            return int(conn.execute(query, {"pattern": pattern}).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def pg_schema(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema (dropped afterwards) and a URL whose connections use it."""
    schema = f"cm_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(server_url.replace("postgresql://", "postgresql+psycopg://", 1),
                             poolclass=sa.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * q), len(ordered) - 1)] if ordered else 0.0


def score_throughput(url: str, key: str, *, batch: int, seconds: float, clients: int) -> dict[str, float]:
    """`POST /v1/score` with `batch` comments per request from `clients` threads for `seconds`."""
    texts = [f"Comment number {i}: thanks for the article, the second chart was the most "
             f"useful part. Visit https://example.org/{i} for more." for i in range(batch)]
    body = {"comments": [{"content": t, "author_name": "Reader"} for t in texts]}
    latencies: list[float] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    deadline = 0.0

    def client() -> None:
        with httpx.Client(timeout=60, headers={"Authorization": f"Bearer {key}"}) as http:
            http.post(url + "/v1/score", json=body).raise_for_status()  # warm-up
            ready.wait()
            while time.monotonic() < deadline:
                started = time.perf_counter()
                http.post(url + "/v1/score", json=body).raise_for_status()
                with lock:
                    latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    started = time.monotonic()
    deadline = started + seconds
    ready.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {
        "comments_per_s": len(latencies) * batch / elapsed,
        "p50_ms": _percentile(latencies, 0.5) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
    }
