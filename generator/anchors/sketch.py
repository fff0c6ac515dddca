"""Text fingerprints for anchor reconciliation: an exact content hash and a bottom-k
sketch of character bigrams, small enough to keep one per passage in ``anchors.lock``."""

from __future__ import annotations

import hashlib
import struct

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
    """Four hex digits per value (every value is a 16-bit hash); the lock holds one sketch
    per passage, and every build writes and digests them all, so this is packed in C."""
    try:
        return struct.pack(f">{len(values)}H", *values).hex()
    except struct.error:  # not 16-bit values: as many hex digits as they need
        return "".join(f"{v:04x}" for v in values)


def decode(text: str) -> tuple[int, ...]:
    if len(text) % 4 == 0:
        try:
            return struct.unpack(f">{len(text) // 4}H", bytes.fromhex(text))
        except (ValueError, struct.error):  # not plain hex: the slow path, as before
            pass
    return tuple(int(text[i:i + 4], 16) for i in range(0, len(text), 4))
