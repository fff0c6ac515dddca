"""``find_reuse``: the build step. Shared spans between passages (the index), template
sentences and boilerplate (the families), and what the pages show of them (marks, figures,
pairs that share a lot)."""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from generator.models import Report
from generator.reuse import families as fam
from generator.reuse.index import ReuseIndex, Side
from generator.reuse.model import Family, Match, Place, Reuse
from generator.reuse.summary import summarize

#: A family used by at least this many reports is a template phrase (fewer: the pairwise
#: spans show it).
TEMPLATE_MIN = 3


def find_reuse(reports: Sequence[Report]) -> Reuse:
    """Everything the pages and exports show about shared phrasing in ``reports``."""
    index = ReuseIndex(reports)
    return from_matches(index.side, index.matches(), index.frequent_runs())


def from_matches(side: Side, matches: Sequence[Match],
                 runs: tuple[np.ndarray, np.ndarray, np.ndarray],
                 sents: fam.Sentences | None = None, sig: np.ndarray | None = None) -> Reuse:
    """``find_reuse`` given the pairwise spans of ``side``'s reports and the index's frequent
    runs (the rest is made from the whole corpus); ``sents``, ``sig``: its sentences and
    their signatures, when known. The index itself is not needed: the caller can let its
    arrays go (a gigabyte at 10,000 reports) before the families and marks are made."""
    reports = side.reports
    sentences = find_families(side, reports, sents, sig)
    spans = _not_covered(span_families(matches, reports), sentences)
    lo, hi, least = runs
    common = [(place, n) for place, n in zip(side.places(lo, hi), least.tolist(),
                                             strict=True)]
    return summarize(reports, matches, _unique_ids(sentences + spans), common)


def _not_covered(spans: list[Family], sentences: list[Family]) -> list[Family]:
    """Span families that are not mostly a sentence family found again."""
    ranges: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for f in sentences:
        for u in f.uses:
            ranges[(u.slug, u.anchor)].append((u.start, u.end))

    def covered(u: Place) -> bool:
        return any(min(e, u.end) - max(s, u.start) >= 0.5 * (u.end - u.start)
                   for s, e in ranges.get((u.slug, u.anchor), ()))

    return [f for f in spans if sum(map(covered, f.uses)) < 0.8 * len(f.uses)]


def span_families(matches: Sequence[Match], reports: Sequence[Report]) -> list[Family]:
    """Families of the pairwise spans: spans joined by a match, or covering nearly the same
    characters of one passage, are one family; those of ``TEMPLATE_MIN`` reports or more are
    kept (a phrase such as a meeting's theme, too short or too varied to be a sentence of
    its own)."""
    ids: dict[Place, int] = {}
    rows, cols = [], []
    for m in matches:
        a, b = ids.setdefault(m.a, len(ids)), ids.setdefault(m.b, len(ids))
        rows.append(a)
        cols.append(b)
    by_passage: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for p in ids:
        by_passage[(p.slug, p.anchor)].append(p)
    for places in by_passage.values():
        places.sort(key=lambda p: (p.start, p.end))
        for i, p in enumerate(places):
            for q in places[i + 1:]:
                if q.start >= p.end:
                    break
                overlap = min(p.end, q.end) - q.start
                if overlap >= 0.8 * max(p.end - p.start, q.end - q.start):
                    rows.append(ids[p])
                    cols.append(ids[q])
    if not ids:
        return []
    graph = coo_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(len(ids), len(ids)))
    labels = connected_components(graph, directed=False)[1]
    groups: dict[int, list[Place]] = defaultdict(list)
    for place, label in zip(ids, labels.tolist(), strict=True):
        groups[label].append(place)
    texts = {(r.slug, p.anchor): p.text for r in reports for p in r.passages}
    return [_family(uses, reports, texts) for uses in groups.values()
            if len({u.slug for u in uses}) >= TEMPLATE_MIN]


def _unique_ids(families: list[Family]) -> list[Family]:
    used: set[str] = set()
    out = []
    for f in sorted(families, key=lambda f: (-f.reports, f.id, f.uses[0].slug)):
        fid, n = f.id, 2
        while fid in used:
            fid, n = f"{f.id}-{n}", n + 1
        used.add(fid)
        out.append(f if fid == f.id else Family(fid, f.text, f.uses, f.reports, f.years,
                                                f.boilerplate))
    return out


def find_families(side: Side, reports: Sequence[Report], sents: fam.Sentences | None = None,
                  sig: np.ndarray | None = None) -> list[Family]:
    sents = sents if sents is not None else fam.sentences(side.codes)
    labels = fam.family_labels(side.codes, sents, sig)
    if labels.size == 0:
        return []
    occ_family = labels[sents.distinct].astype(np.int64)  # ids × reports overflow int32
    occ_report = side.report_of(sents.start)
    # families used by TEMPLATE_MIN reports or more
    pairs = np.unique(occ_family * (len(reports) + 1) + occ_report)
    per_family = np.bincount(pairs // (len(reports) + 1), minlength=labels.max() + 1)
    wanted = np.flatnonzero(per_family >= TEMPLATE_MIN)
    if wanted.size == 0:
        return []
    keep = np.isin(occ_family, wanted)
    occ = np.flatnonzero(keep)
    occ = occ[np.lexsort((occ_report[occ], occ_family[occ]))]
    texts = {(r.slug, p.anchor): p.text for r in reports for p in r.passages}
    out = []
    places = side.places(sents.start[occ], sents.end[occ])
    bounds = [0, *(np.flatnonzero(np.diff(occ_family[occ])) + 1).tolist(), occ.size]
    for lo, hi in itertools.pairwise(bounds):
        out.append(_family(places[lo:hi], reports, texts))
    out.sort(key=lambda f: (-f.reports, f.id))
    return out


def _family(uses: list[Place], reports: Sequence[Report],
            texts: dict[tuple[str, str], str]) -> Family:
    """A family of uses: its text is the commonest variant; boilerplate when at least half
    of the reports of one of its years (or of the corpus) use it."""
    used = [texts[(u.slug, u.anchor)][u.start:u.end] for u in uses]
    # The most used wording names the family (its id is a hash of it); among equally used
    # wordings the smallest, so the name does not depend on the order the uses came in.
    counts = Counter("".join(t.split()) for t in used)
    top = max(counts.values())
    text = min(t for t, c in counts.items() if c == top)
    text = next(t for t in used if "".join(t.split()) == text)
    totals = _year_totals(reports)
    year_of = _years(reports)
    years = Counter(year_of[slug] for slug in {u.slug for u in uses})
    n = sum(years.values())
    boiler = n >= fam.BOILER_MIN and (n >= fam.BOILER_SHARE * len(reports) or any(
        c >= fam.BOILER_MIN and c >= fam.BOILER_SHARE * totals[y] for y, c in years.items()
        if y))
    uses = sorted(uses, key=lambda u: (u.slug, u.anchor, u.start))
    return Family(_family_id(text), text, tuple(uses), n, dict(sorted(years.items())), boiler)


_cache: dict[int, tuple[dict[str, str], Counter[str]]] = {}


def _years(reports: Sequence[Report]) -> dict[str, str]:
    return _year_info(reports)[0]


def _year_totals(reports: Sequence[Report]) -> Counter[str]:
    return _year_info(reports)[1]


def _year_info(reports: Sequence[Report]) -> tuple[dict[str, str], Counter[str]]:
    key = id(reports)
    if key not in _cache:
        _cache.clear()
        years = {r.slug: r.meta.year for r in reports}
        _cache[key] = (years, Counter(years.values()))
    return _cache[key]


def _family_id(text: str) -> str:
    digest = hashlib.blake2b("".join(text.split()).encode("utf-8"), digest_size=8).digest()
    return "t-" + base64.b32encode(digest).decode("ascii").lower()[:6]
