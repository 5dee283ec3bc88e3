"""Reading the data files: one error type, file hashes for the card, CSV rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from models.artifact import sha256_of
from training.examples import SourceFile

csv.field_size_limit(10_000_000)


class DatasetError(Exception):
    """A data file is missing or does not parse as its SOURCE.md describes."""


sha256_file = sha256_of  # one file-hash helper for data sources and artifacts


def source_file(data_dir: Path, path: Path, rows: int) -> SourceFile:
    relative = path.relative_to(data_dir).as_posix()
    return SourceFile(path=relative, sha256=sha256_file(path), rows=rows)


def need(path: Path) -> Path:
    if not path.is_file():
        raise DatasetError(f"missing data file {path}")
    return path


def csv_dicts(path: Path, **kwargs: object) -> Iterator[dict[str, str]]:
    # utf-8-sig drops a BOM; newline="" lets the csv module handle CRLF and quoted newlines.
    with need(path).open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f, **kwargs)  # type: ignore[call-overload]
