"""The typed model card: fields checked once, when a version loads."""

import math
from pathlib import Path
from typing import Any

import pytest

from models import ArtifactError, load
from models.card import ModelCard
from models.heads import HEADS

CARD: dict[str, Any] = {
    "format": 1,
    "version": "v.1",
    "model_sha256": "ab" * 32,
    "model_bytes": 10,
    "scikit_learn": "1.5.2",
    "joblib": "1.4.2",
    "numpy": "2.1.0",
    "created_at": "2026-12-02T00:00:00+00:00",
    "promotable": False,
    "metrics": {
        "test": [{"dataset": "olid", "head": "toxicity", "n": 9, "positives": 3, "roc_auc": 0.8}],
        "attributes": [
            {"dataset": "olid", "attribute": "insult", "n": 9, "positives": 2, "roc_auc": 0.7},
            {"dataset": "olid", "attribute": "threat", "n": 9, "positives": 0, "roc_auc": None},
        ],
        "languages": {"en": {"datasets": {"olid": 0.8}, "mean_roc_auc": 0.8}},
    },
}


def test_parse_types_every_field_a_reader_needs() -> None:
    card = ModelCard.parse(CARD)
    assert card.promotable is False
    assert card.heads == ("spam", "abuse")  # a card without heads: a legacy two-head model
    assert card.auc("olid") == 0.8
    assert card.auc("olid", "insult") == 0.7
    assert math.isnan(card.auc("olid", "threat") or 0.0)
    assert card.auc("jigsaw") is None
    assert card.languages == {"en": 0.8}
    assert card.raw["metrics"]["test"][0]["n"] == 9


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("version", None, "missing 'version'"),
        ("model_bytes", "10", "expected int"),
        ("promotable", 1, "expected bool"),
    ],
)
def test_a_wrong_field_is_an_artifact_error(key: str, value: object, message: str) -> None:
    card = {k: v for k, v in CARD.items() if k != key or value is not None}
    if value is not None:
        card[key] = value
    with pytest.raises(ArtifactError, match=message):
        ModelCard.parse(card)


def test_a_loaded_model_carries_its_typed_card(tiny_model_path: Path) -> None:
    model = load(tiny_model_path)
    assert model.model_card.version == model.version
    assert model.model_card.heads == HEADS == model.heads
    assert model.promotable is model.model_card.promotable is True
