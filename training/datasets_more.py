"""Loaders for the corpora with attribute and language labels: Civil Comments toxic spans,
GermEval 2018 (German) and MLMA (English, French, Arabic). Same rules as training.datasets:
files read as their SOURCE.md says, the fixed test splits of ../shared/data/README.md, and
only the attributes a corpus really labels (the rest left out, i.e. unknown).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path

from models.types import ATTRIBUTES
from training.examples import Dataset, Head, LabeledText, attribute_labels, dedupe, in_test_split
from training.sources import DatasetError, csv_dicts, need, source_file

NONE_OF_THEM: Mapping[str, bool] = attribute_labels(**dict.fromkeys(ATTRIBUTES, False))

# Civil Comments span types -> attributes ("Other Toxicity" only says the post is toxic).
SPAN_TYPES = {
    "Insult": "insult",
    "Threat": "threat",
    "Identity based Attack": "identity_attack",
    "Profane/Obscene": "profanity",
}
MIN_ANNOTATORS = 2  # a span type counts when at least this many annotators marked it


def civil_attributes(type_votes: Mapping[str, int], not_toxic: int, annotators: int) -> Mapping[str, bool]:
    """One post's attributes from its annotations: a majority of "not toxic" flags makes it a
    negative for every attribute but toxicity; otherwise an attribute is present when at least
    MIN_ANNOTATORS marked a span of that type, absent when nobody did, unknown when one did."""
    if annotators and not_toxic * 2 > annotators:
        return attribute_labels(**{a: False for a in ATTRIBUTES if a != "toxicity"})
    # Toxicity stays unknown: every post was toxic by Civil Comments' raters, and whether a
    # majority here flagged it "not toxic" separates little (validation ROC AUC 0.64 when taught).
    labels: dict[str, bool | None] = {}
    for attribute in SPAN_TYPES.values():
        votes = type_votes.get(attribute, 0)
        labels[attribute] = True if votes >= MIN_ANNOTATORS else (False if votes == 0 else None)
    return attribute_labels(**labels)


def load_civil_comments(data_dir: Path) -> Dataset:
    """Civil Comments toxic spans: `data/` joined on annotation and comment id. Test = every post
    whose stripped text equals a SemEval-2021 test post's (README's fixed split)."""
    folder = data_dir / "civil-comments-toxic-spans"
    comments_path = folder / "data" / "comments.csv"
    annotations_path = folder / "data" / "annotations.csv"
    spans_path = folder / "data" / "spans.csv"
    test_path = folder / "SemEval2021" / "data" / "tsd_test.csv"
    test_texts = {r["text"].strip() for r in csv_dicts(test_path)}
    owner: dict[str, str] = {}
    annotators: dict[str, int] = defaultdict(int)
    not_toxic: dict[str, int] = defaultdict(int)
    for r in csv_dicts(annotations_path):
        owner[r["annotation"]] = r["comment_id"]
        annotators[r["comment_id"]] += 1
        not_toxic[r["comment_id"]] += r["not toxic"] == "True"
    marked: dict[str, set[tuple[str, str]]] = defaultdict(set)  # comment -> (annotation, attribute)
    span_rows = 0
    for r in csv_dicts(spans_path):
        span_rows += 1
        attribute = SPAN_TYPES.get(r["type"])
        if attribute is not None and r["annotation"] in owner:
            marked[owner[r["annotation"]]].add((r["annotation"], attribute))
    train: list[LabeledText] = []
    test: list[LabeledText] = []
    comment_rows = 0
    for r in csv_dicts(comments_path):
        comment_rows += 1
        cid, text = r["comment_id"], r["comment_text"]
        if not annotators[cid] or not text.strip():
            continue
        votes: dict[str, int] = defaultdict(int)
        for _, attribute in marked[cid]:
            votes[attribute] += 1
        attributes = civil_attributes(votes, not_toxic[cid], annotators[cid])
        toxic = not_toxic[cid] * 2 <= annotators[cid]  # the fixed split's label: no majority "not toxic"
        row = LabeledText(text, None, toxic, "civil-comments", attributes)
        (test if text.strip() in test_texts else train).append(row)
    files = [
        source_file(data_dir, comments_path, comment_rows),
        source_file(data_dir, annotations_path, len(owner)),
        source_file(data_dir, spans_path, span_rows),
        source_file(data_dir, test_path, len(test_texts)),
    ]
    test_set = {r.text for r in test}
    return Dataset(
        "civil-comments",
        Head.ABUSE,
        [r for r in dedupe(train) if r.text not in test_set],
        dedupe(test),
        files,
    )


# GermEval 2018 fine labels: ABUSE is degrading a person as part of a group (identity), INSULT
# degrades an individual, PROFANITY is swearing that insults no one.
GERMEVAL_ATTRIBUTES = {
    "OTHER": NONE_OF_THEM,
    "ABUSE": attribute_labels(toxicity=True, identity_attack=True),
    "INSULT": attribute_labels(toxicity=True, insult=True),
    "PROFANITY": attribute_labels(toxicity=True, profanity=True, insult=False, identity_attack=False),
}


def _germeval_file(data_dir: Path, path: Path) -> tuple[list[LabeledText], int]:
    rows = []
    with need(path).open(encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, 1):
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) != 3 or parts[2] not in GERMEVAL_ATTRIBUTES:
                raise DatasetError(f"{path}:{number}: expected 'text<TAB>coarse<TAB>fine'")
            text = parts[0].replace("|LBR|", "\n")
            rows.append(
                LabeledText(text, None, parts[1] == "OFFENSE", "germeval", GERMEVAL_ATTRIBUTES[parts[2]])
            )
    return rows, len(rows)


def load_germeval(data_dir: Path) -> Dataset:
    """GermEval 2018: abusive = OFFENSE; test = the official test file."""
    folder = data_dir / "germeval2018-offensive-de"
    train, n_train = _germeval_file(data_dir, folder / "germeval2018.training.txt")
    test, n_test = _germeval_file(data_dir, folder / "germeval2018.test.txt")
    files = [
        source_file(data_dir, folder / "germeval2018.training.txt", n_train),
        source_file(data_dir, folder / "germeval2018.test.txt", n_test),
    ]
    test_texts = {r.text for r in test}
    return Dataset(
        "germeval", Head.ABUSE, [r for r in dedupe(train) if r.text not in test_texts], dedupe(test), files
    )


def mlma_attributes(sentiment: str) -> Mapping[str, bool]:
    """MLMA's multi-label hostility: single-label `normal` is none of the attributes; anything
    else is toxic, `hateful` an identity attack (the set is about groups), `abusive`,
    `offensive` or `disrespectful` an insult; `fearful` alone says nothing more."""
    labels = set(sentiment.split("_"))
    if labels == {"normal"}:
        return NONE_OF_THEM
    insult = bool(labels & {"abusive", "offensive", "disrespectful"}) or None
    return attribute_labels(toxicity=True, identity_attack="hateful" in labels or None, insult=insult)


MLMA_LANGUAGES = ("en", "fr", "ar")


def load_mlma(data_dir: Path) -> list[Dataset]:
    """MLMA, one dataset per language file; test = tweets whose SHA-256 is 0 mod 5."""
    path = need(data_dir / "mlma-hate-en-fr-ar" / "hate_speech_mlma.zip")
    out = []
    with zipfile.ZipFile(path) as archive:
        for language in MLMA_LANGUAGES:
            name = f"hate_speech_mlma/{language}_dataset.csv"
            try:
                raw = archive.read(name).decode("utf-8-sig")
            except KeyError as exc:
                raise DatasetError(f"{path}: no {name}") from exc
            source = f"mlma-{language}"
            rows = [
                LabeledText(
                    r["tweet"], None, r["sentiment"] != "normal", source, mlma_attributes(r["sentiment"])
                )
                for r in csv.DictReader(io.StringIO(raw, newline=""))
            ]
            unique = dedupe(rows)
            train = [r for r in unique if not in_test_split(r.text)]
            test = [r for r in unique if in_test_split(r.text)]
            out.append(Dataset(source, Head.ABUSE, train, test, [source_file(data_dir, path, len(rows))]))
    return out


_TOLD_HARM = ("insult", "misogyny", "homophobia", "xenophobia", "racism")
_TOLD_IDENTITY = ("misogyny", "homophobia", "xenophobia", "racism")


def load_told_br(data_dir: Path) -> Dataset:
    """ToLD-Br (Portuguese), test only: abusive = a harm aspect flagged by at least two of
    three annotators; obscene alone is profanity (not abusive); unflagged rows are not
    abusive; other rows (one annotator only) are left out."""
    path = data_dir / "told-br-toxic-pt" / "ToLD-BR.csv"
    test = []
    count = 0
    for r in csv_dicts(path):
        count += 1
        votes = {k: float(r[k]) for k in (*_TOLD_HARM, "obscene")}
        harm = any(votes[k] >= MIN_ANNOTATORS for k in _TOLD_HARM)
        if harm:
            identity = any(votes[k] >= MIN_ANNOTATORS for k in _TOLD_IDENTITY)
            labels = attribute_labels(toxicity=True, identity_attack=identity or None)
        elif not any(votes.values()):
            labels = NONE_OF_THEM
        elif votes["obscene"] >= MIN_ANNOTATORS and not any(votes[k] for k in _TOLD_HARM):
            labels = attribute_labels(profanity=True, insult=False, identity_attack=False)
        else:
            continue
        test.append(LabeledText(r["text"], None, harm, "told-br", labels))
    return Dataset(
        "told-br", Head.ABUSE, [], dedupe(test), [source_file(data_dir, path, count)], test_only=True
    )


def _one(loader: Callable[[Path], Dataset]) -> Callable[[Path], list[Dataset]]:
    return lambda data_dir: [loader(data_dir)]


# Loaders of ../shared/data's newer corpora, each returning one dataset or (MLMA) one per language.
MORE_LOADERS: dict[str, Callable[[Path], list[Dataset]]] = {
    "civil-comments": _one(load_civil_comments),
    "germeval": _one(load_germeval),
    "mlma": load_mlma,
    "told-br": _one(load_told_br),
}
