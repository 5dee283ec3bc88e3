"""Start and stop the servers the HTTP benchmark compares, each in its own process group.

`commentmod serve` runs from the project's venv in a fresh data directory; Isso 0.14 runs under
gunicorn from its own venv, bench/.venv-isso, created on first use so the project's venv never
gets it. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ISSO_VENV = ROOT / "bench" / ".venv-isso"
ISSO_REQUIREMENTS = ("isso==0.14.0", "gunicorn==27.0.1")
ISSO_CONFIG = """\
[general]
dbpath = {db}
host = http://127.0.0.1:{port}/
[moderation]
enabled = false
[guard]
enabled = false
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Running:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    site_key: str = ""


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: see {log}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} not ready after {timeout:.0f} s: see {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group (master and workers), then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _site_key(log: Path, process: subprocess.Popen[bytes], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        written = re.search(r"API key, written to (\S+) \(", text)
        if written:  # output to a file, not a terminal: serve writes the keys to a private file
            text = Path(written.group(1)).read_text(errors="replace")
        match = re.search(r"site\s+key .*: (cm_\S+)", text)
        if match:
            return match.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"commentmod printed no site key: see {log}")


def commentmod_env(
    data_dir: Path, database_url: str | None = None, rate_limit: int = 0
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    env.update({
        "COMMENTMOD_DATA_DIR": str(data_dir),
        "COMMENTMOD_FLOOD_SECONDS": "0",
        "COMMENTMOD_RATE_LIMIT_PER_MINUTE": str(rate_limit),
    })
    if database_url:
        env["COMMENTMOD_DATABASE_URL"] = database_url
    return env


@contextmanager
def commentmod(
    data_dir: Path, *, workers: int, database_url: str | None = None, site_key: str | None = None,
    rate_limit: int = 0,
) -> Iterator[Running]:
    """`commentmod serve --workers N`; the first start prints the site key, later ones reuse it.
    `rate_limit` > 0 turns the per-key limit on (one store upsert per request)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = data_dir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers", str(workers)],
            env=commentmod_env(data_dir, database_url, rate_limit), stdout=out, stderr=subprocess.STDOUT,
            cwd=data_dir, start_new_session=True,
        )
    try:
        key = site_key or _site_key(log, process)
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url + "/readyz", process, log)
        yield Running(url, process, log, key)
    finally:
        _stop(process)


def isso_python() -> Path:
    python = ISSO_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ISSO_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *ISSO_REQUIREMENTS],
                       check=True)
    return python


@contextmanager
def isso(data_dir: Path, *, workers: int) -> Iterator[Running]:
    """Isso 0.14 under gunicorn (sync workers, as its docs deploy it), guard and moderation off."""
    python = isso_python()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = data_dir / "isso.cfg"
    config.write_text(ISSO_CONFIG.format(db=data_dir / "isso.db", port=port))
    log = data_dir / f"isso-{port}.log"
    env = {**os.environ, "ISSO_SETTINGS": str(config)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(python), "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "--preload", "isso.run"],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=data_dir, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url + "/info", process, log)
        yield Running(url, process, log)
    finally:
        _stop(process)
