"""Hashed word + word-bigram TF-IDF, character n-gram and meta features of a comment.

Word block: sublinear TF x IDF over hashed words and word bigrams, L2-normalised.
Char block: the sum over token occurrences of each token's IDF-weighted character n-gram
vector (n-grams of "<token>"), divided by sqrt(sum of those vectors' squared norms). Because
that is a sum over tokens, a linear head's char contribution is a sum of per-token scalars:
`models.fast` caches them per distinct token, so scoring never materialises char n-grams.
Meta block: META_NAMES, each about [0, 1].
Char n-grams of many tokens are hashed at once with numpy (polynomial rolling hash).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import murmurhash3_32

from models.text import PLACEHOLDERS, Prepared, is_elongated, normalize_token, prepare

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
UIntArray = npt.NDArray[np.uint64]

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
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(1_000_003)


def meta_features(p: Prepared, elongated: bool) -> list[float]:
    """The META_NAMES values for one comment, each scaled to about [0, 1]."""
    tokens = p.tokens
    count = len(tokens)
    upper_ratio = p.upper / p.letters if p.letters >= 5 else 0.0
    return [
        float(p.urls > 0),
        min(math.log1p(p.urls) / 2.0, 1.0),
        float(p.emails > 0),
        float(p.phones > 0),
        upper_ratio,
        float(upper_ratio > 0.6 and p.letters >= 10),
        1.0 - len(set(tokens)) / count if count >= 5 else 0.0,
        float(elongated),
        min(math.log1p(p.length) / math.log(5000.0), 1.0),
        min(p.exclamations / count, 1.0) if count else float(p.exclamations > 0),
        sum(map(str.isdigit, tokens)) / count if count else 0.0,
        float(p.letters == 0),
        float(count <= 2),
    ]


def _mix(keys: UIntArray, bits: int) -> IntArray:
    """Fibonacci hashing of 64-bit keys into `bits` bits."""
    out: IntArray = ((keys * _GOLDEN) >> np.uint64(64 - bits)).astype(np.int64)
    return out


def bigram_ids(words: UIntArray, bits: int) -> IntArray:
    """One index per consecutive (left, right) pair of word indices."""
    return _mix((words[:-1] << np.uint64(32)) | words[1:], bits)


@dataclass(frozen=True)
class TokenTable:
    """Features of distinct raw tokens: word index, elongated?, and their char n-grams as
    (token row, n-gram index, weight) triples; weight = IDF once fitted, else 1."""

    words: IntArray
    elongated: npt.NDArray[np.bool_]
    char_owner: IntArray
    char_ids: IntArray
    char_weights: FloatArray

    def char_matrix(self, n_char: int) -> sp.csr_matrix:
        """U: tokens x n_char, repeated n-grams summed."""
        return sp.csr_matrix(
            (self.char_weights, (self.char_owner, self.char_ids)),
            shape=(len(self.words), n_char),
        )


class CommentFeaturizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Text -> sparse features: [word + bigram block | char n-gram block | meta block]."""

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

    @property
    def n_word(self) -> int:
        return 1 << self.word_bits

    @property
    def n_char(self) -> int:
        return 1 << self.char_bits

    # -- distinct tokens -------------------------------------------------------------------
    def _char_pairs(self, tokens: list[str]) -> tuple[IntArray, IntArray]:
        """(token position, char n-gram index) for every n-gram of every "<token>"."""
        padded = [f"<{t}>" if t not in PLACEHOLDERS and len(t) <= self.max_char_token else "" for t in tokens]
        lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
        codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
        codes = codes.astype(np.uint64)
        owner = np.repeat(np.arange(len(tokens)), lengths)
        ends = np.repeat(np.cumsum(lengths), lengths)  # one past each char's token end
        position = np.arange(len(codes))
        low, high = self.char_ngram_range
        rolling = np.zeros(len(codes), dtype=np.uint64)
        owners, ids = [], []
        for size in range(1, high + 1):
            shifted = np.zeros(len(codes), dtype=np.uint64)
            shifted[: max(len(codes) - size + 1, 0)] = codes[size - 1 :]
            rolling = rolling * _PRIME + shifted
            if size >= low:
                valid = position + size <= ends
                owners.append(owner[valid])
                ids.append(_mix(rolling[valid] ^ np.uint64(size << 56), self.char_bits))
        if not owners:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(owners), np.concatenate(ids)

    def token_table(self, raw_tokens: list[str]) -> TokenTable:
        """Features of distinct raw tokens, computed together (vectorised over n-grams)."""
        tokens = [normalize_token(t) for t in raw_tokens]
        words = np.fromiter(
            (murmurhash3_32("w" + t, 0, True) % self.n_word for t in tokens),
            dtype=np.int64,
            count=len(tokens),
        )
        elongated = np.fromiter(map(is_elongated, raw_tokens), dtype=bool, count=len(tokens))
        owner, ids = self._char_pairs(tokens)
        weights = self.idf_[self.n_word + ids] if hasattr(self, "idf_") else np.ones(len(ids))
        return TokenTable(words, elongated, owner, ids, weights.astype(np.float64))

    # -- batches ---------------------------------------------------------------------------
    def word_counts(self, words: UIntArray, lengths: list[int]) -> sp.csr_matrix:
        """Counts of words and bigrams per document, from the concatenated word indices."""
        n = len(lengths)
        doc = np.repeat(np.arange(n), lengths)
        same = doc[1:] == doc[:-1]
        rows = np.concatenate((doc, doc[1:][same]))
        cols = np.concatenate((words.astype(np.int64), bigram_ids(words, self.word_bits)[same]))
        return sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(n, self.n_word))

    def word_block(self, words: UIntArray, lengths: list[int]) -> sp.csr_matrix:
        """Sublinear TF x IDF, L2-normalised, times word_weight."""
        counts = self.word_counts(words, lengths)
        counts.data = (1.0 + np.log(counts.data)) * self.idf_[counts.indices]
        row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(row_of, weights=counts.data**2, minlength=counts.shape[0]))
        norms[norms == 0.0] = 1.0
        counts.data *= (self.word_weight / norms)[row_of]
        return counts

    def _tables(
        self, texts: Sequence[str]
    ) -> tuple[list[Prepared], list[str], TokenTable, sp.csr_matrix, IntArray, list[int]]:
        """Prepared texts, their distinct raw tokens and those tokens' table, the document x
        token count matrix, and each document's token sequence (as table rows, concatenated)."""
        prepared = [prepare(t) for t in texts]
        vocabulary: dict[str, int] = {}
        sequence = [vocabulary.setdefault(t, len(vocabulary)) for p in prepared for t in p.tokens]
        lengths = [len(p.tokens) for p in prepared]
        order = np.asarray(sequence, dtype=np.int64)
        doc = np.repeat(np.arange(len(texts)), lengths)
        counts = sp.csr_matrix((np.ones(len(order)), (doc, order)), shape=(len(texts), len(vocabulary)))
        tokens = list(vocabulary)
        return prepared, tokens, self.token_table(tokens), counts, order, lengths

    # -- sklearn API -----------------------------------------------------------------------
    def fit(self, texts: Sequence[str], y: object = None) -> Self:
        self.__dict__.pop("idf_", None)
        _, tokens, table, counts, order, lengths = self._tables(texts)
        words = self.word_counts(table.words[order].astype(np.uint64), lengths)
        chars = (counts @ table.char_matrix(self.n_char)).tocsr()
        df = np.concatenate(
            (
                np.bincount(words.indices, minlength=self.n_word),
                np.bincount(chars.indices, minlength=self.n_char),
            )
        )
        self.idf_ = (np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0).astype(np.float32)
        self.n_features_out_ = len(df) + len(META_NAMES)
        # Raw tokens in two or more training texts, most frequent first: the scorer reduces
        # them when it loads (models.fast), so a new process does not start with an empty cache.
        in_texts = np.bincount(counts.indices, minlength=len(tokens))
        common = np.flatnonzero(in_texts >= 2)
        common = common[np.argsort(-in_texts[common], kind="stable")]
        self.common_tokens_ = tuple(tokens[i] for i in common.tolist())
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        prepared, _, table, counts, order, lengths = self._tables(texts)
        words = self.word_block(table.words[order].astype(np.uint64), lengths)
        u = table.char_matrix(self.n_char)
        chars = (counts @ u).tocsr()
        sq = counts @ np.asarray(u.multiply(u).sum(axis=1)).ravel()
        scale = self.char_weight / np.sqrt(np.where(sq > 0.0, sq, 1.0))
        chars = sp.csr_matrix(sp.diags(scale) @ chars)
        elongated = (counts @ table.elongated.astype(np.float64)) > 0
        meta = np.asarray(
            [meta_features(p, bool(e)) for p, e in zip(prepared, elongated, strict=True)]
        ).reshape(len(texts), len(META_NAMES))
        return sp.hstack((words, chars, sp.csr_matrix(meta * self.meta_weight)), format="csr")


def flatten(lists: Sequence[list[int]]) -> UIntArray:
    return np.fromiter(chain.from_iterable(lists), dtype=np.uint64, count=sum(map(len, lists)))
