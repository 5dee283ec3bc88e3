"""Intake rules: clean the submitted text, validate every field, and find the content rule hits.

Field error codes (stable; clients may rely on them), at most one per field, the most basic first:

- `invalid_text`: the value holds unpaired UTF-16 surrogates (JSON such as `"\\ud800"`), which no
  UTF-8 store or response can hold. Checked on every text field.
- `required`: empty after cleaning. `post_id` and `content` always; `author_name` and
  `author_email` unless `RuleConfig.require_name_email` is False.
- `too_long`: longer than the configured limit, counted in characters (code points) of the cleaned
  value. WordPress counts bytes for some of these columns; the design says characters.
- `invalid_email`: not a syntactically valid address (`service.email_syntax.is_email`: what
  WordPress's `is_email` or email-validator accepts; no DNS look-up).
- `invalid_url`: `author_url` is not an absolute http(s) URL with a host name. User names and
  passwords in the URL (`https://paypal.com@evil.example`) are refused: they only serve to
  disguise where a link goes.

Messages describe the problem in English and never repeat the submitted value.

What cleaning removes, and why (see `clean_text`): C0/C1 control characters except `\\n` and `\\t`
(line endings become `\\n`); unpaired surrogates; invisible format characters that only serve to
hide or reorder text: zero-width space U+200B, LRM/RLM U+200E/F, the Arabic letter mark U+061C,
bidi embeddings and overrides U+202A–U+202E, bidi isolates U+2066–U+2069, word joiner and
invisible operators U+2060–U+2064, deprecated format characters U+206A–U+206F, the BOM U+FEFF,
the Mongolian vowel separator U+180E, interlinear annotation U+FFF9–U+FFFB and the
noncharacters U+FFFE/U+FFFF. The zero-width joiner and non-joiner (U+200D/U+200C) are kept
between two visible characters, because emoji sequences (👩‍💻) and Persian, Indic and other
scripts need them; stray ones are removed. Tag characters (U+E0000–U+E007F) are kept only in an
emoji tag sequence (the flag of Scotland), as elsewhere they smuggle invisible ASCII. Other format
characters (soft hyphen, Arabic number signs, Egyptian hieroglyph controls) are legitimate text.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from models.text import strip_invisible
from service.domain import FieldError, Reason, ReasonCode, Submission
from service.email_syntax import is_email
from service.privacy import redact_emails


@dataclass(frozen=True, slots=True)
class RuleConfig:
    require_name_email: bool = True
    max_post_id_length: int = 255
    max_name_length: int = 245
    max_email_length: int = 100
    max_url_length: int = 200
    max_content_length: int = 65525
    max_links: int = 2
    blocked_words: tuple[str, ...] = ()
    moderation_words: tuple[str, ...] = ()


_NEWLINES = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_STRIPPED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u061c\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
_TAGS = re.compile("(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[\U000e0000-\U000e007f]")
# A joiner stays only with a visible (non-space, non-joiner) character on both sides.
_STRAY_JOINER = re.compile(
    r"(?<![^\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?![^\s\u200c\u200d])"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


_ASCII_STRIPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    """The stored form of a submitted text: see the module docstring for what is removed.

    The user's characters are otherwise kept exactly (no NFKC here); the result is trimmed.
    """
    if value.isascii():  # no tag, joiner or Unicode newline can occur: 0.5 µs instead of 7
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _ASCII_STRIPPED.sub("", value).strip()
    return clean_unicode_text(value)


def clean_unicode_text(value: str) -> str:
    """`clean_text` for any text (the general path; also what the ASCII path must equal)."""
    text = _STRIPPED.sub("", _NEWLINES.sub("\n", value))
    text = _TAGS.sub(lambda m: m[1] or "", text)
    return _STRAY_JOINER.sub("", text).strip()


def normalize_for_scoring(text: str) -> str:
    """What the model and the word rules see: cleaned, then NFKC with every invisible character
    gone by the model's own definition (models.text.strip_invisible, the one text contract of
    training and serving), so `ｃａｓｉｎｏ`, `ca\\u00adsino` and `ca\\u200dsino` all read `casino`."""
    if text.isascii():  # already NFKC, nothing invisible, and clean_text is idempotent
        return clean_text(text)
    for _ in range(8):  # stripping can expose what cleaning removes, and the reverse
        previous = text
        text = strip_invisible(clean_text(text))
        if text == previous:
            break
    return text


# Every text field of a Submission, in the order their errors are reported.
_TEXT_FIELDS = (
    "post_id",
    "author_name",
    "author_email",
    "author_url",
    "content",
    "user_ip",
    "user_agent",
    "referrer",
    "honeypot",
)
_LABEL = re.compile(r"(?!-)[\w-]{1,63}(?<!-)")


def _is_http_url(url: str) -> bool:
    if "\\" in url or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host or parts.username is not None:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return all(_LABEL.fullmatch(label) for label in host.removesuffix(".").split("."))
    return True


def _field_error(
    field: str, raw: str, value: str, *, required: bool, limit: int | None = None
) -> FieldError | None:
    if _SURROGATE.search(raw):
        return FieldError(
            field, "invalid_text", "contains invalid characters (unpaired surrogates)"
        )
    if not value:
        return FieldError(field, "required", "is required") if required else None
    if limit is not None and len(value) > limit:
        return FieldError(field, "too_long", f"must be at most {limit} characters")
    if field == "author_email" and not is_email(value):
        return FieldError(field, "invalid_email", "is not a valid email address")
    if field == "author_url" and not _is_http_url(value):
        return FieldError(
            field,
            "invalid_url",
            "must be an absolute http:// or https:// URL with a host name (and no user name)",
        )
    return None


def validate_submission(
    sub: Submission, config: RuleConfig
) -> tuple[Submission, tuple[FieldError, ...]]:
    """The cleaned submission and every field error at once (empty: valid). Never raises.

    `parent_id` is not checked here: whether the parent exists is the store's question.
    """
    values: dict[str, Any] = {name: clean_text(getattr(sub, name)) for name in _TEXT_FIELDS}
    cleaned = replace(sub, **values)
    required = {
        "post_id": True,
        "content": True,
        "author_name": config.require_name_email,
        "author_email": config.require_name_email,
    }
    limits = {
        "post_id": config.max_post_id_length,
        "author_name": config.max_name_length,
        "author_email": config.max_email_length,
        "author_url": config.max_url_length,
        "content": config.max_content_length,
    }
    errors = (
        _field_error(
            name,
            getattr(sub, name),
            getattr(cleaned, name),
            required=required.get(name, False),
            limit=limits.get(name),
        )
        for name in _TEXT_FIELDS
    )
    return cleaned, tuple(error for error in errors if error is not None)


# Linear in the text's length, also for 65,525 characters of "<a " or "<a>": a tag ends at the
# next "<" too, and an anchor's text at the next anchor.
_ANCHOR_TAG = re.compile(r"<a\s[^<>]*href", re.IGNORECASE)
_ANCHOR_ELEMENT = re.compile(r"<a\b[^<>]*>(?:[^<]*(?:<(?!/?a\b)[^<]*)*</a\s*>)?", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_BARE_LINK = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def count_links(text: str) -> int:
    """Links in a comment, counted the way WordPress does after `make_clickable`: every
    `<a … href` anchor, plus every bare `http://`, `https://` or `www.` address outside tags.

    The text of an anchor is not counted again (`<a href="https://x.org">https://x.org</a>` is
    one link), nor are URLs inside other tags' attributes. Unlike WordPress, bare email
    addresses and `ftp://` are not counted.
    """
    anchors = len(_ANCHOR_TAG.findall(text))
    outside = _TAG.sub(" ", _ANCHOR_ELEMENT.sub(" ", text))
    return anchors + len(_BARE_LINK.findall(outside))


def _matched_words(words: tuple[str, ...], haystacks: tuple[str, ...]) -> list[str]:
    matched: list[str] = []
    for word in words:
        needle = normalize_for_scoring(word).casefold()
        if needle and any(needle in hay for hay in haystacks):
            shown = word.strip()
            # The configured word may be an address: name it without repeating it.
            if "@" in shown or redact_emails(shown)[1]:
                shown = "an email address"
            if shown not in matched:
                matched.append(shown)
    return matched


def _word_reason(code: ReasonCode, kind: str, words: list[str]) -> Reason:
    label = f"{kind} word" if len(words) == 1 else f"{kind} words"
    return Reason(code, f"{label}: {', '.join(words)}")


def content_rule_hits(sub: Submission, config: RuleConfig) -> tuple[Reason, ...]:
    """Honeypot, blocked words, moderation words, too many links: in that order, each at most once.

    Words are matched like WordPress's disallowed and moderation keys (case-insensitive substring
    of the name, email, URL, content (also with its HTML tags removed), IP and user agent),
    but on the NFKC form without invisible characters, so look-alike letters do not dodge them.
    Links are counted in the content only, as WordPress does.
    """
    hits: list[Reason] = []
    if clean_text(sub.honeypot):
        hits.append(Reason(ReasonCode.HONEYPOT, "the hidden honeypot field was filled in"))
    if config.blocked_words or config.moderation_words:  # most sites configure none
        values = (
            sub.author_name,
            sub.author_email,
            sub.author_url,
            sub.content,
            _TAG.sub("", sub.content),
            sub.user_ip,
            sub.user_agent,
        )
        haystacks = tuple(normalize_for_scoring(value).casefold() for value in values)
        if blocked := _matched_words(config.blocked_words, haystacks):
            hits.append(_word_reason(ReasonCode.BLOCKED_WORD, "blocked", blocked))
        if held := _matched_words(config.moderation_words, haystacks):
            hits.append(_word_reason(ReasonCode.MODERATION_WORD, "moderation", held))
    links = count_links(normalize_for_scoring(sub.content))
    if links > config.max_links:
        noun = "link" if links == 1 else "links"
        hits.append(
            Reason(
                ReasonCode.TOO_MANY_LINKS, f"{links} {noun} (at most {config.max_links} allowed)"
            )
        )
    return tuple(hits)
