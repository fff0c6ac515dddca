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


def corpus_codes(texts: list[str], fold_table: np.ndarray, chunk: int = 1 << 14) -> np.ndarray:
    """All passages as one array of folded code points, each passage followed by a 0. Made
    ``chunk`` passages at a time into the one array: the whole text joined, encoded and
    folded at once took three times the array again (700 MB more at 10,000 reports)."""
    if not texts:
        return np.zeros(1, np.uint32)  # as "\0".join([]) + "\0"
    codes = np.empty(sum(len(t) + 1 for t in texts), np.uint32)
    at = 0
    for i in range(0, len(texts), chunk):
        joined = "".join(f"{t.replace(chr(0), ' ')}\0" for t in texts[i:i + chunk])
        part = codes[at:at + len(joined)]
        part[:] = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        bmp = part < len(fold_table)
        part[bmp] = fold_table[part[bmp]]
        at += len(joined)
    return codes


def _occurrences(
    codes: np.ndarray, starts: np.ndarray, lead_lens: np.ndarray, chars: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Key, passage, position and in-lead flag of the characters ``chars``, ordered by key."""
    pid = (np.searchsorted(starts, chars, side="right") - 1).astype(np.int32)
    key = (codes[chars].astype(np.int64) << KEY_SHIFT) | codes[chars + 1]
    pos = (chars - starts[pid]).astype(np.int32)
    lead = (pos + 1 < lead_lens[pid]).astype(np.int8)
    order = np.argsort(key, kind="stable")  # stable: keeps passage then position order
    return key[order], pid[order], pos[order], lead[order]


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128-encode non-negative ints; returns the bytes and each value's byte offset."""
    values = values.astype(np.uint32)
    nbytes = np.ones(len(values), dtype=np.uint8)
    for bits in (7, 14, 21, 28):
        nbytes += values >= (1 << bits)
    offsets = np.concatenate(([0], np.cumsum(nbytes, dtype=np.int64)))
    out = np.zeros(int(offsets[-1]), dtype=np.uint8)
    for k in range(5):
        has = nbytes > k
        byte = (values[has] >> (7 * k)) & 0x7F
        more = (nbytes[has] > k + 1).astype(np.uint32) << 7
        out[offsets[:-1][has] + k] = byte | more
    return out, offsets


def _runs(flags: np.ndarray) -> np.ndarray:
    """Index of each ``True`` entry's run: the number of ``True`` entries before it, minus 1."""
    return np.cumsum(flags, dtype=np.int64) - 1


def _encode(key: np.ndarray, pid: np.ndarray, pos: np.ndarray, lead: np.ndarray) -> Postings:
    """Lay out each key as ``[n][n passage deltas][n headers][positions]`` and varint it."""
    n = len(key)
    new_key = np.ones(n, dtype=bool)
    new_key[1:] = key[1:] != key[:-1]
    new_post = new_key.copy()
    new_post[1:] |= pid[1:] != pid[:-1]
    key_idx, post_idx = np.flatnonzero(new_key), np.flatnonzero(new_post)
    post_key = _runs(new_key)[post_idx]  # key of each posting
    n_posts = np.bincount(post_key, minlength=len(key_idx))
    n_occ = np.diff(np.append(key_idx, n))
    base = np.concatenate(([0], np.cumsum(1 + 2 * n_posts + n_occ)))[:-1]
    first_post = np.concatenate(([0], np.cumsum(n_posts)))[:-1]
    j = np.arange(len(post_idx)) - first_post[post_key]  # posting's rank within its key
    values = np.empty(int(base[-1] + 1 + 2 * n_posts[-1] + n_occ[-1]) if n else 0, np.uint32)
    values[base] = n_posts
    prev_pid = np.where(new_key[post_idx], 0, np.concatenate(([0], pid[post_idx][:-1])))
    values[base[post_key] + 1 + j] = pid[post_idx] - prev_pid
    counts = np.diff(np.append(post_idx, n))
    leads = np.maximum.reduceat(lead, post_idx) if n else lead
    values[base[post_key] + 1 + n_posts[post_key] + j] = (counts << 1) | leads
    occ_key = _runs(new_key)
    i = np.arange(n) - key_idx[occ_key]
    pos_delta = pos.copy()
    pos_delta[1:] -= np.where(new_post[1:], 0, pos[:-1])
    values[base[occ_key] + 1 + 2 * n_posts[occ_key] + i] = pos_delta
    data, offsets = varints(values)
    return Postings(key[key_idx], np.append(offsets[base], len(data)), data.tobytes())


def passage_starts(codes: np.ndarray) -> np.ndarray:
    """Offset of each passage in :func:`corpus_codes` output."""
    return np.concatenate(([0], np.flatnonzero(codes == 0)[:-1] + 1))


def char_groups(codes: np.ndarray, groups: int) -> np.ndarray:
    """Group of each position's key (first character modulo ``groups``; 255 at separators)."""
    group_of = (codes % groups).astype(np.uint8)
    group_of[codes == 0] = 255
    return group_of


def build_group(
    codes: np.ndarray, starts: np.ndarray, group_of: np.ndarray, lead_lens: np.ndarray, group: int
) -> Postings:
    """Encode the positional bigram lists of the keys whose first character is in ``group``
    (see :func:`char_groups`); groups bound peak memory and run in parallel."""
    chars = np.flatnonzero(group_of == group)
    return _encode(*_occurrences(codes, starts, lead_lens, chars))
