"""The scoring fast path: per-token contributions cached, no char n-grams materialised.

For a fitted pipeline the char block's contribution to each head's decision is
    char_weight * sum_t (coef . u_t) / sqrt(sum_t |u_t|^2)
over token occurrences t (see models.features), so each distinct token is reduced once to
(word index, elongated?, |u_t|^2, coef_spam . u_t, coef_abuse . u_t); unseen tokens of a
batch are reduced together. A comment then costs its tokenisation, a dict lookup per token
and a small word-block product. The numbers equal
`heads.predict_proba(features.transform(texts))` up to floating-point rounding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import itemgetter

import numpy as np
from sklearn.pipeline import Pipeline

from models.features import (
    META_NAMES,
    CommentFeaturizer,
    FloatArray,
    bigram_ids,
    flatten,
    meta_features,
)
from models.heads import TwoHeadLinear
from models.text import Prepared, prepare

# word index, elongated?, squared char norm, char . coef_spam, char . coef_abuse
FastInfo = tuple[int, bool, float, float, float]
_CACHE_LIMIT = 300_000
_word = itemgetter(0)
_elongated = itemgetter(1)
_sq = itemgetter(2)
_spam = itemgetter(3)
_abuse = itemgetter(4)


class FastScorer:
    """Calibrated (spam, abuse) probabilities of texts; safe to share between threads
    (the cache is a dict: concurrent misses at worst compute a token twice)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._features: CommentFeaturizer = pipeline.named_steps["features"]
        self._heads: TwoHeadLinear = pipeline.named_steps["heads"]
        f = self._features
        coef = np.asarray(self._heads.coef_, dtype=np.float64)
        self._word_coef = coef[: f.n_word]
        self._char_coef = coef[f.n_word : f.n_word + f.n_char]
        self._meta_coef = coef[f.n_word + f.n_char :] * f.meta_weight
        self._word_idf = np.asarray(f.idf_[: f.n_word], dtype=np.float64)
        self._cache: dict[str, FastInfo] = {}

    def _learn(self, tokens: Sequence[str]) -> None:
        cache = self._cache
        missing = [t for t in dict.fromkeys(tokens) if t not in cache]
        if not missing:
            return
        table = self._features.token_table(missing)
        owner, ids, weights = table.char_owner, table.char_ids, table.char_weights
        n = len(missing)
        coef = self._char_coef[ids]
        spam = np.bincount(owner, weights=weights * coef[:, 0], minlength=n).tolist()
        abuse = np.bincount(owner, weights=weights * coef[:, 1], minlength=n).tolist()
        # |u_t|^2 needs each repeated n-gram's weights summed first.
        keys, first, repeats = np.unique(
            owner * self._features.n_char + ids, return_index=True, return_counts=True
        )
        summed = weights[first] * repeats
        sq = np.bincount(keys // self._features.n_char, weights=summed**2, minlength=n).tolist()
        if len(cache) + len(missing) > _CACHE_LIMIT:
            cache.clear()  # bounded memory
        for i, raw in enumerate(missing):
            word, elongated = int(table.words[i]), bool(table.elongated[i])
            cache[raw] = (word, elongated, sq[i], spam[i], abuse[i])

    def _infos(self, tokens: list[str]) -> list[FastInfo]:
        get = self._cache.__getitem__
        for _ in range(3):
            try:
                return list(map(get, tokens))
            except KeyError:
                self._learn(tokens)
        return [self._cache.get(t) or self._compute(t) for t in tokens]

    def _compute(self, raw: str) -> FastInfo:
        self._learn([raw])
        return self._cache[raw]

    def _doc(self, p: Prepared) -> tuple[list[int], list[float], list[float]]:
        """Word indices, [char spam, char abuse] contribution, meta values of one text."""
        infos = self._infos(p.tokens)
        sq = sum(map(_sq, infos))
        scale = self._features.char_weight / math.sqrt(sq) if sq > 0.0 else 0.0
        char = [sum(map(_spam, infos)) * scale, sum(map(_abuse, infos)) * scale]
        meta = meta_features(p, any(map(_elongated, infos)))
        return list(map(_word, infos)), char, meta

    def predict_one(self, text: str) -> FloatArray:
        words, char, meta = self._doc(prepare(text))
        decision = np.asarray(char) + np.asarray(meta) @ self._meta_coef
        if words:
            unigrams = np.asarray(words, dtype=np.uint64)
            ids = np.concatenate((unigrams.astype(np.int64), bigram_ids(unigrams, self._features.word_bits)))
            unique, counts = np.unique(ids, return_counts=True)
            values = (1.0 + np.log(counts)) * self._word_idf[unique]
            norm = math.sqrt(float(values @ values))
            decision += (values @ self._word_coef[unique]) * (self._features.word_weight / norm)
        return self._heads.calibrated(decision + self._heads.intercept_)

    def predict(self, texts: Sequence[str]) -> FloatArray:
        """(n, 2) calibrated probabilities; one text takes `predict_one`."""
        if len(texts) == 1:
            return self.predict_one(texts[0]).reshape(1, 2)
        if not texts:
            return np.zeros((0, 2))
        prepared = [prepare(t) for t in texts]
        self._learn([t for p in prepared for t in p.tokens])
        docs = [self._doc(p) for p in prepared]
        word_lists = [d[0] for d in docs]
        words = self._features.word_block(flatten(word_lists), [len(w) for w in word_lists])
        char = np.asarray([d[1] for d in docs])
        meta = np.asarray([d[2] for d in docs]).reshape(len(texts), len(META_NAMES))
        decision = words @ self._word_coef + char + meta @ self._meta_coef
        return self._heads.calibrated(decision + self._heads.intercept_)
