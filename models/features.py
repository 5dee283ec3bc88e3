"""Hashed word, word-bigram and character n-gram TF-IDF features plus a few meta features.

Hashing needs no vocabulary, and each distinct token's hashed word and character n-gram
indices are computed once and cached, so featurising a comment costs little more than
tokenising it. The same code serves one comment (`row`, plain numpy, no scipy) and a batch
(`transform`, one sparse matrix); both give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import murmurhash3_32

from models.text import PLACEHOLDERS, Normalized, normalize

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

META_NAMES = (
    "has_link",
    "links",
    "has_email",
    "has_phone",
    "upper_ratio",
    "shouting",
    "repetition",
    "elongation",
    "length",
    "exclamations",
    "numbers",
    "no_letters",
    "very_short",
)
_CACHE_LIMIT = 200_000


def meta_features(n: Normalized) -> list[float]:
    """The META_NAMES values for one comment, each scaled to about [0, 1]."""
    tokens = n.tokens
    count = len(tokens)
    upper_ratio = n.upper / n.letters if n.letters >= 5 else 0.0
    return [
        float(n.urls > 0),
        min(math.log1p(n.urls) / 2.0, 1.0),
        float(n.emails > 0),
        float(n.phones > 0),
        upper_ratio,
        float(upper_ratio > 0.6 and n.letters >= 10),
        1.0 - len(set(tokens)) / count if count >= 5 else 0.0,
        float(n.longest_run >= 4),
        min(math.log1p(n.length) / math.log(5000.0), 1.0),
        min(tokens.count("!") / count, 1.0) if count else 0.0,
        min(tokens.count("xxnum") / count, 1.0) if count else 0.0,
        float(n.letters == 0),
        float(count <= 2),
    ]


class CommentFeaturizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Text -> sparse features: [word + bigram block | char n-gram block | meta block].

    Each n-gram block is sublinear-TF x IDF, L2-normalised, then scaled by its weight.
    """

    def __init__(
        self,
        *,
        word_bits: int = 18,
        char_bits: int = 18,
        char_ngram_range: tuple[int, int] = (3, 5),
        max_char_token: int = 24,
        word_weight: float = 1.0,
        char_weight: float = 1.0,
        meta_weight: float = 1.0,
    ) -> None:
        self.word_bits = word_bits
        self.char_bits = char_bits
        self.char_ngram_range = char_ngram_range
        self.max_char_token = max_char_token
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.meta_weight = meta_weight

    # -- hashing ---------------------------------------------------------------------------
    def _sizes(self) -> tuple[int, int]:
        return 1 << self.word_bits, 1 << self.char_bits

    def _token_indices(self, token: str) -> tuple[int, tuple[int, ...]]:
        cache: dict[str, tuple[int, tuple[int, ...]]] = self.__dict__.setdefault("_cache", {})
        found = cache.get(token)
        if found is not None:
            return found
        n_word, n_char = self._sizes()
        word = murmurhash3_32("w" + token, 0, True) % n_word
        chars: tuple[int, ...] = ()
        if token not in PLACEHOLDERS and len(token) <= self.max_char_token:
            padded = f"<{token}>"
            low, high = self.char_ngram_range
            chars = tuple(
                n_word + murmurhash3_32(padded[i : i + size], 1, True) % n_char
                for size in range(low, high + 1)
                for i in range(len(padded) - size + 1)
            )
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[token] = (word, chars)
        return word, chars

    def _hashed(self, text: str) -> tuple[list[int], list[int], list[float]]:
        """Word+bigram indices, char indices (with repeats) and meta values of one text."""
        n = normalize(text)
        n_word = 1 << self.word_bits
        words: list[int] = []
        chars: list[int] = []
        previous = ""
        for token in n.tokens:
            word, token_chars = self._token_indices(token)
            words.append(word)
            chars.extend(token_chars)
            if previous:
                words.append(murmurhash3_32(previous + " " + token, 2, True) % n_word)
            previous = token
        return words, chars, meta_features(n)

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], y: object = None) -> Self:
        n_word, n_char = self._sizes()
        df = np.zeros(n_word + n_char, dtype=np.int64)
        for text in texts:
            words, chars, _ = self._hashed(text)
            df[np.unique(np.asarray(words + chars, dtype=np.int64))] += 1
        n_docs = len(texts)
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        self.n_features_out_ = n_word + n_char + len(META_NAMES)
        return self

    # -- one comment -----------------------------------------------------------------------
    def _block(self, indices: list[int], weight: float) -> tuple[IntArray, FloatArray]:
        if not indices:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        unique, counts = np.unique(np.asarray(indices, dtype=np.int64), return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf_[unique]
        norm = math.sqrt(float(values @ values))
        return unique, values * (weight / norm)

    def row(self, text: str) -> tuple[IntArray, FloatArray]:
        """Column indices and values of one comment's feature row (the fast path)."""
        words, chars, meta = self._hashed(text)
        word_idx, word_val = self._block(words, self.word_weight)
        char_idx, char_val = self._block(chars, self.char_weight)
        meta_start = len(self.idf_)
        meta_idx = np.arange(meta_start, meta_start + len(meta), dtype=np.int64)
        meta_val = np.asarray(meta, dtype=np.float64) * self.meta_weight
        return (
            np.concatenate((word_idx, char_idx, meta_idx)),
            np.concatenate((word_val, char_val, meta_val)),
        )

    # -- a batch ---------------------------------------------------------------------------
    def _sparse_block(self, rows: list[list[int]], offset: int, width: int, weight: float) -> sp.csr_matrix:
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        matrix = sp.csr_matrix((np.ones(len(flat)), flat - offset, indptr), shape=(len(rows), width))
        matrix.sum_duplicates()
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf_[matrix.indices + offset]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        scale = np.repeat(weight / norms, np.diff(matrix.indptr))
        matrix.data *= scale
        return matrix

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        n_word, n_char = self._sizes()
        hashed = [self._hashed(t) for t in texts]
        words = self._sparse_block([h[0] for h in hashed], 0, n_word, self.word_weight)
        chars = self._sparse_block([h[1] for h in hashed], n_word, n_char, self.char_weight)
        meta = np.asarray([h[2] for h in hashed], dtype=np.float64).reshape(len(texts), len(META_NAMES))
        return sp.hstack((words, chars, sp.csr_matrix(meta * self.meta_weight)), format="csr")

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = dict(super().__getstate__())
        state.pop("_cache", None)  # a per-process speed-up, not learned state
        return state
