"""Worker memory under 1,000 unauthenticated connections that each declare a 1 MiB body.

    .venv/bin/python bench/idle_connections.py [--connections 1000] [--source DIR]

Starts `commentmod serve --workers 1` (from `--source`, default this checkout) in a fresh data
directory, reads the worker's RSS, opens the connections (headers of `POST /v1/comments` with no
key and `Content-Length: 1048576`, then 1 MiB of body, sent as fast as the server takes it), waits
5 s, reads the RSS again, closes them and reads it once more. Prints one line per reading."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
HEAD = (b"POST /v1/comments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1048576\r\n\r\n")


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match[1]) / 1024 if match else float("nan")


def worker_pid(parent: int) -> int:
    """With one worker uvicorn serves in the process itself."""
    children = Path(f"/proc/{parent}/task/{parent}/children")
    found = children.read_text().split() if children.exists() else []
    return int(found[-1]) if found else parent


def wait_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    port = 18000 + os.getpid() % 1000
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
        env.update(COMMENTMOD_DATA_DIR=data, COMMENTMOD_PORT=str(port), COMMENTMOD_LOG_LEVEL="WARNING")
        server = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=args.source, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_port(port, time.monotonic() + 120)
            time.sleep(2)
            pid = worker_pid(server.pid)
            print(f"idle worker RSS: {rss_mib(pid):.0f} MiB")
            sockets = []
            for _ in range(args.connections):
                sock = socket.create_connection(("127.0.0.1", port))
                sock.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    sock.send(HEAD)
                sockets.append(sock)
            chunk = b"x" * 65536
            deadline = time.monotonic() + 20
            sent = [0] * len(sockets)
            while time.monotonic() < deadline and any(s < MIB for s in sent):
                for i, sock in enumerate(sockets):
                    if sent[i] < MIB:
                        with contextlib.suppress(BlockingIOError, OSError):
                            sent[i] += sock.send(chunk)
            time.sleep(5)
            print(f"with {args.connections} connections: {rss_mib(pid):.0f} MiB "
                  f"(body bytes accepted: {sum(sent) / MIB:.0f} MiB)")
            for sock in sockets:
                sock.close()
            time.sleep(5)
            print(f"after closing them: {rss_mib(pid):.0f} MiB")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
