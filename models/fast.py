"""The scoring fast path: per-token contributions cached, no char n-grams materialised.

For a fitted pipeline the char block's contribution to each head's decision is
    char_weight * sum_t (coef . u_t) / sqrt(sum_t |u_t|^2)
over token occurrences t (see models.features), so each distinct token is reduced once to
(word index, elongated?, |u_t|^2, coef_h . u_t for every head h); unseen tokens of a batch
are reduced together, and the tokens common in the training texts when the scorer is
built. A comment then costs its tokenisation, a dict lookup per token and a small word-block
product. The numbers equal
`heads.predict_proba(features.transform(texts))` up to floating-point rounding.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.pipeline import Pipeline

from models.features import (
    META_NAMES,
    CommentFeaturizer,
    FloatArray,
    IntArray,
    bigram_ids,
    meta_features,
)
from models.heads import LinearHeads
from models.text import Prepared, prepare

_CACHE_LIMIT = 300_000
# Columns of TokenCache.values: squared char norm, elongated, then char . coef_h per head h.
_SQ, _ELONGATED, _HEADS = 0, 1, 2


class TokenCache:
    """What each distinct token contributes, in arrays: `slots` maps a token to its row.

    Rows are only ever appended (under the scorer's lock) and a token enters `slots` after its
    row is written, so readers need no lock. A full cache is replaced, never emptied in place:
    a reader holding the old one still reads consistent rows. Plain ints in a dict and numpy
    rows keep the cache out of the cyclic garbage collector's way (tuples per token did not).
    """

    def __init__(self, capacity: int, heads: int) -> None:
        self.slots: dict[str, int] = {}
        self.words: IntArray = np.empty(capacity, dtype=np.int64)
        self.values: FloatArray = np.empty((capacity, _HEADS + heads), dtype=np.float64)
        self.capacity = capacity

    def room(self) -> int:
        return self.capacity - len(self.slots)


class FastScorer:
    """Calibrated probabilities of texts, one column per head (`heads`); thread-safe."""

    def __init__(self, pipeline: Pipeline, *, cache_limit: int = _CACHE_LIMIT, warm: bool = True) -> None:
        self._features: CommentFeaturizer = pipeline.named_steps["features"]
        self._heads: LinearHeads = pipeline.named_steps["heads"]
        self.heads: tuple[str, ...] = tuple(self._heads.heads_)
        f = self._features
        coef = np.asarray(self._heads.coef_, dtype=np.float64)
        self._word_coef = coef[: f.n_word]
        self._char_coef = coef[f.n_word : f.n_word + f.n_char]
        self._meta_coef = coef[f.n_word + f.n_char :] * f.meta_weight
        self._word_idf = np.asarray(f.idf_[: f.n_word], dtype=np.float64)
        self._char_idf = np.asarray(f.idf_[f.n_word : f.n_word + f.n_char], dtype=np.float64)
        self._cache_limit = cache_limit
        self._cache = TokenCache(cache_limit, len(self.heads))
        self._learning = threading.Lock()
        if warm:  # the training vocabulary (absent in older artifacts), so no cold start
            common: tuple[str, ...] = getattr(f, "common_tokens_", ())
            self._fill(self._cache, list(common[: cache_limit // 2]))

    @property
    def cached_tokens(self) -> int:
        return len(self._cache.slots)

    def _slots(self, tokens: Sequence[str]) -> tuple[TokenCache, IntArray]:
        """The cache holding every token and each token's row in it (learning what is new)."""
        cache = self._cache
        try:
            return cache, np.fromiter(map(cache.slots.__getitem__, tokens), np.int64, len(tokens))
        except KeyError:
            pass
        with self._learning:
            cache = self._cache
            distinct = list(dict.fromkeys(tokens))
            missing = [t for t in distinct if t not in cache.slots]
            if len(missing) > cache.room():
                cache = TokenCache(max(self._cache_limit, len(distinct)), len(self.heads))
                missing = distinct
            self._fill(cache, missing)
            self._cache = cache
        return cache, np.fromiter(map(cache.slots.__getitem__, tokens), np.int64, len(tokens))

    def _fill(self, cache: TokenCache, missing: list[str]) -> None:
        if not missing:
            return
        table = self._features.token_table(missing)
        owner, ids, weights = table.char_owner, table.char_ids, table.char_weights
        n = len(missing)
        coef = self._char_coef[ids]
        # |u_t|^2 needs each repeated n-gram's weights summed first: sort the (token, n-gram)
        # keys, count each run; a key's weight is its n-gram's IDF.
        n_char = self._features.n_char
        keys = np.sort(owner * n_char + ids)
        starts = np.flatnonzero(np.diff(keys, prepend=-1))  # keys are >= 0; none: empty
        repeats = np.diff(np.append(starts, len(keys)))
        unique = keys[starts]
        summed = self._char_idf[unique % n_char] * repeats
        start = len(cache.slots)
        rows = cache.values[start : start + n]
        rows[:, _SQ] = np.bincount(unique // n_char, weights=summed**2, minlength=n)
        by_token = sp.csr_matrix((weights, (owner, np.arange(len(owner)))), shape=(n, len(owner)))
        rows[:, _HEADS:] = by_token @ coef
        rows[:, _ELONGATED] = table.elongated
        cache.words[start : start + n] = table.words
        cache.slots.update(zip(missing, range(start, start + n), strict=True))

    def _char_and_meta(self, prepared: Sequence[Prepared], sums: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Per text, from its tokens' summed cache rows: the char block's contribution to each
        head's decision, and the meta values."""
        n = len(prepared)
        sq = sums[:, _SQ]
        scale = np.divide(self._features.char_weight, np.sqrt(sq), out=np.zeros(n), where=sq > 0)
        char: FloatArray = sums[:, _HEADS:] * scale[:, None]
        elongated = (sums[:, _ELONGATED] > 0).tolist()
        meta: FloatArray = np.asarray(
            [meta_features(p, e) for p, e in zip(prepared, elongated, strict=True)], dtype=np.float64
        ).reshape(n, len(META_NAMES))
        return char, meta

    def predict_one(self, text: str) -> FloatArray:
        p = prepare(text)
        cache, slots = self._slots(p.tokens)
        char, meta = self._char_and_meta([p], cache.values[slots].sum(axis=0, keepdims=True))
        decision = char[0] + meta[0] @ self._meta_coef
        if len(slots):
            unigrams = cache.words[slots].astype(np.uint64)
            ids = np.concatenate((unigrams.astype(np.int64), bigram_ids(unigrams, self._features.word_bits)))
            unique, counts = np.unique(ids, return_counts=True)
            values = (1.0 + np.log(counts)) * self._word_idf[unique]
            norm = math.sqrt(float(values @ values))
            decision += (values @ self._word_coef[unique]) * (self._features.word_weight / norm)
        return self._heads.calibrated(decision + self._heads.intercept_)

    def predict(self, texts: Sequence[str]) -> FloatArray:
        """(n, len(heads)) calibrated probabilities; one text takes `predict_one`."""
        if len(texts) == 1:
            return self.predict_one(texts[0]).reshape(1, -1)
        if not texts:
            return np.zeros((0, len(self.heads)))
        prepared = [prepare(t) for t in texts]
        tokens = list(chain.from_iterable(p.tokens for p in prepared))
        cache, slots = self._slots(tokens)
        lengths = [len(p.tokens) for p in prepared]
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        by_doc = sp.csr_matrix((np.ones(len(slots)), np.arange(len(slots)), indptr), (len(texts), len(slots)))
        char, meta = self._char_and_meta(prepared, np.asarray(by_doc @ cache.values[slots]))
        words = self._features.word_block(cache.words[slots].astype(np.uint64), lengths)
        decision = words @ self._word_coef + char + meta @ self._meta_coef
        return self._heads.calibrated(decision + self._heads.intercept_)
