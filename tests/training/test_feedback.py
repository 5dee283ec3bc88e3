"""Moderators' labels from the store as training rows (SQLite and PostgreSQL), the held-back
slice, their weight in the mix, and the promotion gate against the serving version."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from models.registry import DEFAULT_VERSION
from service.domain import Status
from service.store import SqlStore
from service.store.records import Label
from tests.helpers.campaign import MARKED, ORDINARY
from tests.helpers.stores import BACKENDS, make_new_comment, open_store, store_url_for
from training import mix
from training.cli import main
from training.evaluate import (
    FLOORS,
    MAX_AUC_DROP,
    SLICE_NAME,
    SliceRow,
    SplitMetrics,
    promotion_gate,
    slice_rows,
)
from training.examples import Head, LabeledText, in_test_split
from training.feedback import FeedbackUnavailable, is_held_back, read_feedback, split, to_rows

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_url_for(request.param, tmp_path) as url:
        yield url


def _label(text: str, status: Status, source: str = "moderator") -> Label:
    return Label(None, "blog", text, "", "", status, source, NOW)


def test_labels_map_to_heads_trash_is_skipped_and_the_newest_label_per_text_wins() -> None:
    rows = to_rows([
        _label("Call Dr Ogun on WhatsApp", Status.APPROVED),
        _label("you absolute idiot", Status.ABUSIVE),
        _label("Call Dr Ogun on WhatsApp", Status.SPAM),  # newer: wins
        _label("thanks for the post", Status.APPROVED, "akismet"),
        _label("thanks for the post", Status.TRASH),  # says nothing: the approval stays
        _label("just delete this", Status.TRASH),
        _label("still waiting", Status.PENDING),
        _label("   ", Status.SPAM),
    ])
    assert rows == [
        LabeledText("you absolute idiot", False, True, "moderator", site="blog"),
        LabeledText("Call Dr Ogun on WhatsApp", True, None, "moderator", site="blog"),
        LabeledText("thanks for the post", False, False, "akismet", site="blog"),
    ]


def test_the_held_back_slice_is_the_data_split_rule_about_a_fifth() -> None:
    rows = [LabeledText(t, True, None, "moderator") for t in MARKED + ORDINARY]
    feedback = split(rows)
    assert feedback.total == len(rows)
    assert all(in_test_split(r.text) for r in feedback.held_back)
    assert not any(is_held_back(r.text) for r in feedback.train)
    assert 0.1 < len(feedback.held_back) / len(rows) < 0.3
    assert split(list(reversed(rows))).held_back == list(reversed(feedback.held_back))


def _fill(store: SqlStore) -> None:
    """Three decided comments (one decided twice, one trashed) and an Akismet text label."""
    spam = store.insert_comment(make_new_comment(content=MARKED[0]), flood_seconds=0)
    ok = store.insert_comment(make_new_comment(content=ORDINARY[0]), flood_seconds=0)
    gone = store.insert_comment(make_new_comment(content="meh"), flood_seconds=0)
    redacted = store.insert_comment(
        make_new_comment(content="Write to me at [email hidden] for the full list"), flood_seconds=0
    )
    for comment_id, status in ((spam.id, Status.APPROVED), (spam.id, Status.SPAM),
                               (ok.id, Status.APPROVED), (gone.id, Status.TRASH),
                               (redacted.id, Status.SPAM)):
        store.record_decision(comment_id, site="blog", status=status, note="", source="moderator",
                              actor="mod_1")
    store.add_text_label(site="blog", text=MARKED[1], author_name="x", author_url="",
                         label=Status.SPAM, source="akismet", actor="site_1")


def test_read_feedback_from_the_store(store_url: str) -> None:
    with open_store(store_url) as store:
        _fill(store)
    feedback = read_feedback(store_url, must_exist=True)
    rows = sorted(feedback.train + feedback.held_back, key=lambda r: r.text)
    assert rows == sorted([
        LabeledText(MARKED[0], True, None, "moderator", site="blog"),
        LabeledText(ORDINARY[0], False, False, "moderator", site="blog"),
        LabeledText("Write to me at [email hidden] for the full list", True, None, "moderator", site="blog"),
        LabeledText(MARKED[1], True, None, "akismet", site="blog"),
    ], key=lambda r: r.text)
    assert all(is_held_back(r.text) for r in feedback.held_back)


def test_a_store_without_schema_or_file_has_no_labels(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'nope' / 'comments.db'}"
    assert read_feedback(missing).total == 0
    assert not (tmp_path / "nope").exists()  # reading never creates a store
    with pytest.raises(FeedbackUnavailable, match="does not exist"):
        read_feedback(missing, must_exist=True)
    (tmp_path / "empty.db").touch()
    assert read_feedback(f"sqlite:///{tmp_path / 'empty.db'}", must_exist=True).total == 0


def test_unreachable_postgres_is_feedback_unavailable_without_the_password() -> None:
    with pytest.raises(FeedbackUnavailable, match="cannot be reached") as caught:
        read_feedback("postgresql://mod:s3cret@127.0.0.1:1/commentmod")
    assert "s3cret" not in str(caught.value)


# --- weight in the mix ----------------------------------------------------------------------


def _weights(rows: list[LabeledText], calibration: bool = False) -> np.ndarray:
    _, _, weights = mix.matrices(rows, calibration=calibration)
    return weights


def test_feedback_is_pooled_with_a_corpus_mass_capped_per_row() -> None:
    public = [LabeledText(f"public spam {i}", True, None, "youtube") for i in range(50)]
    public += [LabeledText(f"public ham {i}", False, None, "youtube") for i in range(50)]
    many = [LabeledText(f"campaign {i}", True, None, "moderator", site=f"site{i % 2}") for i in range(50)]
    weights = _weights(public + many)[:, 0]
    youtube_row, feedback_row = weights[0], weights[100]
    # 50 pooled spam labels share the whole mass (1.0) a corpus gets: 1/50 per row, vs 0.5/50
    assert feedback_row == pytest.approx(2 * youtube_row)
    assert weights[100:].std() == pytest.approx(0.0)  # every moderator row weighs alike
    few = [LabeledText("campaign", True, None, "moderator")]
    capped = _weights(public + few)[:, 0]
    assert capped[100] == pytest.approx(mix.FEEDBACK_ROW_CAP * capped[0])
    # calibration keeps the public corpora's probabilities: feedback counts like a typical row
    calibration = _weights(public + many, calibration=True)[:, 0]
    assert calibration[100] == pytest.approx(calibration[:100].mean())


# --- the promotion gate ---------------------------------------------------------------------


def _row(dataset: str, auc: float, fp: float | None = 0.0) -> SplitMetrics:
    return SplitMetrics(dataset, "spam", 100, 50, auc, auc, 1.0, 1.0, 1.0, 1.0, fp)


def _passing(delta: float = 0.0) -> list[SplitMetrics]:
    return [_row(name, min(1.0, floor["roc_auc"] + 0.01 + delta)) for name, floor in FLOORS.items()]


def test_gate_refuses_a_test_split_regression_beyond_the_tolerance() -> None:
    baseline = _passing()
    assert promotion_gate(_passing(), baseline, baseline_version="v1") == []
    slightly = [_row(r.dataset, r.roc_auc - MAX_AUC_DROP / 2) for r in baseline]
    assert promotion_gate(slightly, baseline, baseline_version="v1") == []
    worse = [*baseline[:-1], _row(baseline[-1].dataset, baseline[-1].roc_auc - 0.006)]
    [failure] = promotion_gate(worse, baseline, baseline_version="v1")
    assert failure.startswith(f"{baseline[-1].dataset}: ROC AUC")
    assert "0.0060 below v1" in failure


def _slice(mistakes: int, auc: float = math.nan) -> SliceRow:
    return SliceRow(SplitMetrics(SLICE_NAME, "spam", 9, 9, auc, auc, 1.0, 1.0), mistakes)


def test_gate_refuses_a_worse_moderator_slice() -> None:
    rows = _passing()
    assert promotion_gate(rows, rows, [_slice(1)], [_slice(6)]) == []
    assert promotion_gate(rows, rows, [_slice(2)], [_slice(2)]) == []
    [failure] = promotion_gate(rows, rows, [_slice(3)], [_slice(2)], baseline_version="v1")
    assert failure == f"{SLICE_NAME} spam: 3 of 9 labels wrong at the hold threshold, v1 gets 2 wrong"
    [failure] = promotion_gate(rows, rows, [_slice(0, 0.90)], [_slice(0, 0.95)], baseline_version="v1")
    assert "ROC AUC 0.9000 < v1 (0.9500)" in failure


def test_slice_rows_count_mistakes_at_the_hold_threshold() -> None:
    rows = [LabeledText("a", True, None, "moderator"), LabeledText("b", False, False, "moderator"),
            LabeledText("c", True, None, "moderator")]
    table = {"a": [0.95, 0.1], "b": [0.6, 0.7], "c": [0.2, 0.0]}

    def score(texts: object) -> np.ndarray:
        return np.array([table[t] for t in texts])  # type: ignore[attr-defined]

    spam, abuse = slice_rows(score, rows)
    assert (spam.metrics.head, spam.metrics.n, spam.metrics.positives, spam.mistakes) == ("spam", 3, 2, 2)
    assert (abuse.metrics.head, abuse.metrics.n, abuse.mistakes) == ("abuse", 1, 1)
    assert spam.metrics.roc_auc == pytest.approx(0.5)
    assert slice_rows(score, []) == []


# --- `commentmod train` with the store ------------------------------------------------------


@pytest.fixture
def no_floors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Floors a fixture corpus always meets: these tests are about the flow, not the quality."""
    for name in list(FLOORS):
        monkeypatch.setitem(FLOORS, name, {"roc_auc": 0.0, "max_fp_share_spam": 1.0})


@pytest.mark.usefixtures("no_floors")
def test_train_reads_the_store_and_holds_a_slice_back(
    fixture_data: Path, store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open_store(store_url) as store:
        for text in MARKED:
            stored = store.insert_comment(make_new_comment(content=text), flood_seconds=0)
            store.record_decision(stored.id, site="blog", status=Status.SPAM, note="", source="moderator",
                                  actor="mod_1")
    monkeypatch.setenv("COMMENTMOD_DATABASE_URL", store_url)
    out = tmp_path / "models"
    argv = ["train", "--data-dir", str(fixture_data), "--out", str(out), "--version", "fb.1"]
    assert main(argv) == 0
    card = json.loads((out / "fb.1" / "card.json").read_text())
    held = sum(is_held_back(t) for t in MARKED)
    assert card["training"]["feedback_labels"] == {"moderator": len(MARKED) - held}
    assert card["training"]["feedback_held_back"] == held
    slice_card = card["metrics"]["moderator_slice"]
    assert slice_card["rows"] == held
    [new] = slice_card["new"]
    [old] = slice_card["baseline"]
    assert (new["dataset"], new["head"], new["n"]) == (SLICE_NAME, "spam", held)
    assert new["mistakes_hold"] <= old["mistakes_hold"]
    assert card["gate"]["baseline"] == DEFAULT_VERSION  # the bundled default: no version in out
    out_text = capsys.readouterr().out
    assert f"| {SLICE_NAME} | spam | {held} | {held} |" in out_text
    assert f"| {DEFAULT_VERSION} ROC AUC | new ROC AUC | delta |" in out_text.replace("| split | head ", "")

    assert main([*argv[:-1], "fb.2", "--no-feedback", "--baseline", "none"]) == 0
    card = json.loads((out / "fb.2" / "card.json").read_text())
    assert card["training"]["feedback_total"] == 0
    assert card["gate"]["baseline"] is None


@pytest.mark.usefixtures("no_floors")
def test_train_without_a_store_trains_without_feedback(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("COMMENTMOD_DATABASE_URL", raising=False)
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path / "data"))
    caplog.set_level(logging.INFO)
    argv = ["train", "--data-dir", str(fixture_data), "--out", str(tmp_path / "m"), "--baseline", "none"]
    assert main(argv) == 0
    assert "no store at sqlite:///" in caplog.text
    assert not (tmp_path / "data").exists()


def test_an_explicit_store_that_cannot_be_read_is_exit_2(
    fixture_data: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    argv = ["train", "--data-dir", str(fixture_data), "--out", str(tmp_path / "m")]
    url = "postgresql://mod:s3cret@127.0.0.1:1/commentmod"
    assert main([*argv, "--database-url", url]) == 2
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "cannot read moderators' labels: the store postgresql://mod:***@127.0.0.1:1" in (
        record.getMessage()
    )
    assert "--no-feedback" in record.getMessage()
    assert "s3cret" not in caplog.text
    assert not (tmp_path / "m").exists()
    assert main([*argv, "--database-url", f"sqlite:///{tmp_path / 'missing.db'}"]) == 2
    assert "does not exist" in caplog.text


def test_labels_map_heads_as_documented() -> None:
    assert [(r.spam, r.abuse) for r in to_rows([_label("a", Status.SPAM)])] == [(True, None)]
    assert [(r.label(Head.SPAM), r.label(Head.ABUSE)) for r in to_rows([_label("b", Status.ABUSIVE)])] == [
        (False, True)
    ]
