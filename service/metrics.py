"""Prometheus metrics. Labels are route templates, statuses and reason codes only: never a
value a commenter typed, so no email can reach a metric label.

Under `commentmod serve` every worker writes its values to files in one directory per server
(prometheus-client's multiprocess mode; serve sets PROMETHEUS_MULTIPROC_DIR before workers
start), and a scrape of any worker sums them all: counters never go backwards between scrapes,
and a worker that dies or is replaced leaves its counts in the sum. `commentmod_model_info` is
per live worker (a `pid` label). An app in one process (tests, `commentmod demo`) keeps its
metrics in its own registry.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def start_multiprocess_dir() -> Path:
    """A fresh directory for one server's worker metrics, named in the environment its
    workers inherit (before they import prometheus-client)."""
    path = Path(tempfile.mkdtemp(prefix="commentmod-metrics-"))
    os.environ[MULTIPROC_ENV] = str(path)
    return path


def remove_multiprocess_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    os.environ.pop(MULTIPROC_ENV, None)


def worker_exited() -> None:
    """Drop this worker's live gauges (its counters stay in the sum)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter(
            "commentmod_http_requests", "HTTP requests by route and status code.",
            ["method", "route", "status"], registry=r,
        )
        self.latency = Histogram(
            "commentmod_http_request_seconds", "HTTP request latency by route.",
            ["method", "route"], registry=r,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.decisions = Counter(
            "commentmod_decisions", "Intake decisions by status.", ["status"], registry=r,
        )
        self.reasons = Counter(
            "commentmod_reasons", "Reasons attached to decisions.", ["code"], registry=r,
        )
        self.rejections = Counter(
            "commentmod_rejections", "Submissions refused before storing, by problem type.",
            ["code"], registry=r,
        )
        self.scoring = Histogram(
            "commentmod_scoring_seconds", "Time spent in the classifier per call.", registry=r,
            buckets=(0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0),
        )
        self.model_info = Gauge(
            "commentmod_model_info", "The model version each worker serves (1; 0 for one it "
            "served before).", ["version"], registry=r, multiprocess_mode="liveall",
        )
        self._version: str | None = None

    def set_model(self, version: str) -> None:
        if self._version is not None and self._version != version:
            self.model_info.labels(version=self._version).set(0)  # a worker's file keeps it
        if not os.environ.get(MULTIPROC_ENV):  # not implemented there (it warns); the 0 above does
            self.model_info.clear()
        self.model_info.labels(version=version).set(1)
        self._version = version

    def exposition(self) -> bytes:
        """The text a scrape returns: every worker's metrics summed in multiprocess mode."""
        if not os.environ.get(MULTIPROC_ENV):
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
