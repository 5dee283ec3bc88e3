"""Quality of the shipped default model on the real test splits (needs ../shared/data)."""

from collections.abc import Sequence

import numpy as np
import pytest

from models import DEFAULT_MODEL_PATH, LoadedModel, load
from models.features import FloatArray
from tests.helpers.data import DATA_DIR, NEEDS_DATA
from training.datasets import load_all, sha256_file
from training.evaluate import FLOORS, TARGETS, SplitMetrics, evaluate
from training.examples import Dataset

pytestmark = NEEDS_DATA

# Floors the shipped version does not reach; the real numbers are in docs/MODEL.md.
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("youtube", "roc_auc"): "0.990 < 0.995 (380-row split); see docs/MODEL.md",
    ("datacamp", "roc_auc"): "0.745 < 0.90 (cross-domain blog spam); see docs/MODEL.md",
    ("olid", "roc_auc"): "0.843 < 0.85; see docs/MODEL.md",
    ("jigsaw", "roc_auc"): "0.965 < 0.97; see docs/MODEL.md",
}


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return load(DEFAULT_MODEL_PATH)


@pytest.fixture(scope="module")
def datasets() -> list[Dataset]:
    return load_all(DATA_DIR)


@pytest.fixture(scope="module")
def metrics(model: LoadedModel, datasets: list[Dataset]) -> dict[str, SplitMetrics]:
    def score(texts: Sequence[str]) -> FloatArray:
        return np.array([[s.spam, s.abuse] for s in model.score_texts(texts)]).reshape(-1, 2)

    return {m.dataset: m for m in evaluate(score, datasets)}


def test_card_describes_these_data_files(model: LoadedModel) -> None:
    for source in model.card["training"]["sources"]:
        for f in source["files"]:
            assert sha256_file(DATA_DIR / f["path"]) == f["sha256"], f["path"]


def test_evaluation_reproduces_the_card(model: LoadedModel, metrics: dict[str, SplitMetrics]) -> None:
    for recorded in model.card["metrics"]["test"]:
        fresh = metrics[recorded["dataset"]].as_dict()
        for key in ("n", "positives", "roc_auc", "average_precision", "fp_share_spam"):
            assert fresh[key] == pytest.approx(recorded[key], abs=1e-4), (recorded["dataset"], key)


FLOOR_CASES = [
    pytest.param(
        dataset,
        key,
        marks=[pytest.mark.xfail(reason=KNOWN_MISSES[(dataset, key)])]
        if (dataset, key) in KNOWN_MISSES
        else [],
        id=f"{dataset}-{key}",
    )
    for dataset, floors in TARGETS.items()
    for key in floors
]


@pytest.mark.parametrize(("dataset", "key"), FLOOR_CASES)
def test_target(metrics: dict[str, SplitMetrics], dataset: str, key: str) -> None:
    row = metrics[dataset]
    if key == "roc_auc":
        assert row.roc_auc >= TARGETS[dataset][key]
    else:
        assert (row.fp_share_spam or 0.0) <= TARGETS[dataset][key]


@pytest.mark.parametrize(("dataset", "key"), [(d, k) for d, f in FLOORS.items() for k in f])
def test_floor(metrics: dict[str, SplitMetrics], dataset: str, key: str) -> None:
    """The bundled default passes the promotion gate's hard floors."""
    row = metrics[dataset]
    if key == "roc_auc":
        assert row.roc_auc >= FLOORS[dataset][key]
    else:
        assert (row.fp_share_spam or 0.0) <= FLOORS[dataset][key]
