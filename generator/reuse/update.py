"""Shared phrasing across builds: ``update_reuse`` gives what ``find_reuse`` gives, keeping
what the last build computed from text that did not change.

* **Pairwise spans.** The spans of one pair of reports are a function of that pair's seeds
  (the rare shingles they share, each paired with its next few occurrences in corpus order,
  see :meth:`ReuseIndex.seeds`) and of the two reports' text. Seeding is cheap numpy over the
  whole index; chaining, extending, aligning and locating spans is the costly part. So a
  build seeds the whole corpus again, compares each pair of unchanged reports' seeds with the
  last build's, and aligns only the pairs whose seeds differ and the pairs with a changed or
  added report.
* **The index.** Whether a shingle is indexed depends on its report's own text except at the
  report's borders (:data:`~generator.reuse.index.BORDER_START`); the state keeps the rest,
  sorted, and a build adds the changed reports' and every border's.
* **Sentence signatures**, by the sentence's normalised text.

A report is *unchanged* when its key (slug, text and anchors: the key it settled with) is the
last build's and the unchanged reports are in the same relative order; otherwise, or without
a state from this code version, everything is computed again. Families, common phrasing,
the marks and the figures are made from the whole corpus, as ``find_reuse`` makes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.cache import Cache
from generator.models import Report
from generator.reuse import families as fam
from generator.reuse.detect import find_reuse, from_matches
from generator.reuse.index import (
    BORDER_END,
    BORDER_START,
    ReuseIndex,
    Side,
    indexed_at,
    interior_fingerprints,
    spans_keyed,
)
from generator.reuse.model import Match, Reuse
from generator.reuse.shingles import _mix
from generator.reuse.text import TextReport
from generator.workers import trim_heap


@dataclass(frozen=True, slots=True)
class ReuseState:
    """What the next build needs to update shared phrasing instead of redoing it."""

    keys: tuple[str, ...]
    """One per report, in corpus order: its slug and settled key."""
    seeds: np.ndarray
    """Seed pairs as rows (report a, offset a, report b, offset b), int32; an offset is a
    position in its report's normalised text."""
    matches: tuple[Match, ...]
    pairs: np.ndarray
    """Each match's passage pair as (report a, passage a, report b, passage b)."""
    fp_hash: np.ndarray
    """The index's shingles away from report borders, in the index's order: their hashes,"""
    fp_report: np.ndarray
    """their reports (int32)"""
    fp_offset: np.ndarray
    """and their offsets in the report's normalised text (int32)."""
    signed: fam.Signed
    """The corpus's distinct sentences and their signatures."""


def update_reuse(reports: Sequence[Report], keys: Sequence[str], previous: ReuseState | None,
                 save: Callable[[ReuseState], None] | None = None
                 ) -> tuple[Reuse, ReuseState | None]:
    """``find_reuse(reports)``, and the state the next build updates it from. ``keys``: one
    per report (see :attr:`ReuseState.keys`). ``save``: called with the state as soon as it
    is complete, which is then not returned (``None``): its arrays (half a gigabyte at
    10,000 reports) go before the families and marks are made."""
    keys = tuple(keys)
    old_to_new = _renumber(keys, previous) if previous is not None else None
    side = Side.of(reports)
    trim_heap()  # the per-report arrays it joined
    if previous is None or old_to_new is None:
        index = ReuseIndex(reports, side)
    else:
        index = ReuseIndex(reports, side, _fingerprints(side, previous, old_to_new))
    pa, pb = index.seeds()
    seeds = _local(index, pa, pb)
    if previous is None or old_to_new is None:
        matches, pairs = spans_keyed(side, side, pa, pb)
    else:
        redo, old_matches, old_pairs = _kept(len(keys), seeds, previous, old_to_new)
        fresh, fresh_pairs = spans_keyed(side, side, pa[redo], pb[redo])
        pairs = np.concatenate((old_pairs, fresh_pairs))
        both = [*old_matches, *fresh]
        # lexsort is stable and a passage pair's spans all come from one side of the
        # concatenation, so each keeps its own order: the order find_reuse gives
        order = np.lexsort(pairs.T[::-1]).tolist()
        matches = [both[i] for i in order]
        pairs = pairs[order]
    del pa, pb
    runs = index.frequent_runs()  # (its working arrays go before the interior is made)
    interior = _interior(index)
    del index  # its arrays are not needed below
    trim_heap()
    sents = fam.sentences(side.codes)
    signed = fam.signed(side.codes, sents, previous.signed if previous is not None else None)
    state: ReuseState | None = ReuseState(keys, seeds, tuple(matches), pairs.astype(np.int32),
                                          *interior, signed)
    if save is not None:
        save(state)
        del interior, seeds, pairs
        state = None
        trim_heap()
    return from_matches(side, matches, runs, sents, signed.sig), state


def updated(reports: Sequence[Report | TextReport], keys: Sequence[str], cache: Cache,
            state_key: str) -> Reuse:
    """:func:`update_reuse` from the state ``cache`` holds under ``state_key`` (none, or
    one of another code version: from scratch), which it replaces."""
    previous = cache.get("reuse-state", state_key)
    return update_reuse(reports, keys, previous if isinstance(previous, ReuseState) else None,
                        save=lambda state: cache.put("reuse-state", state_key, state))[0]


def reuse_job(reports: list[TextReport], keys: list[str] | None, root: Path, state_key: str,
              entry: str | None) -> tuple[Reuse | None, set[str]]:
    """Shared phrasing of ``reports`` in a process of its own (``build._reuse_beside``),
    and the entries of the cache in ``root`` it used: with ``keys``, :func:`updated` and
    filed under ``entry``, where the build reads it (``None`` is sent back: pickled once,
    not again to be sent, 83 MB at 10,000 reports); else ``find_reuse``, sent back."""
    if keys is None or entry is None:
        return find_reuse(reports), set()
    cache = Cache(root)
    cache.put("reuse", entry, updated(reports, keys, cache, state_key))
    return None, cache.used


def _renumber(keys: tuple[str, ...], previous: ReuseState) -> np.ndarray | None:
    """Each of the last build's reports' number in this build (-1: changed or gone), or
    ``None`` when the unchanged reports are not in the same order (which report of a pair
    is ``a`` would differ)."""
    at = {k: i for i, k in enumerate(keys)}
    if len(at) != len(keys):
        return None
    old_to_new = np.array([at.get(k, -1) for k in previous.keys] + [-1], np.int64)
    survived = old_to_new[old_to_new >= 0]
    return None if np.any(np.diff(survived) <= 0) else old_to_new


def _local(index: ReuseIndex, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Seed pairs as (report, offset in its normalised text) twice."""
    side = index.side
    ra, rb = side.report_of(pa), side.report_of(pb)
    return np.stack((ra, pa - side.starts[ra], rb, pb - side.starts[rb]),
                    axis=1).astype(np.int32)


def _fingerprints(side: Side, previous: ReuseState, old_to_new: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The index's sorted shingles (hashes, side positions), as ``ReuseIndex`` sorts them:
    the last build's for unchanged reports away from their borders, the others' computed,
    and at every report's borders computed over the whole side."""
    n = len(side.reports)
    lengths = np.diff(side.starts) - 1
    report = old_to_new[previous.fp_report]
    keep = report >= 0
    hashes, report, offset = previous.fp_hash[keep], report[keep], previous.fp_offset[keep]
    unchanged = np.zeros(n, bool)
    unchanged[old_to_new[old_to_new >= 0]] = True
    parts_h, parts_p = [hashes], [side.starts[report] + offset]
    for r in np.flatnonzero(~unchanged).tolist():
        s = int(side.starts[r])
        h, at = interior_fingerprints(side.codes[s:s + int(lengths[r])])
        parts_h.append(h)
        parts_p.append(at + s)
    lo, hi = side.starts[:-1, None], side.starts[:-1, None] + lengths[:, None]
    head = lo + np.arange(BORDER_START)
    tail = hi - 1 - np.arange(BORDER_END)
    q = np.unique(np.concatenate((head[head < hi], tail[tail >= lo])))
    h, indexed = indexed_at(side.codes, q)
    parts_h.append(h[indexed])
    parts_p.append(q[indexed])
    hashes = np.concatenate(parts_h)
    positions = np.concatenate(parts_p).astype(np.int64)
    order = np.argsort(hashes, kind="stable")  # nearly sorted already: fast
    fresh = order >= parts_h[0].size
    hashes, positions = hashes[order], positions[order]
    # within a hash the last build's shingles come first: sort the groups that got others
    brk = np.ones(hashes.size, bool)
    brk[1:] = hashes[1:] != hashes[:-1]
    group = np.cumsum(brk) - 1
    touched = np.zeros(int(group[-1]) + 1 if group.size else 0, bool)
    touched[group[fresh]] = True
    rows = np.flatnonzero(touched[group])
    positions[rows] = positions[rows[np.lexsort((positions[rows], group[rows]))]]
    return hashes, positions


def _interior(index: ReuseIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The index's shingles away from report borders, for the next build."""
    side = index.side
    # a shingle is kept unless it starts within BORDER_START characters of its report's
    # beginning or BORDER_END of its end (its separator included): marked over the side
    # once, read at every shingle (arrays of shingles' length cost 8 bytes each)
    border = np.zeros(side.codes.size + 1, bool)
    lo, hi = side.starts[:-1], side.starts[1:] - 1  # each report's text and its separator
    for d in range(BORDER_START):
        border[np.minimum(lo + d, hi)] = True
    for d in range(BORDER_END + 1):
        border[np.maximum(hi - d, lo)] = True
    keep = ~border[index.positions]
    report = index.pos_report[keep]
    offset = (index.positions[keep] - side.starts[report]).astype(np.int32)
    return index.hashes[keep], report.astype(np.int32), offset


def _kept(n: int, seeds: np.ndarray, previous: ReuseState, old_to_new: np.ndarray
          ) -> tuple[np.ndarray, list[Match], np.ndarray]:
    """Which of this build's seeds to align again, and the last build's spans to keep (with
    their passage pairs, in this build's report numbers)."""
    unchanged = np.zeros(n, bool)
    unchanged[old_to_new[old_to_new >= 0]] = True
    old = previous.seeds.astype(np.int64)
    old[:, 0], old[:, 2] = old_to_new[old[:, 0]], old_to_new[old[:, 2]]
    old = old[(old[:, 0] >= 0) & (old[:, 2] >= 0)]
    new = seeds.astype(np.int64)
    between = unchanged[new[:, 0]] & unchanged[new[:, 2]]
    # pairs of unchanged reports whose seeds are not exactly the last build's
    rows = np.concatenate((old, new[between]))
    pair = rows[:, 0] * n + rows[:, 2]
    loc = (rows[:, 1] << 32) | rows[:, 3]
    # sort by a hash of the row: equal rows end up side by side (a rare collision can only
    # part them, which aligns a pair again that did not need it)
    with np.errstate(over="ignore"):
        mixed = _mix(pair.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
                     ^ loc.astype(np.uint64))
    order = np.argsort(mixed)
    mixed, pair, loc = mixed[order], pair[order], loc[order]
    same = (mixed[1:] == mixed[:-1]) & (pair[1:] == pair[:-1]) & (loc[1:] == loc[:-1])
    twice = np.zeros(pair.size, bool)
    twice[1:] |= same
    twice[:-1] |= same
    dirty = np.unique(pair[~twice])
    new_pair = new[:, 0] * n + new[:, 2]
    redo = ~between | np.isin(new_pair, dirty)
    old_pairs = previous.pairs.astype(np.int64)
    old_pairs[:, 0], old_pairs[:, 2] = old_to_new[old_pairs[:, 0]], old_to_new[old_pairs[:, 2]]
    keep = (old_pairs[:, 0] >= 0) & (old_pairs[:, 2] >= 0)
    keep[keep] = ~np.isin(old_pairs[keep, 0] * n + old_pairs[keep, 2], dirty)
    matches = [m for m, k in zip(previous.matches, keep.tolist(), strict=True) if k]
    return redo, matches, old_pairs[keep]
