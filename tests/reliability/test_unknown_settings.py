"""Attack: a mistyped `COMMENTMOD_*` variable must refuse the start, not run with the default.

`COMMENTMOD_SPAM_THRESHHOLD=0.5` used to start normally with the default 0.9."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.asgi import app_from_env
from service.cli import main
from service.settings import UnknownSetting

TYPO = {"COMMENTMOD_SPAM_THRESHHOLD": "0.5"}


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    env.update({"COMMENTMOD_DATA_DIR": str(tmp_path), "COMMENTMOD_PORT": "1", **TYPO})
    return subprocess.run(
        [sys.executable, "-m", "service", *args], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )


def _names_both(text: str) -> None:
    assert "COMMENTMOD_SPAM_THRESHHOLD" in text
    assert "did you mean COMMENTMOD_SPAM_THRESHOLD?" in text


@pytest.mark.parametrize("args", [["serve"], ["train", "--data-dir", "."]])
def test_serve_and_train_refuse_a_mistyped_variable(args: list[str], tmp_path: Path) -> None:
    done = _run(args, tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _names_both(done.stderr)
    assert not (tmp_path / "comments.db").exists()


def test_the_cli_and_the_asgi_factory_refuse_it_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COMMENTMOD_BOOTSTRAP_KEYZ", "false")
    assert main(["apikey", "list"]) == 2
    assert "did you mean COMMENTMOD_BOOTSTRAP_KEYS?" in capsys.readouterr().err
    with pytest.raises(UnknownSetting, match="COMMENTMOD_BOOTSTRAP_KEYZ"):
        app_from_env()


def test_known_and_test_suite_variables_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COMMENTMOD_SPAM_THRESHOLD", "0.95")
    monkeypatch.setenv("COMMENTMOD_TEST_PG_URL", "postgresql://nowhere/test")
    assert main(["apikey", "list"]) == 0
    assert "unknown setting" not in capsys.readouterr().err
