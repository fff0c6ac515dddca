"""The corpus at a glance (issue 15): the home page and the charts page (the term-frequency
page is :mod:`generator.site.terms`). Numbers come from :mod:`generator.site.aggregate`,
drawings from :mod:`generator.site.charts` and :mod:`generator.site.heatmap`; every number
links to the reports or passages it counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from generator.models import Report
from generator.site import aggregate, charts, heatmap
from generator.site.aggregate import FACET, FACETS, Slice
from generator.site.browse import Browse
from generator.site.render import render_page, report_row
from generator.site.taxonomy_pages import level_slice_path, year_anchor
from generator.site.urls import page_url, relative, report_url
from generator.taxonomy.index import TaxIndex, category_url

Files = dict[str, str]
HOME_NEWEST = 20
#: Values of a facet shown on the home page before "全部 N 个".
HOME_VALUES = 12
#: Problem types compared on the home page, and rows of the problem-types-by-level chart.
HOME_PROBLEMS, LEVEL_PROBLEMS = 10, 20
#: Up to this many reports the heat map has a row per report; above, a row per year.
HEAT_REPORTS = 40


def level_problems(index: TaxIndex) -> list[str]:
    """The problem types the level chart shows (and that get per-level pages)."""
    return aggregate.top_categories(index, "problem", LEVEL_PROBLEMS)


# -- home ---------------------------------------------------------------------------------------


def home_page(reports: Sequence[Report], browse: Browse, index: TaxIndex | None,
              links: Sequence[dict[str, str]]) -> Files:
    path = "index.md"
    stats = {"reports": f"{len(reports):,}",
             "passages": f"{sum(len(r.passages) for r in reports):,}",
             "problems": f"{sum(r.problem_points for r in reports):,}"}
    facets = []
    for facet in FACETS:
        fg = browse.facets[facet.id]
        counts = fg.counts()
        values = list(counts)
        if len(values) > HOME_VALUES:
            keep = set(sorted(values, key=lambda v: -counts[v])[:HOME_VALUES])
            values = [v for v in values if v in keep]
        facets.append({"label": facet.label, "index": fg.index_path, "total": len(counts),
                       "more": len(counts) > len(values),
                       "entries": [{"name": v, "count": counts[v], "path": fg.path(v)}
                                  for v in values]})
    latest, chart = ("", Markup(""))
    if index is not None:
        latest, chart = problems_chart(index, reports, path)
    rows = [report_row(r) for r in reports[:HOME_NEWEST]]
    return {path: render_page("home.md.j2", path, "首页", stats=stats, facets=facets,
                              rows=rows, more=len(reports) > len(rows), latest=latest,
                              chart=chart, extra_links=links,
                              problems_path="problems/index.md" if index else "browse/index.md")}


def problems_chart(index: TaxIndex, reports: Sequence[Report], path: str) -> tuple[str, Markup]:
    """The problem types most reports of the newest year raise: their share of that year's
    reports against their share of all earlier years' reports."""
    latest, ranked = aggregate.recent_vs_earlier(index, reports, "problem", HOME_PROBLEMS)
    if not ranked:
        return latest, Markup("")
    here = page_url(path)
    rows, table = [], []
    for r in ranked:
        cat = index.taxonomy.get(r.cid)
        starts = aggregate.year_pages(index, r.cid)
        cat_href = relative(here, category_url(cat))
        recent_href = _year_href(here, cat, starts, latest)
        recent = f"{charts.percent(r.recent.share)}（{r.recent.reports} 份）"
        bars = [charts.Bar(r.recent.share, recent, recent_href,
                           f"{cat.name} · {latest}年：{r.recent.reports} 份报告，"
                           f"占该年 {r.recent.base} 份的 {charts.percent(r.recent.share)}")]
        earlier_cell: tuple[str, str] | str = "—"
        if r.earlier is not None:
            first = next((y for y in sorted(starts, reverse=True)
                          if y.isdigit() and int(y) < int(latest)), "")
            href = _year_href(here, cat, starts, first) if first else ""
            bars.append(charts.Bar(r.earlier.share, f"{charts.percent(r.earlier.share)}"
                                   f"（{r.earlier.reports} 份）", href,
                                   f"{cat.name} · {latest}年以前：{r.earlier.reports} 份报告，"
                                   f"占往年 {r.earlier.base} 份的 "
                                   f"{charts.percent(r.earlier.share)}",
                                   "ch-bar-alt"))
            earlier_cell = (f"{r.earlier.reports} / {r.earlier.base}", href)
        rows.append(charts.Row(cat.name, bars, href=cat_href))
        table.append([(cat.name, cat_href), (f"{r.recent.reports} / {r.recent.base}", recent_href),
                      earlier_cell])
    legend = [("ch-bar", f"{latest}年"), ("ch-bar-alt", f"{latest}年以前")]
    title = f"{latest}年最常见的问题类型：与往年相比"
    svg = charts.bar_chart(rows, "ch-top-problems", title,
                       f"按{latest}年涉及的报告数取前 {len(rows)} 个问题类型；"
                       "横条为涉及该类型的报告占该年（或往年）全部报告的比例。点击查看这些段落。",
                       legend=legend if any(len(r.bars) > 1 for r in rows) else ())
    caption = (f"{latest}年材料中最常见的问题类型（按涉及报告数），横条为占比："
               f"{latest}年 / 往年。点击横条查看相应段落。")
    head = ["问题类型", f"{latest}年（报告数 / 总数）", "往年（报告数 / 总数）"]
    return latest, charts.figure(svg, caption, "ch-top", charts.data_table(head, table))


def _year_href(here: str, cat: Any, starts: dict[str, int], year: str) -> str:
    return relative(here, category_url(cat, starts.get(year, 1)) + "#" + year_anchor(year))


# -- charts page --------------------------------------------------------------------------------


def charts_page(reports: Sequence[Report], browse: Browse, index: TaxIndex) -> Files:
    path = "charts.md"
    return {path: render_page(
        "charts.md.j2", path, "图表", themes=theme_years(index, reports, path),
        levels=problem_levels(index, reports, browse, path),
        heat=heat_map(index, reports, browse, path),
        per_report=len(reports) <= HEAT_REPORTS, heat_reports=HEAT_REPORTS)}


def theme_years(index: TaxIndex, reports: Sequence[Report], path: str) -> Markup:
    """Theme frequency by year: a small column chart per theme (share of each year's reports
    that raise the theme, one scale for all), each column linking to that year's passages."""
    grid = aggregate.theme_year_grid(index, reports)
    here = page_url(path)
    top = grid.max_share()
    figures, table = [], []
    for cid in grid.rows:
        cat = index.taxonomy.get(cid)
        starts = aggregate.year_pages(index, cid)
        bars, cells = [], []
        for y in grid.cols:
            s = grid.cells.get((cid, y))
            name = f"{y}年" if y.isdigit() else "未知年度"
            if s is None:
                bars.append(charts.Bar(0, "", "", f"{cat.name} · {name}：无"))
                cells.append("0")
                continue
            href = _year_href(here, cat, starts, y)
            tip = (f"{cat.name} · {name}：{s.reports} 份报告（占该年 {s.base} 份的 "
                   f"{charts.percent(s.share)}），{s.passages} 处段落")
            bars.append(charts.Bar(s.share, charts.percent(s.share), href, tip))
            cells.append((f"{s.reports} / {s.base}", href, tip))
        total = index.report_counts(cid)
        svg = charts.columns([_short_year(y) for y in grid.cols], bars, f"ch-ty-{cid}",
                             f"{cat.name}：各年度涉及的报告占比",
                             "每根柱为该年度涉及本主题的报告占该年全部报告的比例。", top=top,
                             col_w=34, height=120, size=10)
        figures.append(str(charts.figure(svg, f"{cat.name}（共 {total} 份报告）", "ch-small")))
        table.append([(cat.name, relative(here, category_url(cat))), *cells])
    head = ["主题", *[f"{y}年" if y.isdigit() else "未知" for y in grid.cols]]
    note = charts.data_table(head, table, "数据表（涉及的报告数 / 该年报告总数）")
    return Markup(str(charts.block(*figures)) + "\n\n" + note)


def _short_year(y: str) -> str:
    return y if y.isdigit() else "未知"


def problem_levels(index: TaxIndex, reports: Sequence[Report], browse: Browse, path: str
                   ) -> Markup:
    """Problem types (the most common) × levels: share of each level's reports raising the
    type, each cell linking to those passages (the type's per-level page)."""
    level = FACET["level"]
    grid = aggregate.category_grid(index, level_problems(index), level, reports)
    here = page_url(path)
    levels = browse.facets["level"]
    heat = heatmap.Heat(
        rows=[(index.taxonomy.get(c).name, relative(here, category_url(index.taxonomy.get(c))))
              for c in grid.rows],
        cols=[(v, relative(here, page_url(levels.path(v)))) for v in grid.cols])
    top = grid.max_share()
    table = []
    for i, cid in enumerate(grid.rows):
        cat = index.taxonomy.get(cid)
        row: list[Any] = [(cat.name, heat.rows[i][1])]
        for j, value in enumerate(grid.cols):
            s = grid.cells.get((cid, value))
            if s is None:
                row.append("0")
                continue
            href = relative(here, page_url(level_slice_path(cat, levels.slugs[value])))
            tip = (f"{cat.name} · {value}：{s.reports} 份报告（占该层级 {s.base} 份的 "
                   f"{charts.percent(s.share)}），{s.passages} 处段落")
            _put_share(heat, row, (i, j), s, href, tip, top)
        table.append(row)
    title = "各层级材料中的问题类型"
    svg = heatmap.heatmap(heat, "ch-levels", title,
                          "行为问题类型（涉及报告最多的前若干个），列为材料层级；格中数字为涉及的报告数，"
                          "颜色深浅为占该层级报告的比例。点击格子查看这些段落。")
    caption = (f"涉及报告最多的 {len(grid.rows)} 个问题类型 × 层级：格中为报告数，颜色越深占该层级"
               "报告的比例越高。点击格子查看段落。")
    head = ["问题类型", *grid.cols]
    return charts.figure(svg, caption, "ch-levels",
                         charts.data_table(head, table, "数据表（涉及的报告数 / 该层级报告总数）"),
                         scroll=True, min_scale=0.8)


def _put(heat: heatmap.Heat, row: list[Any], at: tuple[int, int], count: int, shown: str,
         href: str, tip: str, level: int) -> None:
    """A heat map's cell and the same number in its data table's row."""
    heat.cells[at] = heatmap.Cell(str(count), href, tip, level)
    row.append((shown, href, tip))


def _put_share(heat: heatmap.Heat, row: list[Any], at: tuple[int, int], s: Slice, href: str,
               tip: str, top: float) -> None:
    """A cell counting reports, shown as "reports / base", shaded by its share of ``top``."""
    _put(heat, row, at, s.reports, f"{s.reports} / {s.base}", href, tip,
         heatmap.level_of(s.share, top))


def heat_map(index: TaxIndex, reports: Sequence[Report], browse: Browse, path: str) -> Markup:
    """Report × theme: a row per report (small corpora) or per year (aggregated), each cell
    linking to the passages it counts on the theme's pages."""
    here = page_url(path)
    themes = index.taxonomy.themes
    cols = [(t.name, relative(here, category_url(t))) for t in themes]
    table: list[list[Any]] = []
    if len(reports) <= HEAT_REPORTS:
        grid = aggregate.report_theme_grid(index, reports)
        pages = {t.id: index.page_of_report(t.id) for t in themes}
        heat = heatmap.Heat([(r.meta.title or r.slug, relative(here, report_url(r.slug)))
                            for r in reports], cols)
        top = max((s.passages for s in grid.cells.values()), default=0)
        for i, report in enumerate(reports):
            row: list[Any] = [heat.rows[i]]
            for j, t in enumerate(themes):
                s = grid.cells.get((report.slug, t.id))
                if s is None:
                    row.append("0")
                    continue
                page = pages[t.id].get(report.slug, 1)
                href = relative(here, f"{category_url(t, page)}#r-{report.slug}")
                tip = f"{heat.rows[i][0]} · {t.name}：{s.passages} 处段落"
                _put(heat, row, (i, j), s.passages, str(s.passages), href, tip,
                     heatmap.level_of(s.passages, top))
            table.append(row)
        unit = "段落数"
        desc = "每行一份材料，每列一个主题；格中为该材料“存在问题”等部分涉及该主题的段落数。"
    else:
        grid = aggregate.theme_year_grid(index, reports)
        years = list(reversed([y for y in grid.cols if y.isdigit()]))
        years += [y for y in grid.cols if not y.isdigit()]
        yg = browse.facets["year"]
        totals = aggregate.year_totals(reports)
        heat = heatmap.Heat([(f"{y}年（{totals[y]} 份）" if y.isdigit() else
                             f"未知年度（{totals[y]} 份）",
                             relative(here, page_url(yg.path(y if y.isdigit() else
                                                             yg.facet.unknown))))
                            for y in years], cols)
        top = grid.max_share()
        starts = {t.id: aggregate.year_pages(index, t.id) for t in themes}  # once per theme
        for i, y in enumerate(years):
            row = [heat.rows[i]]
            for j, t in enumerate(themes):
                s = grid.cells.get((t.id, y))
                if s is None:
                    row.append("0")
                    continue
                href = _year_href(here, t, starts[t.id], y)
                tip = (f"{heat.rows[i][0]} · {t.name}：{s.reports} 份报告"
                       f"（{charts.percent(s.share)}），{s.passages} 处段落")
                _put_share(heat, row, (i, j), s, href, tip, top)
            table.append(row)
        unit = "报告数"
        desc = ("材料较多，按年度汇总：每行一个年度，每列一个主题；格中为该年度涉及该主题的报告数，"
                "颜色深浅为占该年度报告的比例。")
    title = "报告 × 主题热力图"
    svg = heatmap.heatmap(heat, "ch-heat", title, desc + "点击格子查看这些段落。")
    head = ["材料" if len(reports) <= HEAT_REPORTS else "年度", *[t.name for t in themes]]
    return charts.figure(svg, desc + "点击格子查看这些段落。", "ch-heatmap",
                         charts.data_table(head, table, f"数据表（{unit}）"), scroll=True,
                         min_scale=0.7)
