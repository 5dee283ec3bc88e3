"""The reading view of a text: what a person sees, with a map back to the characters typed.

Email redaction must match how people read an address, not how it is encoded. A soft hyphen or a
zero-width joiner inside `exam\u00adple.org` is invisible, a fullwidth `＠` reads as `@`, `。` as a
dot, and `&commat;` renders as `@` in any HTML view. `reading_view` folds all of that into a plain
text to search, and records for each of its characters which span of the original produced it, so
that what is found is redacted in the ORIGINAL text (`ReadingView.original_span`).

Folded: the HTML references `&commat;` `&#64;` `&#x40;` (with or without `;`) and `%40` become
`@`; then each character is NFKC-normalised on its own (fullwidth letters, `＠ ﹫ ． ․`, NBSP and
other spaces), `。` and `｡` become `.`, and format characters (category Cf: soft hyphen, ZWJ,
ZWNJ, bidi controls), variation selectors and the grapheme joiner are dropped. Combining marks
stay as typed (the email pattern accepts them inside names). Linear in the length, and a text with
nothing to fold (most) costs one scan of its distinct characters.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

_DROPPED = frozenset(["\u034f", *map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0100, 0xE01F0))])
_DOTS = {"\u3002": ".", "\uff61": "."}
_AT_REFERENCE = re.compile(
    r"&commat;?|&\#0{0,8}64(?:;|(?![0-9]))|&\#x0{0,8}40(?:;|(?![0-9a-f]))|%40", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ReadingView:
    text: str
    """The folded text to search."""
    starts: list[int] | None
    """For each character of `text`, where its source starts in the original; None: identical."""
    ends: list[int] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters that produced `text[start:end]` (a non-empty span)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=16384)
def fold_character(ch: str) -> str:
    """How one character reads: "" when invisible."""
    if ch.isascii():
        return ch
    if ch in _DOTS:
        return _DOTS[ch]
    if ch in _DROPPED or unicodedata.category(ch) == "Cf":
        return ""
    return unicodedata.normalize("NFKC", ch)


def _pieces(text: str) -> tuple[list[str], list[int], list[int]] | None:
    """Each source unit's folded text with its span, or None when nothing folds."""
    table = {ch: folded for ch in set(text) if (folded := fold_character(ch)) != ch}
    references = list(_AT_REFERENCE.finditer(text)) if "&" in text or "%" in text else []
    if not table and not references:
        return None
    get = table.get
    if not references:
        return [get(ch, ch) for ch in text], list(range(len(text))), list(range(1, len(text) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in references:
        begin, stop = match.span()
        pieces += [get(ch, ch) for ch in text[last:begin]]
        starts += range(last, begin)
        ends += range(last + 1, begin + 1)
        pieces.append("@")
        starts.append(begin)
        ends.append(stop)
        last = stop
    pieces += [get(ch, ch) for ch in text[last:]]
    starts += range(last, len(text))
    ends += range(last + 1, len(text) + 1)
    return pieces, starts, ends


def reading_view(text: str) -> ReadingView:
    """`text` as read (see the module docstring); identical texts skip the offset map."""
    if text.isascii() and "&" not in text and "%" not in text:
        return ReadingView(text, None, None)
    found = _pieces(text)
    if found is None:
        return ReadingView(text, None, None)
    pieces, unit_starts, unit_ends = found
    counts = list(map(len, pieces))
    starts = list(itertools.chain.from_iterable(map(itertools.repeat, unit_starts, counts)))
    ends = list(itertools.chain.from_iterable(map(itertools.repeat, unit_ends, counts)))
    return ReadingView("".join(pieces), starts, ends)
