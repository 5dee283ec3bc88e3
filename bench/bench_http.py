"""HTTP benchmark: comment intake against Isso 0.14, batch scoring, and scale-out on PostgreSQL.

    .venv/bin/python bench/bench_http.py [--duration 20] [--connections 16] [--skip-isso]
        [--skip-score] [--skip-scale-out] [--rate-limit-cost]
        [--pg-url postgresql://postgres@127.0.0.1:5432/test]

Needs wrk (`apt-get install -y wrk`; installed here when missing and running as root). The
load is wrk with bench/intake.lua: every request a unique comment (own email, IP and text),
so no duplicate or flood rule fires; rate limits are off (`--rate-limit-cost` adds a run with
a limit too high to refuse anything, to measure its one upsert per request). Everything targets
127.0.0.1 and every run is bounded by --duration. Prints Markdown tables; the raw figures go to
bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers
from bench.loadgen import (
    WrkResult,
    count_rows,
    pg_schema,
    score_throughput,
    wrk,
    wrk_many,
)

RESULTS = servers.ROOT / "bench" / "results"


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return
    sys.exit("bench_http: needs wrk: `apt-get install -y wrk`")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def row(name: str, r: WrkResult, stored: int | None = None) -> str:
    ok = r.acknowledged
    stored_text = "-" if stored is None else f"{stored:,}"
    return (f"| {name} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {ok:,} | "
            f"{r.failed:,} | {stored_text} |")


HEADER = ("| server | requests/s | p50 ms | p99 ms | acknowledged (201/202) | other answers "
          "or errors | rows stored |\n|---|---|---|---|---|---|---|")


def intake(args: argparse.Namespace, tmp: Path, tag: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with servers.commentmod(tmp / "commentmod", workers=args.workers) as srv:
        wrk(srv.url, "commentmod", srv.site_key, f"{tag}w", seconds=args.warmup,
            connections=args.connections)
        ours = wrk(srv.url, "commentmod", srv.site_key, tag, seconds=args.duration,
                   connections=args.connections)
        if not args.skip_score:
            out["score"] = {n: score_throughput(srv.url, srv.site_key, batch=n,
                                                seconds=args.score_seconds, clients=args.workers)
                            for n in (100, 1000)}
    db = tmp / "commentmod" / "comments.db"
    out["commentmod"] = {**ours.as_dict(), "stored": count_rows(f"sqlite:///{db}", tag)}
    if args.rate_limit_cost:
        with servers.commentmod(tmp / "limited", workers=args.workers,
                                rate_limit=10**9) as srv:
            wrk(srv.url, "commentmod", srv.site_key, f"{tag}lw", seconds=args.warmup,
                connections=args.connections)
            limited = wrk(srv.url, "commentmod", srv.site_key, f"{tag}l", seconds=args.duration,
                          connections=args.connections)
        db = tmp / "limited" / "comments.db"
        out["limited"] = {**limited.as_dict(), "stored": count_rows(f"sqlite:///{db}", f"{tag}l")}
    if not args.skip_isso:
        with servers.isso(tmp / "isso", workers=args.workers) as srv:
            wrk(srv.url, "isso", "-", f"{tag}w", seconds=args.warmup, connections=args.connections)
            theirs = wrk(srv.url, "isso", "-", tag, seconds=args.duration,
                         connections=args.connections)
        out["isso"] = {**theirs.as_dict(),
                       "stored": count_rows(f"sqlite:///{tmp / 'isso' / 'isso.db'}", tag, isso=True)}
    return out


def scale_out(args: argparse.Namespace, tmp: Path, tag: str) -> dict[str, Any]:
    """One `commentmod serve` process, then two, on one PostgreSQL schema; 16 connections in all."""
    out: dict[str, Any] = {}
    with pg_schema(args.pg_url) as url:
        first = tmp / "pg-a"
        with servers.commentmod(first, workers=1, database_url=url) as a:
            key = a.site_key
            wrk(a.url, "commentmod", key, f"{tag}w1", seconds=args.warmup,
                connections=args.connections)
            one = wrk(a.url, "commentmod", key, f"{tag}p1", seconds=args.duration,
                      connections=args.connections)
            second = tmp / "pg-b"
            second.mkdir()
            shutil.copy(first / "email.key", second / "email.key")
            with servers.commentmod(second, workers=1, database_url=url, site_key=key) as b:
                wrk(b.url, "commentmod", key, f"{tag}w2", seconds=args.warmup,
                    connections=args.connections // 2)
                half = args.connections // 2
                two = wrk_many([(a.url, f"{tag}p2a", half), (b.url, f"{tag}p2b", half)],
                               key, seconds=args.duration)
        out["one"] = {**one.as_dict(), "stored": count_rows(url, f"{tag}p1")}
        out["two"] = {**two.as_dict(),
                      "stored": count_rows(url, f"{tag}p2a") + count_rows(url, f"{tag}p2b")}
        out["distinct"] = count_rows(url, tag + "*", distinct=True) == count_rows(url, tag + "*")
    return out


def report(results: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"\nload average before: {results['load_before']}, after: {results['load_after']}; "
          f"{os.cpu_count()} cores; {args.connections} connections, {args.duration:.0f} s per run, "
          f"{args.workers} worker processes each\n")
    print("### Intake: `POST /v1/comments` (commentmod, SQLite) vs `POST /new` (Isso 0.14)\n")
    print(HEADER)
    for name, key in (("commentmod", "commentmod"),
                      ("commentmod, rate limit on (one upsert per request)", "limited"),
                      ("Isso 0.14 (gunicorn)", "isso")):
        if key in results["intake"]:
            r = results["intake"][key]
            print(row(name, WrkResult.from_dict(r), r["stored"]))
    if "isso" in results["intake"]:
        ratio = results["intake"]["commentmod"]["rps"] / results["intake"]["isso"]["rps"]
        print(f"\nthroughput ratio commentmod / Isso: {ratio:.2f}x")
    if "score" in results["intake"]:
        print("\n### Batch scoring: `POST /v1/score`\n")
        print("| batch size | comments/s | p50 ms per batch | p99 ms per batch |\n|---|---|---|---|")
        for n, s in results["intake"]["score"].items():
            print(f"| {n:,} | {s['comments_per_s']:,.0f} | {s['p50_ms']:.0f} | {s['p99_ms']:.0f} |")
    if "scale_out" in results:
        s = results["scale_out"]
        print("\n### Scale-out: one PostgreSQL, one vs two `commentmod serve` processes\n")
        print(HEADER)
        print(row("1 process (1 worker)", WrkResult.from_dict(s["one"]), s["one"]["stored"]))
        print(row("2 processes (1 worker each)", WrkResult.from_dict(s["two"]), s["two"]["stored"]))
        print(f"\nthroughput growth: {s['two']['rps'] / s['one']['rps']:.2f}x; every stored "
              f"comment distinct: {s['distinct']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per server")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="worker processes per server")
    parser.add_argument("--score-seconds", type=float, default=10.0)
    parser.add_argument("--skip-isso", action="store_true")
    parser.add_argument("--skip-score", action="store_true")
    parser.add_argument("--skip-scale-out", action="store_true")
    parser.add_argument("--rate-limit-cost", action="store_true",
                        help="also run intake with the per-key rate limit on")
    parser.add_argument("--pg-url", default=os.environ.get(
        "COMMENTMOD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    ensure_wrk()
    if not args.skip_isso:
        servers.isso_python()  # create its venv before anything is timed
    tag = f"b{secrets.token_hex(3)}"
    results: dict[str, Any] = {"load_before": load_average(), "args": vars(args)}
    with tempfile.TemporaryDirectory(prefix="commentmod-bench-") as name:
        tmp = Path(name)
        results["intake"] = intake(args, tmp, tag)
        if not args.skip_scale_out:
            results["scale_out"] = scale_out(args, tmp, tag)
    results["load_after"] = load_average()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"http-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    report(results, args)


if __name__ == "__main__":
    main()
