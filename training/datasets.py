"""Loaders for the labeled corpora in the training data directory (layout of ../shared/data).

Each loader reads its files exactly as SOURCE.md describes, maps the labels to the `spam` or
`abuse` head and applies the fixed test split of ../shared/data/README.md. Only the head a
corpus is about is labeled; the other stays `None` (see training.mix for cross-labeling).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from models.artifact import sha256_of
from training.examples import Dataset, Head, LabeledText, SourceFile, dedupe, split_by_hash

log = logging.getLogger(__name__)

csv.field_size_limit(10_000_000)


class DatasetError(Exception):
    """A data file is missing or does not parse as its SOURCE.md describes."""


sha256_file = sha256_of  # one file-hash helper for data sources and artifacts


def _source(data_dir: Path, path: Path, rows: int) -> SourceFile:
    relative = path.relative_to(data_dir).as_posix()
    return SourceFile(path=relative, sha256=sha256_file(path), rows=rows)


def _need(path: Path) -> Path:
    if not path.is_file():
        raise DatasetError(f"missing data file {path}")
    return path


def _csv_dicts(path: Path, **kwargs: object) -> Iterator[dict[str, str]]:
    # utf-8-sig drops a BOM; newline="" lets the csv module handle CRLF and quoted newlines.
    with _need(path).open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f, **kwargs)  # type: ignore[call-overload]


def _flag(value: str, path: Path) -> bool:
    if value in {"1", "True", "true"}:
        return True
    if value in {"0", "False", "false"}:
        return False
    raise DatasetError(f"{path}: unexpected label value {value!r}")


def load_youtube(data_dir: Path) -> Dataset:
    """YouTube Spam Collection: spam = CLASS 1. Only CONTENT is used (never DATE: leakage)."""
    folder = data_dir / "youtube-spam-collection"
    rows: list[LabeledText] = []
    files = []
    for path in sorted(folder.glob("Youtube0*.csv")) or [_need(folder / "Youtube01-Psy.csv")]:
        part = [LabeledText(r["CONTENT"], _flag(r["CLASS"], path), None, "youtube") for r in _csv_dicts(path)]
        rows += part
        files.append(_source(data_dir, path, len(part)))
    train, test = split_by_hash(rows)
    return Dataset("youtube", Head.SPAM, train, test, files)


def load_sms(data_dir: Path) -> Dataset:
    """SMS Spam Collection: `label<TAB>text` per line, no quoting at all; spam = `spam`."""
    path = _need(data_dir / "sms-spam-collection" / "SMSSpamCollection")
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, 1):
            label, sep, text = line.rstrip("\r\n").partition("\t")
            if not sep or label not in {"ham", "spam"}:
                raise DatasetError(f"{path}:{number}: expected 'ham|spam<TAB>text'")
            rows.append(LabeledText(text, label == "spam", None, "sms"))
    train, test = split_by_hash(rows)
    return Dataset("sms", Head.SPAM, train, test, [_source(data_dir, path, len(rows))])


def load_davidson(data_dir: Path) -> Dataset:
    """Davidson et al.: abusive = class 0 (hate) or 1 (offensive); 2 (neither) is not abusive."""
    path = data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    rows = [LabeledText(r["tweet"], None, r["class"] in {"0", "1"}, "davidson") for r in _csv_dicts(path)]
    train, test = split_by_hash(rows)
    return Dataset("davidson", Head.ABUSE, train, test, [_source(data_dir, path, len(rows))])


def davidson_hate_flags(data_dir: Path) -> dict[str, bool]:
    """Text -> is the majority class `hate` (class 0); used for the hate-class F1 report only."""
    path = data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    return {r["tweet"]: r["class"] == "0" for r in _csv_dicts(path)}


def _olid_tsv(path: Path) -> list[list[str]]:
    with _need(path).open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return table[1:]


def load_olid(data_dir: Path) -> Dataset:
    """OLID level A: abusive = OFF. Test = the official test TSV joined with its labels CSV."""
    folder = data_dir / "olid-offenseval2019"
    train_path = folder / "olid-training-v1.0.tsv"
    test_path = folder / "testset-levela.tsv"
    labels_path = folder / "labels-levela.csv"
    train_rows = [LabeledText(r[1], None, r[2] == "OFF", "olid") for r in _olid_tsv(train_path)]
    with _need(labels_path).open(encoding="utf-8-sig", newline="") as f:
        label_rows = list(csv.reader(f))
    if label_rows and label_rows[0] == ["id", "label"]:  # this copy has a header, others do not
        label_rows = label_rows[1:]
    labels = {r[0]: r[1] for r in label_rows}
    test_table = _olid_tsv(test_path)
    missing = [r[0] for r in test_table if r[0] not in labels]
    if missing:
        raise DatasetError(f"{labels_path}: no label for test ids {missing[:5]}")
    test = [LabeledText(r[1], None, labels[r[0]] == "OFF", "olid") for r in test_table]
    files = [
        _source(data_dir, train_path, len(train_rows)),
        _source(data_dir, test_path, len(test_table)),
        _source(data_dir, labels_path, len(label_rows)),
    ]
    return Dataset("olid", Head.ABUSE, dedupe(train_rows), test, files)


_JIGSAW_LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")


def _jigsaw_file(data_dir: Path, path: Path, source: str) -> tuple[list[LabeledText], SourceFile]:
    rows = [
        LabeledText(r["comment_text"], None, any(_flag(r[k], path) for k in _JIGSAW_LABELS), source)
        for r in _csv_dicts(path)
    ]
    return rows, _source(data_dir, path, len(rows))


def load_jigsaw(data_dir: Path) -> Dataset:
    """Jigsaw samples: abusive = any of the six labels. Test = the official-test pools.

    Train = the stratified train pools (source `jigsaw`) plus the uniform sample `train.5k`
    (source `jigsaw-5k`, natural base rate); texts in both are kept once.
    """
    folder = data_dir / "jigsaw-toxic-comments-sample"
    train: list[LabeledText] = []
    test: list[LabeledText] = []
    files = []
    pools = sorted((folder / "data_pools").glob("*.csv"))
    if not pools:
        raise DatasetError(f"missing data files {folder / 'data_pools'}/*.csv")
    for path in pools:
        rows, source = _jigsaw_file(data_dir, path, "jigsaw")
        (test if path.name.startswith("test.") else train).extend(rows)
        files.append(source)
    uniform, source = _jigsaw_file(data_dir, folder / "dataset_subsets" / "train.5k.csv", "jigsaw-5k")
    files.append(source)
    return Dataset("jigsaw", Head.ABUSE, dedupe(uniform + train), test, files)


def load_datacamp(data_dir: Path) -> Dataset:
    """DataCamp tutorial comments: spam = label 1; unlabeled rows are skipped. Test only."""
    path = data_dir / "datacamp-blog-comment-spam" / "comments.csv"
    all_rows = list(_csv_dicts(path))
    test = [
        LabeledText(r["comment"], _flag(r["label"], path), None, "datacamp")
        for r in all_rows
        if r["label"].strip()
    ]
    return Dataset("datacamp", Head.SPAM, [], test, [_source(data_dir, path, len(all_rows))], test_only=True)


LOADERS: dict[str, Callable[[Path], Dataset]] = {
    "youtube": load_youtube,
    "sms": load_sms,
    "datacamp": load_datacamp,
    "davidson": load_davidson,
    "olid": load_olid,
    "jigsaw": load_jigsaw,
}


def load_all(data_dir: Path) -> list[Dataset]:
    """Every corpus in LOADERS; raises DatasetError naming the first missing or malformed file."""
    if not data_dir.is_dir():
        raise DatasetError(f"training data directory {data_dir} does not exist")
    datasets = []
    for name, loader in LOADERS.items():
        dataset = loader(data_dir)
        log.info("loaded %s: %d train, %d test rows", name, len(dataset.train), len(dataset.test))
        datasets.append(dataset)
    return datasets
