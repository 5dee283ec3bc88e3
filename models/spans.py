"""Which words drove an attribute's score, as character spans of the text as submitted.

The heads are linear, so a comment's decision for one head is a sum over its tokens (word and
bigram TF-IDF, char n-grams, see models.features) plus meta features and the intercept. Each
token's share of that sum is its contribution; the tokens that contribute at least `SHARE` of the
largest positive contribution (and at least `MIN_CONTRIBUTION` in logit units) are the drivers,
and runs of consecutive drivers merge into one span ("you will regret this").

Offsets are into the ORIGINAL text: `align` repeats the normaliser's steps (NFKC, invisible
characters dropped, HTML entities and tags decoded, lower case) while remembering, for every
character it produces, the range of original code points it came from. Links, emails and other
placeholders are not recognised here: their words are scored as words, which only matters for
spam, and spam is not explained.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sklearn.pipeline import Pipeline

from models.features import CommentFeaturizer, FloatArray, TokenTable, bigram_ids
from models.text import HASHTAG_PATTERN, spell_hashtag
from models.types import HARM_ATTRIBUTES, Span, abuse_of

SHARE = 0.5
MIN_CONTRIBUTION = 0.05
LEGACY_HEADS = ("spam", "abuse")
UNEXPLAINED = frozenset({"spam"})
# `abuse` is not a head of an attribute model: it is the highest harm attribute (abuse_of), so
# its spans are that attribute's spans.
ABUSE = "abuse"

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_HREF = re.compile(r"""<a\s[^<>]{0,300}?href\s*=\s*["']?([^"'\s<>]+)[^<>]{0,300}>""", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,300}>")
# A token: a run of what models.text.split keeps together (ASCII letters, digits, * ' _ $, and
# every non-ASCII character but white space).
_WORD_ASCII = string.ascii_letters + string.digits + "*'_$"
_TOKEN = re.compile(
    "[^\\s" + "".join(re.escape(chr(c)) for c in range(128) if chr(c) not in _WORD_ASCII) + "]+"
)
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc", "Cs"})


@dataclass(slots=True)
class Aligned:
    """Normalised text as single code points, each with its [start, end) in the original."""

    chars: list[str]
    starts: list[int]
    ends: list[int]

    @property
    def text(self) -> str:
        return "".join(self.chars)


def head_names(pipeline: Pipeline) -> tuple[str, ...]:
    """The heads' column names; an artifact from before `heads_` has (spam, abuse)."""
    names: tuple[str, ...] = getattr(pipeline.named_steps["heads"], "heads_", LEGACY_HEADS)
    return tuple(names)


def _invisible(ch: str) -> bool:
    code = ord(ch)
    if ch in "\n\t":
        return False
    return (
        unicodedata.category(ch) in _DROPPED_CATEGORIES
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code == 0x034F
    )


def _per_cluster(a: Aligned, lower: bool) -> Aligned:
    """NFKC (and lower case) of each base character with its combining marks; drop invisibles."""
    out = Aligned([], [], [])
    i, n = 0, len(a.chars)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(a.chars[j]):
            j += 1
        cluster = "".join(ch for ch in a.chars[i:j] if not _invisible(ch))
        if cluster:
            normal = unicodedata.normalize("NFKC", cluster)
            if lower:
                normal = normal.lower()
            out.chars += normal
            out.starts += [a.starts[i]] * len(normal)
            out.ends += [a.ends[j - 1]] * len(normal)
        i = j
    return out


def _sub(a: Aligned, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> Aligned:
    """`pattern.sub(repl, text)` that carries origins: new characters get their match's range."""
    text = a.text
    out = Aligned([], [], [])
    last = 0
    for m in pattern.finditer(text):
        i, j = m.span()
        new = repl(m)
        if i == j or new == m[0]:
            continue
        out.chars += a.chars[last:i]
        out.starts += a.starts[last:i]
        out.ends += a.ends[last:i]
        out.chars += new
        out.starts += [a.starts[i]] * len(new)
        out.ends += [a.ends[j - 1]] * len(new)
        last = j
    out.chars += a.chars[last:]
    out.starts += a.starts[last:]
    out.ends += a.ends[last:]
    return out


def align(text: str) -> Aligned:
    """The normalised, lower-cased text of `text`, character by character, with origins."""
    a = Aligned(list(text), list(range(len(text))), list(range(1, len(text) + 1)))
    if not text.isascii():
        a = _per_cluster(a, lower=False)
    for _ in range(2):  # models.text.clean unescapes twice ("&amp;lt;")
        if "&" in a.chars:
            a = _sub(a, _ENTITY, lambda m: html.unescape(m[0]))
    if "<" in a.chars:
        a = _sub(a, _HREF, lambda m: f" {m[1]} ")
        a = _sub(a, _TAG, lambda m: " ")
    if "#" in a.chars:  # models.text.hashtag_words, before lower case (it reads camel case)
        a = _sub(a, HASHTAG_PATTERN, spell_hashtag)
    if a.text.isascii():  # lower case keeps every ASCII character one character
        return Aligned(list(a.text.lower()), a.starts, a.ends)
    return _per_cluster(a, lower=True)


class Token(NamedTuple):
    """A raw token (as `models.text.split` cuts it) and the original range of its letters."""

    raw: str
    start: int
    end: int


def tokens(a: Aligned) -> list[Token]:
    """Split like models.text.split; each token's range is trimmed to its first and last letter
    or digit, so a highlight never starts on a quote or ends on a comma (a token with neither,
    an emoji, keeps its whole range)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(a.text):
        i, j = m.span()
        token = m[0]
        if token[0].isalnum() and token[-1].isalnum():  # most tokens: nothing to trim
            out.append(Token(token, a.starts[i], a.ends[j - 1]))
            continue
        lead = next((k for k, ch in enumerate(token) if ch.isalnum()), None)
        if lead is None:
            first, last = i, j - 1
        else:
            trail = next(k for k in range(len(token) - 1, -1, -1) if token[k].isalnum())
            first, last = i + lead, i + trail
        out.append(Token(token, a.starts[first], a.ends[last]))
    return out


def contributions(pipeline: Pipeline, raw: Sequence[str]) -> FloatArray:
    """(n_tokens, n_heads): each token occurrence's part of each head's decision. Bigrams are
    shared half and half by their two words; a repeated word's part is split between its
    occurrences. Summed with the meta block and the intercept, it is the decision."""
    f: CommentFeaturizer = pipeline.named_steps["features"]
    coef = pipeline.named_steps["heads"].coef_  # only the rows used are read (it is 2^19 long)
    n, n_heads = len(raw), coef.shape[1]
    if n == 0:
        return np.zeros((0, n_heads))
    distinct = list(dict.fromkeys(raw))
    row = {t: i for i, t in enumerate(distinct)}
    occurrence = np.fromiter((row[t] for t in raw), dtype=np.int64, count=n)
    table = f.token_table(distinct)
    char_dot, squared = _char_parts(f, table, coef, len(distinct))
    total = float(squared[occurrence].sum())
    scale = f.char_weight / np.sqrt(total) if total > 0 else 0.0
    out: FloatArray = char_dot[occurrence] * scale
    words = table.words[occurrence].astype(np.uint64)
    ids = np.concatenate((words.astype(np.int64), bigram_ids(words, f.word_bits)))
    unique, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    values = (1.0 + np.log(counts)) * np.asarray(f.idf_[unique], dtype=np.float64)
    norm = float(np.sqrt(values @ values))
    per_id = values[:, None] * np.asarray(coef[unique], dtype=np.float64) * (f.word_weight / norm)
    per_occurrence = per_id[inverse] / counts[inverse][:, None]
    out = out + per_occurrence[:n]
    halves = per_occurrence[n:] / 2.0
    out[:-1] += halves
    out[1:] += halves
    return out


def _char_parts(
    f: CommentFeaturizer, table: TokenTable, coef: FloatArray, n: int
) -> tuple[FloatArray, FloatArray]:
    """Per distinct token: its char vector's dot product with each head's char coefficients, and
    its squared norm (a repeated n-gram's weights summed first), without building the matrix."""
    owner, ids, weights = table.char_owner, table.char_ids, table.char_weights
    rows = np.asarray(coef[f.n_word + ids], dtype=np.float64)
    dot = np.zeros((n, coef.shape[1]))
    for h in range(coef.shape[1]):
        dot[:, h] = np.bincount(owner, weights=weights * rows[:, h], minlength=n)
    keys = np.sort(owner * f.n_char + ids)
    starts = np.flatnonzero(np.diff(keys, prepend=-1))
    repeats = np.diff(np.append(starts, len(keys)))
    unique = keys[starts]
    summed = np.asarray(f.idf_[f.n_word + unique % f.n_char], dtype=np.float64) * repeats
    squared = np.zeros(n)
    squared[:] = np.bincount(unique // f.n_char, weights=summed**2, minlength=n)
    return dot, squared


def drivers(values: FloatArray, *, share: float = SHARE, floor: float = MIN_CONTRIBUTION) -> list[int]:
    """Indices of the tokens that drove one head up (see the module docstring)."""
    if len(values) == 0:
        return []
    top = float(values.max())
    if top < floor:
        return []
    line = max(floor, share * top)
    return [int(i) for i in np.flatnonzero(values >= line)]


def merged(toks: Sequence[Token], chosen: Sequence[int]) -> list[tuple[int, int]]:
    """Runs of consecutive chosen tokens as [start, end) ranges of the original text."""
    ranges: list[tuple[int, int]] = []
    previous = -2
    for i in chosen:
        if i == previous + 1 and ranges:
            ranges[-1] = (ranges[-1][0], toks[i].end)
        else:
            ranges.append((toks[i].start, toks[i].end))
        previous = i
    return ranges


def explain(
    pipeline: Pipeline, text: str, attributes: Sequence[str], *, share: float = SHARE
) -> dict[str, list[tuple[int, int]]]:
    """For each of `attributes` that is one of the model's heads (spam never is explained): the
    [start, end) ranges of `text` that drove it. Unknown names are left out."""
    names = head_names(pipeline)
    harm = [a for a in HARM_ATTRIBUTES if a in names]
    wanted = [
        a
        for a in dict.fromkeys(attributes)
        if a not in UNEXPLAINED and (a in names or (a == ABUSE and harm))
    ]
    if not wanted:
        return {}
    toks = tokens(align(text))
    values = contributions(pipeline, [t.raw for t in toks])
    column = {a: names.index(a) for a in wanted if a in names}
    if ABUSE in wanted and ABUSE not in column:
        column[ABUSE] = names.index(_highest(pipeline, text, harm))
    return {a: merged(toks, drivers(values[:, column[a]], share=share)) for a in wanted}


def _highest(pipeline: Pipeline, text: str, candidates: Sequence[str]) -> str:
    """The one of `candidates` (heads) with the highest probability for `text`: the attribute
    that is its abuse score."""
    names = head_names(pipeline)
    proba = pipeline.named_steps["heads"].predict_proba(pipeline.named_steps["features"].transform([text]))[0]
    return max(candidates, key=lambda a: float(proba[names.index(a)]))


def to_spans(
    ranges: Mapping[str, list[tuple[int, int]]], scores: Mapping[tuple[int, int], Sequence[float]],
    columns: Mapping[str, int],
) -> tuple[Span, ...]:
    """Spans ordered by position, each scored with its attribute's probability for its text alone
    (`abuse`, where it is no head, as `abuse_of` the span's harm attributes)."""

    def score(row: Sequence[float], attribute: str) -> float:
        if attribute in columns:
            return float(row[columns[attribute]])
        return abuse_of({a: float(row[columns[a]]) for a in HARM_ATTRIBUTES if a in columns})

    spans = [
        Span(start, end, attribute, score(scores[(start, end)], attribute))
        for attribute, found in ranges.items()
        for start, end in found
    ]
    return tuple(sorted(spans, key=lambda s: (s.start, s.end, s.attribute)))
