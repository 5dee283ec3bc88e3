"""A private, throwaway PostgreSQL cluster for fault tests that stop and start the server.

    with private_cluster() as cluster:   # skips the test when it cannot be made
        cluster.url; cluster.stop(); cluster.start()

initdb and pg_ctl come from /usr/lib/postgresql/*/bin. PostgreSQL refuses to run as root, so
under root the cluster runs as the `postgres` user (runuser). It lives in a temporary directory,
listens on 127.0.0.1 on a free port (and a socket in its own directory), trusts local
connections, and is stopped and deleted on exit. The machine's shared server is never touched.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.live import free_port


@dataclass
class PrivateCluster:
    bin_dir: Path
    data: Path
    port: int
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *args],
                       check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        # fsync off: a throwaway cluster, and a stopped server still leaves its writes in the OS.
        options = (f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off")
        self._pg_ctl("-l", str(self.data / "server.log"), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` disconnects every client and shuts down cleanly; `immediate` is a crash."""
        self._pg_ctl("-m", mode, "-w", "stop")


def _command_prefix() -> list[str] | None:
    """How to run the server's programs: as ourselves, or as `postgres` when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--"] if runuser else None


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    prefix = _command_prefix()
    if not found or prefix is None:
        pytest.skip("no initdb, or no non-root user to run a private PostgreSQL cluster as")
    bin_dir = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="commentmod-pg-"))
    data = base / "data"
    try:
        if prefix:
            os.chown(base, pwd.getpwnam("postgres").pw_uid, -1)
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                        "-A", "trust", "-E", "UTF8", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        cluster = PrivateCluster(bin_dir, data, free_port(), prefix)
        cluster.start()
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"cannot start a private PostgreSQL cluster: {exc}")
    try:
        yield cluster
    finally:
        with suppress(subprocess.SubprocessError):  # already stopped
            cluster.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)
