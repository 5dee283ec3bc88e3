"""The attribute-labelled corpora: what each label says about which attribute, and the fixed splits."""

from pathlib import Path

from training.datasets import load_davidson, load_jigsaw, load_olid, olid_attributes
from training.datasets_more import (
    civil_attributes,
    load_civil_comments,
    load_germeval,
    load_mlma,
    load_told_br,
    mlma_attributes,
)
from training.examples import LabeledText, in_test_split


def _attrs(row: LabeledText) -> dict[str, bool]:
    return dict(row.attributes)


def test_civil_comments_types_need_two_annotators_and_test_posts_match_stripped(fixture_data: Path) -> None:
    d = load_civil_comments(fixture_data)
    test = {r.text: r for r in d.test}
    train = {r.text: r for r in d.train}
    assert set(test) == {"You're an idiot.", "  What a thoughtful article.  "}  # stripped equal
    assert _attrs(test["You're an idiot."])["insult"] is True
    negative = test["  What a thoughtful article.  "]  # a majority flagged "not toxic"
    assert negative.abuse is False
    assert not any(negative.attributes.values())
    threat = train["I will find you and you will regret this.\nCount on it."]
    assert threat.label("threat") is True
    assert threat.label("insult") is None  # one annotator only: unknown
    assert threat.label("profanity") is False  # nobody marked it
    assert train["Well shit that is a nice guide."].label("profanity") is True
    group = train["These people are all the same and should go back."]
    assert group.label("identity_attack") is None  # one of two annotators
    assert group.label("toxicity") is None  # Civil Comments says nothing usable about toxicity
    assert group.abuse is True  # but the post is toxic for the fixed split's label


def test_civil_attributes_majority_not_toxic_is_negative_for_everything() -> None:
    assert not any(civil_attributes({"insult": 3}, not_toxic=2, annotators=3).values())
    assert "toxicity" not in civil_attributes({"insult": 2}, not_toxic=0, annotators=3)
    assert civil_attributes({"insult": 2}, not_toxic=1, annotators=3)["insult"] is True


def test_davidson_offensive_is_profanity_not_an_insult(fixture_data: Path) -> None:
    d = load_davidson(fixture_data)
    rows = {r.text: r for r in d.train + d.test}
    offensive = rows["you are a fucking idiot"]
    assert offensive.label("profanity") is True
    assert offensive.label("insult") is None
    assert offensive.label("identity_attack") is False
    assert rows["@user go back to your country\nfilth"].label("identity_attack") is True
    assert rows["thanks for the update"].label("toxicity") is False


def test_olid_levels_b_and_c() -> None:
    assert olid_attributes("OFF", "UNT", "NULL")["profanity"] is True
    assert olid_attributes("OFF", "UNT", "NULL")["insult"] is False
    assert olid_attributes("OFF", "TIN", "IND")["insult"] is True
    assert olid_attributes("OFF", "TIN", "GRP")["identity_attack"] is True
    assert "insult" not in olid_attributes("OFF", "TIN", "GRP")
    assert not any(olid_attributes("NOT", "NULL", "NULL").values())


def test_olid_and_jigsaw_rows_carry_attributes(fixture_data: Path) -> None:
    assert all(r.label("toxicity") is r.abuse for r in load_olid(fixture_data).test)
    jigsaw = load_jigsaw(fixture_data)
    assert {r.label("toxicity") for r in jigsaw.train} == {True, False}
    assert all(set(r.attributes) >= {"profanity", "identity_attack", "severe_toxicity"} for r in jigsaw.train)


def test_germeval_fine_labels_and_official_test(fixture_data: Path) -> None:
    d = load_germeval(fixture_data)
    train = {r.text: r for r in d.train}
    assert [r.text for r in d.test] == ["@user Was für ein Idiot.", "@user Gute Nacht!"]
    assert train["@user Du bist ein Vollidiot."].label("insult") is True
    assert train["Die Flüchtlinge sind alle Schmarotzer.\nRaus!"].label("identity_attack") is True
    swearing = train["Scheiße, schon wieder Regen."]
    assert swearing.abuse is True
    assert swearing.label("profanity") is True
    assert swearing.label("insult") is False


def test_mlma_splits_each_language_by_hash(fixture_data: Path) -> None:
    sets = {d.name: d for d in load_mlma(fixture_data)}
    assert set(sets) == {"mlma-en", "mlma-fr", "mlma-ar"}
    for d in sets.values():
        assert all(in_test_split(r.text) for r in d.test)
        assert not any(in_test_split(r.text) for r in d.train)
    assert [r.text for r in sets["mlma-ar"].test] == ["أنت غبي"]
    assert mlma_attributes("hateful_abusive") == {"toxicity": True, "identity_attack": True, "insult": True}
    assert not any(mlma_attributes("normal").values())
    assert mlma_attributes("abusive_normal")["toxicity"] is True  # only single-label normal is not


def test_told_br_is_test_only_and_obscene_alone_is_not_abuse(fixture_data: Path) -> None:
    d = load_told_br(fixture_data)
    assert d.test_only
    assert not d.train
    rows = {r.text: r for r in d.test}
    assert rows["seu idiota\nburro"].abuse is True
    assert rows["puta que pariu que calor"].abuse is False
    assert rows["puta que pariu que calor"].label("profanity") is True
    assert rows["bom dia a todos"].abuse is False
    assert "talvez seja ruim" not in rows  # one annotator: unused
