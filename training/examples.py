"""Labeled examples as every loader returns them, and the fixed train/test split rule."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from models.types import ATTRIBUTES, HARM_ATTRIBUTES

_NONE: Mapping[str, bool] = MappingProxyType({})
# What an `abuse` label says about the attributes when a source gives no attribute labels (extra
# files, moderators' feedback): a comment a person called abusive is toxic and, most often, an
# insult; one called not abusive is none of the attributes.
ABUSE_IMPLIES = ("toxicity", "insult")


class Head(StrEnum):
    """What a corpus is mainly about (its fixed split's label): spam or abuse."""

    SPAM = "spam"
    ABUSE = "abuse"


@dataclass(frozen=True, slots=True)
class LabeledText:
    """One training or evaluation example. `None` means "this source says nothing about that head".

    `source` names where the label came from (a dataset name, `extra`, or a store source:
    `moderator`, `akismet`, `perspective`); it drives per-source weighting and the card's label
    counts. `site` is the site a store label came from ("" for corpora and extra files): the
    per-site caps (training/tenancy.py) and the per-site gate slices (training/sites.py) use it.
    `abuse` is the source's own coarse label (its fixed split's); `attributes` holds what the
    source says about each of `ATTRIBUTES` (absent: nothing).
    """

    text: str
    spam: bool | None
    abuse: bool | None
    source: str
    attributes: Mapping[str, bool] = field(default_factory=lambda: _NONE)
    site: str = ""

    def label(self, head: str) -> bool | None:
        """The label for `spam`, `abuse` or one attribute (see ABUSE_IMPLIES when a source has
        only a coarse label)."""
        if head == Head.SPAM:
            return self.spam
        if head == Head.ABUSE:
            return self.abuse
        if head in self.attributes:
            return self.attributes[head]
        if self.attributes or self.abuse is None:
            return None
        return True if self.abuse and head in ABUSE_IMPLIES else (None if self.abuse else False)

    def harm(self) -> bool | None:
        """Abuse as the model's `abuse` means it: any harm attribute (None: not known)."""
        labels = [self.label(a) for a in HARM_ATTRIBUTES]
        if any(labels):
            return True
        return False if all(v is False for v in labels) else None


def attribute_labels(**labels: bool | None) -> Mapping[str, bool]:
    """An immutable attribute mapping; None values (the source says nothing) are left out."""
    unknown = set(labels) - set(ATTRIBUTES)
    if unknown:
        raise ValueError(f"not attributes: {sorted(unknown)}")
    return MappingProxyType({k: v for k, v in labels.items() if v is not None})


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file as recorded in the model card."""

    path: str
    sha256: str
    rows: int


@dataclass(slots=True)
class Dataset:
    """A labeled corpus split into train and test rows; a `test_only` one has no train rows."""

    name: str
    head: Head
    train: list[LabeledText]
    test: list[LabeledText]
    files: list[SourceFile] = field(default_factory=list)
    test_only: bool = False


def in_test_split(text: str) -> bool:
    """The split rule of ../shared/data/README.md: SHA-256 of the raw text, big-endian, 0 mod 5."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big") % 5 == 0


def dedupe(rows: list[LabeledText]) -> list[LabeledText]:
    """Keep the first row of each distinct text; a positive label on any copy wins for that head.

    Run on raw texts before splitting, so copies of one text can never sit on both sides.
    """
    merged: dict[str, LabeledText] = {}
    for row in rows:
        seen = merged.get(row.text)
        if seen is None:
            merged[row.text] = row
            continue
        attributes = {a: _either(seen.attributes.get(a), row.attributes.get(a)) for a in ATTRIBUTES}
        merged[row.text] = LabeledText(
            text=seen.text,
            spam=_either(seen.spam, row.spam),
            abuse=_either(seen.abuse, row.abuse),
            source=seen.source,
            attributes=attribute_labels(**attributes),
        )
    return list(merged.values())


def _either(a: bool | None, b: bool | None) -> bool | None:
    if a is None:
        return b
    if b is None:
        return a
    return a or b


def split_by_hash(rows: list[LabeledText]) -> tuple[list[LabeledText], list[LabeledText]]:
    """Deduplicate, then split into (train, test) by `in_test_split`."""
    unique = dedupe(rows)
    train = [r for r in unique if not in_test_split(r.text)]
    test = [r for r in unique if in_test_split(r.text)]
    return train, test
