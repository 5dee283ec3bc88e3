"""`commentmod recheck`: reports what the current model would decide, changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from models.types import CommentText, Scores
from service.cli import main
from service.domain import Status
from service.recheck import format_report, recheck
from tests.helpers.scorers import KeywordScorer
from tests.service.conftest import make_settings, start_api


class _Forgiving(KeywordScorer):
    """The same texts, but a newer model that no longer finds 'idiot' abusive."""

    version = "test-forgiving.2"

    def score(self, batch: Sequence[CommentText]) -> list[Scores]:
        return [Scores(spam=s.spam, abuse=0.01) for s in super().score(batch)]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_recheck_reports_changes_and_changes_nothing(tmp_path: Path, store_url: str) -> None:
    settings = make_settings(tmp_path, store_url)
    for api in start_api(settings, KeywordScorer()):
        held = api.submit(content="you idiot").json()["id"]
        spam = api.submit(content="casino-bonus").json()["id"]
        store, config = api.state.store, api.state.intake
        seen, changes = recheck(store, _Forgiving(), config, [Status.PENDING, Status.SPAM])
        assert seen == 2
        assert [(c.comment.id, c.new_status) for c in changes] == [(held, Status.APPROVED)]
        assert spam not in [c.comment.id for c in changes]
        stored = store.get_comment(held, site=None)
        assert stored is not None
        assert stored.status is Status.PENDING
        report = format_report("test-forgiving.2", seen, changes)
        assert "1 would change" in report
        assert f"{held}\tblog" in report


def test_recheck_command_runs_on_an_empty_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    assert main(["recheck", "--status", "pending"]) == 0
    assert "re-scored 0 held comment(s)" in capsys.readouterr().out


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_recheck_never_proposes_overriding_a_moderator(tmp_path: Path, store_url: str) -> None:
    """A moderator confirmed a comment as spam that the newer model would approve: the report
    leaves it out. Once the decision is undone it is intake's again, and reported."""
    settings = make_settings(tmp_path, store_url)
    for api in start_api(settings, KeywordScorer()):
        confirmed = api.submit(content="you idiot").json()["id"]
        store, config = api.state.store, api.state.intake
        store.record_decision(confirmed, site=None, status=Status.SPAM, note="",
                              source="moderator", actor="key:1")
        before, _ = recheck(store, _Forgiving(), config, [Status.PENDING, Status.SPAM])
        assert before == 0
        store.undo_decision(confirmed, site=None, actor="key:1")
        seen, changes = recheck(store, _Forgiving(), config, [Status.PENDING, Status.SPAM])
        assert seen == 1
        assert [c.comment.id for c in changes] == [confirmed]
