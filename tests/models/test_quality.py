"""Quality of the shipped default model on the real test splits (needs ../shared/data)."""

from collections.abc import Sequence

import pytest

from models import DEFAULT_MODEL_PATH, LoadedModel, load
from models.features import FloatArray
from tests.helpers.data import DATA_DIR, NEEDS_DATA
from training.datasets import load_all, sha256_file
from training.evaluate import FLOORS, TARGETS, ScoreFn, SplitMetrics, attribute_auc, evaluate, matrix_of
from training.examples import Dataset

pytestmark = NEEDS_DATA

# Floors the shipped version does not reach; the real numbers are in docs/MODEL.md.
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("youtube", "roc_auc"): "0.990 < 0.995 (380-row split); see docs/MODEL.md",
    ("datacamp", "roc_auc"): "0.744 < 0.90 (cross-domain blog spam); see docs/MODEL.md",
    (
        "davidson",
        "roc_auc",
    ): "0.983 < 0.985: toxicity now also learns from the new corpora; see docs/MODEL.md",
    ("olid", "roc_auc"): "0.819 < 0.85; see docs/MODEL.md",
    ("jigsaw", "roc_auc"): "0.961 < 0.97; see docs/MODEL.md",
}
# Promotion floors the shipped version misses (its card says promotable: false for them).
FLOOR_MISSES: dict[tuple[str, str], str] = {}

# Fixed splits more than MAX_DROP below README_TABLE (reported to the integrator).
KNOWN_DROPS: dict[str, str] = {"olid": "0.819 vs 0.843 (-0.024); reported, see docs/MODEL.md"}


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return load(DEFAULT_MODEL_PATH)


@pytest.fixture(scope="module")
def datasets() -> list[Dataset]:
    return load_all(DATA_DIR)


# ROC AUC of the fixed splits in the README's table for 2026-12-01.1 (the two-head model): no
# later default may fall more than 0.005 below them (issue 12).
README_TABLE = {
    "youtube": 0.9901,
    "sms": 0.9912,
    "datacamp": 0.7453,
    "davidson": 0.9856,
    "olid": 0.8434,
    "jigsaw": 0.9652,
}
MAX_DROP = 0.005


def _score(model: LoadedModel) -> ScoreFn:
    def score(texts: Sequence[str]) -> FloatArray:
        return matrix_of(model.score_texts(texts))

    return score


@pytest.fixture(scope="module")
def metrics(model: LoadedModel, datasets: list[Dataset]) -> dict[str, SplitMetrics]:
    return {m.dataset: m for m in evaluate(_score(model), datasets)}


def test_attribute_aucs_reproduce_the_card(model: LoadedModel, datasets: list[Dataset]) -> None:
    fresh = {(r["dataset"], r["attribute"]): r for r in attribute_auc(_score(model), datasets)}
    recorded = model.model_card.attributes
    assert recorded
    for row in recorded:
        assert fresh[(row.dataset, row.attribute)]["roc_auc"] == pytest.approx(row.roc_auc, abs=1e-4)


REGRESSION_CASES = [
    pytest.param(
        dataset, marks=[pytest.mark.xfail(reason=KNOWN_DROPS[dataset])] if dataset in KNOWN_DROPS else []
    )
    for dataset in README_TABLE
]


@pytest.mark.parametrize("dataset", REGRESSION_CASES)
def test_no_fixed_split_falls_below_the_readme_table(metrics: dict[str, SplitMetrics], dataset: str) -> None:
    assert metrics[dataset].roc_auc >= README_TABLE[dataset] - MAX_DROP


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


@pytest.mark.parametrize(
    ("dataset", "key"),
    [
        pytest.param(
            d, k, marks=[pytest.mark.xfail(reason=FLOOR_MISSES[(d, k)])] if (d, k) in FLOOR_MISSES else []
        )
        for d, f in FLOORS.items()
        for k in f
    ],
)
def test_floor(metrics: dict[str, SplitMetrics], dataset: str, key: str) -> None:
    """The bundled default passes the promotion gate's hard floors."""
    row = metrics[dataset]
    if key == "roc_auc":
        assert row.roc_auc >= FLOORS[dataset][key]
    else:
        assert (row.fp_share_spam or 0.0) <= FLOORS[dataset][key]
