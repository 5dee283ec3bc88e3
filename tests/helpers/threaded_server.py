"""An ASGI app served by a real uvicorn in a daemon thread of the test process, on a free
loopback port: for clients that need a socket (real HTTP libraries, TLS, a proxy in between)
where `TestClient` has none. One home for the start-wait-stop dance."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn


def serve_in_thread(app: Any, *, ssl_certfile: str | None = None,
                    ssl_keyfile: str | None = None) -> Iterator[int]:
    """Yields the port once the server answers; stops it (and waits) after."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, ws="none", http="h11",
                            lifespan="on", ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the live server did not start")
        time.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()  # uvicorn does not close a socket it was handed (a ResourceWarning)
