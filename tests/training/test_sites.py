"""The gate's per-site slices and unreviewed-verdict check (issue 16, item 2)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from models.features import FloatArray
from service.domain import Status
from tests.helpers.stores import BACKENDS, make_new_comment, open_store, store_url_for
from training.evaluate import ScoreFn
from training.examples import LabeledText
from training.sites import MAX_LOOSENED, site_gate, verdicts

PHARMA = [f"cheap pills variant {i}" for i in range(30)]


def _scorer(spam_words: Sequence[str]) -> ScoreFn:
    """Spam 0.95 for a text with one of `spam_words`, else 0.05; abuse always 0.01."""

    def score(texts: Sequence[str]) -> FloatArray:
        spam = [0.95 if any(w in t for w in spam_words) else 0.05 for t in texts]
        return np.array([[s, 0.01] for s in spam]).reshape(-1, 2)

    return score


def test_verdicts_follow_the_policys_default_thresholds() -> None:
    scores = np.array([[0.95, 0.0], [0.6, 0.0], [0.1, 0.7], [0.1, 0.1]])
    assert verdicts(scores) == ["spam", "pending", "pending", "approved"]


def test_a_version_worse_on_another_sites_slice_is_refused_though_the_attackers_improves() -> None:
    held_back = [LabeledText(t, False, False, "akismet", site="evil") for t in PHARMA[:10]]
    held_back += [LabeledText(t, True, None, "moderator", site="blog") for t in PHARMA[10:14]]
    serving, poisoned = _scorer(["pills"]), _scorer([])
    failures, card = site_gate(poisoned, serving, "v1", held_back, {})
    assert failures == ["site blog (moderators) spam: 4 of 4 held-back labels wrong at the hold threshold, "
                        "v1 gets 0 wrong"]
    assert card["slices"]["site evil (site key)"]["new"][0]["mistakes_hold"] == 0  # it improved
    assert card["slices"]["site evil (site key)"]["baseline"][0]["mistakes_hold"] == 10


def test_a_version_that_lets_through_what_one_site_held_is_refused() -> None:
    unreviewed = {"blog": [f"a reader's comment {i}" for i in range(40)] + PHARMA[:10], "quiet": PHARMA[:5]}
    serving, poisoned = _scorer(["pills"]), _scorer([])
    failures, card = site_gate(poisoned, serving, "v1", [], unreviewed)
    assert len(failures) == 1
    assert failures[0].startswith("site blog: 10 of its 50 newest unreviewed")
    assert card["unreviewed"] == [{"site": "blog", "n": 50, "loosened": 10, "tightened": 0},
                                  {"site": "quiet", "n": 5, "loosened": 5, "tightened": 0}]  # too few
    few = {"blog": [f"a reader's comment {i}" for i in range(40)] + PHARMA[:2]}
    assert MAX_LOOSENED * 42 >= 2  # 2 of 42 is within the limit
    assert site_gate(poisoned, serving, "v1", [], few)[0] == []


def test_without_a_baseline_nothing_is_compared() -> None:
    held_back = [LabeledText(t, True, None, "moderator", site="blog") for t in PHARMA[:4]]
    failures, card = site_gate(_scorer([]), None, "baseline", held_back, {"blog": PHARMA})
    assert failures == []
    assert card["unreviewed"] == []
    assert card["slices"]["site blog (moderators)"]["baseline"] == []


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_url_for(request.param, tmp_path) as url:
        yield url


def test_the_store_lists_each_sites_newest_undecided_comments(store_url: str) -> None:
    with open_store(store_url) as store:
        texts = {}
        for site in ("blog", "other"):
            for i in range(4):
                text = f"{site} comment {i}"
                texts[text] = store.insert_comment(make_new_comment(site=site, content=text),
                                                   flood_seconds=0).id
        store.record_decision(texts["blog comment 3"], site="blog", status=Status.APPROVED, note="",
                              source="moderator", actor="mod_1")
        assert store.unreviewed(per_site=2) == {
            "blog": ["blog comment 2", "blog comment 1"],
            "other": ["other comment 3", "other comment 2"],
        }
