"""Reading a user's labelled file, CSV or JSONL, item by item: one home for the format that
`--extra` training files and `evaluate --file` test files share."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from training.sources import DatasetError


def read_items(path: Path, required: Sequence[str]) -> Iterator[tuple[Mapping[str, object], str]]:
    """Each item with where it is (`path:line`). The format is by suffix: .jsonl/.ndjson are JSON
    objects one a line, anything else a CSV whose header must name every `required` column."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        if path.suffix.lower() in {".jsonl", ".ndjson"}:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
                if not isinstance(item, dict):
                    raise DatasetError(f"{path}:{number}: expected an object with text and label")
                yield item, f"{path}:{number}"
            return
        reader = csv.DictReader(f)
        if not reader.fieldnames or not set(required) <= set(reader.fieldnames):
            raise DatasetError(f"{path}: the CSV header must have the columns {','.join(required)}")
        for number, row in enumerate(reader, 2):
            yield row, f"{path}:{number}"
