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
from rapidfuzz.process import cpdist

from generator.models import Report
from generator.reuse.model import Match, Place
from generator.reuse.shingles import shingles, shingles_at
from generator.reuse.text import report_text

K = 5
RARE = 16
OCC_CAP = 2 * RARE
#: Each occurrence of a shingle pairs with the next ``NEIGHBOURS`` occurrences in corpus
#: order (all of them when fewer): spans of a few reports are found between every two of
#: them, a span of many reports between neighbours, which join it into one family; the work
#: grows with the corpus, not with its square.
NEIGHBOURS = 4
GAP = 12
MIN_LEN = 12
MIN_SIM = 0.72
MIN_SEEDS = 2
#: Winnowing (Schleimer et al.): of every ``WINDOW`` consecutive shingles only the one with
#: the smallest hash is indexed, so a run of ``WINDOW + K - 1`` equal characters always
#: shares an indexed shingle, and 60 % of the shingles are not stored.
WINDOW = 4


@dataclass(slots=True)
class Side:
    """Concatenated normalised text of some reports (a separator after each passage and
    each report), and how to find each position's report, passage and character in that
    passage's own text: per passage, not per character (two int32 arrays of the text's
    length were half a gigabyte at 10,000 reports)."""

    codes: np.ndarray  # uint32
    starts: np.ndarray  # int64: where each report begins; len = reports + 1
    pstart: np.ndarray  # int64: where each passage begins (side positions), in order
    pfirst: np.ndarray  # int64: each report's first passage (index into pstart); len + 1
    ostart: np.ndarray  # int64: each passage's start in the side's original characters
    dpos: np.ndarray  # int64: positions (ascending, the first -1) from which ``dval``
    dval: np.ndarray  # int64: original characters (blanks, folded digits) were dropped
    reports: list[Report]

    @classmethod
    def of(cls, reports: Sequence[Report]) -> Side:
        codes, pstart, ostart = [], [], []
        dpos, dval = [np.full(1, -1, np.int64)], [np.zeros(1, np.int64)]  # none dropped yet
        counts = []
        at = orig = 0  # where the report begins, in the side and in original characters
        for report in reports:
            t = report_text(report)
            n, total = t.codes.size, (int(t.starts[-1]) + len(t.texts[-1])) if t.texts else 0
            codes += [t.codes, np.ones(1, np.uint32)]
            pstart.append(at + np.searchsorted(t.orig, t.starts))
            ostart.append(orig + t.starts.astype(np.int64))
            # original characters dropped before each kept one (its separator's: all the
            # dropped ones), recorded where the count grows
            dropped = np.append(t.orig.astype(np.int64) - np.arange(n), total - n)
            rise = np.flatnonzero(np.diff(dropped, prepend=0))
            dpos.append(at + rise)
            dval.append(orig - at + dropped[rise])
            counts.append(len(t.texts))
            at, orig = at + n + 1, orig + total + 1
        starts = np.zeros(len(reports) + 1, np.int64)
        starts[1:] = np.cumsum([c.size for c in codes[::2]]) + np.arange(1, len(reports) + 1)
        pfirst = np.zeros(len(reports) + 1, np.int64)
        pfirst[1:] = np.cumsum(counts)
        return cls(_cat(codes, np.uint32), starts, _cat(pstart, np.int64), pfirst,
                   _cat(ostart, np.int64), _cat(dpos, np.int64), _cat(dval, np.int64),
                   list(reports))

    def report_of(self, pos: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, pos, side="right") - 1

    def passage_of(self, pos: np.ndarray) -> np.ndarray:
        """A number for the passage of each position, unique within this side (and in the
        order of reports, then passages)."""
        return np.searchsorted(self.pstart, pos, side="right") - 1

    def located(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each position's report, passage (index in its report) and character (index in
        that passage's own text)."""
        pos = np.asarray(pos, np.int64)
        g = self.passage_of(pos)
        r = np.searchsorted(self.pfirst, g, side="right") - 1
        orig = pos + self.dval[np.searchsorted(self.dpos, pos, side="right") - 1]
        return r, g - self.pfirst[r], orig - self.ostart[g]

    def place(self, start: int, end: int) -> Place:
        (r, p, a), b = self.located(np.array([start])), self.located(np.array([end - 1]))[2]
        report = self.reports[int(r[0])]
        return Place(report.slug, report.passages[int(p[0])].anchor, int(a[0]), int(b[0]) + 1)

    def text(self) -> str:
        """The normalised text as one string (positions are the same)."""
        return self.codes.tobytes().decode("utf-32-le")

    def places(self, start: np.ndarray, end: np.ndarray) -> list[Place]:
        """Places of many normalised ranges at once."""
        anchors = [tuple(p.anchor for p in r.passages) for r in self.reports]
        slugs = [r.slug for r in self.reports]
        r, p, a = self.located(start)
        b = self.located(np.asarray(end, np.int64) - 1)[2] + 1
        return [Place(slugs[r], anchors[r][p], s, e) for r, p, s, e in zip(
            r.tolist(), p.tolist(), a.tolist(), b.tolist(), strict=True)]


def _cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


class ReuseIndex:
    """The shingles of a corpus, sorted by hash: ``matches()`` finds all shared spans, and
    ``query(report)`` those of one more report against the corpus without redoing it."""

    def __init__(self, reports: Sequence[Report], side: Side | None = None,
                 fingerprints: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """The index of ``reports``; or of ``side`` (made from them) with its indexed
        shingles already sorted (hashes, side positions: ascending within a hash)."""
        self.side = side if side is not None else Side.of(reports)
        if fingerprints is None:
            h, pos = indexed(self.side.codes)
            order = np.argsort(h, kind="stable")
            fingerprints = h[order], pos[order]
        self.hashes, self.positions = fingerprints  # positions ascending within a hash,
        # so reports ascending too
        self.pos_report = self.side.report_of(self.positions).astype(np.int32)
        new = np.ones(self.hashes.size, bool)
        new[1:] = self.hashes[1:] != self.hashes[:-1]
        self.group_start = np.flatnonzero(new)
        self.keys = self.hashes[self.group_start]
        self.count = np.diff(np.append(self.group_start, self.hashes.size))
        first_of_report = new.copy()
        first_of_report[1:] |= self.pos_report[1:] != self.pos_report[:-1]
        self.df = np.add.reduceat(first_of_report, self.group_start, dtype=np.int64) \
            if self.hashes.size else np.zeros(0, np.int64)

    @property
    def reports(self) -> list[Report]:
        return self.side.reports

    def matches(self) -> list[Match]:
        """Every span shared by passages of two different reports of the corpus."""
        return _spans(self.side, self.side, *self.seeds())

    def seeds(self) -> tuple[np.ndarray, np.ndarray]:
        """Seed pairs (side positions, the earlier report's first): each occurrence of a rare
        shingle with the next ``NEIGHBOURS`` occurrences of it in other reports."""
        rare = (self.df >= 2) & (self.df <= RARE) & (self.count <= OCC_CAP)
        member = np.repeat(rare, self.count)
        idx = np.flatnonzero(member)
        gid = np.repeat(np.arange(self.keys.size), self.count)[idx]
        pa_all, pb_all = [], []
        top = int(self.count[rare].max()) if rare.any() else 0
        for d in range(1, min(top, NEIGHBOURS + 1)):
            i = np.flatnonzero(gid[:-d] == gid[d:])
            a, b = idx[i], idx[i + d]
            keep = self.pos_report[a] != self.pos_report[b]
            pa_all.append(self.positions[a[keep]])
            pb_all.append(self.positions[b[keep]])
        pa = np.concatenate(pa_all) if pa_all else np.zeros(0, np.int64)
        pb = np.concatenate(pb_all) if pb_all else np.zeros(0, np.int64)
        return pa, pb

    def frequent_runs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Runs of at least ``MIN_LEN`` characters covered by frequent shingles (in more than
        ``RARE`` reports): common phrasing too widespread to pair. Start, end (side
        positions) and the fewest reports any of its shingles is in."""
        frequent = self.df > RARE
        if not frequent.any():
            return (np.zeros(0, np.int64),) * 3
        # the fewest reports of the frequent shingle at each side position (0: none), then
        # read in blocks of whole reports: no array as long as all the frequent shingles
        # (14 million at 10,000 reports) is sorted
        df_at = np.zeros(self.side.codes.size, np.int32)
        df_at[self.positions[np.repeat(frequent, self.count)]] = np.repeat(
            self.df[frequent].astype(np.int32), self.count[frequent])
        starts = self.side.starts
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        r = 0
        while r < starts.size - 1:
            last = int(np.searchsorted(starts, starts[r] + CHUNK, side="right")) - 1
            last = min(max(last, r + 1), starts.size - 1)
            pos = np.flatnonzero(df_at[starts[r]:starts[last]]) + starts[r]
            parts.append(_runs(pos, df_at[pos], self.side.report_of(pos)))
            r = last
        lo, hi, least = (np.concatenate([p[i] for p in parts]) for i in range(3))
        return lo, hi, least.astype(np.int64)

    def query(self, report: Report) -> list[Match]:
        """The spans ``report`` shares with the corpus, as ``matches()`` of the corpus with
        ``report`` added would find them (the corpus's passages on side ``a``)."""
        new = Side.of([report])
        qh, qpos = indexed(new.codes)
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
            mine = np.sort(qpos[qorder[lo:hi]])
            # the new report's occurrences come last: pair each with those up to
            # NEIGHBOURS places before it
            for k, q in enumerate(mine.tolist()):
                back = NEIGHBOURS - k
                if back > 0:
                    near = corpus_pos[-back:]
                    pa_all.append(near)
                    pb_all.append(np.full(near.size, q, np.int64))
        pa = np.concatenate(pa_all) if pa_all else np.zeros(0, np.int64)
        pb = np.concatenate(pb_all) if pb_all else np.zeros(0, np.int64)
        return _spans(self.side, new, pa, pb)


def _runs(pos: np.ndarray, df: np.ndarray, report: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:meth:`ReuseIndex.frequent_runs` of the frequent shingles at ``pos`` (ascending), with
    their reports and how many reports each is in."""
    if pos.size == 0:
        return pos, pos, df
    # consecutive indexed shingles at most K apart cover the characters between them
    brk = np.ones(pos.size, bool)
    brk[1:] = (pos[1:] - pos[:-1] > K) | (report[1:] != report[:-1])
    starts = np.flatnonzero(brk)
    lo = pos[starts]
    hi = np.maximum.reduceat(pos, starts) + K
    least = np.minimum.reduceat(df, starts)
    keep = hi - lo >= MIN_LEN
    return lo[keep], hi[keep], least[keep]


def _spans(sa: Side, sb: Side, pa: np.ndarray, pb: np.ndarray) -> list[Match]:
    """Chain seed pairs (position ``pa`` on side a, ``pb`` on side b, each the start of a
    shared shingle) into spans, extend, check and locate them."""
    return spans_keyed(sa, sb, pa, pb)[0]


def spans_keyed(sa: Side, sb: Side, pa: np.ndarray, pb: np.ndarray
                ) -> tuple[list[Match], np.ndarray]:
    """:func:`_spans`, and for each span its passage pair as (report a, passage a, report
    b, passage b): the spans come ordered by it, and those of one passage pair depend on
    that pair's seeds and text only."""
    if pa.size == 0:
        return [], np.zeros((0, 4), np.int64)
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
    alo, ahi, blo, bhi = alo[keep], ahi[keep], blo[keep], bhi[keep]
    alo, blo = _extend(sa.codes, sb.codes, alo, blo, -1)
    ahi, bhi = _extend(sa.codes, sb.codes, ahi - 1, bhi - 1, 1)
    ahi, bhi = ahi + 1, bhi + 1
    keep = (ahi - alo >= MIN_LEN) & (bhi - blo >= MIN_LEN)
    alo, ahi, blo, bhi = alo[keep], ahi[keep], blo[keep], bhi[keep]
    ta = sa.text()
    tb = ta if sb is sa else sb.text()
    sims = cpdist([ta[x:y] for x, y in zip(alo.tolist(), ahi.tolist(), strict=True)],
                  [tb[x:y] for x, y in zip(blo.tolist(), bhi.tolist(), strict=True)],
                  scorer=Indel.normalized_similarity)
    keep = sims >= MIN_SIM
    alo, ahi, blo, bhi = alo[keep], ahi[keep], blo[keep], bhi[keep]
    found = [Match(x, y, round(float(z), 3)) for x, y, z in zip(
        sa.places(alo, ahi), sb.places(blo, bhi), sims[keep].tolist(), strict=True)]
    ra, pa_, _ = sa.located(alo)
    rb, pb_, _ = sb.located(blo)
    pairs = np.stack((ra, pa_, rb, pb_), axis=1).astype(np.int64)
    return found, pairs


def _extend(ca: np.ndarray, cb: np.ndarray, i: np.ndarray, j: np.ndarray, step: int,
            reach: int = 2 * K) -> tuple[np.ndarray, np.ndarray]:
    """Move the ends (``i``, ``j``) of aligned spans outwards over matching characters,
    accepting a mismatch where more matches follow (+1 a match, -1 a mismatch, stop 2 below
    the best, at most ``reach`` characters); never across a separator."""
    if i.size == 0:
        return i, j
    t = np.arange(1, reach + 1) * step
    x, y = i[:, None] + t, j[:, None] + t
    ok = (x >= 0) & (x < ca.size) & (y >= 0) & (y < cb.size)
    va, vb = ca[np.clip(x, 0, ca.size - 1)], cb[np.clip(y, 0, cb.size - 1)]
    ok = np.logical_and.accumulate(ok & (va > 1) & (vb > 1), axis=1)
    score = np.cumsum(np.where(va == vb, 1, -1), axis=1)
    best = np.maximum.accumulate(np.maximum(score, 0), axis=1)
    alive = ok & ~np.logical_or.accumulate(score < best - 2, axis=1)
    scored = np.where(alive, score, -reach - 1)
    at = np.argmax(scored, axis=1)
    gain = np.where(scored[np.arange(i.size), at] > 0, at + 1, 0)
    return i + step * gain, j + step * gain


#: Whether a shingle is indexed depends on the ``WINDOW - 1`` shingles each side of it
#: (:func:`_winnow` over the whole side), so on the report before it for the first
#: ``BORDER_START`` offsets of a report's text and on the next one for its last
#: ``BORDER_END`` (the report's separator is its own).
BORDER_START, BORDER_END = WINDOW - 1, WINDOW + K - 3


def interior_fingerprints(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The indexed shingles of one report's normalised text (hashes, offsets), as the whole
    corpus's index has them, except those within the borders (see :func:`indexed_at`)."""
    h, at = indexed(np.append(codes, np.uint32(1)))
    keep = (at >= BORDER_START) & (at < codes.size - BORDER_END)
    return h[keep], at[keep]


#: :func:`indexed` hashes this many positions at a time: its working arrays (about 60
#: bytes a position) stay near 250 MB however large the corpus.
CHUNK = 1 << 22


def indexed(codes: np.ndarray, chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """The indexed shingles of ``codes`` (hashes, positions ascending): valid ones that
    :func:`_winnow` picks over the whole array. Made ``chunk`` positions at a time, each with
    the ``WINDOW - 1`` shingles either side that its windows reach (a pick depends on
    nothing further), so the result is the whole array's at a fraction of its memory."""
    n = codes.size - K + 1
    parts_h, parts_p = [np.zeros(0, np.uint64)], [np.zeros(0, np.int64)]
    for a in range(0, max(n, 0), chunk):
        b = min(n, a + chunk)
        lo, hi = max(0, a - (WINDOW - 1)), min(n, b + WINDOW - 1)
        h, valid = shingles(codes[lo:hi + K - 1], K)
        at = np.flatnonzero((valid & _winnow(h))[a - lo:b - lo]) + (a - lo)
        parts_h.append(h[at])
        parts_p.append(at + lo)
    return np.concatenate(parts_h), np.concatenate(parts_p).astype(np.int64)


def indexed_at(codes: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the shingles at positions ``q`` of a side's ``codes``, and whether each is
    indexed there (valid and picked by :func:`_winnow` over the whole side)."""
    n = codes.size - K + 1
    if q.size == 0 or n <= 0:
        return np.zeros(q.size, np.uint64), np.zeros(q.size, bool)
    near = q[:, None] + np.arange(-(WINDOW - 1), WINDOW)  # the shingles of its windows
    exists = (near >= 0) & (near < n)
    h = shingles_at(codes, np.clip(near, 0, n - 1), K)
    qq = np.clip(q, 0, n - 1)
    valid = (q >= 0) & (q < n) & (codes[qq[:, None] + np.arange(K)] > 1).all(axis=1)
    if n < WINDOW:
        return h[:, WINDOW - 1], valid
    mine = h[:, WINDOW - 1:WINDOW]
    picked = np.zeros(q.size, bool)
    for w in range(WINDOW):  # the window of shingles w .. w + WINDOW - 1 of ``near``
        inside = exists[:, w] & exists[:, w + WINDOW - 1]
        left = h[:, w:WINDOW - 1]
        right = h[:, WINDOW:w + WINDOW]
        least = (left >= mine).all(axis=1) & (right > mine).all(axis=1)
        picked |= inside & least
    return h[:, WINDOW - 1], valid & picked


def _winnow(h: np.ndarray) -> np.ndarray:
    """Whether each shingle is the smallest (rightmost on ties) of some window of ``WINDOW``
    consecutive shingles."""
    n = h.size
    if n < WINDOW:
        return np.ones(n, bool)
    lows = np.lib.stride_tricks.sliding_window_view(h, WINDOW)
    at = WINDOW - 1 - np.argmin(lows[:, ::-1], axis=1) + np.arange(lows.shape[0])
    keep = np.zeros(n, bool)
    keep[at] = True
    return keep
