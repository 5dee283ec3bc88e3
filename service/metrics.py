"""Prometheus metrics. Labels are route templates, statuses and reason codes only: never a
value a commenter typed, so no email can reach a metric label."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


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
            "commentmod_model_info", "The loaded model version (value is always 1).",
            ["version"], registry=r,
        )

    def set_model(self, version: str) -> None:
        self.model_info.clear()
        self.model_info.labels(version=version).set(1)
