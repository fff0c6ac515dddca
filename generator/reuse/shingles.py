"""Character shingles as 64-bit hashes, computed over whole arrays at once (numpy)."""

from __future__ import annotations

import numpy as np

_P = np.uint64(0x100000001B3)
_M1, _M2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)


def _mix(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(33)
    h *= _M1
    h ^= h >> np.uint64(33)
    h *= _M2
    h ^= h >> np.uint64(33)
    return h


def shingles(codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every ``k`` characters starting at each position (``len - k + 1`` of them),
    and whether that shingle is real text (no separator, code ≤ 1, inside it)."""
    n = codes.size - k + 1
    if n <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, bool)
    c = codes.astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h *= _P
            h += c[j:j + n]
        h = _mix(h)
    sep = np.concatenate(([0], np.cumsum(codes <= 1, dtype=np.int64)))
    valid = sep[k:k + n] - sep[:n] == 0
    return h, valid


def shingles_at(codes: np.ndarray, at: np.ndarray, k: int) -> np.ndarray:
    """The hashes ``shingles(codes, k)`` gives at positions ``at`` (any shape; each at most
    ``len(codes) - k``), computed there only."""
    h = np.zeros(at.shape, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h *= _P
            h += codes[at + j].astype(np.uint64)
        h = _mix(h)
    return h
