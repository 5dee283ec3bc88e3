"""In-process intake cost: CPU milliseconds per `POST /v1/comments`, through `create_app` and the
bundled model on an SQLite file, as the history grows. CPU time (all threads of this process)
moves far less than wall time on a machine other work shares, so two code versions can be
compared where `bench_http.py`'s requests/s cannot:

    .venv/bin/python bench/bench_intake_cpu.py [--comments 3000] [--every 1000]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/bench_intake_cpu.py   # compare

Comments are like bench/intake.lua's: each its own email and text, all with one author-URL domain
and 250 to an IPv4 /24, so reputation look-ups meet a popular domain and busy networks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from service.app import create_app
from service.bootstrap import create_key
from service.settings import Settings
from service.store.records import Role

TEXT = ("Thank you for the detailed timeline; the part about the second meeting finally made the "
        "order of events clear to me. Note {n}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--every", type=int, default=1000, help="report per this many comments")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), flood_seconds=0, rate_limit_per_minute=0,
                            bootstrap_keys=False, model_sync_seconds=0)
        app = create_app(settings)
        with TestClient(app) as client:
            key = create_key(app.state.commentmod.store, site="bench", role=Role.SITE)
            headers = {"Authorization": f"Bearer {key}"}
            for start in range(0, args.comments, args.every):
                cpu, wall = time.process_time(), time.perf_counter()
                for n in range(start, start + args.every):
                    body = {"post_id": "bench-post", "author_name": f"Reader {n}",
                            "author_email": f"reader-{n}@example.org",
                            "author_url": f"https://example.org/{n}", "content": TEXT.format(n=n),
                            "user_ip": f"10.0.{n // 250 % 250}.{n % 250 + 1}"}
                    answer = client.post("/v1/comments", json=body, headers=headers)
                    assert answer.status_code in (201, 202), answer.text
                cpu_ms = (time.process_time() - cpu) * 1000 / args.every
                wall_ms = (time.perf_counter() - wall) * 1000 / args.every
                print(f"comments {start + 1:>6}-{start + args.every:<6} CPU {cpu_ms:6.2f} ms "
                      f"wall {wall_ms:6.2f} ms per comment")


if __name__ == "__main__":
    main()
