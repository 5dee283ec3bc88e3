"""What the app opens in its lifespan and hands to every request."""

from __future__ import annotations

from dataclasses import dataclass

from service.auth import KeyCache
from service.crypto import EmailVault
from service.intake import IntakeConfig
from service.marks import MarkIndex
from service.metrics import Metrics
from service.model_holder import ModelHolder
from service.ratelimit import RateLimiter
from service.settings import Settings
from service.site_policy import PolicyBook
from service.store import SqlStore


@dataclass
class AppState:
    settings: Settings
    store: SqlStore
    models: ModelHolder
    vault: EmailVault
    intake: IntakeConfig
    metrics: Metrics
    limiter: RateLimiter
    keys: KeyCache
    policies: PolicyBook
    marks: MarkIndex
