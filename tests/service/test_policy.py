from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.types import Scores, abuse_of
from service.domain import Reason, ReasonCode, Status
from service.policy import Decision, Thresholds, decide

DEFAULT = Thresholds()
RANK = {Status.APPROVED: 0, Status.PENDING: 1, Status.SPAM: 2}
LOW = Scores(spam=0.01, abuse=0.02)


def rule(code: ReasonCode) -> Reason:
    return Reason(code, code.value)


def test_defaults_follow_the_design() -> None:
    assert (DEFAULT.spam, DEFAULT.hold_spam, DEFAULT.hold_abuse) == (0.90, 0.50, 0.50)


@pytest.mark.parametrize(
    ("scores", "codes", "status"),
    [
        (LOW, [], Status.APPROVED),
        (Scores(0.49, 0.49), [], Status.APPROVED),
        (Scores(0.50, 0.0), [], Status.PENDING),
        (Scores(0.0, 0.50), [], Status.PENDING),
        (Scores(0.89, 0.0), [], Status.PENDING),
        (Scores(0.90, 0.0), [], Status.SPAM),
        (Scores(1.0, 1.0), [], Status.SPAM),
        (Scores(0.0, 1.0), [], Status.PENDING),
        (LOW, [ReasonCode.HONEYPOT], Status.SPAM),
        (LOW, [ReasonCode.BLOCKED_WORD], Status.SPAM),
        (LOW, [ReasonCode.MODERATION_WORD], Status.PENDING),
        (LOW, [ReasonCode.TOO_MANY_LINKS], Status.PENDING),
        (LOW, [ReasonCode.EMAIL_REDACTED], Status.APPROVED),
        (LOW, [ReasonCode.MODERATION_WORD, ReasonCode.BLOCKED_WORD], Status.SPAM),
        (Scores(0.95, 0.0), [ReasonCode.EMAIL_REDACTED], Status.SPAM),
    ],
)
def test_decision_table(scores: Scores, codes: list[ReasonCode], status: Status) -> None:
    assert decide(scores, [rule(code) for code in codes], DEFAULT).status is status


def test_an_approved_comment_has_no_reasons() -> None:
    assert decide(LOW, [], DEFAULT) == Decision(Status.APPROVED, ())


def test_rule_hits_come_first_in_order_then_model_reasons() -> None:
    hits = [rule(ReasonCode.EMAIL_REDACTED), rule(ReasonCode.TOO_MANY_LINKS)]
    decision = decide(Scores(spam=0.97, abuse=0.91), hits, DEFAULT)
    assert decision.status is Status.SPAM
    assert decision.reasons == (
        *hits,
        Reason(ReasonCode.MODEL_SPAM, "spam score 0.97 ≥ 0.90"),
        Reason(ReasonCode.MODEL_ABUSE, "abuse score 0.91 ≥ 0.50"),
    )


def test_a_held_spam_score_names_the_hold_threshold() -> None:
    decision = decide(Scores(spam=0.6, abuse=0.1), (), DEFAULT)
    assert decision == Decision(
        Status.PENDING, (Reason(ReasonCode.MODEL_SPAM, "spam score 0.60 ≥ 0.50"),)
    )


def test_the_email_redacted_reason_passes_through_unchanged() -> None:
    redacted = Reason(ReasonCode.EMAIL_REDACTED, "an email address in a public field was hidden")
    assert decide(LOW, (redacted,), DEFAULT) == Decision(Status.APPROVED, (redacted,))


def test_custom_thresholds() -> None:
    strict = Thresholds(spam=0.5, hold_spam=0.2, hold_abuse=0.1)
    assert decide(Scores(0.5, 0.0), [], strict).status is Status.SPAM
    assert decide(Scores(0.0, 0.1), [], strict).status is Status.PENDING
    off = Thresholds(spam=1.0, hold_spam=1.0, hold_abuse=1.0)
    assert decide(Scores(0.999, 0.999), [], off).status is Status.APPROVED


@pytest.mark.parametrize(
    "kwargs",
    [
        {"spam": 1.1},
        {"spam": -0.1},
        {"hold_spam": math.nan},
        {"hold_abuse": 2.0},
        {"hold_abuse": -1e-9},
        {"spam": 0.4, "hold_spam": 0.5},
    ],
)
def test_invalid_thresholds_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="threshold"):
        Thresholds(**kwargs)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -0.01, 1.01])
def test_a_score_outside_zero_to_one_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="probability"):
        decide(Scores(spam=bad, abuse=0.0), [], DEFAULT)
    with pytest.raises(ValueError, match="probability"):
        decide(Scores(spam=0.0, abuse=bad), [], DEFAULT)


UNIT = st.floats(min_value=0.0, max_value=1.0)
THRESHOLDS = st.tuples(UNIT, UNIT, UNIT).map(
    lambda t: Thresholds(spam=max(t[0], t[1]), hold_spam=min(t[0], t[1]), hold_abuse=t[2])
)
HITS = st.lists(st.sampled_from(list(ReasonCode)).map(rule), max_size=4)


@settings(max_examples=100, deadline=None)
@given(UNIT, UNIT, UNIT, UNIT, HITS, THRESHOLDS)
def test_a_higher_score_never_gets_a_better_status(
    spam: float, abuse: float, more_spam: float, more_abuse: float, hits: list[Reason], t: Thresholds
) -> None:
    low = decide(Scores(spam, abuse), hits, t)
    high = decide(Scores(max(spam, more_spam), max(abuse, more_abuse)), hits, t)
    assert RANK[high.status] >= RANK[low.status]
    assert low.reasons[: len(hits)] == tuple(hits)
    assert low.status in RANK


def test_profanity_alone_holds_only_when_the_setting_says_so() -> None:
    swearing = Scores(spam=0.01, abuse=0.10, attributes={"profanity": 0.95, "toxicity": 0.8})
    assert not DEFAULT.hold_profanity
    assert decide(swearing, [], DEFAULT) == Decision(Status.APPROVED, ())
    strict = decide(swearing, [], Thresholds(hold_profanity=True))
    assert strict.status is Status.PENDING
    assert [r.code for r in strict.reasons] == [ReasonCode.MODEL_PROFANITY]
    clean = Scores(spam=0.01, abuse=0.10, attributes={"profanity": 0.2})
    assert decide(clean, [], Thresholds(hold_profanity=True)).status is Status.APPROVED


def test_a_polite_threat_holds_through_abuse() -> None:
    attributes = {"toxicity": 0.3, "threat": 0.8, "insult": 0.1, "profanity": 0.01}
    scores = Scores(spam=0.01, abuse=abuse_of(attributes), attributes=attributes)
    assert scores.abuse == 0.8
    assert decide(scores, [], DEFAULT).status is Status.PENDING
