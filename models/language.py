"""Which language a comment is written in, so the policy can tell when the model is out of its depth.

The detector is CLD2 (Chromium's compact language detector) through `pycld2` (Apache-2.0): its
tables are compiled into the wheel's extension, so nothing is downloaded or loaded from disk,
and it takes about 20 µs per comment. Why it and not py3langid or lingua, and how accurate it is
by text length: docs/MODEL.md and `bench/bench_language.py`.

Short texts are where every detector guesses ("ok", "lol", "danke!"), and a guess must not hold a
comment: below `MIN_LETTERS` letters, or when CLD2 says its answer is not reliable, the answer is
`UNDETERMINED`, which the policy treats as supported. Only the first `MAX_CHARS` characters are
read, so a 64 KB comment costs what a short paragraph does (CLD2 takes about 0.2 µs a character).
"""

from __future__ import annotations

from dataclasses import dataclass

import pycld2

UNDETERMINED = "und"
MIN_LETTERS = 20
MAX_CHARS = 300
# CLD2's codes that are not ISO 639-1, and its "Scots" for English slang ("ain't pickin up").
_ALIASES = {"un": UNDETERMINED, "xxx": UNDETERMINED, "sco": "en", "iw": "he", "zh-Hant": "zh"}


@dataclass(frozen=True, slots=True)
class Detection:
    """An ISO 639-1 code (or `UNDETERMINED`) and the share of the text CLD2 gave it, in [0, 1]."""

    language: str
    confidence: float


_NONE = Detection(UNDETERMINED, 0.0)


_NOT_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())


def letters(text: str) -> int:
    """How many letters `text` has (ASCII text takes the bytes fast path)."""
    if text.isascii():
        return len(text.encode().translate(None, _NOT_LETTER))
    return sum(map(str.isalpha, text))


def detect(text: str, *, min_letters: int = MIN_LETTERS) -> Detection:
    """The language of `text`, or `UNDETERMINED` when it is too short or too mixed to tell."""
    head = text[:MAX_CHARS]
    # Counting letters is a loop: a text ten times the minimum is long enough for CLD2 to judge.
    if not head or (len(head) < 10 * min_letters and letters(head) < max(min_letters, 1)):
        return _NONE
    try:
        reliable, _, details = pycld2.detect(head.encode("utf-8", "replace"), bestEffort=False)
    except pycld2.error:  # control characters CLD2 refuses; the text is not worth a guess
        return _NONE
    code = str(details[0][1])
    language = _ALIASES.get(code, code)
    if not reliable or language == UNDETERMINED:
        return _NONE
    return Detection(language, float(details[0][2]) / 100.0)
