"""`commentmod evaluate --file`: an operator's CSV or JSONL, every column reported."""

import json
from pathlib import Path

import pytest

from training.cli import main
from training.evaluate_file import load_labeled_file
from training.sources import DatasetError
from training.tiny import TINY_CORPUS


def _table(out: str) -> dict[str, list[str]]:
    rows = [line.strip("|").split("|") for line in out.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows[1:]}


def test_csv_with_attribute_columns(
    tmp_path: Path, tiny_model_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.csv"
    lines = ["text,label,insult,threat"]
    lines += [
        f'"{r.text}",{"abuse" if r.abuse else "spam" if r.spam else "ok"},{int(bool(r.abuse))},'
        for r in TINY_CORPUS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["evaluate", "--model", str(tiny_model_path), "--file", str(path)]) == 0
    table = _table(capsys.readouterr().out)
    assert list(table) == [
        "spam",
        "abuse",
        "toxicity",
        "severe_toxicity",
        "identity_attack",
        "insult",
        "profanity",
        "threat",
    ]
    abusive = sum(bool(r.abuse) for r in TINY_CORPUS)
    assert table["insult"][:2] == [str(len(TINY_CORPUS)), str(abusive)]
    assert float(table["insult"][2]) > 0.9  # the tiny model learned its own corpus
    assert table["threat"][0] == "0"  # an empty column says nothing
    assert table["threat"][2] == "-"
    assert 0.0 <= float(table["threat"][3]) <= 1.0


def test_jsonl_without_label_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"text": "I will find you", "threat": "yes"}) + "\n\n", encoding="utf-8")
    [row] = load_labeled_file(path)
    assert row.label("threat") is True
    assert row.abuse is None
    assert row.label("insult") is None
    path.write_text(json.dumps({"text": "x", "threat": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="not 1/0"):
        load_labeled_file(path)
