"""Loaders for the labeled corpora in the training data directory (layout of ../shared/data).

Each loader reads its files exactly as SOURCE.md describes, maps the labels to the `spam` or
`abuse` head and applies the fixed test split of ../shared/data/README.md. Only the head a
corpus is about is labeled; the other stays `None` (see training.mix for cross-labeling).
Abuse corpora also label the attributes they really say something about, and only those
(Davidson's "offensive" is profanity, not an insult): `attributes` leaves out the rest.
The new corpora (Civil Comments spans, GermEval, MLMA) are in training.datasets_more.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from models.types import ATTRIBUTES
from training.datasets_more import MORE_LOADERS
from training.examples import (
    Dataset,
    Head,
    LabeledText,
    SourceFile,
    attribute_labels,
    dedupe,
    split_by_hash,
)
from training.sources import DatasetError, csv_dicts, need, sha256_file, source_file

__all__ = ["LOADERS", "DatasetError", "load_all", "sha256_file"]

log = logging.getLogger(__name__)


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
    for path in sorted(folder.glob("Youtube0*.csv")) or [need(folder / "Youtube01-Psy.csv")]:
        part = [LabeledText(r["CONTENT"], _flag(r["CLASS"], path), None, "youtube") for r in csv_dicts(path)]
        rows += part
        files.append(source_file(data_dir, path, len(part)))
    train, test = split_by_hash(rows)
    return Dataset("youtube", Head.SPAM, train, test, files)


def load_sms(data_dir: Path) -> Dataset:
    """SMS Spam Collection: `label<TAB>text` per line, no quoting at all; spam = `spam`."""
    path = need(data_dir / "sms-spam-collection" / "SMSSpamCollection")
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, 1):
            label, sep, text = line.rstrip("\r\n").partition("\t")
            if not sep or label not in {"ham", "spam"}:
                raise DatasetError(f"{path}:{number}: expected 'ham|spam<TAB>text'")
            rows.append(LabeledText(text, label == "spam", None, "sms"))
    train, test = split_by_hash(rows)
    return Dataset("sms", Head.SPAM, train, test, [source_file(data_dir, path, len(rows))])


DAVIDSON_ATTRIBUTES = {
    "0": attribute_labels(toxicity=True, identity_attack=True),  # hate
    "1": attribute_labels(toxicity=True, profanity=True, identity_attack=False),  # offensive
    "2": attribute_labels(**dict.fromkeys(ATTRIBUTES, False)),  # neither
}


def load_davidson(data_dir: Path) -> Dataset:
    """Davidson et al.: abusive = class 0 (hate) or 1 (offensive); 2 (neither) is not abusive.

    Attributes: hate -> identity attack; offensive -> profanity (and not hate), saying nothing
    about insult; neither -> no attribute.
    """
    path = data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    rows = []
    for r in csv_dicts(path):
        if r["class"] not in DAVIDSON_ATTRIBUTES:
            raise DatasetError(f"{path}: unexpected class {r['class']!r}")
        attributes = DAVIDSON_ATTRIBUTES[r["class"]]
        rows.append(LabeledText(r["tweet"], None, r["class"] in {"0", "1"}, "davidson", attributes))
    train, test = split_by_hash(rows)
    return Dataset("davidson", Head.ABUSE, train, test, [source_file(data_dir, path, len(rows))])


def davidson_hate_flags(data_dir: Path) -> dict[str, bool]:
    """Text -> is the majority class `hate` (class 0); used for the hate-class F1 report only."""
    path = data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    return {r["tweet"]: r["class"] == "0" for r in csv_dicts(path)}


def _olid_tsv(path: Path) -> list[list[str]]:
    with need(path).open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return table[1:]


def olid_attributes(a: str, b: str, c: str) -> Mapping[str, bool]:
    """OLID's three levels as attributes. A: OFF -> toxic, NOT -> no attribute. B: UNT
    (untargeted: swearing) -> profanity and no insult or identity attack; TIN (targeted) ->
    an insult, or with C = GRP (a group) an identity attack."""
    if a == "NOT":
        return attribute_labels(**dict.fromkeys(ATTRIBUTES, False))
    if b == "UNT":
        return attribute_labels(toxicity=True, profanity=True, insult=False, identity_attack=False)
    if b == "TIN" and c == "GRP":
        return attribute_labels(toxicity=True, identity_attack=True)
    if b == "TIN":
        return attribute_labels(toxicity=True, insult=True, identity_attack=False if c == "IND" else None)
    return attribute_labels(toxicity=True)


def _olid_labels(path: Path) -> tuple[dict[str, str], int]:
    with need(path).open(encoding="utf-8-sig", newline="") as f:
        label_rows = list(csv.reader(f))
    if label_rows and label_rows[0] == ["id", "label"]:  # this copy has a header, others do not
        label_rows = label_rows[1:]
    return {r[0]: r[1] for r in label_rows}, len(label_rows)


def load_olid(data_dir: Path) -> Dataset:
    """OLID: abusive = OFF (level A). Test = the official test TSV joined with its labels CSV
    (and levels B and C, where those files are there, for the attributes)."""
    folder = data_dir / "olid-offenseval2019"
    train_path = folder / "olid-training-v1.0.tsv"
    test_path = folder / "testset-levela.tsv"
    labels_path = folder / "labels-levela.csv"
    train_rows = [
        LabeledText(r[1], None, r[2] == "OFF", "olid", olid_attributes(r[2], r[3], r[4]))
        for r in _olid_tsv(train_path)
    ]
    labels, label_count = _olid_labels(labels_path)
    test_table = _olid_tsv(test_path)
    missing = [r[0] for r in test_table if r[0] not in labels]
    if missing:
        raise DatasetError(f"{labels_path}: no label for test ids {missing[:5]}")
    files = [
        source_file(data_dir, train_path, len(train_rows)),
        source_file(data_dir, test_path, len(test_table)),
        source_file(data_dir, labels_path, label_count),
    ]
    finer: list[dict[str, str]] = []
    for level in ("b", "c"):
        path = folder / f"labels-level{level}.csv"
        level_labels, count = _olid_labels(path) if path.is_file() else ({}, 0)
        finer.append(level_labels)
        if path.is_file():
            files.append(source_file(data_dir, path, count))
    test = [
        LabeledText(
            r[1],
            None,
            labels[r[0]] == "OFF",
            "olid",
            olid_attributes(labels[r[0]], finer[0].get(r[0], "NULL"), finer[1].get(r[0], "NULL")),
        )
        for r in test_table
    ]
    return Dataset("olid", Head.ABUSE, dedupe(train_rows), test, files)


_JIGSAW_LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
ATTRIBUTES_BY_JIGSAW = ("toxicity", "severe_toxicity", "profanity", "threat", "insult", "identity_attack")


# Jigsaw's columns are Perspective's attributes under older names.
JIGSAW_ATTRIBUTES = dict(zip(_JIGSAW_LABELS, ATTRIBUTES_BY_JIGSAW, strict=True))


def _jigsaw_file(data_dir: Path, path: Path, source: str) -> tuple[list[LabeledText], SourceFile]:
    rows = []
    for r in csv_dicts(path):
        flags = {JIGSAW_ATTRIBUTES[k]: _flag(r[k], path) for k in _JIGSAW_LABELS}
        labels = attribute_labels(**flags)
        rows.append(LabeledText(r["comment_text"], None, any(flags.values()), source, labels))
    return rows, source_file(data_dir, path, len(rows))


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
    all_rows = list(csv_dicts(path))
    test = [
        LabeledText(r["comment"], _flag(r["label"], path), None, "datacamp")
        for r in all_rows
        if r["label"].strip()
    ]
    return Dataset(
        "datacamp", Head.SPAM, [], test, [source_file(data_dir, path, len(all_rows))], test_only=True
    )


LOADERS: dict[str, Callable[[Path], Dataset]] = {
    "youtube": load_youtube,
    "sms": load_sms,
    "datacamp": load_datacamp,
    "davidson": load_davidson,
    "olid": load_olid,
    "jigsaw": load_jigsaw,
}


def load_all(data_dir: Path) -> list[Dataset]:
    """Every corpus in LOADERS and training.datasets_more.MORE_LOADERS; raises DatasetError
    naming the first missing or malformed file."""
    if not data_dir.is_dir():
        raise DatasetError(f"training data directory {data_dir} does not exist")
    datasets = [loader(data_dir) for loader in LOADERS.values()]
    for more in MORE_LOADERS.values():
        datasets += more(data_dir)
    for dataset in datasets:
        log.info("loaded %s: %d train, %d test rows", dataset.name, len(dataset.train), len(dataset.test))
    return datasets
