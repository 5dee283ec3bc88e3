"""Spans: offsets into the text as submitted, through entities, NFKC, invisibles and emoji, and
token contributions that add up to the model's decision."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from models import DEFAULT_MODEL_PATH, LoadedModel, load
from models.features import META_NAMES, meta_features
from models.heads import HEADS
from models.spans import align, contributions, drivers, explain, head_names, merged, tokens
from models.text import prepare
from models.types import HARM_ATTRIBUTES


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return load(DEFAULT_MODEL_PATH)


def _texts(text: str) -> list[str]:
    return [text[t.start : t.end] for t in tokens(align(text))]


def test_tokens_map_back_to_the_original_characters() -> None:
    text = "Ｙｏｕ &amp; your fri\u200bends are <b>idiots</b> &#128545; caf\u0065\u0301!"
    expected = ["Ｙｏｕ", "your", "fri\u200bends", "are", "idiots", "&#128545;", "caf\u0065\u0301"]
    assert _texts(text) == expected
    a = align(text)
    assert a.text.split()[0] == "you"  # NFKC and lower case, still mapped to the fullwidth letters


def test_entity_double_escaped_and_emoji_keep_their_ranges() -> None:
    text = "&amp;quot;moron&amp;quot; 🤬🤬 loser &lt;b&gt;"
    found = tokens(align(text))
    assert [text[t.start : t.end] for t in found] == ["moron", "🤬🤬", "loser"]
    assert [t.raw for t in found] == ["moron", "🤬🤬", "loser"]  # the tag is gone, as for the model


def test_edges_are_trimmed_but_inner_marks_kept() -> None:
    assert _texts("\"don't\" f*ck... (idiot)") == ["don't", "f*ck", "idiot"]


def test_contributions_add_up_to_the_decision(model: LoadedModel) -> None:
    text = "you are a stupid idiot and everyone here knows it, loser"
    pipeline = model.pipeline
    raw = prepare(text).tokens
    assert raw == [t.raw for t in tokens(align(text))]  # plain ASCII: the same tokens
    parts = contributions(pipeline, raw)
    features, heads = pipeline.named_steps["features"], pipeline.named_steps["heads"]
    meta = np.asarray(meta_features(prepare(text), False)) * features.meta_weight
    meta_part = meta @ np.asarray(heads.coef_, dtype=np.float64)[-len(META_NAMES) :]
    expected = heads.decision_function(features.transform([text]))[0]
    np.testing.assert_allclose(parts.sum(axis=0) + meta_part + heads.intercept_, expected, atol=1e-6)


def test_drivers_and_merging() -> None:
    values = np.array([0.0, 2.0, 1.2, -1.0, 0.9, 0.04])
    assert drivers(values, share=0.5) == [1, 2]
    assert drivers(np.array([0.01, 0.02])) == []
    toks = tokens(align("you will regret this, pal"))
    assert merged(toks, [0, 1, 2, 3]) == [(0, 20)]
    assert merged(toks, [0, 2]) == [(0, 3), (9, 15)]


def test_explain_finds_the_insult_in_odd_unicode(model: LoadedModel) -> None:
    text = "Nice try. Ｙｏｕ ａｒｅ ａｎ ｉｄ\u200bｉｏｔ &amp; a m\u00adoron 🤡"
    found = explain(model.pipeline, text, ["abuse", "spam", "unknown"])
    assert list(found) == ["abuse"]  # spam is never explained; unknown names are left out
    highlighted = [text[s:e] for s, e in found["abuse"]]
    assert any("ｉｄ\u200bｉｏｔ" in h for h in highlighted)
    assert not any("Nice" in h for h in highlighted)


def test_loaded_model_scores_each_span_alone(model: LoadedModel) -> None:
    text = "Great photos of the lake. You are a pathetic idiot though."
    spans = model.explain(text, ["abuse"])
    assert spans
    assert all(s.attribute == "abuse" for s in spans)
    idiot = text.index("idiot")
    assert any(s.start <= idiot < s.end for s in spans)
    for s in spans:
        assert s.score == pytest.approx(model.score_texts([text[s.start : s.end]])[0].abuse)
    assert model.explain("Great photos of the lake.", []) == ()


def test_an_artifact_without_heads_names_is_spam_and_abuse(model: LoadedModel) -> None:
    assert head_names(model.pipeline) == HEADS  # the 2026-12-02 default names its seven heads
    legacy = Pipeline([("features", model.pipeline.named_steps["features"]), ("heads", LogisticRegression())])
    assert head_names(legacy) == ("spam", "abuse")


def test_hashtags_are_split_like_the_normaliser_and_map_to_the_whole_tag() -> None:
    text = "So #sendThemAllBack now, #BLMProtest & page#section"
    found = tokens(align(text))
    assert [t.raw for t in found] == prepare(text).tokens
    tag = text.index("#sendThemAllBack")
    assert {(t.start, t.end) for t in found if t.raw in ("send", "them", "all", "back")} == {
        (tag, tag + len("#sendThemAllBack"))
    }


def test_abuse_spans_are_those_of_the_highest_harm_attribute(model: LoadedModel) -> None:
    text = "Great photos of the lake. You are a pathetic idiot though."
    scores = model.score_texts([text])[0]
    highest = max(HARM_ATTRIBUTES, key=lambda a: scores.attributes[a])
    found = explain(model.pipeline, text, ["abuse", highest])
    assert found["abuse"] == found[highest]
