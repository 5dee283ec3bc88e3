"""The `commentmod` command line: help text everywhere, key management, settings documented."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import build_parser, main
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _subparsers(child)
    return found


def test_every_option_has_help() -> None:
    for parser in _subparsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            assert action.help, f"{parser.prog} {action.dest} has no help text"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert f"COMMENTMOD_{name.upper()}" in readme, f"README lacks COMMENTMOD_{name.upper()}"


def test_apikey_create_prints_the_key_alone_on_the_last_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    assert main(["apikey", "create", "--site", "blog", "--role", "site"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("cm_")
    assert " " not in key
    assert main(["apikey", "list"]) == 0
    listing = capsys.readouterr().out
    assert "site\tblog" in listing
    assert key not in listing
    key_id = listing.split("\t", 1)[0]
    assert main(["apikey", "revoke", key_id]) == 0
    assert main(["apikey", "revoke", key_id]) == 1
    assert main(["apikey", "create", "--role", "site"]) == 2


def test_invalid_configuration_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMENTMOD_SPAM_THRESHOLD", "0.3")
    assert main(["apikey", "list"]) == 2
    assert "hold_spam_threshold" in capsys.readouterr().err


def test_python_dash_m_service_help() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMENTMOD_")}
    result = subprocess.run([sys.executable, "-m", "service", "--help"], capture_output=True,
                            text=True, env=env, cwd=ROOT, check=False)
    assert result.returncode == 0
    assert "serve" in result.stdout


def test_serve_gives_workers_the_configured_health_check_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn's default 5 s killed freshly spawned workers still importing on a busy machine."""
    import uvicorn  # noqa: PLC0415

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *_, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COMMENTMOD_WORKER_HEALTHCHECK_SECONDS", "45")
    assert main(["serve"]) == 0
    assert seen["timeout_worker_healthcheck"] == 45
