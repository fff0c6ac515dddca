"""The reuse index: every report's shingles, queryable by one more report.

Candidate pairs come from shared character shingles (``K`` characters, normalised). A shingle
found in more than ``RARE`` reports is frequent (template text: the families in
:mod:`generator.reuse.families` cover it) and seeds nothing; a rarer one seeds a candidate
for every two of its reports. Seeds of one pair of passages on nearby diagonals within ``GAP``
characters chain into a span, which is extended over a few mismatches at each end and kept
when it is ``MIN_LEN`` characters long on both sides with an Indel similarity of at least
``MIN_SIM`` (local alignment by seed-and-extend, as BLAST and text-reuse tools do).

All of it runs on numpy arrays over the whole corpus at once: seeding, chaining and merging
are sorts and cumulative sums; Python runs once per kept span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from generator.models import Report
from generator.reuse.model import Match, Place
from generator.reuse.shingles import shingles
from generator.reuse.text import report_text

K = 5
RARE = 24
OCC_CAP = 3 * RARE
GAP = 12
MIN_LEN = 12
MIN_SIM = 0.72
MIN_SEEDS = 3


@dataclass(slots=True)
class Side:
    """Concatenated normalised text of some reports (a separator after each passage and
    each report), and for every position its report, passage and offset in that passage."""

    codes: np.ndarray  # uint32
    starts: np.ndarray  # int64: where each report begins; len = reports + 1
    passage: np.ndarray  # int32: passage index within its report
    offset: np.ndarray  # int32: index of the character it came from in the passage's text
    reports: list[Report]

    @classmethod
    def of(cls, reports: Sequence[Report]) -> Side:
        codes, passage, offset = [], [], []
        for report in reports:
            t = report_text(report)
            p = (np.searchsorted(t.starts, t.orig, side="right") - 1).astype(np.int32)
            codes += [t.codes, np.ones(1, np.uint32)]
            passage += [p, np.zeros(1, np.int32)]
            offset += [t.orig - t.starts[p], np.zeros(1, np.int32)]
        starts = np.zeros(len(reports) + 1, np.int64)
        starts[1:] = np.cumsum([c.size for c in codes[::2]]) + np.arange(1, len(reports) + 1)
        cat = (lambda parts, dt: np.concatenate(parts) if parts else np.zeros(0, dt))
        return cls(cat(codes, np.uint32), starts, cat(passage, np.int32),
                   cat(offset, np.int32), list(reports))

    def report_of(self, pos: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, pos, side="right") - 1

    def passage_of(self, pos: np.ndarray) -> np.ndarray:
        """A number for the passage of each position, unique within this side."""
        return self.report_of(pos) * (int(self.passage.max(initial=0)) + 1) + self.passage[pos]

    def place(self, start: int, end: int, r: int | None = None) -> Place:
        if r is None:
            r = int(self.report_of(np.array([start]))[0])
        report = self.reports[r]
        return Place(report.slug, report.passages[int(self.passage[start])].anchor,
                     int(self.offset[start]), int(self.offset[end - 1]) + 1)

    def string(self, start: int, end: int) -> str:
        return self.codes[start:end].tobytes().decode("utf-32-le")


class ReuseIndex:
    """The shingles of a corpus, sorted by hash: ``matches()`` finds all shared spans, and
    ``query(report)`` those of one more report against the corpus without redoing it."""

    def __init__(self, reports: Sequence[Report]) -> None:
        self.side = Side.of(reports)
        h, valid = shingles(self.side.codes, K)
        pos = np.flatnonzero(valid)
        order = np.argsort(h[pos], kind="stable")
        self.hashes = h[pos][order]
        self.positions = pos[order]  # ascending within a hash, so reports ascending too
        self.pos_report = self.side.report_of(self.positions)
        new = np.ones(self.hashes.size, bool)
        new[1:] = self.hashes[1:] != self.hashes[:-1]
        self.group_start = np.flatnonzero(new)
        self.keys = self.hashes[self.group_start]
        self.count = np.diff(np.append(self.group_start, self.hashes.size))
        first_of_report = new.copy()
        first_of_report[1:] |= self.pos_report[1:] != self.pos_report[:-1]
        self.df = np.add.reduceat(first_of_report.astype(np.int64), self.group_start) \
            if self.hashes.size else np.zeros(0, np.int64)

    @property
    def reports(self) -> list[Report]:
        return self.side.reports

    def matches(self) -> list[Match]:
        """Every span shared by passages of two different reports of the corpus."""
        rare = (self.df >= 2) & (self.df <= RARE) & (self.count <= OCC_CAP)
        member = np.repeat(rare, self.count)
        idx = np.flatnonzero(member)
        gid = np.repeat(np.arange(self.keys.size), self.count)[idx]
        pa_all, pb_all = [], []
        top = int(self.count[rare].max()) if rare.any() else 0
        for d in range(1, top):
            i = np.flatnonzero(gid[:-d] == gid[d:])
            a, b = idx[i], idx[i + d]
            keep = self.pos_report[a] != self.pos_report[b]
            pa_all.append(self.positions[a[keep]])
            pb_all.append(self.positions[b[keep]])
        pa = np.concatenate(pa_all) if pa_all else np.zeros(0, np.int64)
        pb = np.concatenate(pb_all) if pb_all else np.zeros(0, np.int64)
        return _spans(self.side, self.side, pa, pb)

    def query(self, report: Report) -> list[Match]:
        """The spans ``report`` shares with the corpus, as ``matches()`` of the corpus with
        ``report`` added would find them (the corpus's passages on side ``a``)."""
        new = Side.of([report])
        h, valid = shingles(new.codes, K)
        qpos = np.flatnonzero(valid)
        qh = h[qpos]
        uniq, qcount = np.unique(qh, return_counts=True)
        at = np.searchsorted(self.keys, uniq)
        at[at >= self.keys.size] = 0
        found = (self.keys.size > 0) & (self.keys[at] == uniq) if self.keys.size else \
            np.zeros(uniq.size, bool)
        df = np.where(found, self.df[at] + 1, 1)
        count = np.where(found, self.count[at], 0) + qcount
        rare = found & (df >= 2) & (df <= RARE) & (count <= OCC_CAP)
        pa_all, pb_all = [], []
        rare_hashes = uniq[rare]
        groups = at[rare]
        qorder = np.argsort(qh, kind="stable")
        qsorted = qh[qorder]
        for g, hv in zip(groups.tolist(), rare_hashes.tolist(), strict=True):
            s = int(self.group_start[g])
            corpus_pos = self.positions[s:s + int(self.count[g])]
            lo = np.searchsorted(qsorted, np.uint64(hv))
            hi = np.searchsorted(qsorted, np.uint64(hv), side="right")
            mine = qpos[qorder[lo:hi]]
            pa_all.append(np.repeat(corpus_pos, mine.size))
            pb_all.append(np.tile(mine, corpus_pos.size))
        pa = np.concatenate(pa_all) if pa_all else np.zeros(0, np.int64)
        pb = np.concatenate(pb_all) if pb_all else np.zeros(0, np.int64)
        return _spans(self.side, new, pa, pb)


def _spans(sa: Side, sb: Side, pa: np.ndarray, pb: np.ndarray) -> list[Match]:
    """Chain seed pairs (position ``pa`` on side a, ``pb`` on side b, each the start of a
    shared shingle) into spans, extend, check and locate them."""
    if pa.size == 0:
        return []
    ga, gb = sa.passage_of(pa), sb.passage_of(pb)
    key = ga * (int(gb.max()) + 1) + gb
    diag = pb - pa
    order = np.lexsort((pa, diag, key))
    key, diag, pa, pb = key[order], diag[order], pa[order], pb[order]
    brk = np.ones(pa.size, bool)
    brk[1:] = ((key[1:] != key[:-1]) | (np.abs(diag[1:] - diag[:-1]) > 2)
               | (pa[1:] - pa[:-1] > GAP) | (pa[1:] <= pa[:-1]))
    starts = np.flatnonzero(brk)
    c_key = key[starts]
    c_alo = np.minimum.reduceat(pa, starts)
    c_ahi = np.maximum.reduceat(pa, starts) + K
    c_blo = np.minimum.reduceat(pb, starts)
    c_bhi = np.maximum.reduceat(pb, starts) + K
    c_n = np.diff(np.append(starts, pa.size))
    c_diag = diag[starts]
    # chains of one passage pair that overlap or nearly touch are one span
    order = np.lexsort((c_alo, c_key))
    c_key, c_alo, c_ahi, c_blo, c_bhi, c_n, c_diag = (
        x[order] for x in (c_key, c_alo, c_ahi, c_blo, c_bhi, c_n, c_diag))
    rank = np.cumsum(np.append(True, c_key[1:] != c_key[:-1])) - 1
    big = int(max(sa.codes.size, sb.codes.size)) + 10 * GAP
    run = np.maximum.accumulate(c_ahi + rank * big)
    brk = np.ones(c_key.size, bool)
    brk[1:] = ((c_key[1:] != c_key[:-1]) | (c_alo[1:] + rank[1:] * big > run[:-1] + GAP)
               | (np.abs(c_diag[1:] - c_diag[:-1]) > GAP))
    m = np.flatnonzero(brk)
    alo, ahi = np.minimum.reduceat(c_alo, m), np.maximum.reduceat(c_ahi, m)
    blo, bhi = np.minimum.reduceat(c_blo, m), np.maximum.reduceat(c_bhi, m)
    n = np.add.reduceat(c_n, m)
    keep = (n >= MIN_SEEDS) & (ahi - alo >= MIN_LEN - 2 * K) & (bhi - blo >= MIN_LEN - 2 * K)
    out = []
    for a0, a1, b0, b1 in zip(alo[keep].tolist(), ahi[keep].tolist(), blo[keep].tolist(),
                              bhi[keep].tolist(), strict=True):
        a0, b0 = _extend(sa.codes, sb.codes, a0, b0, -1)
        a1, b1 = _extend(sa.codes, sb.codes, a1 - 1, b1 - 1, 1)
        a1, b1 = a1 + 1, b1 + 1
        if a1 - a0 < MIN_LEN or b1 - b0 < MIN_LEN:
            continue
        sim = Indel.normalized_similarity(sa.string(a0, a1), sb.string(b0, b1))
        if sim < MIN_SIM:
            continue
        out.append(Match(sa.place(a0, a1), sb.place(b0, b1), round(sim, 3)))
    return out


def _extend(ca: np.ndarray, cb: np.ndarray, i: int, j: int, step: int) -> tuple[int, int]:
    """Move the end (``i``, ``j``) of an aligned span outwards over matching characters,
    accepting a mismatch where more matches follow (+1 a match, -1 a mismatch, stop 2 below
    the best); never across a separator."""
    best, score, bi, bj = 0, 0, i, j
    x, y = i + step, j + step
    while 0 <= x < ca.size and 0 <= y < cb.size and ca[x] > 1 and cb[y] > 1:
        score += 1 if ca[x] == cb[y] else -1
        if score > best:
            best, bi, bj = score, x, y
        elif score < best - 2:
            break
        x, y = x + step, y + step
    return bi, bj
