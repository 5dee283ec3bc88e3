"""Text normalisation and tokenisation shared by training and scoring.

Everything here is a pure function of the input string, so scores are deterministic and the
same in every process. Links, emails, phone numbers and mentions become placeholder tokens
(`xxurl`, ...): the model learns "has a phone number", not one spammer's number.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

URL = "xxurl"
EMAIL = "xxemail"
PHONE = "xxphone"
MENTION = "xxmention"
NUMBER = "xxnum"
HASHTAG = "xxhashtag"
PLACEHOLDERS = frozenset({URL, EMAIL, PHONE, MENTION, NUMBER, HASHTAG})

_TLDS = (
    "com|net|org|info|biz|ru|de|uk|co|io|tk|ly|gl|cn|xyz|online|site|top|club|"
    "shop|store|blogspot|html|php|pro|ws|cc|tv|fm"
)
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)[^>]*>""", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,300}>")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#((?=\w*[^\W\d_])\w+)")
_SCHEME_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TLD_HINT = re.compile(r"\.(?:" + _TLDS + r")\b", re.IGNORECASE)
_BARE_URL = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:" + _TLDS + r")\b(?:/\S*)?", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# Digits not glued to letters ("sh1t" stays a word); long digit runs are phone numbers.
_NUMBER = re.compile(r"(?<![^\W\d_])\+?\(?\d[\d ()./,-]*(?<=\d)(?![^\W\d_])")
_TOKEN = re.compile(r"\w+(?:[*'’]\w+)*|[!?$£€*]")
_ELONGATED = re.compile(r"(.)\1{2,}")
_LEET = str.maketrans("013457@$", "oieastas")
_PHONE_DIGITS = 7
_CACHE_LIMIT = 200_000
_token_cache: dict[str, tuple[str, int, int, int]] = {}


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised comment: tokens for the n-gram features, counts for the meta features."""

    tokens: list[str]
    length: int
    letters: int
    upper: int
    urls: int
    emails: int
    phones: int
    longest_run: int


def _number(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group())
    return f" {PHONE} " if digits >= _PHONE_DIGITS else f" {NUMBER} "


def clean(text: str) -> str:
    """Decode HTML (entities, tags; a link's target is kept), NFKC, drop invisible characters."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "<" in text:
        text = _TAG.sub(" ", _HREF.sub(r" \1 ", text))
    text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", text)


def _token_info(raw: str) -> tuple[str, int, int, int]:
    """(normalised token, letters, upper-case letters, longest run of one character)."""
    info = _token_cache.get(raw)
    if info is not None:
        return info
    letters = sum(c.isalpha() for c in raw)
    upper = sum(c.isupper() for c in raw)
    runs = [len(m.group()) for m in _ELONGATED.finditer(raw)]
    token = _ELONGATED.sub(r"\1\1", raw.lower())
    if letters and letters < len(token) and token not in PLACEHOLDERS:
        token = token.translate(_LEET)  # "sh1t" -> "shit", but leave pure numbers alone
    info = (token, letters, upper, max(runs, default=1))
    if len(_token_cache) >= _CACHE_LIMIT:
        _token_cache.clear()
    _token_cache[raw] = info
    return info


def replace_entities(text: str) -> tuple[str, int, int, int]:
    """Replace emails, links, phone numbers, numbers, mentions and hashtags by placeholders.

    Returns the new text and the number of links, emails and phone numbers found. Each
    pattern runs only when a cheap test says it can match: this is on the hot path.
    """
    emails = urls = phones = 0
    if "@" in text:
        text, emails = _EMAIL.subn(f" {EMAIL} ", text)
        text = _MENTION.sub(f" {MENTION} ", text)
    if "://" in text or "www." in text or "WWW." in text:
        text, urls = _SCHEME_URL.subn(f" {URL} ", text)
    if _TLD_HINT.search(text):
        text, bare = _BARE_URL.subn(f" {URL} ", text)
        urls += bare
    if "#" in text:
        text = _HASHTAG.sub(rf" {HASHTAG} \1 ", text)
    if _DIGIT.search(text):
        text = _NUMBER.sub(_number, text)
        phones = text.count(PHONE)
    return text, urls, emails, phones


def normalize(text: str) -> Normalized:
    """Clean `text`, replace entities, and split it into lower-case tokens with counts."""
    text, urls, emails, phones = replace_entities(clean(text))
    tokens = []
    letters = upper = 0
    longest = 1
    for raw in _TOKEN.findall(text):
        token, n_letters, n_upper, run = _token_info(raw)
        tokens.append(token)
        if token not in PLACEHOLDERS:
            letters += n_letters
            upper += n_upper
            longest = max(longest, run)
    return Normalized(
        tokens=tokens,
        length=len(text),
        letters=letters,
        upper=upper,
        urls=urls,
        emails=emails,
        phones=phones,
        longest_run=longest,
    )
