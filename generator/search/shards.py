"""Pack the bigram lists into a few thousand small gzipped shard files.

All keys that start with the same character go to the same file(s), so a one-character query
knows where to look. A character whose lists exceed ``target`` bytes is split over ``2**k`` files
by a hash of the second character (``big`` in ``meta.json``); the others share ``small`` files
by a hash of the first character. The browser computes the same file names with ``mix``.

A shard file is ``[n][n × (first step, second, length)]`` as varints (keys ascending; ``second``
is a step from the previous key's when ``first`` repeats), then the n lists in that order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.search import gzmemo
from generator.search.postings import KEY_SHIFT, Postings


def mix(x: int) -> int:
    """32-bit integer hash, identical to ``mix`` in the client."""
    x = ((x ^ (x >> 16)) * 0x45D9F3B) & 0xFFFFFFFF
    x = ((x ^ (x >> 16)) * 0x45D9F3B) & 0xFFFFFFFF
    return x ^ (x >> 16)


def varint_bytes(values: list[int]) -> bytes:
    out = bytearray()
    for v in values:
        while v >= 0x80:
            out.append(v & 0x7F | 0x80)
            v >>= 7
        out.append(v)
    return bytes(out)


@dataclass(slots=True)
class ShardPlan:
    small: int
    """Number of shared files for characters below the size target."""
    big: dict[int, int] = field(default_factory=dict)
    """Code point → number of files its keys are split over (a power of two)."""

    group: int = 0
    """Characters are indexed in groups (code point modulo the group count), each its own plan."""

    def name(self, first: int, second: int) -> str:
        parts = self.big.get(first)
        if parts:
            return f"{first:x}-{mix(second) % parts}"
        return f"s{self.group}-{mix(first) % self.small}"


def plan_shards(postings: list[Postings], target: int, group: int = 0) -> ShardPlan:
    """Choose file counts so that a file holds about ``target`` bytes of (raw) lists."""
    per_char: dict[int, int] = defaultdict(int)
    for p in postings:
        firsts = p.keys >> KEY_SHIFT
        sizes = np.diff(p.starts)
        for first, size in zip(firsts.tolist(), sizes.tolist(), strict=True):
            per_char[first] += size
    big = {c: 1 << int(np.ceil(np.log2(s / target))) for c, s in per_char.items() if s > target}
    small_total = sum(s for c, s in per_char.items() if c not in big)
    return ShardPlan(max(1, round(small_total / target)), big, group)


def write_shards(postings: list[Postings], plan: ShardPlan, out: Path, level: int = 6,
                 records: list[gzmemo.Record] | None = None) -> int:
    """Write every shard file under ``out``; returns the bytes written. With ``records``,
    a file whose bytes :data:`gzmemo.KNOWN` has is not written (:mod:`generator.search.gzmemo`)."""
    files: dict[str, list[tuple[int, int, bytes]]] = defaultdict(list)
    for p in postings:
        keys, starts = p.keys.tolist(), p.starts.tolist()
        view = memoryview(p.data)
        for i, key in enumerate(keys):
            first, second = key >> KEY_SHIFT, key & ((1 << KEY_SHIFT) - 1)
            files[plan.name(first, second)].append((first, second, view[starts[i] : starts[i + 1]]))
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, entries in files.items():
        entries.sort(key=lambda e: e[:2])
        header, last = [len(entries)], (0, 0)
        for first, second, blob in entries:
            # Keys ascend: store the first character's step, and the second's when it repeats.
            header += [first - last[0], second - last[1] if first == last[0] else second, len(blob)]
            last = (first, second)
        body = varint_bytes(header) + b"".join(blob for *_, blob in entries)
        written += gzmemo.write(out.parent, f"{out.name}/{name}.bin.gz", body, level, records)
    return written
