"""Which authors, networks and domains have any spam or abusive decision: a per-worker set,
read incrementally from the store, so that the common comment (nobody ever marked anything it
touches) costs intake no query at all. A key in the set only means "look": the store's
history then decides (approvals may outweigh marks). A decision taken on this worker applies at
once; one taken on another worker within `refresh_seconds`."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from service.store import SqlStore


class MarkIndex:
    def __init__(self, store: SqlStore, *, refresh_seconds: float) -> None:
        self._store = store
        self._refresh = refresh_seconds
        self._keys: set[tuple[str, ...]] = set()
        self._newest = 0
        self._read_at = -float("inf")
        self._lock = threading.Lock()

    def stale(self) -> None:
        """A decision was just recorded here: read the new labels before the next check."""
        self._read_at = -float("inf")

    def _fresh(self) -> set[tuple[str, ...]]:
        now = time.monotonic()
        if now - self._read_at >= self._refresh:
            with self._lock:
                if now - self._read_at >= self._refresh:
                    keys, self._newest = self._store.marked_since(self._newest)
                    self._keys |= keys
                    self._read_at = now
        return self._keys

    def maybe(self, site: str, *, email_hmac: str | None, network: str | None,
              domains: Sequence[str]) -> bool:
        """Whether anything this submission touches was ever marked spam or abusive."""
        keys = self._fresh()
        if not keys:
            return False
        return (
            (email_hmac is not None and ("author", site, email_hmac) in keys)
            or (network is not None and ("network", site, network) in keys)
            or any(("domain", d) in keys for d in domains)
        )
