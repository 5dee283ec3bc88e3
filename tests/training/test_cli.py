import argparse
import json
from pathlib import Path

import pytest

from models import load
from training.cli import build_parser, main
from training.evaluate import FLOORS


def test_every_option_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in [("", parser), *subparsers.choices.items()]:
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} lacks help"


def test_train_then_evaluate_on_fixture_data(
    fixture_data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Floors a fixture corpus always meets: this test is about the flow, not the quality.
    for name in list(FLOORS):
        monkeypatch.setitem(FLOORS, name, {"roc_auc": 0.0, "max_fp_share_spam": 1.0})
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        '{"text": "cheap watches at www.watches.biz", "label": "spam"}\n'
        '{"text": "thanks, that fixed it", "label": "ok"}\n'
    )
    out = tmp_path / "models"
    argv = ["train", "--data-dir", str(fixture_data), "--out", str(out), "--version", "t.1"]
    code = main([*argv, "--extra", str(extra), "--no-feedback", "--seed", "3"])
    assert code == 0
    table = capsys.readouterr().out
    assert "| youtube | spam |" in table
    assert "| datacamp (cross-domain) | spam |" in table
    assert load(out / "t.1").promotable
    card = json.loads((out / "t.1" / "card.json").read_text())
    assert card["training"]["extra_rows"] == 2
    assert card["training"]["seed"] == 3
    assert {k: card["gate"][k] for k in ("floors", "passed", "failures")} == {
        "floors": FLOORS, "passed": True, "failures": []}
    sources = {s["dataset"]: s for s in card["training"]["sources"]}
    assert sources["datacamp"]["train_rows"] == 0
    assert sources["youtube"]["files"][0]["path"] == "youtube-spam-collection/Youtube01-Psy.csv"

    assert main(argv) == 2  # never overwrite a version
    assert main(["evaluate", "--model", str(out / "t.1"), "--data-dir", str(fixture_data)]) == 0
    assert "| olid | toxicity | 4 | 2 |" in capsys.readouterr().out


def test_a_missed_floor_exits_1_and_marks_the_version_not_promotable(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(FLOORS, "olid", {"roc_auc": 1.01})
    out = tmp_path / "models"
    argv = ["train", "--data-dir", str(fixture_data), "--out", str(out), "--version", "t.2"]
    assert main(argv) == 1
    model = load(out / "t.2")
    assert model.promotable is False
    assert "olid: ROC AUC 1.0000 < 1.01" in model.card["gate"]["failures"]


def test_evaluate_by_version_name_uses_the_model_dir(
    fixture_data: Path,
    tiny_model_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COMMENTMOD_MODEL_DIR", str(tiny_model_path.parent))
    monkeypatch.setenv("COMMENTMOD_TRAINING_DATA_DIR", str(fixture_data))
    assert main(["evaluate", "--model", tiny_model_path.name]) == 0
    assert "| jigsaw | toxicity |" in capsys.readouterr().out


def test_missing_data_dir_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("COMMENTMOD_TRAINING_DATA_DIR", raising=False)
    assert main(["train", "--out", str(tmp_path)]) == 2
    assert "--data-dir" in caplog.text
    assert main(["train", "--data-dir", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert "does not exist" in caplog.text


def test_bad_extra_file_is_a_usage_error(
    fixture_data: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text("text,label\nhello,maybe\n")
    argv = ["train", "--data-dir", str(fixture_data), "--out", str(tmp_path / "m")]
    assert main([*argv, "--extra", str(extra)]) == 2
    assert "unknown label 'maybe'" in caplog.text
