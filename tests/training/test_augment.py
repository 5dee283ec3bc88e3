from training.augment import SOURCE, neutral_examples

# The behaviour tests' sentences (tests/models/test_default_model.py) must stay held out.
HELD_OUT_WORDS = ("twelve", "pilot", "Spain", "husband", "Roma", "1965", "bombing")


def test_neutral_examples_are_fixed_negatives() -> None:
    rows = neutral_examples()
    assert rows == neutral_examples()
    assert len(rows) == len({r.text for r in rows}) > 500
    assert all(r.spam is False and r.abuse is False and r.source == SOURCE for r in rows)


def test_behaviour_test_sentences_are_not_templates() -> None:
    texts = " ".join(r.text for r in neutral_examples())
    for word in HELD_OUT_WORDS:
        assert word not in texts
