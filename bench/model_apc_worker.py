"""Runs inside bench/.venv-apc: times alt-profanity-check on the texts in argv[1] (JSON list).

Prints one JSON object: batch comments/s and single-comment latency percentiles (ms).
Kept free of project imports: that venv has only alt-profanity-check and its dependencies.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from profanity_check import predict_prob


def main() -> None:
    texts: list[str] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    singles = int(sys.argv[2])
    predict_prob(texts[:10])  # warm up
    started = time.perf_counter()
    for i in range(0, len(texts), 1000):
        predict_prob(texts[i : i + 1000])
    batch_seconds = time.perf_counter() - started
    latencies = []
    for text in texts[:singles]:
        t0 = time.perf_counter_ns()
        predict_prob([text])
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
    latencies.sort()
    print(
        json.dumps(
            {
                "batch_per_s": len(texts) / batch_seconds,
                "p50_ms": latencies[len(latencies) // 2],
                "p99_ms": latencies[int(len(latencies) * 0.99)],
            }
        )
    )


if __name__ == "__main__":
    main()
