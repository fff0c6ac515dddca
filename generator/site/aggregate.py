"""Counting for the browse pages and charts (issue 15): facets of reports, categories by year
and level (report structure is counted in :mod:`generator.site.structure`, terms in
:mod:`generator.site.terms`).

Pure functions over the reports and the taxonomy index, so every chart's numbers can be tested
without building a site. Every count here is of something a page lists: reports (a facet
page lists them) or labelled passages (a theme or problem-type page lists them), so each
number a chart shows can link to exactly what it counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from generator.models import Metadata, Report
from generator.readers.meta_values import LEVELS
from generator.taxonomy.index import Entry, TaxIndex

#: Levels in their administrative order; anything else follows by count.
LEVEL_ORDER = LEVELS


@dataclass(frozen=True, slots=True)
class Facet:
    """A way to browse reports: one value per report (``unknown`` when the metadata is
    missing), a folder of pages, one page per value."""

    id: str
    folder: str
    label: str
    """The column or field name (年度)."""
    title: str
    """The index page's title (按年度)."""
    unknown: str
    """The value shown for reports without one (未知年度)."""
    read: Callable[[Metadata], str]

    def value(self, report: Report) -> str:
        return self.read(report.meta) or self.unknown


FACETS = (
    Facet("year", "years", "年度", "按年度", "未知年度", lambda m: m.year),
    Facet("meeting", "meetings", "会议", "按会议", "未知会议", lambda m: m.meeting),
    Facet("level", "levels", "层级", "按层级", "未知层级", lambda m: m.level),
    Facet("body", "bodies", "主体", "按主体", "未知主体", lambda m: body_group(m)),
    Facet("collective", "collective", "集体/个人", "集体与个人", "未标明",
          lambda m: m.collective),
)
FACET = {f.id: f for f in FACETS}


def body_group(meta: Metadata) -> str:
    """One group per body, whatever variant of its name a report uses (its canonical key);
    an individual's report without a body goes under 个人."""
    return meta.body_key or meta.body or ("个人" if meta.collective == "个人" else "")


def ordered_values(facet: Facet, counts: Mapping[str, int],
                   levels: Mapping[str, str] | None = None) -> list[str]:
    """A facet's values in browsing order: years newest first, levels administratively,
    集体 before 个人, bodies by their level (``levels``: value → level) then by the pinyin of
    the name (a place's bodies stand together), everything else by number of reports; the
    unknown value last."""
    from pypinyin import lazy_pinyin

    def key(value: str) -> tuple:
        if value == facet.unknown:
            return (2, 0, "")
        if facet.id == "year":
            return (0, -int(value), "") if value.isdigit() else (1, -counts[value], value)
        if facet.id == "level" and value in LEVEL_ORDER:
            return (0, LEVEL_ORDER.index(value), "")
        if facet.id == "collective":
            return (0, ("集体", "个人").index(value) if value in ("集体", "个人") else 2, value)
        if facet.id == "body" and levels is not None:
            level = levels.get(value, "")
            rank = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
            return (0, rank, lazy_pinyin(value))
        return (1, -counts[value], value)
    return sorted(counts, key=key)


def group_reports(reports: Sequence[Report], facet: Facet) -> dict[str, list[Report]]:
    """Facet value → its reports (in the given order), values in browsing order."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        groups[facet.value(report)].append(report)
    counts = {v: len(rs) for v, rs in groups.items()}
    levels = {v: rs[-1].meta.level for v, rs in groups.items()}
    return {v: groups[v] for v in ordered_values(facet, counts, levels)}


def year_key(year: str) -> str:
    """The year of a report as the charts use it: the year, or ``未知``."""
    return year if year.isdigit() else "未知"


def years_in(reports: Iterable[Report]) -> list[str]:
    """Years present, oldest first (charts read left to right); unknown last."""
    found = {year_key(r.meta.year) for r in reports}
    return sorted(y for y in found if y.isdigit()) + (["未知"] if "未知" in found else [])


# -- categories ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slice:
    """Reports (and their labelled passages) of one category within one facet value."""

    reports: int
    passages: int
    base: int
    """Reports with that facet value at all (the denominator of a share)."""

    @property
    def share(self) -> float:
        return self.reports / self.base if self.base else 0.0


def category_slices(index: TaxIndex, cid: str, facet: Facet,
                    base: Mapping[str, int]) -> dict[str, Slice]:
    """Facet value → reports raising ``cid`` and their passages of it (only values where it
    occurs); ``base`` gives every value's number of reports."""
    reports: Counter[str] = Counter()
    passages: Counter[str] = Counter()
    for _slug, entries in _by_report(index.entries.get(cid, ())):
        value = facet.value(entries[0].report)
        reports[value] += 1
        passages[value] += len(entries)
    return {v: Slice(reports[v], passages[v], base.get(v, 0)) for v in reports}


def facet_totals(reports: Iterable[Report], facet: Facet) -> Counter[str]:
    return Counter(facet.value(r) for r in reports)


def year_totals(reports: Iterable[Report]) -> Counter[str]:
    return Counter(year_key(r.meta.year) for r in reports)


def by_year(index: TaxIndex, cid: str, totals: Mapping[str, int]) -> dict[str, Slice]:
    """Year (or ``未知``) → reports raising ``cid`` and their passages of it."""
    reports: Counter[str] = Counter()
    passages: Counter[str] = Counter()
    for _slug, entries in _by_report(index.entries.get(cid, ())):
        year = year_key(entries[0].report.meta.year)
        reports[year] += 1
        passages[year] += len(entries)
    return {y: Slice(reports[y], passages[y], totals.get(y, 0)) for y in reports}


def year_pages(index: TaxIndex, cid: str) -> dict[str, int]:
    """Year → the 1-based page of the category's listing where that year's passages begin
    (the listing is newest first, so each year's passages are one run)."""
    out: dict[str, int] = {}
    for n, page in enumerate(index.pages_of(cid), 1):
        for entry in page:
            out.setdefault(year_key(entry.report.meta.year), n)
    return out


@dataclass(frozen=True, slots=True)
class Ranked:
    """A problem type's share of reports in the newest year against the years before."""

    cid: str
    recent: Slice
    earlier: Slice | None


def recent_vs_earlier(index: TaxIndex, reports: Sequence[Report], kind: str = "problem",
                      limit: int = 10) -> tuple[str, list[Ranked]]:
    """The newest year with reports and the ``limit`` categories of ``kind`` most reports of
    that year raise, each with its share in that year and in all earlier years together."""
    totals = year_totals(reports)
    years = [y for y in totals if y.isdigit()]
    if not years:
        return "", []
    latest = max(years, key=int)
    earlier_base = sum(n for y, n in totals.items() if y.isdigit() and int(y) < int(latest))
    rows = []
    for cat in index.taxonomy.of_kind(kind):
        slices = by_year(index, cat.id, totals)
        if latest not in slices:
            continue
        before = [s for y, s in slices.items() if y.isdigit() and int(y) < int(latest)]
        earlier = (Slice(sum(s.reports for s in before), sum(s.passages for s in before),
                         earlier_base) if earlier_base else None)
        rows.append(Ranked(cat.id, slices[latest], earlier))
    rows.sort(key=lambda r: (-r.recent.reports, -r.recent.passages, r.cid))
    return latest, rows[:limit]


def top_categories(index: TaxIndex, kind: str, limit: int) -> list[str]:
    """Ids of the ``limit`` categories of ``kind`` raised by most reports (ties by order)."""
    cats = [c.id for c in index.taxonomy.of_kind(kind) if index.report_counts(c.id)]
    return sorted(cats, key=lambda c: -index.report_counts(c))[:limit]


@dataclass(frozen=True, slots=True)
class Grid:
    """A matrix for a heat map: rows × columns → slice (missing = none)."""

    rows: list[str]
    cols: list[str]
    cells: dict[tuple[str, str], Slice] = field(default_factory=dict)

    def max_share(self) -> float:
        return max((s.share for s in self.cells.values()), default=0.0)


def category_grid(index: TaxIndex, cids: Sequence[str], facet: Facet,
                  reports: Sequence[Report]) -> Grid:
    """Categories (rows) × facet values (columns): reports of that value raising it."""
    base = facet_totals(reports, facet)
    cols = ordered_values(facet, base)
    grid = Grid(list(cids), cols)
    for cid in cids:
        for value, s in category_slices(index, cid, facet, base).items():
            grid.cells[(cid, value)] = s
    return grid


def theme_year_grid(index: TaxIndex, reports: Sequence[Report]) -> Grid:
    """Themes × years (oldest first): reports of that year raising the theme."""
    totals = year_totals(reports)
    grid = Grid([t.id for t in index.taxonomy.themes], years_in(reports))
    for cid in grid.rows:
        for year, s in by_year(index, cid, totals).items():
            grid.cells[(cid, year)] = s
    return grid


def report_theme_grid(index: TaxIndex, reports: Sequence[Report]) -> Grid:
    """Reports (rows, listing order) × themes: the report's passages of each theme."""
    grid = Grid([r.slug for r in reports], [t.id for t in index.taxonomy.themes])
    for report in reports:
        groups = index.per_report.get(report.slug, {})
        for cid in grid.cols:
            n = len(groups.get(cid, ()))
            if n:
                grid.cells[(report.slug, cid)] = Slice(1, n, 1)
    return grid


def _by_report(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.report.slug, []).append(e)
    return list(out.items())


def entries_where(index: TaxIndex, cid: str, facet: Facet, value: str) -> list[Entry]:
    """The category's listed passages in reports with ``facet`` = ``value``, in order."""
    return [e for e in index.entries.get(cid, ()) if facet.value(e.report) == value]
