"""Positional bigram postings, built with numpy over the whole corpus at once.

Every character position ``i`` of a folded passage yields the key ``(text[i], text[i+1])``, or
``(text[i], END)`` for the last character, so a one-character query is the union of all keys
starting with it. A key's list is a byte string of LEB128 varints, per passage that contains it:
``passage - previous passage``, ``count << 1 | lead``, then ``count`` positions delta-encoded
(``lead`` = some occurrence lies inside the passage's heading or lead clause, used for ranking).
Positions make every query exact without fetching passage text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

END = 0
"""Second character of the key that marks a passage's last character."""
KEY_SHIFT = 21


@dataclass(frozen=True, slots=True)
class Postings:
    keys: np.ndarray
    """Sorted unique keys, ``first << 21 | second`` (int64)."""
    starts: np.ndarray
    """Byte offset of each key's list in ``data``; ``starts[i+1]`` ends it (one extra entry)."""
    data: bytes


def _codes(texts: list[str]) -> np.ndarray:
    """All passages as one array of code points, each followed by a 0 separator."""
    joined = "\0".join(t.replace("\0", " ") for t in texts) + "\0"
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _occurrences(texts: list[str], lead_lens: np.ndarray) -> tuple[np.ndarray, ...]:
    """Key, passage, position and in-lead flag of every character, ordered by key."""
    codes = _codes(texts)
    is_sep = codes == 0
    pid = np.cumsum(is_sep, dtype=np.int32) - is_sep  # passage of each position
    starts = np.concatenate(([0], np.flatnonzero(is_sep)[:-1] + 1))
    chars = np.flatnonzero(~is_sep)
    key = (codes[chars].astype(np.int64) << KEY_SHIFT) | codes[chars + 1]
    pid = pid[chars]
    pos = (chars - starts[pid]).astype(np.int32)
    del codes, is_sep, chars
    lead = (pos + 1 < lead_lens[pid]).astype(np.int8)
    order = np.argsort(key, kind="stable")  # stable: keeps passage then position order
    return key[order], pid[order], pos[order], lead[order]


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128-encode non-negative ints; returns the bytes and each value's byte offset."""
    values = values.astype(np.uint32)
    nbytes = np.ones(len(values), dtype=np.int64)
    for bits in (7, 14, 21, 28):
        nbytes += values >= (1 << bits)
    offsets = np.concatenate(([0], np.cumsum(nbytes)))
    out = np.zeros(int(offsets[-1]), dtype=np.uint8)
    for k in range(5):
        has = nbytes > k
        byte = (values[has] >> (7 * k)) & 0x7F
        more = (nbytes[has] > k + 1).astype(np.uint32) << 7
        out[offsets[:-1][has] + k] = byte | more
    return out, offsets


def build_postings(texts: list[str], lead_lens: list[int]) -> Postings:
    """Encode the positional bigram lists of all (folded) ``texts``."""
    key, pid, pos, lead = _occurrences(texts, np.asarray(lead_lens + [0], dtype=np.int32))
    n = len(key)
    new_key = np.ones(n, dtype=bool)
    new_key[1:] = key[1:] != key[:-1]
    new_post = new_key.copy()
    new_post[1:] |= pid[1:] != pid[:-1]
    post_idx = np.flatnonzero(new_post)
    counts = np.diff(np.append(post_idx, n))
    leads = np.maximum.reduceat(lead, post_idx) if n else lead
    prev_pid = np.where(new_key[post_idx], 0, np.concatenate(([0], pid[post_idx][:-1])))
    pos_delta = pos.copy()
    pos_delta[1:] -= np.where(new_post[1:], 0, pos[:-1])
    # Value slots: a posting's first occurrence is preceded by its passage delta and header.
    slot = np.arange(n, dtype=np.int64) + 2 * np.cumsum(new_post, dtype=np.int64)
    values = np.empty(n + 2 * len(post_idx), dtype=np.uint32)
    values[slot] = pos_delta
    values[slot[post_idx] - 2] = pid[post_idx] - prev_pid
    values[slot[post_idx] - 1] = (counts << 1) | leads
    del pos_delta, pos, lead
    data, offsets = varints(values)
    key_idx = np.flatnonzero(new_key)
    starts = np.append(offsets[slot[key_idx] - 2], len(data))
    return Postings(key[key_idx], starts, data.tobytes())
