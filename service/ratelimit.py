"""Per-key request rate limit: a fixed one-minute window kept in process memory.

Each worker process counts on its own, so with N workers a key gets up to N × the limit; a
deployment that needs one shared limit puts it in front (proxy) or in Redis. Kept simple on purpose.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count one request; return the seconds to wait when over the limit, else None."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= 60.0:
                start, count = now, 0
            if count >= self.per_minute:
                return max(1.0, math.ceil(60.0 - (now - start)))
            self._windows[key] = (start, count + 1)
            if len(self._windows) > 10_000:  # forget idle keys; bounded memory
                self._windows = {k: v for k, v in self._windows.items() if now - v[0] < 60.0}
        return None
