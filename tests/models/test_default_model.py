"""The contract of the model that ships inside the package."""

import json
from concurrent.futures import ThreadPoolExecutor

import joblib
import numpy as np
import pytest
import sklearn

from models import DEFAULT_MODEL_PATH, CommentText, LoadedModel, Scorer, load
from models.artifact import CARD_FILE, MODEL_FILE, sha256_of
from models.types import ATTRIBUTES, abuse_of
from tests.helpers.blog_comments import LEGIT as BLOG_LEGIT
from tests.helpers.blog_comments import SPAM as BLOG_SPAM

TEXTS = [
    "Thank you for the detailed timeline.",
    "Check out my channel and subscribe!!! http://bit.ly/free-stuff",
    "You are a complete idiot and should shut up",
    "",
    "   ",
    "ÀÉÎ ünïcödé 😀 \u200b\ufeff <b>html</b> &amp; &#128514;",
    "a" * 20_000,
    "CALL +44 7700 900123 NOW to claim your £1000 prize, txt WIN to 80086",
]
NEUTRAL = [
    "He was shot twelve times.",
    "As a Russian, I think this is a fair summary of what happened.",
    "The pilot was found dead in Spain.",
    "As a Muslim woman, I read this with interest.",
    "Black voters were turned away from the polls in 1965.",
    "My gay brother and his husband visited Germany.",
    "The war killed millions of people, including Jews and Roma.",
    "The suspect was arrested for murder after the bombing.",
]


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return load(DEFAULT_MODEL_PATH)


def test_only_one_default_ships() -> None:
    assert [p.name for p in DEFAULT_MODEL_PATH.parent.iterdir()] == [DEFAULT_MODEL_PATH.name]


def test_card_matches_file_and_runtime(model: LoadedModel) -> None:
    card = json.loads((DEFAULT_MODEL_PATH / CARD_FILE).read_text())
    assert card["version"] == DEFAULT_MODEL_PATH.name == model.version
    assert card["model_sha256"] == sha256_of(DEFAULT_MODEL_PATH / MODEL_FILE)
    assert card["scikit_learn"] == sklearn.__version__
    assert card["joblib"] == joblib.__version__
    assert card["thresholds"] == {"spam": {"spam": 0.9, "hold": 0.5}, "abuse": {"hold": 0.5}}
    assert card["training"]["feedback_total"] == 0
    assert {m["dataset"] for m in card["metrics"]["test"]} == {
        "youtube",
        "sms",
        "datacamp",
        "davidson",
        "olid",
        "jigsaw",
        "civil-comments",
        "germeval",
        "mlma-en",
        "mlma-fr",
        "mlma-ar",
        "told-br",
    }
    assert card["heads"] == ["spam", *ATTRIBUTES]
    assert set(card["metrics"]["languages"]) == {"en", "de", "fr", "ar", "pt"}
    assert (DEFAULT_MODEL_PATH / MODEL_FILE).stat().st_size < 60 * 1024 * 1024


def test_is_a_scorer(model: LoadedModel) -> None:
    scorer: Scorer = model
    assert scorer.version == model.version


def test_probabilities_are_deterministic_and_in_range(model: LoadedModel) -> None:
    batch = [CommentText(content=t) for t in TEXTS]
    first = model.score(batch)
    assert first == model.score(batch)
    assert len(first) == len(TEXTS)
    for s in first:
        assert 0.0 <= s.spam <= 1.0
        assert 0.0 <= s.abuse <= 1.0
        assert set(s.attributes) == set(ATTRIBUTES)
        assert all(0.0 <= v <= 1.0 for v in s.attributes.values())
        assert s.abuse == abuse_of(s.attributes)
    assert model.score([]) == []


def test_batch_equals_single(model: LoadedModel) -> None:
    batch = model.score([CommentText(content=t) for t in TEXTS])
    single = [model.score([CommentText(content=t)])[0] for t in TEXTS]
    np.testing.assert_allclose(
        [(s.spam, *s.attributes.values()) for s in batch],
        [(s.spam, *s.attributes.values()) for s in single],
        atol=1e-9,
    )


def test_concurrent_scoring_gives_the_same_scores(model: LoadedModel) -> None:
    batches = [[CommentText(content=f"{t} {i}")] for i in range(40) for t in TEXTS[:3]]
    expected = [model.score(b) for b in batches]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(model.score, batches)) == expected


def test_obvious_spam_and_abuse_outscore_a_normal_comment(model: LoadedModel) -> None:
    normal, spam, abuse = model.score([CommentText(content=t) for t in TEXTS[:3]])
    assert spam.spam > 0.9 > 0.5 > normal.spam
    assert abuse.abuse > 0.9 > 0.5 > normal.abuse


# Neutral sentences the bundled default scores abusive (strict xfails; see the model card).
NEUTRAL_MISSES: frozenset[str] = frozenset(
    {
        "My gay brother and his husband visited Germany.",
        "The war killed millions of people, including Jews and Roma.",
    }
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            t, marks=[pytest.mark.xfail(strict=True, reason="scored abusive")] if t in NEUTRAL_MISSES else []
        )
        for t in NEUTRAL
    ],
)
def test_neutral_violence_or_identity_is_not_abusive(model: LoadedModel, text: str) -> None:
    [scores] = model.score([CommentText(content=text)])
    assert scores.abuse < 0.5
    assert scores.spam < 0.5


def test_author_fields_do_not_change_scores(model: LoadedModel) -> None:
    plain, with_author = model.score(
        [
            CommentText(content="Nice post"),
            CommentText(content="Nice post", author_name="Olena", author_url="https://o.example"),
        ]
    )
    assert plain == with_author


def test_blog_spam_kinds_are_held_and_blog_discussion_is_not(model: LoadedModel) -> None:
    """Hand-written blog comments that no training template contains (tests/helpers/blog_comments.py).

    The spam corpora are YouTube and SMS, so the kinds of spam only blogs get (course
    backlinks, support numbers, recovery scams, essay mills) come from training templates;
    these check the head learned the kinds rather than the sentences.
    """
    spam = [s.spam for s in model.score([CommentText(content=t) for t in BLOG_SPAM])]
    legit = [s.spam for s in model.score([CommentText(content=t) for t in BLOG_LEGIT])]
    held = sum(s >= 0.5 for s in spam)
    assert held >= 0.8 * len(spam), sorted(zip(spam, BLOG_SPAM, strict=True))[:5]
    assert max(legit) < 0.5
    pairs = sum(s > g for s in spam for g in legit)
    assert pairs / (len(spam) * len(legit)) >= 0.98  # ROC AUC
