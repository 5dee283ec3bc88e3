"""WAL checkpoints off the request path, for an SQLite file served by a long-running process.

By default SQLite checkpoints inside the commit that pushes the WAL past 1,000 pages: that
request copies the pages back into the database and fsyncs it. An intake insert writes about
ten pages (the row and its indexes), so one comment in ~100 paid 5-20 ms (measured: p99 of an
insert 7 ms with automatic checkpoints, 0.5 ms without). Here a thread does it instead:

1. a PASSIVE checkpoint with no lock: it copies what the WAL holds while writers go on;
2. if the WAL held anything, a second PASSIVE checkpoint under the writer gate, which has only
   what writers appended meanwhile to copy. With no writer in between, the WAL is then fully
   copied and the next writer starts it again from the top; without this step a WAL under
   steady writes is never fully copied at a moment a writer starts, and it grows without end
   (step 1's own answer cannot tell: it counts the frames as they were when it began).

The sqlite3 module releases the GIL while SQLite works, so the event loop keeps serving.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import AbstractContextManager, closing

log = logging.getLogger("service.store")

CHECKPOINT_INTERVAL_SECONDS = 0.5


class WalCheckpointer:
    """A daemon thread checkpointing `database` every `interval` seconds until `stop()`."""

    def __init__(
        self, database: str, gate: AbstractContextManager[None], *,
        interval: float | None = None, busy_timeout: float = 5.0,
    ) -> None:
        self._database = database
        self._gate = gate
        self._interval = CHECKPOINT_INTERVAL_SECONDS if interval is None else interval
        self._busy_timeout = busy_timeout
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._failing = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def checkpoint(self, connection: sqlite3.Connection) -> int:
        """One round; returns the WAL frames not copied back (0: the next writer restarts it)."""
        if _passive(connection) == (0, 0):
            return 0  # nothing written since the WAL last restarted
        with self._gate:
            frames, copied = _passive(connection)
        return frames - copied

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        while not self._stopping.wait(self._interval):
            try:
                if connection is None:
                    connection = sqlite3.connect(
                        self._database, timeout=self._busy_timeout, isolation_level=None,
                        check_same_thread=False,
                    )
                self.checkpoint(connection)
                if self._failing:
                    log.info("WAL checkpoints work again")
                self._failing = False
            except sqlite3.Error as exc:
                # The store's own requests report an unreachable database (503); say it once here.
                if not self._failing:
                    log.warning("WAL checkpoint failed: %s", type(exc).__name__)
                self._failing = True
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()


def _passive(connection: sqlite3.Connection) -> tuple[int, int]:
    """(frames in the WAL, frames copied back). PASSIVE never waits for readers or writers; it
    copies what it can. Not in WAL mode: (0, 0)."""
    with closing(connection.execute("PRAGMA wal_checkpoint(PASSIVE)")) as cursor:
        busy, frames, copied = (int(x) for x in cursor.fetchall()[0])
    if frames < 0:
        return 0, 0
    return (frames, 0) if busy else (frames, copied)
