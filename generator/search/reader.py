"""Read a written index back in Python, the way the browser client does (for tests and tools).

``IndexReader(path).search(term)`` returns ``{passage ordinal: occurrences}`` for one folded
term, decoding the same shard files with the same cover-and-verify rule as ``engine.js``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.search.shards import mix


def _varints(data: bytes, at: int, n: int) -> tuple[list[int], int]:
    out = []
    for _ in range(n):
        v = shift = 0
        while True:
            b = data[at]
            at += 1
            v |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        out.append(v)
    return out, at


class IndexReader:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.meta = json.loads(gzip.decompress((self.root / "meta.json.gz").read_bytes()))
        self.big = {int(k): v for k, v in self.meta["big"].items()}

    def shard_names(self, first: int, second: int | None) -> list[str]:
        parts = self.big.get(first)
        if parts:
            picks = range(parts) if second is None else [mix(second) % parts]
            return [f"{first:x}-{j}" for j in picks]
        g = first % self.meta["groups"]
        return [f"s{g}-{mix(first) % self.meta['small'][g]}"]

    def shard(self, name: str) -> dict[tuple[int, int], bytes]:
        path = self.root / "k" / f"{name}.bin.gz"
        if not path.exists():
            return {}
        data = gzip.decompress(path.read_bytes())
        (n,), at = _varints(data, 0, 1)
        header, at = _varints(data, at, 3 * n)
        lists, first, second = {}, 0, 0
        for i in range(n):
            step, value, length = header[3 * i : 3 * i + 3]
            second = second + value if step == 0 and i else value
            first += step
            lists[(first, second)] = data[at : at + length]
            at += length
        return lists

    def postings(self, first: int, second: int) -> dict[int, list[int]]:
        """Passage ordinal → positions of the key ``(first, second)``."""
        blob = self.shard(self.shard_names(first, second)[0]).get((first, second))
        return decode(blob) if blob else {}

    def search(self, term: str) -> dict[int, int]:
        cps = [ord(c) for c in term]
        if len(cps) == 1:
            hits: dict[int, int] = {}
            for name in self.shard_names(cps[0], None):
                for (first, _), blob in self.shard(name).items():
                    if first == cps[0]:
                        for pid, pos in decode(blob).items():
                            hits[pid] = hits.get(pid, 0) + len(pos)
            return hits
        offsets = list(range(0, len(cps) - 1, 2))
        if offsets[-1] != len(cps) - 2:
            offsets.append(len(cps) - 2)
        lists = [self.postings(cps[o], cps[o + 1]) for o in offsets]
        hits = {}
        for pid, starts in lists[0].items():
            if all(pid in lst for lst in lists[1:]):
                sets = [set(lst[pid]) for lst in lists[1:]]
                n = sum(
                    all(p + o in s for o, s in zip(offsets[1:], sets, strict=True)) for p in starts
                )
                if n:
                    hits[pid] = n
        return hits


def decode(blob: bytes) -> dict[int, list[int]]:
    """One key's list: passage ordinal → its positions (see ``postings.py`` for the layout)."""
    (n,), at = _varints(blob, 0, 1)
    deltas, at = _varints(blob, at, n)
    headers, at = _varints(blob, at, n)
    out, pid = {}, 0
    for delta, header in zip(deltas, headers, strict=True):
        pid += delta
        gaps, at = _varints(blob, at, header >> 1)
        pos, p = [], 0
        for g in gaps:
            p += g
            pos.append(p)
        out[pid] = pos
    return out
