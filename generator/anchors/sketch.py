"""Text fingerprints for anchor reconciliation: an exact content hash and a bottom-k
sketch of character bigrams, small enough to keep one per passage in ``anchors.lock``."""

from __future__ import annotations

import hashlib

import numpy as np

from generator.anchors.hashing import normalise

K = 24  #: sketch size: short passages (≤ K bigrams) are kept whole, so their Jaccard is exact


def content_hash(text: str) -> str:
    """10 hex characters identifying the normalised text exactly."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=5).hexdigest()


def sketch(text: str) -> tuple[int, ...]:
    """The K smallest 16-bit hashes of the text's character bigrams (sorted).

    Bigram ids are mixed with a fixed multiplicative hash (Fibonacci hashing), so the
    sketch is the same in every process and on every machine; numpy keeps it cheap enough
    for hundreds of thousands of passages.
    """
    chars = np.frombuffer(normalise(text).encode("utf-32-le"), dtype=np.uint32)
    if len(chars) == 0:
        return ()
    codes = chars.astype(np.uint64)
    grams = codes[:-1] * np.uint64(0x110000) + codes[1:] if len(codes) > 1 else codes
    with np.errstate(over="ignore"):
        mixed = (grams * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(48)
    return tuple(int(v) for v in np.unique(mixed)[:K])


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two texts' bigram sets (bottom-k estimator)."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:K]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def encode(values: tuple[int, ...]) -> str:
    return "".join(f"{v:04x}" for v in values)


def decode(text: str) -> tuple[int, ...]:
    return tuple(int(text[i:i + 4], 16) for i in range(0, len(text), 4))
