from models.text import EMAIL, MENTION, NUMBER, PHONE, URL, clean, normalize


def test_clean_decodes_html_and_drops_invisible_characters() -> None:
    assert clean("Tom &amp; Jerry&#39;s\ufeff") == "Tom & Jerry's"
    assert clean("a<br />b") == "a b"
    assert "http://spam.example.biz" in clean('<a href="http://spam.example.biz">here</a>')
    assert clean("ﬁne\u00a0day") == "fine day"  # NFKC


def test_entities_become_placeholders_and_are_counted() -> None:
    n = normalize("Mail me@x.org, call +1 (800) 555-1234 or see www.a.com and spam.biz @bob 42")
    assert n.tokens.count(URL) == 2
    assert n.urls == 2
    assert EMAIL in n.tokens
    assert n.emails == 1
    assert PHONE in n.tokens
    assert n.phones == 1
    assert MENTION in n.tokens
    assert NUMBER in n.tokens


def test_obfuscation_is_undone_for_tokens() -> None:
    assert normalize("sh1t").tokens == ["shit"]
    assert normalize("Fuuuuuck").tokens == ["fuuck"]
    assert normalize("f*ck").tokens == ["f*ck"]
    assert normalize("2019").tokens == [NUMBER]


def test_counts_for_meta_features() -> None:
    n = normalize("STOP SHOUTING NOW!!!")
    assert n.upper == n.letters == 15
    assert n.tokens.count("!") == 3
    assert normalize("soooooo good").longest_run == 6


def test_sentence_punctuation_is_not_a_link() -> None:
    assert URL not in normalize("Great tutorial.In the section, it is fine.Thanks").tokens
