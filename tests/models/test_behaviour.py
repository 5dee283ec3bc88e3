"""How comment sections go wrong: a hand-written behaviour suite for the bundled default model.

Every case goes through the real model and the API's policy (default thresholds, profanity
alone not held) and must be decided right. The sentences are written here, in other words than
the training templates (training.attribute_templates), and a test checks that no template row
contains one of them.
"""

import pytest

from models import DEFAULT_MODEL_PATH, CommentText, LoadedModel, load
from service.domain import Status
from service.policy import Thresholds, decide
from training.attribute_templates import attribute_examples

HELD = {
    "threat": [
        "If I ever run into you at the market, you will not walk away from it.",
        "Mark my words, you are going to pay for this article with your life.",
        "People who write like this end up at the bottom of the river. You are next.",
        "Keep talking and I will make sure you never speak again.",
    ],
    "doxxing": [
        "Your family's place on Cedar Court has a lovely porch. Shame if something happened to it.",
        "I have the address of the clinic where your sister works. See you on Thursday.",
        "Everybody here should know she lives at 14 Quarry Lane and parks a grey van outside.",
    ],
    "identity attack in polite words": [
        "Frankly, Albanians are a lower form of life and should be treated as such.",
        "Somalis are vermin, and our town would be far cleaner without them.",
        "Honestly, Filipinos are barely human. Science will prove it one day.",
    ],
    "insult in German": [
        "Du bist ein dummer Spinner und ein elender Lügner.",
        "Halt endlich dein Maul, du Idiot.",
    ],
    "insult in French": ["T'es vraiment un gros nul, espèce d'imbécile.", "Quel abruti, ce journaliste."],
    "insult in Spanish": ["Eres un imbécil y un mentiroso.", "Qué idiota eres, de verdad."],
}
PUBLISHED = {
    "harmless profanity": [
        "Fuck yeah, the new release finally fixed that memory leak.",
        "This damn tomato soup is incredible, I made it twice this week.",
        "The weather is shit today but the hike was worth it.",
    ],
    "negation": [
        "I have nothing against Albanians; my best friend is one.",
        "It is simply false that Somalis are criminals.",
    ],
    "counter-speech quoting a slur": [
        "A man called my cousin a 'faggot' on the bus and nobody said a word. That has to change.",
    ],
    "news about violence and identity": [
        "The officer was shot twelve times during the raid, the newspaper reported.",
        "As a Russian, I was surprised how many people came to the protest.",
        "Two men were stabbed outside the stadium after the match.",
    ],
    "innocent look-alikes": [
        "Use kill -9 only when SIGTERM does not stop the worker.",
        "This chili is the bomb, thanks for the recipe!",
        "Her talk absolutely killed at the conference.",
    ],
}
CASES = [(kind, text, Status.PENDING) for kind, texts in HELD.items() for text in texts] + [
    (kind, text, Status.APPROVED) for kind, texts in PUBLISHED.items() for text in texts
]
# Cases the bundled default (a linear n-gram model) still decides wrong: strict xfails, so a
# model that gets one right must remove it from here. The target is none.
KNOWN_WRONG: frozenset[str] = frozenset(
    {
        "Mark my words, you are going to pay for this article with your life.",
        "People who write like this end up at the bottom of the river. You are next.",
        "Your family's place on Cedar Court has a lovely porch. Shame if something happened to it.",
        "I have the address of the clinic where your sister works. See you on Thursday.",
        "Somalis are vermin, and our town would be far cleaner without them.",
        "Honestly, Filipinos are barely human. Science will prove it one day.",
        "A man called my cousin a 'faggot' on the bus and nobody said a word. That has to change.",
        "Use kill -9 only when SIGTERM does not stop the worker.",
    }
)


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return load(DEFAULT_MODEL_PATH)


PARAMS = [
    pytest.param(
        *case,
        id=f"{case[0]}: {case[1][:40]}",
        marks=[pytest.mark.xfail(strict=True, reason="linear stage misses it")]
        if case[1] in KNOWN_WRONG
        else [],
    )
    for case in CASES
]


@pytest.mark.parametrize(("kind", "text", "expected"), PARAMS)
def test_decided_right_by_the_default_model_and_policy(
    model: LoadedModel, kind: str, text: str, expected: Status
) -> None:
    [scores] = model.score([CommentText(content=text)])
    decision = decide(scores, [], Thresholds())
    shown = {k: round(v, 2) for k, v in scores.attributes.items()}
    assert decision.status is expected, f"{kind}: abuse {scores.abuse:.2f}, spam {scores.spam:.2f}, {shown}"


def test_a_threat_scores_as_a_threat_and_swearing_as_profanity(model: LoadedModel) -> None:
    threat, swearing = model.score_texts([HELD["threat"][0], PUBLISHED["harmless profanity"][0]])
    assert threat.attributes["threat"] > threat.attributes["profanity"]
    assert swearing.attributes["profanity"] > 0.5 > swearing.abuse


def test_the_templates_do_not_contain_the_suite() -> None:
    templated = [r.text.lower() for r in attribute_examples()]
    for _, text, _ in CASES:
        assert not any(text.lower() in t for t in templated), text
