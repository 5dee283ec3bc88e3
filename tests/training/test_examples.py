import hashlib

from training.examples import LabeledText, dedupe, in_test_split, split_by_hash


def _rule(text: str) -> bool:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big") % 5 == 0


def test_split_rule_matches_the_data_readme() -> None:
    texts = [f"comment number {i}" for i in range(200)] + ["", "ünïcödé \ufeff", "a\r\nb"]
    assert [in_test_split(t) for t in texts] == [_rule(t) for t in texts]
    assert 20 < sum(in_test_split(t) for t in texts) < 70  # about a fifth


def test_split_uses_the_raw_text_not_a_normalised_one() -> None:
    # Texts that differ only in a trailing U+FEFF are different texts for the split.
    pairs = [(f"nice song {i}", f"nice song {i}\ufeff") for i in range(50)]
    assert any(in_test_split(a) != in_test_split(b) for a, b in pairs)


def test_dedupe_keeps_one_copy_and_any_positive_label() -> None:
    rows = [
        LabeledText("buy now", False, None, "youtube"),
        LabeledText("hello", False, None, "youtube"),
        LabeledText("buy now", True, None, "youtube"),
    ]
    unique = dedupe(rows)
    assert [r.text for r in unique] == ["buy now", "hello"]
    assert unique[0].spam is True


def test_split_by_hash_never_puts_one_text_on_both_sides() -> None:
    rows = [LabeledText(f"text {i % 40}", i % 2 == 0, None, "s") for i in range(400)]
    train, test = split_by_hash(rows)
    assert len(train) + len(test) == 40
    assert not {r.text for r in train} & {r.text for r in test}
    assert all(in_test_split(r.text) for r in test)
