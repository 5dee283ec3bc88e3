from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.privacy import (
    REDACTION,
    SHORT_REDACTION,
    mask_email,
    normalize_email,
    redact_emails,
    truncate_ip,
)

FAST = settings(max_examples=40, deadline=None)

# Every character RFC 5322 allows in a dot-atom local part, plus a few non-ASCII letters.
_ATOM = st.text("abcXYZ019éж!#$%&'*+/=?^_`{|}~-", min_size=1, max_size=8)
_LABEL = st.from_regex(r"[a-zA-Z0-9ü]([a-zA-Z0-9ü-]{0,8}[a-zA-Z0-9ü])?", fullmatch=True)
_TLDS = st.sampled_from(["org", "COM", "uk", "xn--p1ai", "museum", "укр"])
ADDRESSES = st.one_of(
    st.emails(),
    st.builds(
        lambda atoms, labels, tld: ".".join(atoms) + "@" + ".".join([*labels, tld]),
        st.lists(_ATOM, min_size=1, max_size=3),
        st.lists(_LABEL, min_size=1, max_size=3),
        _TLDS,
    ),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("olena@example.org", REDACTION),
        ("Write to olena@example.org, thanks.", f"Write to {REDACTION}, thanks."),
        ("mailto:Olena.K+blog@Sub.Example.CO.UK)", f"mailto:{REDACTION})"),
        ("'olena@example.org'", f"'{REDACTION}'"),
        ("<olena@example.org>", f"<{REDACTION}>"),
        ("o'brien@example.ie", REDACTION),
        ('"olena k"@example.org', REDACTION),
        ("олена@приклад.укр", REDACTION),
        ("https://x.org/?email=olena@example.org", f"https://x.org/?email={REDACTION}"),
        ("a@b.co and c@d.org", f"{REDACTION} and {REDACTION}"),
    ],
)
def test_plain_addresses_are_redacted(text: str, expected: str) -> None:
    assert redact_emails(text) == (expected, True)


@pytest.mark.parametrize(
    "obfuscated",
    [
        "olena [at] example [dot] org",
        "olena[at]example[dot]org",
        "olena (at) example (dot) org",
        "olena(at)example.org",
        "OLENA {AT} EXAMPLE {DOT} ORG",
        "olena [ at ] example [ dot ] org",
        "olena@example[.]org",
        "olena [@] example.org",
        "olena at example [dot] org",
        "olena [at] example dot org",
        "olena%40example.org",
        "olena&#64;example.org",
        "olena&#x40;example.org",
        "olena at example dot org",  # bare, with a common TLD: how the address is read aloud
        "olena at example.org",
        "meet at home dot com",  # reads as meet@home.com: redacted, by choice
    ],
)
def test_common_obfuscations_are_redacted(obfuscated: str) -> None:
    text, found = redact_emails(f"mail me: {obfuscated} please")
    assert found
    assert text == f"mail me: {REDACTION} please"


@pytest.mark.parametrize(
    "text",
    [
        "meet me at 5 at the station",
        "look at this dot com bubble",
        "I looked at it dot by dot",
        "arrive at noon dot",
        "we stayed at the hotel dot com told us about",
        "https://mastodon.social/@olena",
        "@olena great point",
        "the train leaves 5.30 @ 6.45",
        "x'); DROP TABLE comments;--",
        "user@localhost",
        "a@b.c",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_emails(text) == (text, False)


def test_a_tight_limit_falls_back_to_a_shorter_marker_then_to_nothing() -> None:
    text = "hi a@b.co there"
    assert redact_emails(text, max_length=len(text) + 8) == (f"hi {REDACTION} there", True)
    assert redact_emails(text, max_length=len(text) + 1) == (f"hi {SHORT_REDACTION} there", True)
    assert redact_emails("hi a@b.co", max_length=5) == ("hi ", True)


def test_an_overlong_text_never_grows() -> None:
    text = "x" * 50 + " a@b.co"
    redacted, found = redact_emails(text, max_length=10)
    assert found
    assert len(redacted) <= len(text)
    assert "a@b.co" not in redacted


def test_a_dropped_address_cannot_leave_a_new_one_behind() -> None:
    redacted, _ = redact_emails("x" * 70 + "a@b.co" + "@example.org", max_length=1)
    assert redact_emails(redacted) == (redacted, False)


def test_long_hostile_input_is_fast() -> None:
    for text in ("a" * 65525, "a@" * 30000, "a@" + "b." * 30000, "x [at] y " * 7000):
        redact_emails(text)


_FILLER = st.text(
    st.characters(codec="utf-8") | st.sampled_from(" .@[]()<>'\"\n/?=&"),
    max_size=20,
)


@FAST
@given(st.lists(st.tuples(_FILLER, ADDRESSES), min_size=1, max_size=4), _FILLER)
def test_no_generated_address_survives(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{before} {email} " for before, email in parts) + tail
    redacted, found = redact_emails(text)
    assert found
    for _, email in parts:
        assert email not in redacted
    assert redact_emails(redacted) == (redacted, False)


@FAST
@given(
    st.lists(st.one_of(_FILLER, ADDRESSES), max_size=6),
    st.integers(min_value=0, max_value=200),
)
def test_redaction_never_exceeds_max_length(pieces: list[str], slack: int) -> None:
    text = " ".join(pieces)
    limit = len(text) + slack // 20
    redacted, _ = redact_emails(text, max_length=limit)
    assert len(redacted) <= limit
    tight, _ = redact_emails(text, max_length=slack)
    assert len(tight) <= max(slack, len(text))


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("olena@example.org", "o***@example.org"),
        ("  olena@example.org ", "o***@example.org"),
        ("o@example.org", "***@example.org"),
        ("@example.org", "***@example.org"),
        ('"a@b"@example.org', '"***@example.org'),
        ("no-at-sign", "***"),
        ("", "***"),
        ("олена@приклад.укр", "о***@приклад.укр"),
    ],
)
def test_mask_email(email: str, masked: str) -> None:
    assert mask_email(email) == masked


@FAST
@given(ADDRESSES | st.text(max_size=30))
def test_mask_never_shows_the_whole_local_part(email: str) -> None:
    local, at, _ = email.strip().rpartition("@")
    masked_local = mask_email(email).rpartition("@")[0]
    assert not at or not local or masked_local != local


@pytest.mark.parametrize(
    ("email", "canonical"),
    [
        ("Olena@Example.ORG", "olena@example.org"),
        ("  olena@example.org\n", "olena@example.org"),
        ("olena@example.org.", "olena@example.org"),
        ("first.last+tag@gmail.com", "first.last+tag@gmail.com"),
        ("Ｏlena@example.org", "ｏlena@example.org"),
        ("e\u0301@example.org", "\u00e9@example.org"),
    ],
)
def test_normalize_email(email: str, canonical: str) -> None:
    assert normalize_email(email) == canonical


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("203.0.113.7", "203.0.113.0/24"),
        (" 198.51.100.255 ", "198.51.100.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("[2001:db8::1]", "2001:db8::/48"),
        ("fe80::1%eth0", "fe80::/48"),
        ("::ffff:203.0.113.7", "203.0.113.0/24"),
        ("", None),
        ("not an ip", None),
        ("203.0.113.7:8080", None),
        ("01.2.3.4", None),
        ("999.1.1.1", None),
    ],
)
def test_truncate_ip(ip: str, network: str | None) -> None:
    assert truncate_ip(ip) == network
