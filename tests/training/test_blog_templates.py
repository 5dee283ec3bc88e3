import numpy as np

from tests.helpers.blog_comments import LEGIT, SPAM
from training.blog_templates import SOURCE, blog_examples
from training.examples import Head, LabeledText
from training.mix import HEAD_ORDER, NOT_CALIBRATED, SOURCE_MASS, matrices

# Words of the behaviour test's comments (tests/models/test_default_model.py) that the
# templates must not contain, so that test checks the kind of spam and not the sentences.
HELD_OUT_WORDS = (
    "Bitdefender",
    "Epson",
    "McAfee",
    "Hadoop",
    "Selenium",
    "SAP",
    "Ozempic",
    "TikTok",
    "Pune",
    "Noida",
    "Gurgaon",
    "Baba",
)


def test_blog_examples_are_fixed_and_labeled_both_ways() -> None:
    rows = blog_examples()
    assert rows == blog_examples()
    assert len(rows) == len({r.text for r in rows})
    spam = [r for r in rows if r.spam]
    legit = [r for r in rows if r.spam is False]
    assert len(spam) >= 250
    assert len(legit) >= 200
    assert all(r.abuse is None and r.source == SOURCE for r in rows)
    assert all(r.text == r.text.strip() and r.text for r in rows)


def test_behaviour_test_comments_are_not_templates() -> None:
    texts = {r.text for r in blog_examples()}
    assert not texts & set(SPAM + LEGIT)
    joined = " ".join(texts)
    for word in HELD_OUT_WORDS:
        assert word not in joined


def test_templates_are_trained_on_but_not_calibrated_on() -> None:
    assert SOURCE in SOURCE_MASS
    assert SOURCE in NOT_CALIBRATED
    real = [LabeledText("real spam", True, None, "youtube"), LabeledText("ok", False, None, "youtube")]
    rows = [*blog_examples()[:5], *real]
    _, _, train_weights = matrices(rows)
    _, _, calibration_weights = matrices(rows, calibration=True)
    spam = HEAD_ORDER.index(Head.SPAM)
    assert np.all(train_weights[:5, spam] > 0)
    assert np.all(calibration_weights[:5, spam] == 0)
    assert np.all(calibration_weights[5:, spam] > 0)
