from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain import FieldError, ReasonCode, Submission
from service.rules import (
    RuleConfig,
    clean_text,
    clean_unicode_text,
    content_rule_hits,
    count_links,
    normalize_for_scoring,
    validate_submission,
)

FAST = settings(max_examples=60, deadline=None)
DEFAULT = RuleConfig()
ZWJ, ZWNJ = "\u200d", "\u200c"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
SQL = "x'); DROP TABLE comments;--"

# Arbitrary Unicode, lone surrogates included, with the characters cleaning cares about mixed in.
ODD = st.sampled_from(
    ["\r\n", "\r", "\n", "\t", "\x00", "\x1b", "\x85", "\u2028", ZWJ, ZWNJ, "\u200b", "\u202e",
     "\u2066", "\ufeff", "\U000e0041", "\U000e007f", "🏴", "👩", "\u0301", " ", "\ud800", "ﬁ"]
)  # fmt: skip
ANY_TEXT = st.lists(st.characters(codec=None) | ODD, max_size=30).map("".join)


def submission(**overrides: str) -> Submission:
    values: dict[str, Any] = {
        "post_id": "2023-08-kuzminov-defection",
        "author_name": "Olena",
        "author_email": "olena@example.org",
        "content": "Thank you for the detailed timeline.",
    }
    values.update(overrides)
    return Submission(**values)


def codes(errors: tuple[FieldError, ...]) -> dict[str, str]:
    return {error.field: error.code for error in errors}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_the_ascii_path_of_clean_text_equals_the_general_one(text: str) -> None:
    assert clean_text(text) == clean_unicode_text(text)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  hello  ", "hello"),
        ("one\r\ntwo\rthree\u2028four\x85five", "one\ntwo\nthree\nfour\nfive"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("bell\x07 null\x00 esc\x1b[31m del\x7f c1\x9b", "bell null esc[31m del c1"),
        ("\ufeffBOM first", "BOM first"),
        ("zero\u200bwidth", "zerowidth"),
        ("bidi \u202egnp.exe\u202c and \u2067isolate\u2069", "bidi gnp.exe and isolate"),
        ("word\u2060joiner", "wordjoiner"),
        ("👩\u200d💻 keeps its joiner", "👩\u200d💻 keeps its joiner"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        (f"{ZWJ}stray{ZWJ} {ZWJ}joiners{ZWNJ}{ZWNJ}x", "stray joinersx"),
        (SCOTLAND, SCOTLAND),
        ("smuggled\U000e0049\U000e0047\U000e004e text", "smuggled text"),
        ("e\u0301 and \u0915\u094d\u0937", "e\u0301 and \u0915\u094d\u0937"),
        ("שלום עולם", "שלום עולם"),
        ("مرحبا بالعالم", "مرحبا بالعالم"),
        ("ｆｕｌｌｗｉｄｔｈ ﬁ ²", "ｆｕｌｌｗｉｄｔｈ ﬁ ²"),
        ("soft\u00adhyphen", "soft\u00adhyphen"),
        (SQL, SQL),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("\x00 \u200b \n", ""),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@FAST
@given(ANY_TEXT)
def test_clean_text_is_idempotent_and_utf8_safe(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")
    assert cleaned == cleaned.strip()
    assert "\r" not in cleaned


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("ＣＡＳＩＮＯ", "CASINO"),
        ("ca\u00adsino ca\u200dsino ca\u200bsino", "casino casino casino"),
        ("ﬁnancial ²", "financial 2"),
        ("e\u0301", "é"),
        ("👩\u200d💻", "👩💻"),
        (" \u202eabc\r\n", "abc"),
    ],
)
def test_normalize_for_scoring(raw: str, normalized: str) -> None:
    assert normalize_for_scoring(raw) == normalized


@FAST
@given(ANY_TEXT)
def test_normalize_for_scoring_is_idempotent(text: str) -> None:
    normalized = normalize_for_scoring(text)
    assert normalize_for_scoring(normalized) == normalized


def test_a_valid_submission_has_no_errors_and_is_cleaned() -> None:
    sub = submission(author_email="  olena@example.org\n", content=" Hi\r\nthere \u200b")
    cleaned, errors = validate_submission(replace(sub, parent_id=7), DEFAULT)
    assert errors == ()
    assert cleaned.author_email == "olena@example.org"
    assert cleaned.content == "Hi\nthere"
    assert cleaned.parent_id == 7


def test_every_error_is_reported_at_once() -> None:
    sub = Submission(
        post_id=" ",
        author_name="n" * 246,
        author_email="not-an-address",
        content="\u200b\n\t",
        author_url="javascript:alert(1)",
    )
    _, errors = validate_submission(sub, DEFAULT)
    assert codes(errors) == {
        "post_id": "required",
        "author_name": "too_long",
        "author_email": "invalid_email",
        "author_url": "invalid_url",
        "content": "required",
    }
    assert [e.field for e in errors] == [
        "post_id",
        "author_name",
        "author_email",
        "author_url",
        "content",
    ]


def test_name_and_email_can_be_optional() -> None:
    sub = submission(author_name=" ", author_email="")
    assert codes(validate_submission(sub, DEFAULT)[1]) == {
        "author_name": "required",
        "author_email": "required",
    }
    optional = RuleConfig(require_name_email=False)
    assert validate_submission(sub, optional)[1] == ()
    bad = submission(author_email="nope")
    assert codes(validate_submission(bad, optional)[1]) == {"author_email": "invalid_email"}


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("post_id", 255),
        ("author_name", 245),
        ("author_url", 200),
        ("content", 65525),
    ],
)
def test_length_limits_follow_wordpress(field: str, limit: int) -> None:
    prefix = "https://example.org/" if field == "author_url" else ""
    at_limit = prefix + "a" * (limit - len(prefix))
    assert validate_submission(submission(**{field: at_limit}), DEFAULT)[1] == ()
    _, errors = validate_submission(submission(**{field: at_limit + "a"}), DEFAULT)
    assert errors == (FieldError(field, "too_long", f"must be at most {limit} characters"),)


def test_length_counts_characters_of_the_cleaned_value() -> None:
    config = RuleConfig(max_name_length=3)
    assert validate_submission(submission(author_name="  👩\u200d💻  "), config)[1] == ()
    assert validate_submission(submission(author_name="abc\u200b\u200b"), config)[1] == ()


def test_limits_are_configurable() -> None:
    short = RuleConfig(max_content_length=5)
    _, errors = validate_submission(submission(content="123456"), short)
    assert errors == (FieldError("content", "too_long", "must be at most 5 characters"),)
    _, errors = validate_submission(submission(), RuleConfig(max_email_length=10))
    assert errors == (FieldError("author_email", "too_long", "must be at most 10 characters"),)


@pytest.mark.parametrize(
    "email",
    [
        "plainaddress",
        "@example.org",
        "olena@",
        "olena@localhost",
        "olena@@example.org",
        "olena k@example.org",
        "olena@example..org",
        "olena@exa mple.org",
        "olena@-example.org",
        "olena@example.org.",
        "olena@example",
    ],
)
def test_invalid_emails(email: str) -> None:
    _, errors = validate_submission(submission(author_email=email), DEFAULT)
    assert errors == (FieldError("author_email", "invalid_email", "is not a valid email address"),)


@pytest.mark.parametrize(
    "email",
    ["olena@example.org", "Olena.K+blog@Sub.Example.CO.UK", "олена@приклад.укр", "o'brien@ex.ie",
     # WordPress's is_email accepts special-use TLDs (intranets, staging sites): so must we.
     "reader@intranet.local", "jane@blog.test", "olena@example.invalid", "a@b.co",
     "olena..k@example.org"],
)
def test_valid_emails(email: str) -> None:
    assert validate_submission(submission(author_email=email), DEFAULT)[1] == ()


@pytest.mark.parametrize(
    "url",
    [
        "https://olena.example.org",
        "http://olena.example.org/path?q=1#frag",
        "HTTPS://EXAMPLE.ORG",
        "http://localhost:8000/",
        "http://203.0.113.7/",
        "http://[2001:db8::1]:8080/",
        "https://bücher.de/",
    ],
)
def test_valid_urls(url: str) -> None:
    assert validate_submission(submission(author_url=url), DEFAULT)[1] == ()


@pytest.mark.parametrize(
    "url",
    [
        "olena.example.org",
        "//olena.example.org",
        "ftp://example.org",
        "javascript:alert(1)",
        "data:text/html,<script>",
        "http://",
        "https:///path",
        "http://exa mple.org",
        "http://example.org:99999/",
        "http://[2001:db8::1/",
        "https://paypal.com@evil.example",
        "http:\\\\example.org",
        "http://-bad-.org",
    ],
)
def test_invalid_urls(url: str) -> None:
    _, errors = validate_submission(submission(author_url=url), DEFAULT)
    assert codes(errors) == {"author_url": "invalid_url"}


def test_an_empty_url_is_fine() -> None:
    assert validate_submission(submission(author_url="  "), DEFAULT)[1] == ()


def test_lone_surrogates_are_invalid_text_in_any_field() -> None:
    sub = submission(content="bad \ud800 text", user_agent="\udfff")
    cleaned, errors = validate_submission(sub, DEFAULT)
    assert codes(errors) == {"content": "invalid_text", "user_agent": "invalid_text"}
    assert cleaned.content == "bad  text"


@pytest.mark.parametrize(
    "content",
    [SQL, "👩\u200d💻🏳️\u200d🌈 " + SCOTLAND, "שלום مرحبا", "Z\u0351\u036b\u0343a\u0344l\u0350g\u0357o"],
)
def test_odd_but_valid_text_passes_unchanged(content: str) -> None:
    cleaned, errors = validate_submission(submission(content=content), DEFAULT)
    assert errors == ()
    assert cleaned.content == content


_PROBE = st.text(st.characters(codec=None), max_size=300)
_LIMITS = {DEFAULT.max_name_length, DEFAULT.max_email_length, DEFAULT.max_url_length}
_FIXED_MESSAGES = {
    "is required",
    "is not a valid email address",
    "must be an absolute http:// or https:// URL with a host name (and no user name)",
    "contains invalid characters (unpaired surrogates)",
    *(f"must be at most {limit} characters" for limit in _LIMITS),
}


@FAST
@given(_PROBE, _PROBE, _PROBE)
def test_messages_are_fixed_sentences_that_never_repeat_a_value(
    name: str, email: str, url: str
) -> None:
    sub = submission(author_name=name, author_email=email, author_url=url)
    _, errors = validate_submission(sub, DEFAULT)
    assert {error.message for error in errors} <= _FIXED_MESSAGES


@settings(max_examples=40, deadline=None)
@given(
    st.builds(
        Submission,
        post_id=ANY_TEXT,
        author_name=ANY_TEXT,
        author_email=ANY_TEXT,
        content=ANY_TEXT,
        author_url=ANY_TEXT,
        user_ip=ANY_TEXT,
        user_agent=ANY_TEXT,
        referrer=ANY_TEXT,
        honeypot=ANY_TEXT,
    ),
    st.booleans(),
)
def test_validation_never_raises_and_returns_clean_text(sub: Submission, required: bool) -> None:
    cleaned, errors = validate_submission(sub, RuleConfig(require_name_email=required))
    assert all(isinstance(error, FieldError) for error in errors)
    for value in (cleaned.post_id, cleaned.author_name, cleaned.author_email, cleaned.content):
        assert clean_text(value) == value
        value.encode("utf-8")
    content_rule_hits(cleaned, RuleConfig(blocked_words=("a",), moderation_words=("b",)))


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("no links here", 0),
        ("see https://example.org and http://example.com/p?q=1", 2),
        ("www.example.org, or WWW.EXAMPLE.COM", 2),
        ('<a href="https://x.org">https://x.org</a>', 1),
        ('<a href="https://x.org">x</a> <A HREF=y>y</A> <a\nhref="z">', 3),
        ("<a name='anchor'>no href</a>", 0),
        ('<img src="https://x.org/cat.png">', 0),
        ("mail olena@www.example.org", 0),
        ("one.two.three and 5.30pm", 0),
        ("https://a.org/https://b.org", 1),
    ],
)
def test_count_links(text: str, links: int) -> None:
    assert count_links(text) == links


def test_no_hits_for_an_ordinary_comment() -> None:
    assert content_rule_hits(submission(), RuleConfig(blocked_words=("casino",))) == ()


def test_honeypot() -> None:
    hits = content_rule_hits(submission(honeypot="I am a bot"), DEFAULT)
    assert [hit.code for hit in hits] == [ReasonCode.HONEYPOT]
    assert "I am a bot" not in hits[0].message
    assert content_rule_hits(submission(honeypot=" \n"), DEFAULT) == ()


@pytest.mark.parametrize(
    "field", ["author_name", "author_email", "author_url", "content", "user_ip", "user_agent"]
)
def test_blocked_words_are_checked_in_every_field_wordpress_checks(field: str) -> None:
    value = {"author_email": "casino@example.org", "author_url": "https://casino.example"}
    sub = submission(**{field: value.get(field, "Best CASINO")})
    hits = content_rule_hits(sub, RuleConfig(blocked_words=("casino",)))
    assert hits == (hits[0],)
    assert hits[0].code == ReasonCode.BLOCKED_WORD
    assert hits[0].message == "blocked word: casino"


def test_words_match_case_insensitive_lookalike_and_hidden_forms() -> None:
    config = RuleConfig(blocked_words=("casino",))
    for content in ("ＣＡＳＩＮＯ", "Cas\u200dino", "ca\u00adsino", "cas<b>ino</b>", "CaSiNo"):
        assert [h.code for h in content_rule_hits(submission(content=content), config)] == [
            ReasonCode.BLOCKED_WORD
        ], content


def test_words_are_substrings_like_wordpress() -> None:
    config = RuleConfig(moderation_words=("ass",))
    hits = content_rule_hits(submission(content="a classic"), config)
    assert [hit.code for hit in hits] == [ReasonCode.MODERATION_WORD]


def test_blank_words_are_ignored() -> None:
    config = RuleConfig(blocked_words=("", "  ", "\u200b"), moderation_words=("",))
    assert content_rule_hits(submission(), config) == ()


def test_several_words_make_one_reason_each_kind_in_order() -> None:
    config = RuleConfig(
        blocked_words=("viagra", "casino", "absent", "Casino"),
        moderation_words=("crypto",),
        max_links=1,
    )
    sub = submission(
        content="casino viagra crypto http://a.example http://b.example", honeypot="x"
    )
    hits = content_rule_hits(sub, config)
    assert [(hit.code, hit.message) for hit in hits] == [
        (ReasonCode.HONEYPOT, "the hidden honeypot field was filled in"),
        (ReasonCode.BLOCKED_WORD, "blocked words: viagra, casino, Casino"),
        (ReasonCode.MODERATION_WORD, "moderation word: crypto"),
        (ReasonCode.TOO_MANY_LINKS, "2 links (at most 1 allowed)"),
    ]
    assert content_rule_hits(sub, config) == hits


def test_a_blocked_address_is_not_repeated_in_the_message() -> None:
    email = "spammer@bad.example"
    hits = content_rule_hits(
        submission(author_email=email), RuleConfig(blocked_words=(email, "bad"))
    )
    assert hits[0].message == "blocked words: an email address, bad"
    assert email not in hits[0].message


def test_too_many_links_counts_the_content_only() -> None:
    three = "https://a.example https://b.example https://c.example"
    hits = content_rule_hits(submission(content=three), DEFAULT)
    assert [(h.code, h.message) for h in hits] == [
        (ReasonCode.TOO_MANY_LINKS, "3 links (at most 2 allowed)")
    ]
    two = submission(content="https://a.example https://b.example", author_url="https://c.example")
    assert content_rule_hits(two, DEFAULT) == ()
    fullwidth = submission(content="ｈｔｔｐｓ：／／a.example " * 3)
    assert [h.code for h in content_rule_hits(fullwidth, DEFAULT)] == [ReasonCode.TOO_MANY_LINKS]
    assert content_rule_hits(submission(content="https://a.example"), RuleConfig(max_links=0))[
        0
    ].message == ("1 link (at most 0 allowed)")
