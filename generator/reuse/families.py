"""Sentences many reports use: MinHash signatures and LSH banding over every sentence.

A sentence (normalised text up to 。；！？, at least ``MIN_CHARS`` long) is a set of character
trigrams. Its MinHash signature is datasketch's (``MinHash(num_perm=NUM_PERM)``, the affine32
scheme: the same permutations, a test checks the values), computed for all distinct
sentences at once with numpy; datasketch's own ``update_batch`` and ``MinHashLSH`` take one
object at a time, which at 1.7 million sentences costs minutes and gigabytes (see
benchmarks/reuse_bench.py). Bands of the signature (datasketch's ``_optimal_param`` for the
threshold) put near-duplicates in one bucket; a bucket's members that agree with its first
member on ``THRESHOLD`` of the signature join it, and connected sentences form a family.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from generator.reuse.shingles import shingles_at

NUM_PERM = 32
THRESHOLD = 0.6
MIN_CHARS = 12
SHINGLE = 3
#: Boilerplate: at least this share of the reports of a year (or of all reports), and at
#: least ``BOILER_MIN`` reports.
BOILER_SHARE, BOILER_MIN = 0.5, 3
_ENDS = np.array([ord(c) for c in "。；！？;!?"], np.uint32)


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=1).permutations
    return np.asarray(a, np.uint32), np.asarray(b, np.uint32)


@cache
def bands() -> tuple[int, int]:
    from datasketch.lsh import _optimal_param

    return _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """MinHash signatures (``len(starts)`` × NUM_PERM, uint32) of the sets
    ``values[starts[i]:starts[i+1]]`` of 32-bit shingle hashes, as datasketch's
    ``MinHash(num_perm=NUM_PERM, hashfunc=int)`` would compute them one by one."""
    a, b = permutations()
    hv = _fmix32(values.astype(np.uint32))
    out = np.empty((starts.size, NUM_PERM), np.uint32)
    with np.errstate(over="ignore"):
        for p in range(NUM_PERM):
            out[:, p] = np.minimum.reduceat(hv * a[p] + b[p], starts)
    return out


def band_keys(sig: np.ndarray) -> np.ndarray:
    """One 64-bit key per band and row (rows × bands)."""
    b, r = bands()
    keys = np.zeros((sig.shape[0], b), np.uint64)
    with np.errstate(over="ignore"):
        for i in range(b):
            k = np.full(sig.shape[0], i + 1, np.uint64)
            for j in range(r):
                k = k * np.uint64(0x9E3779B97F4A7C15) + sig[:, i * r + j].astype(np.uint64)
            keys[:, i] = k
    return keys


@dataclass(frozen=True, slots=True)
class Sentences:
    """Every sentence occurrence: where it is (side positions) and which distinct sentence
    it is."""

    start: np.ndarray
    end: np.ndarray
    distinct: np.ndarray  # occurrence → distinct sentence number
    first: np.ndarray  # distinct sentence → one occurrence
    texts: tuple[str, ...] = ()  # distinct sentence → its normalised text


def sentences(codes: np.ndarray) -> Sentences:
    """Sentences of a side's normalised codes: split after 。；！？ and at separators."""
    cut = np.flatnonzero(np.isin(codes, _ENDS) | (codes <= 1))
    starts = np.concatenate(([0], cut + 1))
    ends = np.concatenate((cut + 1, [codes.size]))
    ends = ends - (codes[np.minimum(ends, codes.size) - 1] <= 1)  # a separator is no text
    ok = ends - starts >= MIN_CHARS
    starts, ends = starts[ok], ends[ok]
    text = codes.tobytes().decode("utf-32-le")
    ids: dict[str, int] = {}
    distinct = np.fromiter((ids.setdefault(text[s:e], len(ids)) for s, e in
                            zip(starts.tolist(), ends.tolist(), strict=True)),
                           np.int64, starts.size)
    first = np.zeros(len(ids), np.int64)
    first[distinct[::-1]] = np.arange(distinct.size)[::-1]
    return Sentences(starts, ends, distinct, first, tuple(ids))


@dataclass(frozen=True, slots=True)
class Signed:
    """Distinct sentences and their MinHash signatures, kept from one build to the next."""

    texts: tuple[str, ...]
    sig: np.ndarray


def signed(codes: np.ndarray, sents: Sentences, previous: Signed | None = None) -> Signed:
    """The signatures of ``sents``' distinct sentences: ``previous``'s where it has the
    sentence, computed for the others."""
    have = {t: i for i, t in enumerate(previous.texts)} if previous is not None else {}
    at = np.fromiter((have.get(t, -1) for t in sents.texts), np.int64, len(sents.texts))
    sig = np.empty((at.size, NUM_PERM), np.uint32)
    known = at >= 0
    if previous is not None and known.any():
        sig[known] = previous.sig[at[known]]
    todo = np.flatnonzero(~known)
    if todo.size:
        first = sents.first[todo]
        sig[todo] = _signatures_of(codes, sents.start[first], sents.end[first])
    return Signed(sents.texts, sig)


#: :func:`_signatures_of` works on this many sentences at a time (its arrays take about 40
#: bytes a character: 1.3 GB at once for the 600,000 distinct sentences of 10,000 reports).
BATCH = 1 << 15


def _signatures_of(codes: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Signatures of the sentences ``codes[s:e]`` (each at least ``SHINGLE`` long)."""
    out = np.empty((s.size, NUM_PERM), np.uint32)
    for a in range(0, s.size, BATCH):
        out[a:a + BATCH] = _signatures_batch(codes, s[a:a + BATCH], e[a:a + BATCH])
    return out


def _signatures_batch(codes: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    lengths = e - s - SHINGLE + 1
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    idx = np.repeat(s - offsets[:-1], lengths) + np.arange(offsets[-1])
    h = shingles_at(codes, idx, SHINGLE)
    return signatures((h >> np.uint64(32)).astype(np.uint32), offsets[:-1])


def family_labels(codes: np.ndarray, sents: Sentences, sig: np.ndarray | None = None
                  ) -> np.ndarray:
    """A family number for every distinct sentence (connected by LSH buckets); ``sig``:
    their signatures when known (:func:`signed`)."""
    n = sents.first.size
    if n == 0:
        return np.zeros(0, np.int64)
    if sig is None:
        sig = _signatures_of(codes, sents.start[sents.first], sents.end[sents.first])
    keys = band_keys(sig)
    rows, cols = [], []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        k = keys[order, band]
        head = np.ones(n, bool)
        head[1:] = k[1:] != k[:-1]
        leader = order[np.maximum.accumulate(np.where(head, np.arange(n), 0))]
        member = ~head
        a, b = leader[member], order[member]
        agree = (sig[a] == sig[b]).mean(axis=1) >= THRESHOLD
        rows.append(a[agree])
        cols.append(b[agree])
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    graph = coo_matrix((np.ones(r.size, np.int8), (r, c)), shape=(n, n))
    return connected_components(graph, directed=False)[1]
