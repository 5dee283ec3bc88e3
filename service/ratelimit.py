"""Per-key request rate limit: a fixed one-minute window (UTC epoch minutes), counted in the
database so that one limit holds across every worker and every host of one database.

Each authenticated request is one upsert on the (key, minute) primary key that returns the
minute's count (see `store/ratelimits.py`); a request past the limit gets 429 with the seconds
left in the minute. Hosts share windows through their clocks (NTP keeps them within
milliseconds). A fixed window lets up to twice the limit through across one minute boundary.
While the store cannot be reached the limit is not enforced (fails open): comment intake fails
then anyway, and stateless calls such as `/v1/score` keep working.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from service.errors import StoreUnavailable


class RequestCounter(Protocol):
    def count_request(self, key: str, minute: int) -> int: ...


class RateLimiter:
    def __init__(
        self, per_minute: int, counter: RequestCounter, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.per_minute = per_minute
        self._counter = counter
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def hit(self, key: str) -> float | None:
        """Count one request; return the seconds to wait when over the limit, else None."""
        if not self.enabled:
            return None
        now = self._clock()
        minute = int(now // 60)
        try:
            count = self._counter.count_request(key, minute)
        except StoreUnavailable:
            return None
        if count <= self.per_minute:
            return None
        return max(1.0, math.ceil((minute + 1) * 60 - now))
