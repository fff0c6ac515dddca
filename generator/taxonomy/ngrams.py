"""A fast ``transform`` for a fitted character n-gram ``TfidfVectorizer`` (issue 12).

scikit-learn builds each text's n-grams in Python and looks every one up in a dict, raising a
``KeyError`` for each n-gram outside the vocabulary; most of a point's body is outside the
prototypes' vocabulary, so that dominated the classifier's time. Here every n-gram of a batch
is one integer (its code points packed into 21 bits each), looked up at once with
``searchsorted``; the result equals the vectorizer's own ``transform`` (a unit test checks it).
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_WHITE = re.compile(r"\s\s+")  # as scikit-learn's char analyzer: runs of blanks → one space
_BITS = 21  # every code point fits in 21 bits
_SEP = "\x00"  # joins the texts of a batch; no vocabulary n-gram contains it


class CharNgrams:
    """``transform`` of a fitted ``TfidfVectorizer(analyzer="char", lowercase=True)``."""

    def __init__(self, vec: TfidfVectorizer) -> None:
        lo, hi = vec.ngram_range
        if vec.analyzer != "char" or not vec.lowercase or vec.preprocessor or lo < 1 or hi > 3:
            raise ValueError("only char n-grams of 1 to 3 characters, lower-cased")
        self.sizes = range(lo, hi + 1)
        self.dtype = vec.dtype
        self.norm, self.sublinear = vec.norm, vec.sublinear_tf
        self.idf = vec.idf_.astype(np.float64) if vec.use_idf else None
        self.n_features = len(vec.vocabulary_)
        self.keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in self.sizes:
            grams = [(g, i) for g, i in vec.vocabulary_.items() if len(g) == n]
            keys = np.array([_pack(g) for g, _ in grams], dtype=np.int64)
            order = np.argsort(keys)
            ids = np.array([i for _, i in grams], dtype=np.int64)
            self.keys[n] = (keys[order], ids[order])

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        docs = [_WHITE.sub(" ", t.lower()) for t in texts]
        joined = _SEP.join(docs)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        lengths = np.fromiter((len(d) + 1 for d in docs), dtype=np.int64, count=len(docs))
        doc_of = np.repeat(np.arange(len(docs)), lengths)[: len(codes)]
        rows, cols = [], []
        for n in self.sizes:
            if len(codes) < n:
                continue
            key = codes[: len(codes) - n + 1].copy()
            for k in range(1, n):
                key = (key << _BITS) | codes[k : len(codes) - n + 1 + k]
            vocab, ids = self.keys[n]
            if not len(vocab):
                continue
            pos = np.minimum(np.searchsorted(vocab, key), len(vocab) - 1)
            hit = vocab[pos] == key
            rows.append(doc_of[: len(key)][hit])
            cols.append(ids[pos[hit]])
        r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        pair, counts = np.unique(r * self.n_features + c, return_counts=True)
        data = counts.astype(np.float64)
        if self.sublinear:
            data = np.log(data) + 1.0
        col = pair % self.n_features
        if self.idf is not None:
            data *= self.idf[col]
        m = sparse.csr_matrix(
            (data, (pair // self.n_features, col)), shape=(len(docs), self.n_features)
        )
        if self.norm == "l2":
            norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            m = sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)
        return m.astype(self.dtype)


def _pack(gram: str) -> int:
    key = 0
    for ch in gram:
        key = (key << _BITS) | ord(ch)
    return key
