"""Browse pages (issue 15): every report, and one page per value of each facet (year, meeting
type, level, issuing body, 集体/个人), with year × meeting pages (every 2023 主题教育专题 report).

Listings are Markdown pipe tables in a useful default order (newest first), paginated at
``PAGE_SIZE`` rows; ``overrides/assets/archive/sort.js`` sorts a table whose preceding note has
the class ``sortable`` (and, on a paginated listing, fetches the other pages first), so the
pages work without scripts and sort with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.models import Report
from generator.parse.slugs import slugify
from generator.site import charts
from generator.site.aggregate import FACETS, Facet, group_reports
from generator.site.render import render_page, report_row
from generator.site.urls import page_url, relative

PAGE_SIZE = 200
Files = dict[str, str]
Row = dict[str, Any]
#: Bars in a facet index's chart (its table lists every value).
CHART_VALUES = 20


@dataclass(slots=True)
class FacetGroups:
    """One facet's values (browsing order), their reports and their page slugs."""

    facet: Facet
    groups: dict[str, list[Report]]
    slugs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.slugs = unique_slugs(list(self.groups))

    def path(self, value: str) -> str:
        """Docs path of the value's listing."""
        return f"{self.facet.folder}/{self.slugs[value]}/index.md"

    @property
    def index_path(self) -> str:
        return f"{self.facet.folder}/index.md"

    def counts(self) -> dict[str, int]:
        return {v: len(rs) for v, rs in self.groups.items()}


@dataclass(slots=True)
class Browse:
    """Every facet's groups plus the year × meeting lists: what the browse pages list and the
    home page and charts link to."""

    facets: dict[str, FacetGroups]
    combos: dict[tuple[str, str], list[Report]]
    """(year, meeting) → reports, for years with more than one meeting type."""

    def combo_path(self, year: str, meeting: str) -> str:
        """The list of one meeting type in one year (the year's page when it has only that)."""
        years, meetings = self.facets["year"], self.facets["meeting"]
        if (year, meeting) not in self.combos:
            return years.path(year)
        return f"{years.path(year).removesuffix('index.md')}{meetings.slugs[meeting]}/index.md"

    def breakdown(self, facet: str, value: str) -> list[dict[str, Any]]:
        """Under a year its meeting types; under a meeting type its years (links + counts)."""
        years = self.facets["year"]
        if facet == "year":
            links = [(m, len(rs), self.combo_path(value, m))
                     for (y, m), rs in self.combos.items() if y == value]
            if not links:  # one meeting type that year: its list is the year's page
                members = years.groups[value]
                links = [(self.facets["meeting"].facet.value(members[0]), len(members),
                          years.path(value))]
            label = "按会议"
        elif facet == "meeting":
            links = []
            for year, members in years.groups.items():
                if (year, value) in self.combos:
                    links.append((year, len(self.combos[(year, value)]),
                                  self.combo_path(year, value)))
                elif self.facets["meeting"].facet.value(members[0]) == value and not any(
                        y == year for y, _ in self.combos):
                    links.append((year, len(members), years.path(year)))
            label = "按年度"
        else:
            return []
        return [{"name": n, "count": c, "path": p, "label": label} for n, c, p in links]


def browse_index(reports: Sequence[Report]) -> Browse:
    facets = {f.id: FacetGroups(f, group_reports(reports, f)) for f in FACETS}
    combos: dict[tuple[str, str], list[Report]] = {}
    for year, members in facets["year"].groups.items():
        by_meeting = group_reports(members, facets["meeting"].facet)
        if len(by_meeting) > 1:
            combos.update({(year, m): rs for m, rs in by_meeting.items()})
    return Browse(facets, combos)


def browse_pages(reports: Sequence[Report], browse: Browse) -> Files:
    """Every listing: all reports, each facet's index and value pages, year × meeting."""
    rows = {r.slug: report_row(r) for r in reports}
    files = paged("browse/index.md", "全部材料", [rows[r.slug] for r in reports],
                  f"共 {len(reports)} 份材料，按年度倒序排列。另可按"
                  + "、".join(f.label for f in FACETS) + "浏览。")
    for fg in browse.facets.values():
        files.update(_facet_index(fg, browse))
        for value, members in fg.groups.items():
            files.update(paged(fg.path(value), f"{fg.facet.title}：{value}",
                               [rows[r.slug] for r in members],
                               f"{fg.facet.label}为“{value}”的材料 {len(members)} 份。",
                               breakdown=[b for b in browse.breakdown(fg.facet.id, value)
                                          if b["path"] != fg.path(value)],
                               up={"name": fg.facet.title, "path": fg.index_path}))
    years = browse.facets["year"]
    for (year, meeting), members in browse.combos.items():
        files.update(paged(browse.combo_path(year, meeting), f"{year}：{meeting}",
                           [rows[r.slug] for r in members],
                           f"{year} 年度“{meeting}”的材料 {len(members)} 份。",
                           up={"name": f"按年度：{year}", "path": years.path(year)}))
    return files


def _facet_index(fg: FacetGroups, browse: Browse) -> Files:
    facet, path = fg.facet, fg.index_path
    counts = fg.counts()
    entries = [{"name": v, "count": n, "path": fg.path(v),
                "extra": browse.breakdown(facet.id, v)} for v, n in counts.items()]
    intro = f"共 {len(counts)} 个{facet.label}，{sum(counts.values())} 份材料。"
    if len(counts) > CHART_VALUES:
        intro += f"图中为材料最多的 {CHART_VALUES} 个；下表列出全部。"
    chunks = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    paths = [path] + [f"{facet.folder}/values-{n}.md" for n in range(2, len(chunks) + 1)]
    files: Files = {}
    for i, (p, chunk) in enumerate(zip(paths, chunks, strict=True)):
        pages = [{"path": q, "current": q == p} for q in paths]
        files[p] = render_page(
            "groups.md.j2", p, facet.title if i == 0 else f"{facet.title}（第 {i + 1} 页）",
            groups=chunk, label=facet.label, intro=intro, pages=pages,
            extra_head={"year": "会议", "meeting": "年度"}.get(facet.id, ""),
            chart=facet_chart(fg, p, f"ch-{facet.id}") if i == 0 else "")
    return files


def facet_chart(fg: FacetGroups, path: str, chart_id: str, limit: int = CHART_VALUES) -> str:
    """Reports per value (the ``limit`` largest, in browsing order), each bar linking to the
    value's listing."""
    here = page_url(path)
    counts = fg.counts()
    keep = set(sorted(counts, key=lambda v: -counts[v])[:limit])
    rows = []
    for value in (v for v in counts if v in keep):
        href = relative(here, page_url(fg.path(value)))
        tip = f"{fg.facet.label}：{value}，{counts[value]} 份材料"
        rows.append(charts.Row(value, [charts.Bar(counts[value], f"{counts[value]} 份", href,
                                                  tip)], href=href))
    title = f"各{fg.facet.label}的材料数"
    svg = charts.bar_chart(rows, chart_id, title,
                       f"每条横条为一个{fg.facet.label}的材料数，点击查看这些材料。")
    return charts.figure(svg, f"{title}（点击横条查看材料）", "ch-facet")


def paged(path: str, title: str, rows: Sequence[Row], intro: str,
          breakdown: Sequence[dict[str, Any]] = (), up: dict[str, str] | None = None) -> Files:
    """A report listing split into pages: ``…/index.md``, ``…/2.md`` …"""
    folder = path.removesuffix("index.md")
    chunks = [rows[i:i + PAGE_SIZE] for i in range(0, len(rows), PAGE_SIZE)] or [rows[:0]]
    paths = [path] + [f"{folder}{n}.md" for n in range(2, len(chunks) + 1)]
    files: Files = {}
    for i, (p, chunk) in enumerate(zip(paths, chunks, strict=True)):
        pages = [{"path": q, "current": q == p} for q in paths]
        start = i * PAGE_SIZE
        span = (f"第 {start + 1}–{start + len(chunk)} 份，共 {len(rows)} 份。"
                if len(chunks) > 1 else "")
        files[p] = render_page("listing.md.j2", p, title if i == 0 else
                               f"{title}（第 {i + 1} 页）", rows=chunk, pages=pages,
                               intro=intro, span=span, breakdown=breakdown, up=up)
    return files


def unique_slugs(names: Sequence[str]) -> dict[str, str]:
    """Value → URL slug (pinyin for Chinese), unique; never ``index``, ``values-…`` or a
    page number (those name other files in the folder)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = slugify(name)
        if base == "index" or base.startswith("values-") or (base.isdigit() and len(base) < 4):
            base = f"v-{base}"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out[name] = slug
    return out
