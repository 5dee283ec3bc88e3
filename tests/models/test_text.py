from models.text import (
    EMAIL,
    MENTION,
    MONEY,
    NUMBER,
    PHONE,
    URL,
    clean,
    is_elongated,
    normalize,
    prepare,
    split,
    strip_invisible,
)
from service.rules import normalize_for_scoring


def test_clean_decodes_html_and_drops_invisible_characters() -> None:
    assert clean("Tom &amp; Jerry&#39;s\ufeff") == "Tom & Jerry's"
    assert clean("a<br />b") == "a b"
    assert "http://spam.example.biz" in clean('<a href="http://spam.example.biz">here</a>')
    assert clean("ﬁne\u00a0day") == "fine day"  # NFKC


def test_entities_become_placeholders_and_are_counted() -> None:
    p = prepare("Mail me@x.org, call +1 (800) 555-1234 or see WWW.a.com and spam.biz @bob 42 $5")
    tokens = normalize(" ".join(p.tokens))
    assert tokens.count(URL) == 2
    assert p.urls == 2
    assert EMAIL in tokens
    assert p.emails == 1
    assert PHONE in tokens
    assert p.phones == 1
    assert MENTION in tokens
    assert f"{NUMBER}2" in tokens
    assert MONEY in tokens


def test_ascii_and_unicode_texts_split_alike() -> None:
    assert split("don't f*ck, it's 5$ (ok)") == ["don't", "f*ck", "it's", "5$", "ok"]
    assert split("don't f*ck, it's 5$ (ok) é") == ["don't", "f*ck", "it's", "5$", "ok", "é"]


def test_obfuscation_is_undone_for_tokens() -> None:
    assert normalize("sh1t") == ["shit"]
    assert normalize("Fuuuuuck") == ["fuuck"]
    assert normalize("f*ck") == ["f*ck"]
    assert normalize("2019 «quoted» 150p b4") == [f"{NUMBER}4", "quoted", "150p", "b4"]
    assert is_elongated("sooooo")
    assert not is_elongated("soo")


def test_counts_for_meta_features() -> None:
    p = prepare("STOP SHOUTING NOW!!!")
    assert p.upper == p.letters == 15
    assert p.exclamations == 3
    assert p.tokens == ["stop", "shouting", "now"]


def test_sentence_punctuation_is_not_a_link() -> None:
    assert URL not in normalize("Great tutorial.In the section, it is fine.Thanks")


def test_spelled_out_links_are_links() -> None:
    for text in ("visit cheapmeds dot com", "see spam[.]net", "www dot shop dot co dot uk", "deals(dot)org"):
        assert normalize(text)[-1] == URL, text
        assert prepare(text).urls == 1
    for text in ("the dot com era", "I have a dot net question", "a dot product", "dot com bubble"):
        assert URL not in normalize(text), text


def test_bidi_controls_inside_numbers_do_not_hide_them() -> None:
    assert clean("1-8\u202a00-555\u202c-1234 \u2066x\u2069") == "1-800-555-1234 x"
    assert PHONE in normalize("call 1-8\u202a00-555\u202c-1234")


def test_hashtags_keep_their_words_beside_the_placeholder() -> None:
    assert normalize("#sendThemAllBack now") == ["xxhashtag", "send", "them", "all", "back", "now"]
    assert normalize("#BLMProtest") == ["xxhashtag", "blm", "protest"]
    assert normalize("#covid19") == ["xxhashtag", "covid", "xxnum2"]
    assert normalize("#lowercase") == ["xxhashtag", "lowercase"]
    assert "xxhashtag" not in normalize("see page#section and x.org/#/route")


def test_training_and_serving_strip_the_same_invisible_characters() -> None:
    # Each was kept by one side before: U+2064 and U+180E by the model, U+FE0F and U+034F by both.
    for ch in ("\u00ad", "\u200b", "\u200d", "\u2064", "\u180e", "\ufe0f", "\u034f", "\U000e0101", "\u061c"):
        text = f"ca{ch}sino"
        assert normalize_for_scoring(text) == "casino", repr(ch)
        assert clean(text) == "casino", repr(ch)
        assert strip_invisible(text) == "casino", repr(ch)
