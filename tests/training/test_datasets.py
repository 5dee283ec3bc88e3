from pathlib import Path

import pytest

from training.datasets import (
    LOADERS,
    DatasetError,
    davidson_hate_flags,
    load_all,
    load_datacamp,
    load_davidson,
    load_jigsaw,
    load_olid,
    load_sms,
    load_youtube,
)
from training.examples import Head, in_test_split


def test_youtube_keeps_raw_text_dedupes_and_splits_by_hash(fixture_data: Path) -> None:
    d = load_youtube(fixture_data)
    assert d.head is Head.SPAM
    texts = [r.text for r in d.train + d.test]
    assert len(texts) == len(set(texts)) == 23  # 24 rows, "Nice song\ufeff" twice
    assert any(t.endswith("\ufeff") for t in texts)  # raw text: the split hashes it as parsed
    assert "Line one\nline two of a comment" in texts  # quoted newline
    assert all(in_test_split(r.text) for r in d.test)
    assert not any(in_test_split(r.text) for r in d.train)
    assert all(r.abuse is None and r.spam is not None for r in d.train)
    assert d.files[0].path == "youtube-spam-collection/Youtube01-Psy.csv"
    assert d.files[0].rows == 24
    assert len(d.files[0].sha256) == 64


def test_sms_reads_stray_quotes_literally(fixture_data: Path) -> None:
    d = load_sms(fixture_data)
    texts = {r.text for r in d.train + d.test}
    assert "I'll be there \"soon" in texts
    assert 'did you get my "message' in texts
    assert d.files[0].rows == 20  # one row per line, quotes never join lines
    assert len(texts) == 18  # two duplicate texts removed


def test_davidson_maps_hate_and_offensive_to_abuse(fixture_data: Path) -> None:
    d = load_davidson(fixture_data)
    rows = {r.text: r.abuse for r in d.train + d.test}
    assert rows["you are a fucking idiot"] is True  # class 1
    assert rows["thanks for the update"] is False  # class 2
    assert rows["@user go back to your country\nfilth"] is True  # class 0, quoted newline
    flags = davidson_hate_flags(fixture_data)
    assert flags["RT @someone: those people are vermin &#128514;"] is True
    assert flags["you are a fucking idiot"] is False


def test_olid_uses_official_test_with_header_labels(fixture_data: Path) -> None:
    d = load_olid(fixture_data)
    assert [(r.text, r.abuse) for r in d.test] == [
        ('@USER what an idiot "lol', True),
        ("@USER thanks for the update", False),
        ("@USER shut up moron", True),
        ("@USER see you at the game", False),
    ]
    assert all("\r" not in r.text for r in d.train)  # CRLF handled
    assert len(d.train) == 22  # 23 rows, one duplicate text
    assert any(r.text.startswith('@USER "') for r in d.train)  # quote kept literally


def test_olid_refuses_a_test_row_without_label(tmp_path: Path, fixture_data: Path) -> None:
    folder = tmp_path / "olid-offenseval2019"
    folder.mkdir()
    for f in (fixture_data / "olid-offenseval2019").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "labels-levela.csv").write_text("id,label\n900,OFF\n")
    with pytest.raises(DatasetError, match="no label"):
        load_olid(tmp_path)


def test_jigsaw_train_pools_plus_uniform_sample_test_pools(fixture_data: Path) -> None:
    d = load_jigsaw(fixture_data)
    assert len(d.test) == 4
    assert sum(bool(r.abuse) for r in d.test) == 2
    assert len(d.train) == 22  # 6 + 6 pool rows, 11 uniform rows, one text in both
    assert {r.source for r in d.train} == {"jigsaw", "jigsaw-5k"}
    assert not {r.text for r in d.train} & {r.text for r in d.test}


def test_datacamp_is_test_only_and_skips_unlabelled(fixture_data: Path) -> None:
    d = load_datacamp(fixture_data)
    assert d.test_only
    assert d.train == []
    assert len(d.test) == 6
    assert sum(bool(r.spam) for r in d.test) == 3
    assert "Great post!\nCall Kaspersky support +1 888 555 0100" in {r.text for r in d.test}
    assert d.files[0].rows == 8


def test_load_all_reads_every_corpus(fixture_data: Path) -> None:
    names = [d.name for d in load_all(fixture_data)]
    assert names == [*LOADERS, "civil-comments", "germeval", "mlma-en", "mlma-fr", "mlma-ar", "told-br"]


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="missing data file"):
        load_sms(tmp_path)
    with pytest.raises(DatasetError, match="does not exist"):
        load_all(tmp_path / "nope")
