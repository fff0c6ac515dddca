"""``summarize``: what the pages show of shared phrasing, from the spans and families that
:mod:`generator.reuse.detect` found: non-overlapping marks per passage (boilerplate over
template phrases over pairwise spans over common phrasing), each report's figures and
partners, and the pairs of reports that share a lot."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import islice

from generator.models import Report
from generator.reuse.model import Family, Mark, Match, Pair, Place, ReportReuse, Reuse

#: Links shown per marked span; partners per report; pair pages.
LINKS, PARTNERS = 3, 5
PAIR_MIN_SHARE, PAIR_MIN_CHARS, PAIRS_PER_REPORT, MAX_PAIRS = 0.05, 200, 3, 500


def summarize(reports: Sequence[Report], matches: Sequence[Match],
              families: Sequence[Family], common: Sequence[tuple[Place, int]] = ()) -> Reuse:
    """Marks per passage, figures per report, pairs that share a lot. ``common``: runs of
    phrasing shared by too many reports to pair (with how many, at least)."""
    lengths = {(r.slug, p.anchor): len(p.text) for r in reports for p in r.passages}
    # ranges per passage: (start, end, priority, payload)
    ranges: dict[tuple[str, str], list[tuple[int, int, int, object]]] = defaultdict(list)
    for f in families:
        prio = 4 if f.boilerplate else 3
        for u in f.uses:
            ranges[(u.slug, u.anchor)].append((u.start, u.end, prio, f))
    for place, n in common:
        ranges[(place.slug, place.anchor)].append((place.start, place.end, 1, n))
    links: dict[tuple[str, str, int, int], list[Place]] = defaultdict(list)
    for m in matches:
        for x, y in ((m.a, m.b), (m.b, m.a)):
            links[(x.slug, x.anchor, x.start, x.end)].append(y)
    for (slug, anchor, s, e), others in links.items():
        ranges[(slug, anchor)].append((s, e, 2, others))
    marks: dict[tuple[str, str], tuple[Mark, ...]] = {}
    _FIRST.clear()
    boiler_at: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for key, items in ranges.items():
        marks[key] = got = _marks(key, items, lengths.get(key, 0))
        boiler = [(mk.start, mk.end) for mk in got if mk.kind == "boiler"]
        if boiler:
            boiler_at[key] = boiler
    # figures per report
    per_report: dict[str, ReportReuse] = {}
    partner_chars: dict[str, Counter[str]] = defaultdict(Counter)
    pair_matches: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for m in matches:
        if _inside(m.a, boiler_at) and _inside(m.b, boiler_at):
            continue
        pair_matches[(m.a.slug, m.b.slug)].append(m)
    for (a, b), ms in pair_matches.items():
        partner_chars[a][b] = _covered([x.a for x in ms])
        partner_chars[b][a] = _covered([x.b for x in ms])
    for r in reports:
        chars = sum(len(p.text) for p in r.passages)
        shared = boiler = 0
        for p in r.passages:
            for mk in marks.get((r.slug, p.anchor), ()):
                if mk.kind == "boiler":
                    boiler += mk.end - mk.start
                else:
                    shared += mk.end - mk.start
        partners = tuple(partner_chars[r.slug].most_common(PARTNERS))
        per_report[r.slug] = ReportReuse(r.slug, chars, shared, boiler, partners)
    pairs = _pairs(per_report, pair_matches, partner_chars)
    return Reuse(tuple(matches), tuple(families), per_report, marks, pairs)


def _inside(place: Place, boiler_at: dict[tuple[str, str], list[tuple[int, int]]]) -> bool:
    spans = boiler_at.get((place.slug, place.anchor))
    if not spans:
        return place.end <= place.start
    inside = sum(max(0, min(e, place.end) - max(s, place.start)) for s, e in spans)
    return inside >= 0.8 * (place.end - place.start)


def _covered(places: Sequence[Place]) -> int:
    by_passage: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in places:
        by_passage[p.anchor].append((p.start, p.end))
    total = 0
    for spans in by_passage.values():
        end = -1
        for s, e in sorted(spans):
            if e > end:
                total += e - max(s, end)
                end = e
    return total


def _marks(key: tuple[str, str], items: list[tuple[int, int, int, object]],
           length: int) -> tuple[Mark, ...]:
    """Non-overlapping marked ranges: where ranges overlap, boilerplate wins over a template
    phrase, which wins over a pairwise span, which wins over common phrasing; touching
    pairwise spans join."""
    out = []
    for s, e, i in _paint(items, length):
        if i == len(items):
            others = _others(items, s, e)
            out.append(Mark(s, e, "reuse", tuple(others[:LINKS]), max(0, len(others) - LINKS)))
            continue
        if items[i][2] == 1:
            n = max(x[3] for x in items if x[2] == 1 and x[0] < e and s < x[1])
            out.append(Mark(s, e, "common", (), int(n) - 1))
            continue
        family = items[i][3]
        assert isinstance(family, Family)
        first = _first_uses(family)
        picked = tuple(islice((u for slug, u in first.items() if slug != key[0]), 2))
        others = len(first) - (key[0] in first)
        out.append(Mark(s, e, "boiler" if items[i][2] == 4 else "tpl", picked,
                        max(0, others - len(picked)), family.id))
    return tuple(out)


_FIRST: dict[str, dict[str, Place]] = {}


def _first_uses(family: Family) -> dict[str, Place]:
    """One use per report (the first), computed once per family (``summarize`` clears the
    cache; family ids are unique)."""
    got = _FIRST.get(family.id)
    if got is None:
        got = {}
        for u in family.uses:
            got.setdefault(u.slug, u)
        _FIRST[family.id] = got
    return got


def _paint(items: list[tuple[int, int, int, object]], length: int
           ) -> list[tuple[int, int, int]]:
    """The ranges (start, end, owner) where some item is on top: the highest priority wins,
    the later of equals; pairwise spans (priority 2) share one owner, ``len(items)``.

    Each item covers a run of the elementary intervals between cuts; painting the items in
    order of (priority, position) leaves the winner of each interval on top."""
    ends: set[int] = set()
    for s, e, _, _ in items:
        ends.add(s if s > 0 else 0)
        ends.add(e if e < length else length)
    cuts = sorted(ends)
    top = [-1] * max(0, len(cuts) - 1)
    prio = [x[2] for x in items]
    for i in sorted(range(len(items)), key=prio.__getitem__):  # stable: later equals on top
        lo, hi = bisect_left(cuts, items[i][0]), bisect_right(cuts, items[i][1]) - 1
        if lo < hi:
            top[lo:hi] = [len(items) if items[i][2] == 2 else i] * (hi - lo)
    out: list[tuple[int, int, int]] = []
    for k, who in enumerate(top):
        if who < 0:
            continue
        if out and out[-1][1] == cuts[k] and out[-1][2] == who:
            out[-1] = (out[-1][0], cuts[k + 1], who)
        else:
            out.append((cuts[k], cuts[k + 1], who))
    return out


def _others(items: list[tuple[int, int, int, object]], s: int, e: int) -> list[Place]:
    """The other passages of every pairwise span that overlaps ``[s, e)``, one per passage."""
    seen: dict[tuple[str, str], Place] = {}
    for a, b, prio, payload in items:
        if prio == 2 and a < e and s < b:
            for p in payload:  # type: ignore[union-attr]
                seen.setdefault((p.slug, p.anchor), p)
    return sorted(seen.values(), key=lambda p: (p.slug, p.start))


def _pairs(per_report: dict[str, ReportReuse], pair_matches: dict[tuple[str, str], list[Match]],
           partner_chars: dict[str, Counter[str]]) -> tuple[Pair, ...]:
    scored = []
    for (a, b), ms in pair_matches.items():
        sa, sb = partner_chars[a][b], partner_chars[b][a]
        share = max(sa / max(per_report[a].chars, 1), sb / max(per_report[b].chars, 1))
        if share >= PAIR_MIN_SHARE and min(sa, sb) >= PAIR_MIN_CHARS:
            scored.append((share, a, b, sa, sb, ms))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used: Counter[str] = Counter()
    out = []
    for _share, a, b, sa, sb, ms in scored:
        if used[a] >= PAIRS_PER_REPORT or used[b] >= PAIRS_PER_REPORT:
            continue
        used[a] += 1
        used[b] += 1
        ms = sorted(ms, key=lambda m: (m.a.slug, m.a.anchor, m.a.start))
        out.append(Pair(a, b, sa, sb, tuple(ms)))
        if len(out) >= MAX_PAIRS:
            break
    return tuple(out)
