from pathlib import Path

import pytest

from training.datasets import DatasetError
from training.extra import load_extra


def test_csv_with_all_label_spellings(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        'text,label\r\n"buy, now",SPAM\r\nidiot,abusive\r\nfine,ok\r\nok too,ham\r\n',
        encoding="utf-8-sig",
    )
    rows, source = load_extra(path)
    assert [(r.text, r.spam, r.abuse) for r in rows] == [
        ("buy, now", True, None),
        ("idiot", False, True),
        ("fine", False, False),
        ("ok too", False, False),
    ]
    assert source.rows == 4
    assert {r.source for r in rows} == {"extra"}


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "a", "label": "abuse"}\n\n{"text": "b", "label": "legit"}\n')
    rows, _ = load_extra(path)
    assert [(r.spam, r.abuse) for r in rows] == [(False, True), (False, False)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", "body,label\nx,ok\n", "text,label"),
        ("b.csv", "text,label\n,ok\n", "empty"),
        ("c.jsonl", "{not json}\n", "invalid JSON"),
        ("d.jsonl", "[1]\n", "expected an object"),
        ("e.jsonl", '{"text": "x", "label": "nope"}\n', "unknown label"),
    ],
)
def test_errors_name_the_problem(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(DatasetError, match=message):
        load_extra(path)
    with pytest.raises(DatasetError, match="missing"):
        load_extra(tmp_path / "absent.csv")
