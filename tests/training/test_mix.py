"""The label and weight matrices: one column per head, NaN where a source says nothing."""

import numpy as np

from models.heads import HEADS
from training.examples import LabeledText, attribute_labels
from training.mix import matrices


def test_each_attribute_is_labeled_only_where_the_source_labels_it() -> None:
    offensive = LabeledText(
        "you stupid hoe", None, True, "davidson", attribute_labels(toxicity=True, profanity=True)
    )
    clean = LabeledText("thanks for the update", None, False, "davidson", attribute_labels(toxicity=False))
    sms = LabeledText("call me later", False, None, "sms")
    texts, Y, W = matrices([offensive, clean, sms])
    assert texts == ["you stupid hoe", "thanks for the update", "call me later"]
    assert Y.shape == W.shape == (3, len(HEADS))
    column = {h: j for j, h in enumerate(HEADS)}
    assert Y[0, column["profanity"]] == 1.0
    assert np.isnan(Y[0, column["insult"]])  # Davidson's "offensive" says nothing about insults
    assert W[0, column["insult"]] == 0.0
    assert Y[1, column["toxicity"]] == 0.0
    assert Y[0, column["spam"]] == 0.0  # tweets are not spam (cross-label)
    assert Y[2, column["spam"]] == 0.0
    assert Y[2, column["threat"]] == 0.0  # SMS messages are not abusive: no attribute
    assert (W[~np.isnan(Y)] > 0).all()


def test_an_abuse_label_without_attributes_means_toxic_and_insulting() -> None:
    row = LabeledText("you are an idiot", False, True, "moderator")
    assert [row.label(h) for h in HEADS] == [False, True, None, None, True, None, None]
    assert row.harm() is True
    ok = LabeledText("nice post", False, False, "moderator")
    assert [ok.label(h) for h in HEADS] == [False, *[False] * 6]
    assert ok.harm() is False
