"""Shared phrasing across builds: ``update_reuse`` gives what ``find_reuse`` gives, keeping
the last build's pairwise spans where nothing they are made from changed.

The spans of one pair of reports are a function of that pair's seeds (the rare shingles they
share, each paired with its next few occurrences in corpus order, see
:meth:`ReuseIndex.seeds`) and of the two reports' text. Seeding is cheap numpy over the whole
index; chaining, extending, aligning and locating spans is the costly part. So a build seeds
the whole corpus again, compares each pair of unchanged reports' seeds with the last build's,
and aligns only the pairs whose seeds differ and the pairs with a changed or added report.
A report is *unchanged* when its key (slug, text and anchors: the key it settled with) is the
last build's and the unchanged reports are in the same relative order; otherwise, or without
a state from this code version, everything is aligned again. Families, common phrasing and
the marks are made from the whole corpus, as ``find_reuse`` makes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from generator.models import Report
from generator.reuse.detect import from_matches
from generator.reuse.index import ReuseIndex, spans_keyed
from generator.reuse.model import Match, Reuse


@dataclass(frozen=True, slots=True)
class ReuseState:
    """What the next build needs to update shared phrasing instead of redoing it."""

    keys: tuple[str, ...]
    """One per report, in corpus order: its slug and settled key."""
    seeds: np.ndarray
    """Seed pairs as rows (report a, position a, report b, position b), int32; a position is
    an offset in its report's normalised text."""
    matches: tuple[Match, ...]
    pairs: np.ndarray
    """Each match's passage pair as (report a, passage a, report b, passage b)."""


def update_reuse(reports: Sequence[Report], keys: Sequence[str],
                 previous: ReuseState | None) -> tuple[Reuse, ReuseState]:
    """``find_reuse(reports)``, and the state the next build updates it from. ``keys``: one
    per report (see :attr:`ReuseState.keys`)."""
    index = ReuseIndex(reports)
    pa, pb = index.seeds()
    seeds = _local(index, pa, pb)
    keys = tuple(keys)
    kept = _kept(keys, seeds, previous) if previous is not None else None
    if kept is None:
        matches, pairs = spans_keyed(index.side, index.side, pa, pb)
    else:
        redo, old_matches, old_pairs = kept
        fresh, fresh_pairs = spans_keyed(index.side, index.side, pa[redo], pb[redo])
        pairs = np.concatenate((old_pairs, fresh_pairs))
        both = [*old_matches, *fresh]
        # lexsort is stable and a passage pair's spans all come from one side of the
        # concatenation, so each keeps its own order: the order find_reuse gives
        order = np.lexsort(pairs.T[::-1]).tolist()
        matches = [both[i] for i in order]
        pairs = pairs[order]
    state = ReuseState(keys, seeds, tuple(matches), pairs.astype(np.int32))
    return from_matches(index, matches), state


def _local(index: ReuseIndex, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Seed pairs as (report, offset in its normalised text) twice."""
    side = index.side
    ra, rb = side.report_of(pa), side.report_of(pb)
    return np.stack((ra, pa - side.starts[ra], rb, pb - side.starts[rb]),
                    axis=1).astype(np.int32)


def _kept(keys: tuple[str, ...], seeds: np.ndarray, previous: ReuseState
          ) -> tuple[np.ndarray, list[Match], np.ndarray] | None:
    """Which of this build's seeds to align again, and the last build's spans to keep (with
    their passage pairs, in this build's report numbers); ``None``: align everything."""
    at = {k: i for i, k in enumerate(keys)}
    if len(at) != len(keys):
        return None
    old_to_new = np.array([at.get(k, -1) for k in previous.keys] + [-1], np.int64)
    survived = old_to_new[old_to_new >= 0]
    if np.any(np.diff(survived) <= 0):
        return None  # unchanged reports in another order: which report is "a" may differ
    unchanged = np.zeros(len(keys), bool)
    unchanged[survived] = True
    old = previous.seeds.astype(np.int64)
    old[:, 0], old[:, 2] = old_to_new[old[:, 0]], old_to_new[old[:, 2]]
    old = old[(old[:, 0] >= 0) & (old[:, 2] >= 0)]
    new = seeds.astype(np.int64)
    between = unchanged[new[:, 0]] & unchanged[new[:, 2]]
    # pairs of unchanged reports whose seeds are not exactly the last build's
    rows = np.concatenate((old, new[between]))
    pair = rows[:, 0] * len(keys) + rows[:, 2]
    loc = (rows[:, 1] << 32) | rows[:, 3]
    order = np.lexsort((loc, pair))
    pair, loc = pair[order], loc[order]
    same = (pair[1:] == pair[:-1]) & (loc[1:] == loc[:-1])
    twice = np.zeros(pair.size, bool)
    twice[1:] |= same
    twice[:-1] |= same
    dirty = np.unique(pair[~twice])
    new_pair = new[:, 0] * len(keys) + new[:, 2]
    redo = ~between | np.isin(new_pair, dirty)
    old_pairs = previous.pairs.astype(np.int64)
    old_pairs[:, 0], old_pairs[:, 2] = old_to_new[old_pairs[:, 0]], old_to_new[old_pairs[:, 2]]
    keep = (old_pairs[:, 0] >= 0) & (old_pairs[:, 2] >= 0)
    keep[keep] = ~np.isin(old_pairs[keep, 0] * len(keys) + old_pairs[keep, 2], dirty)
    matches = [m for m, k in zip(previous.matches, keep.tolist(), strict=True) if k]
    return redo, matches, old_pairs[keep]
