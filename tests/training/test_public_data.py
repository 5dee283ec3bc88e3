"""`commentmod data fetch` against a local HTTP mirror of ../shared/data (never the internet)."""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from service.cli import main as commentmod
from tests.helpers.data import DATA_DIR, NEEDS_DATA
from training.public_data import PINNED

pytestmark = NEEDS_DATA


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """../shared/data laid out as <repo>/<commit>/<path>, the SMS files zipped as upstream."""
    root = tmp_path / "mirror"
    for item in PINNED:
        target = root / item.repo / item.commit / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.member is None:
            shutil.copyfile(DATA_DIR / item.dest, target)
        else:
            with zipfile.ZipFile(target, "a") as archive:
                archive.write(DATA_DIR / item.dest, item.member)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def test_every_pin_is_the_repository_commit_and_file_its_source_md_names() -> None:
    for item in PINNED:
        source = (DATA_DIR / item.dest.split("/")[0] / "SOURCE.md").read_text(encoding="utf-8")
        assert item.repo in source, item
        assert item.commit in source, item
        assert hashlib.sha256((DATA_DIR / item.dest).read_bytes()).hexdigest() == item.sha256, item


def test_fetch_downloads_checks_and_skips_what_is_there(
    mirror: tuple[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url, _ = mirror
    dest = tmp_path / "data"
    caplog.set_level(logging.INFO)
    assert commentmod(["data", "fetch", "--dest", str(dest), "--mirror", url]) == 0
    for item in PINNED:
        assert (dest / item.dest).read_bytes() == (DATA_DIR / item.dest).read_bytes()
    assert f"{len(PINNED)} files written, 0 already there" in caplog.text
    assert commentmod(["data", "fetch", "--dest", str(dest), "--mirror", url]) == 0
    assert f"0 files written, {len(PINNED)} already there" in caplog.text


def test_a_file_with_another_sha256_is_refused_and_not_kept(
    mirror: tuple[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url, root = mirror
    item = next(i for i in PINNED if i.dest.endswith("labeled_data.csv"))
    served = root / item.repo / item.commit / item.path
    served.write_bytes(served.read_bytes() + b"1,3,0,3,0,1,\"planted row\"\n")
    dest = tmp_path / "data"
    assert commentmod(["data", "fetch", "--dest", str(dest), "--mirror", url]) == 2
    assert f"expected {item.sha256}; not kept" in caplog.text
    assert not (dest / item.dest).exists()
    assert not list(dest.rglob("*.partial"))
