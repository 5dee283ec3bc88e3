"""Text normalisation and tokenisation shared by training and scoring.

Everything here is a pure function of the input string, so scores are deterministic and the
same in every process. Links, emails, phone numbers, mentions, numbers and amounts of money
become placeholder tokens (`xxurl`, ...): the model learns "has a phone number", not one
spammer's number. This is the hot path of scoring, so each regular expression runs only when
a cheap test says it can match, and ASCII text is split with `bytes.translate`.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from dataclasses import dataclass

URL = "xxurl"
EMAIL = "xxemail"
PHONE = "xxphone"
MENTION = "xxmention"
NUMBER = "xxnum"
MONEY = "xxmoney"
HASHTAG = "xxhashtag"
PLACEHOLDERS = frozenset({URL, EMAIL, PHONE, MENTION, NUMBER, MONEY, HASHTAG})

_TLDS = (
    "com|net|org|info|biz|ru|de|uk|co|io|tk|ly|gl|cn|xyz|online|site|top|club|"
    "shop|store|blogspot|html|php|pro|ws|cc|tv|fm"
)
# Every pattern here must stay linear in the text's length (a comment may be 65,525 characters
# of "a.a.a." or "<a <a "): runs are matched from their start only or with bounded repeats.
_HREF = re.compile(r"""<a\s[^<>]{0,300}?href\s*=\s*["']?([^"'\s<>]+)[^<>]{0,300}>""", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,300}>")
# Invisible characters: spammers put them inside numbers and brand names ("1-8\u202a00",
# "ca\u00adsino") so that filters matching the plain string miss them. Every format character
# (category Cf: zero-width, bidi controls, soft hyphen, BOM, tags), the variation selectors and
# the combining grapheme joiner. The service's word rules see the same text (strip_invisible).
_VARIATION = frozenset("\u034f" + "".join(map(chr, range(0xFE00, 0xFE10))))
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = re.compile(r"@\w+")
# A hashtag: not inside a word or a link ("page#section", "/#/route").
_RAW_HASHTAG = re.compile(r"(?<![\w/&])#((?=\w*[^\W\d_])\w+)")
HASHTAG_PATTERN = _RAW_HASHTAG
# The words of a camel-case hashtag: "sendThemAllBack", "BLMProtest", "Covid19".
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Matched against lower-cased text, so no IGNORECASE (which is slow).
_SCHEME_URL = re.compile(r"(?:https?://|www\.)\S+")
_TLD_HINT = re.compile(r"\.(?:" + _TLDS + r")\b")
_BARE_URL = re.compile(r"(?<![\w-])[\w-]{1,63}(?:\.[\w-]{1,63}){0,6}\.(?:" + _TLDS + r")\b(?:/\S*)?")
# "example dot com", "example[.]com", "example (dot) com": a link spelled out to pass filters.
# At most four labels of at most 63 characters, so a long run of "dot"s costs linear time.
_SPELLED_DOT = re.compile(
    r"\b(?:(?!(?:the|a|an|this|that|my|your|our|his|her|its)\b)[a-z0-9][\w-]{0,62}"
    r"(?:\s?(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{dot\})\s?|\s+dot\s+)){1,4}(?:" + _TLDS + r")\b"
)
_PHONE = re.compile(r"(?<!\w)\+?\(?\d(?:[ ()./-]{0,2}\d){6,}(?!\w)")
_PHONE_DIGITS = 7
_ELONGATED = re.compile(r"(.)\1{2,}")
_LONG_RUN = re.compile(r"(.)\1{3,}")
_LEET = str.maketrans("013457@$", "oieastas")
_EDGES = "'*_‘’“”\"«»…–—-.,:;!?()[]{}<>/\\|~^`"
_CURRENCY = "$£€¥"

# Tokens are runs of letters, digits and * ' _ $ (so "f*ck", "don't", "$500" stay whole);
# every other ASCII character separates tokens. Non-ASCII punctuation is stripped from the
# ends of each token by `normalize_token`.
_WORD_BYTES = (string.ascii_letters + string.digits + "*'_$").encode()
_SPLIT_BYTES = bytes(b if b in _WORD_BYTES else 32 for b in range(256))
_SPLIT_STR = str.maketrans({chr(b): " " for b in range(128) if b not in _WORD_BYTES})
_ASCII = bytes(range(128))
_NOT_LETTER = bytes(b for b in _ASCII if not chr(b).isalpha())
_NOT_UPPER = bytes(b for b in _ASCII if not chr(b).isupper())
_NOT_DIGIT = bytes(b for b in _ASCII if not chr(b).isdigit())


@dataclass(frozen=True, slots=True)
class Prepared:
    """A comment ready for featurising: raw lower-case tokens plus counts for meta features.

    `letters` and `upper` count the ASCII letters of the cleaned text (before placeholders).
    """

    tokens: list[str]
    length: int
    letters: int
    upper: int
    exclamations: int
    urls: int
    emails: int
    phones: int


def _visible(ch: str) -> bool:
    return ch not in _VARIATION and unicodedata.category(ch) != "Cf" and not 0xE0100 <= ord(ch) <= 0xE01EF


def strip_invisible(text: str) -> str:
    """NFKC without invisible characters (see _VARIATION), to a fixed point: dropping one can
    let NFKC compose its neighbours. The one definition training and serving share (the
    service's word rules call it too, service.rules.normalize_for_scoring)."""
    if text.isascii():
        return text
    for _ in range(8):  # each round after the first only shortens the text
        previous = text
        text = "".join(filter(_visible, unicodedata.normalize("NFKC", text)))
        if text == previous:
            break
    return text


def clean(text: str) -> str:
    """Decode HTML (entities, tags; a link's target is kept), NFKC, drop invisible characters."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "<" in text:
        text = _TAG.sub(" ", _HREF.sub(r" \1 ", text))
    return strip_invisible(text)


def hashtag_words(text: str) -> str:
    """Each hashtag becomes the placeholder and its words: "#sendThemAllBack" ->
    " xxhashtag send them all back " (before lower-casing, which loses the camel case)."""
    if "#" not in text:
        return text
    return HASHTAG_PATTERN.sub(spell_hashtag, text)


def spell_hashtag(match: re.Match[str]) -> str:
    """What `hashtag_words` puts for one match of HASHTAG_PATTERN (models.spans repeats it)."""
    tag = match[1]
    pieces = _CAMEL.findall(tag)
    spelled = " ".join(pieces) if "".join(pieces) == tag else tag
    return f" {HASHTAG} {spelled} "


def replace_entities(text: str, digits: int) -> tuple[str, int, int, int]:
    """Replace emails, links, phone numbers, mentions and hashtags in lower-cased `text`.

    `digits` is how many digits the text has (no phone number below seven). Returns the new
    text and the number of links, emails and phone numbers found.
    """
    emails = urls = phones = 0
    if "@" in text:
        text, emails = _EMAIL.subn(f" {EMAIL} ", text)
        text = _MENTION.sub(f" {MENTION} ", text)
    if "://" in text or "www." in text:
        text, urls = _SCHEME_URL.subn(f" {URL} ", text)
    if "." in text and _TLD_HINT.search(text):
        text, bare = _BARE_URL.subn(f" {URL} ", text)
        urls += bare
    if "dot" in text or "[.]" in text or "(.)" in text:
        text, spelled = _SPELLED_DOT.subn(f" {URL} ", text)
        urls += spelled
    if "#" in text:
        text = _RAW_HASHTAG.sub(rf" {HASHTAG} \1 ", text)
    if digits >= _PHONE_DIGITS:
        text, phones = _PHONE.subn(f" {PHONE} ", text)
    return text, urls, emails, phones


def split(text: str) -> list[str]:
    """Raw tokens (see _WORD_BYTES); ASCII text takes the bytes fast path."""
    if text.isascii():
        return text.encode().translate(_SPLIT_BYTES).decode().split()
    return text.translate(_SPLIT_STR).split()


def prepare(text: str) -> Prepared:
    """Clean, count, replace entities and split into raw tokens (the hot path)."""
    text = clean(text)
    ascii_bytes = text.encode("ascii", "ignore")
    digits = len(ascii_bytes.translate(None, _NOT_DIGIT))
    replaced, urls, emails, phones = replace_entities(hashtag_words(text).lower(), digits)
    return Prepared(
        tokens=split(replaced),
        length=len(text),
        letters=len(ascii_bytes.translate(None, _NOT_LETTER)),
        upper=len(ascii_bytes.translate(None, _NOT_UPPER)),
        exclamations=text.count("!"),
        urls=urls,
        emails=emails,
        phones=phones,
    )


def normalize_token(raw: str) -> str:
    """One raw token -> the token the features see (cached by callers, so it may be slow).

    Strips punctuation from the ends, maps amounts of money to a placeholder and numbers to
    `xxnum<digits>` (capped at 6),
    squeezes runs ("fuuuuck" -> "fuuck") and undoes leetspeak inside words ("sh1t" -> "shit").
    """
    token = raw.strip(_EDGES)
    if not token:
        return raw
    if token in PLACEHOLDERS:
        return token
    if token[0] in _CURRENCY or token[-1] in _CURRENCY:
        return MONEY
    if token.isdigit():  # keep the length: years, short codes and counts differ
        return f"{NUMBER}{min(len(token), 6)}"
    if len(set(token)) <= len(token) - 2:  # else no character can repeat three times
        token = _ELONGATED.sub(r"\1\1", token)
    if token[0].isalpha() and token[-1].isalpha() and not token.isalpha():
        token = token.translate(_LEET)  # "sh1t", "n1gga"; not "150p", "b4", "mp3"
    return token


def is_elongated(raw: str) -> bool:
    """A run of four or more of one character ("sooooo")."""
    return len(set(raw)) <= len(raw) - 3 and _LONG_RUN.search(raw) is not None


def normalize(text: str) -> list[str]:
    """The normalised tokens of `text` (what the word features see); for tests and debugging."""
    return [normalize_token(t) for t in prepare(text).tokens]
