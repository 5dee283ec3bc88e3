"""A real `commentmod serve` in a subprocess, for tests that need real sockets, workers and signals.

    server = LiveServer.start(workdir, workers=2, env={"COMMENTMOD_RATE_LIMIT_PER_MINUTE": "40"})
    ...
    server.stop()

Its output goes to a file (no pipe to fill up). The first start in an empty directory prints
the bootstrap keys, which are read from that output; a restart in the same directory reuses them.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

QUIET = {"COMMENTMOD_FLOOD_SECONDS": "0", "COMMENTMOD_RATE_LIMIT_PER_MINUTE": "0"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    url: str
    site_key: str
    moderator_key: str
    process: subprocess.Popen[bytes]
    workdir: Path
    log: Path

    @classmethod
    def start(
        cls, workdir: Path, *, workers: int = 1, env: dict[str, str] | None = None,
        keys: tuple[str, str] | None = None, timeout: float = 90,
    ) -> LiveServer:
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log = workdir / f"serve-{port}.log"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
        full_env.update({**QUIET, "COMMENTMOD_MODEL_SYNC_SECONDS": "0", **(env or {})})
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers",
                 str(workers)],
                cwd=workdir, env=full_env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = cls(f"http://127.0.0.1:{port}", "", "", process, workdir, log)
        try:
            server.site_key, server.moderator_key = keys or server._read_keys(timeout)
            server.wait_ready(timeout)
        except BaseException:
            server.stop(signal.SIGKILL)
            raise
        return server

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def output_once(self, needle: str, timeout: float = 20) -> str:
        """Everything the server printed, once `needle` has appeared in it (log lines are
        written as they happen, but after the answer that caused them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.output()
            if needle in text:
                return text
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never appeared in the server output")

    def _read_keys(self, timeout: float) -> tuple[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            output = self.output()
            written = re.search(r"API key, written to (\S+) \(", output)
            if written:  # serve's output is a pipe here, never a terminal: the keys are in a file
                output = Path(written.group(1)).read_text(encoding="utf-8")
            found = dict(re.findall(r"(site|moderator)\s+key .*: (cm_\S+)", output))
            if len(found) == 2:
                return found["site"], found["moderator"]
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"serve printed no keys:\n{self.output()[-3000:]}")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"serve not ready after {timeout:.0f} s:\n{self.output()[-3000:]}")

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes (children of serve, bar multiprocessing's helper)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid and (
                b"spawn_main" in cmdline and b"resource_tracker" not in cmdline
            ):
                pids.append(int(entry.name))
        return sorted(pids)

    def headers(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.site_key}"}

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Signal serve's whole process group (serve and its workers), then wait for it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
