"""The unsupported-language rule of the policy, and where the supported set comes from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from models.types import Scores
from service.domain import Reason, ReasonCode, Status
from service.explanations import InsightConfig, language_check, supported_languages
from service.policy import LanguageCheck, Thresholds, decide
from tests.helpers.scorers import KeywordScorer

LOW = Scores(spam=0.01, abuse=0.01)
GERMAN = "Das ist ein ziemlich langer deutscher Kommentar über den Artikel von gestern."


class CardScorer(KeywordScorer):
    def __init__(self, languages: Any) -> None:
        super().__init__()
        self._languages = languages

    @property
    def card(self) -> Mapping[str, Any]:
        return {"version": self.version, "languages": self._languages}


def test_an_unsupported_language_is_held_with_its_reason() -> None:
    decision = decide(LOW, [], Thresholds(), LanguageCheck("de", supported=False, hold=True))
    assert decision.status is Status.PENDING
    assert [r.code for r in decision.reasons] == [ReasonCode.UNSUPPORTED_LANGUAGE]
    assert decision.language == "de"


def test_score_mode_keeps_the_reason_but_not_the_hold() -> None:
    decision = decide(LOW, [], Thresholds(), LanguageCheck("de", supported=False, hold=False))
    assert decision.status is Status.APPROVED
    assert [r.code for r in decision.reasons] == [ReasonCode.UNSUPPORTED_LANGUAGE]


def test_spam_stays_spam_in_any_language() -> None:
    hits = [Reason(ReasonCode.HONEYPOT, "honeypot")]
    decision = decide(LOW, hits, Thresholds(), LanguageCheck("ru", supported=False, hold=True))
    assert decision.status is Status.SPAM


def test_a_supported_language_changes_nothing() -> None:
    assert decide(LOW, [], Thresholds(), LanguageCheck("en")).reasons == ()


@pytest.mark.parametrize(
    ("languages", "expected"),
    [(None, {"en"}), (["en", "DE"], {"en", "de"}), ({"en": {"auc": 0.9}, "fr": {}}, {"en", "fr"})],
)
def test_supported_set_comes_from_the_card(languages: Any, expected: set[str]) -> None:
    assert supported_languages(CardScorer(languages), InsightConfig()) == expected


def test_the_setting_overrides_the_card() -> None:
    scorer = CardScorer(["en"])
    config = InsightConfig(supported_languages=("en", "de"))
    assert supported_languages(scorer, config) == {"en", "de"}
    assert language_check(scorer, GERMAN, config).supported
    assert not language_check(scorer, GERMAN, InsightConfig()).supported


def test_short_text_is_never_unsupported() -> None:
    check = language_check(CardScorer(["en"]), "Danke, super!", InsightConfig())
    assert (check.detected, check.supported) == ("und", True)
