"""Language detection: right on plain comments, undetermined (never a guess) on short or odd text."""

from __future__ import annotations

import pytest

from models.language import MAX_CHARS, MIN_LETTERS, UNDETERMINED, detect, letters


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thanks for the write-up, I finally understand how the cache works.", "en"),
        ("Vielen Dank für den Artikel, das hat mir beim Umzug sehr geholfen.", "de"),
        ("Merci pour cet article, il m'a beaucoup aidé à comprendre le problème.", "fr"),
        ("شكرا على هذا المقال الرائع، لقد ساعدني كثيرا في فهم المشكلة", "ar"),
        ("Obrigado pelo artigo, me ajudou muito a entender o problema todo.", "pt"),
    ],
)
def test_detects_the_language_of_a_sentence(text: str, language: str) -> None:
    found = detect(text)
    assert found.language == language
    assert 0.5 < found.confidence <= 1.0


@pytest.mark.parametrize("text", ["", "ok", "danke!", "lol 😂😂", "merci bien", "1234 5678 !!!", "   "])
def test_short_texts_are_undetermined(text: str) -> None:
    assert letters(text) < MIN_LETTERS
    assert detect(text).language == UNDETERMINED


def test_text_cld2_refuses_is_undetermined_not_an_error() -> None:
    assert detect("\x7f\x01 broken control characters everywhere in here \x02").language == UNDETERMINED
    surrogate = "lone surrogate \ud800 in an otherwise English sentence here"
    assert detect(surrogate).language in {"en", UNDETERMINED}


def test_a_huge_comment_is_judged_by_its_head() -> None:
    english = "This is an English sentence about gardening. " * (MAX_CHARS // 40)
    german = "Das ist ein deutscher Satz über den Garten und die Blumen. " * 1000
    assert detect(english + german).language == "en"


@pytest.mark.parametrize("text", ["", "abc 123 !?", "Ünïcödé wörds ß", "٣ عربي", "x" * 300])
def test_letters_counts_the_same_on_both_paths(text: str) -> None:
    assert letters(text) == sum(ch.isalpha() for ch in text)
