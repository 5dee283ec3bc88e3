"""Store labels weigh by source and are capped per site (issue 16, item 2): one site's key cannot
outweigh the corpora, nor another site's moderators."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from models.features import FloatArray
from service.domain import Status
from service.store.records import Label
from training import mix, tenancy
from training.examples import LabeledText
from training.feedback import to_rows

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PUBLIC = [LabeledText(f"public spam {i}", True, None, "youtube") for i in range(50)] + [
    LabeledText(f"public ham {i}", False, None, "youtube") for i in range(50)
]


def _spam_weights(rows: list[LabeledText]) -> FloatArray:
    _, _, weights = mix.matrices(PUBLIC + rows)
    column = np.asarray(weights[:, 0], dtype=float)
    return np.asarray(column / column[:50].sum())  # in units of the YouTube spam class's mass (0.5)


def _mass(rows: list[LabeledText], site: str) -> float:
    weights = _spam_weights(rows)
    rows = PUBLIC + rows
    mine = [w for r, w in zip(rows, weights, strict=True) if r.site == site and r.source != "youtube"]
    return 0.5 * float(sum(mine))


def test_a_site_keys_label_weighs_a_fifth_of_a_moderators_decision() -> None:
    rows = [LabeledText("pills online", False, False, "moderator", site="a"),
            LabeledText("cheap pills online", False, False, "akismet", site="a")]
    weights = _spam_weights(rows)
    assert weights[101] == pytest.approx(tenancy.SOURCE_TRUST["akismet"] * weights[100])


def test_400_submit_ham_from_one_site_key_weigh_no_more_than_its_cap() -> None:
    attack = [LabeledText(f"cheap pills variant {i}", False, False, "akismet", site="evil")
              for i in range(400)]
    # before: the 400 labels got the whole feedback mass of their class, as much as a corpus
    assert _mass(attack, "evil") == pytest.approx(tenancy.SITE_KEY_MASS_CAP)
    few = attack[:62]
    assert _mass(few, "evil") <= tenancy.SITE_KEY_MASS_CAP + 1e-9


def test_one_sites_moderators_are_capped_and_do_not_crowd_out_another_site() -> None:
    big = [LabeledText(f"big site spam {i}", True, None, "moderator", site="big") for i in range(2000)]
    small = [LabeledText(f"small site spam {i}", True, None, "moderator", site="small") for i in range(20)]
    assert _mass(big, "big") == pytest.approx(tenancy.SITE_MASS_CAP)
    alone = _mass(small, "small")
    assert _mass(big + small, "small") == pytest.approx(alone)  # the big site took nothing from it


def test_a_site_key_label_never_overrides_a_moderators_decision_nor_another_sites() -> None:
    def label(text: str, status: Status, source: str, site: str) -> Label:
        return Label(None, site, text, "", "", status, source, NOW)

    rows = to_rows([
        label("Buy Nervexol today", Status.SPAM, "moderator", "a"),
        label("Buy Nervexol today", Status.APPROVED, "akismet", "a"),  # newer, but a site key's
        label("Buy Nervexol today", Status.APPROVED, "akismet", "b"),  # another site: its own row
        label("you fool", Status.ABUSIVE, "perspective", "b"),  # TOXICITY 1: rejected, no label
    ])
    assert rows == [
        LabeledText("Buy Nervexol today", True, None, "moderator", site="a"),
        LabeledText("Buy Nervexol today", False, False, "akismet", site="b"),
    ]

