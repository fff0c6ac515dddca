"""Theme, problem-type, cause and measure pages, their indexes, the report × theme matrix, and
the chips and cross-references shown on report pages (issue 4).

Corpus text reaches pages only through Jinja2 autoescaping inside raw HTML blocks (see
:mod:`generator.site.render`), so Markdown, HTML and ``{{ }}`` in a report render as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from generator.cache import digest
from generator.models import Report
from generator.site import aggregate, charts
from generator.site import markdown as md
from generator.site.chips import explain, passage_bits
from generator.site.pagesets import PageSets
from generator.site.render import front_matter, paginate
from generator.site.urls import relative, relative_docs, report_path
from generator.taxonomy import index as taxonomy_index
from generator.taxonomy.index import (
    FOLDERS,
    KIND_NAMES,
    Entry,
    TaxIndex,
    category_path,
    category_url,
)
from generator.taxonomy.load import Category

__all__ = ["build_taxonomy_pages"]

Files = dict[str, str]


def build_taxonomy_pages(index: TaxIndex, sliced: Sequence[str] = (),
                         level_slugs: Mapping[str, str] | None = None,
                         sets: PageSets | None = None) -> Files:
    """Docs-relative path → Markdown text of every taxonomy page. Categories in ``sliced``
    also get one page per report level (``level_slugs``: level → URL slug) listing their
    passages in reports of that level: what the problem-types-by-level chart links to.

    With ``sets`` (an incremental build's memory), a category's pages, a slice's pages or a
    page of the matrix whose inputs did not change are :data:`~generator.publish.writer.KEEP`
    (:mod:`generator.site.pagesets`)."""
    taxonomy = index.taxonomy
    sets = sets or PageSets(None, {})
    files: Files = {}
    slices: dict[str, list[dict[str, Any]]] = {}
    for cid in sliced:
        slices[cid], pages = _level_slices(index, taxonomy.get(cid), level_slugs or {}, sets)
        files.update(pages)
    files["themes/index.md"] = _render(
        "taxonomy/themes_index.md.j2",
        "themes/index.md",
        "主题",
        rows=[_row(index, c) for c in taxonomy.themes],
        problems={
            t.id: [_row(index, p) for p in taxonomy.problems if p.themes[0] == t.id]
            for t in taxonomy.themes
        },
    )
    files["problems/index.md"] = _render(
        "taxonomy/types_index.md.j2",
        "problems/index.md",
        "问题类型",
        groups=[
            (KIND_NAMES[k], [_row(index, c) for c in taxonomy.of_kind(k)])
            for k in ("problem", "cause", "measure")
        ],
    )
    quoted = _quoted(index)
    for cat in taxonomy.categories:
        files.update(_category_pages(index, cat, slices.get(cat.id, []), sets, quoted))
    files.update(_matrix_pages(index, sets))
    return files


def _quoted(index: TaxIndex) -> str:
    """The corpus-wide figures a category's pages quote besides its own reports: reports per
    year (shares, the year chart's columns) and every category's number of passages (a
    theme's related problem types)."""
    counts = sorted((cid, len(entries)) for cid, entries in index.entries.items())
    return repr((sorted(aggregate.year_totals(index.reports).items()),
                 aggregate.years_in(index.reports), counts))


# -- category pages -------------------------------------------------------------------------------


def _category_pages(index: TaxIndex, cat: Category, slices: list[dict[str, Any]],
                    sets: PageSets, quoted: str) -> Files:
    """A category's pages. Each page is a set of its own (:mod:`generator.site.pagesets`):
    keyed by what every page of the category shows (counts, years, related categories, the
    pager), the years begun on earlier pages, and the reports it lists."""
    pages = index.pages_of(cat.id)
    paths = [category_path(cat, n) for n in range(1, len(pages) + 1)]
    entries = index.entries.get(cat.id, [])
    years = aggregate.by_year(index, cat.id, aggregate.year_totals(index.reports))
    starts = aggregate.year_pages(index, cat.id)
    order = sorted(years, key=lambda y: (not y.isdigit(), -int(y) if y.isdigit() else 0))
    year_links = [{"year": y, "reports": years[y].reports, "passages": years[y].passages,
                   "path": f"{category_path(cat, starts[y])}#{year_anchor(y)}"} for y in order]
    context = {
        "cat": cat,
        "kind_name": KIND_NAMES[cat.kind],
        "n_passages": len(entries),
        "n_reports": index.report_counts(cat.id),
        "years": year_links,
        "themes": [index.taxonomy.get(t) for t in cat.themes],
        "related": _related(index, cat),
        "causes": index.cooccurring(cat.id, "cause"),
        "measures": index.cooccurring(cat.id, "measure"),
    }
    shown = digest(repr((
        quoted, paths, context["n_passages"], context["n_reports"], year_links,
        sorted((y, s.reports, s.passages, s.base) for y, s in years.items()),
        sorted(starts.items()), slices,
        *([(c.id, n) for c, n in context[k]] for k in ("related", "causes", "measures")))))
    files: Files = {}
    seen: set[str] = set()
    for n, (path, page) in enumerate(zip(paths, pages, strict=True), 1):
        earlier = tuple(sorted(seen))  # years begun on earlier pages: "（续）" headings
        seen.update(aggregate.year_key(e.report.meta.year) for e in page)

        def make(n: int = n, path: str = path, page: list[Entry] = page,
                 earlier: tuple[str, ...] = earlier) -> Files:
            title = cat.name if n == 1 else f"{cat.name}（第 {n} 页）"
            pager = [{"path": p, "current": p == path} for p in paths]
            chart = year_chart(index, cat, years, starts) if n == 1 else Markup("")
            return {path: _render(
                "taxonomy/category.md.j2",
                path,
                title,
                pages=pager,
                groups_md=Markup(_groups_md(path, page, cat.kind != "theme", years,
                                            set(earlier))),
                page_no=n,
                chart=chart,
                slices=slices,
                **context,
            )}
        files.update(sets.files("taxpages", ["catpage", cat.id, str(n), shown, repr(earlier),
                                             sets.reports(dict.fromkeys(
                                                 e.report.slug for e in page))], make))
    return files


def year_anchor(year: str) -> str:
    """The id of a year's heading on category pages: ``y-2023``, ``y-unknown``."""
    return f"y-{year}" if year.isdigit() else "y-unknown"


def year_chart(index: TaxIndex, cat: Category, years: dict[str, aggregate.Slice],
               starts: dict[str, int]) -> Markup:
    """Reports raising the category per year (every year of the corpus, oldest first), each
    column linking to that year's passages on the category's pages."""
    if not years:
        return Markup("")
    here = category_url(cat)
    labels = aggregate.years_in(index.reports)
    bars = []
    for y in labels:
        s = years.get(y)
        if s is None:
            bars.append(charts.Bar(0, "", "", f"{_year_name(y)}：无"))
            continue
        href = relative(here, category_url(cat, starts[y]) + "#" + year_anchor(y))
        tip = (f"{_year_name(y)}：{s.reports} 份报告（占该年 {s.base} 份的 "
               f"{charts.percent(s.share)}），{s.passages} 处段落")
        bars.append(charts.Bar(s.reports, str(s.reports), href, tip))
    title = f"{cat.name}：各年度涉及的报告数"
    svg = charts.columns(labels, bars, f"ch-years-{cat.id}", title,
                         "每根柱为一个年度涉及本类别的报告数，点击查看该年度的段落。",
                         min_width=220)
    return charts.figure(svg, "各年度涉及的报告数（点击柱形查看该年度的段落）", "ch-years")


def _year_name(year: str) -> str:
    return f"{year}年" if year.isdigit() else "未知年度"


def level_slice_path(cat: Category, slug: str) -> str:
    """Docs path of a category's passages in reports of one level (first page)."""
    return f"{FOLDERS[cat.kind]}/{cat.id}/level-{slug}.md"


def _level_slices(index: TaxIndex, cat: Category, slugs: Mapping[str, str], sets: PageSets
                  ) -> tuple[list[dict[str, Any]], Files]:
    level = aggregate.FACET["level"]
    base = aggregate.facet_totals(index.reports, level)
    found = aggregate.category_slices(index, cat.id, level, base)
    links: list[dict[str, Any]] = []
    files: Files = {}
    for value in aggregate.ordered_values(level, base):
        s = found.get(value)
        if s is None or value not in slugs:
            continue
        path = level_slice_path(cat, slugs[value])
        links.append({"name": value, "reports": s.reports, "passages": s.passages,
                      "share": charts.percent(s.share), "base": s.base, "path": path})
        intro = (f"层级为“{value}”的 {s.base} 份材料中，{s.reports} 份"
                 f"（{charts.percent(s.share)}）涉及“{cat.name}”，共 {s.passages} 处段落。")
        up = [{"name": cat.name, "path": category_path(cat)},
              {"name": f"按层级：{value}", "path": f"levels/{slugs[value]}/index.md"}]
        entries = aggregate.entries_where(index, cat.id, level, value)
        shown = dict.fromkeys(e.report.slug for e in entries)
        files.update(sets.files(
            "taxpages", ["slice", cat.id, path, value, intro, repr(up), sets.reports(shown)],
            lambda path=path, value=value, intro=intro, up=up, entries=entries: slice_pages(
                index, cat, path.removesuffix(".md"), f"{cat.name} · {value}", intro,
                entries, up)))
    return links, files


def slice_pages(index: TaxIndex, cat: Category, folder: str, title: str, intro: str,
                entries: list[Entry], up: list[dict[str, str]]) -> Files:
    """The passages of one category within one facet value (e.g. problem type × 县), as
    pages like the category's own: ``<folder>.md``, ``<folder>-2.md`` …"""
    pages = taxonomy_index.split_pages(entries)
    paths = [f"{folder}.md"] + [f"{folder}-{n}.md" for n in range(2, len(pages) + 1)]
    files: Files = {}
    for n, (path, page) in enumerate(zip(paths, pages, strict=True), 1):
        pager = [{"path": p, "current": p == path} for p in paths]
        files[path] = _render(
            "taxonomy/slice.md.j2", path, title if n == 1 else f"{title}（第 {n} 页）",
            pages=pager, intro=intro, up=up, cat=cat, kind_name=KIND_NAMES[cat.kind],
            groups_md=Markup(_groups_md(path, page, False)))
    return files


def _related(index: TaxIndex, cat: Category) -> list[tuple[Category, int]]:
    if cat.kind == "theme":
        under = [c for c in index.taxonomy.of_kind("problem") if cat.id in c.themes]
        return sorted(((c, len(index.entries.get(c.id, []))) for c in under), key=lambda cn: -cn[1])
    return index.related_in_passages(cat.id, cat.kind)


def _groups_md(path: str, page: list[Entry], excerpts: bool,
               years: dict[str, aggregate.Slice] | None = None,
               seen: set[str] | None = None) -> str:
    """The page's passages grouped by report, as Markdown: a heading per report, a paragraph
    per passage; with ``years``, a heading per year first (``#y-2023``: what year counts link
    to; ``seen`` holds the years begun on earlier pages). Built with f-strings, not the
    template: a large corpus puts a million entries on these pages."""
    out: list[str] = []
    slug = year = None
    for e in page:
        if years is not None and seen is not None:
            y = aggregate.year_key(e.report.meta.year)
            if y != year:
                year = y
                out.append(_year_head(y, years.get(y), y in seen))
                seen.add(y)
        if e.report.slug != slug:
            slug = e.report.slug
            out.append(_group_head(path, e.report))
        bits = passage_bits(e.passage)
        tip = "分类依据：" + explain(e.label)
        lead = md.escape(bits["lead"] or "（无标题段落）")
        rest = f" {md.escape(bits['excerpt'])}" if excerpts and bits["excerpt"] else ""
        link = md.link("", relative_docs(path, f"{report_path(e.report.slug)}#{e.passage.anchor}"),
                       tip)
        out.append(f"{link.replace('[]', f'[**{lead}**]', 1)}{rest}\n{{: .tax-passage }}\n")
    return "\n".join(out)


def _year_head(year: str, s: aggregate.Slice | None, continued: bool) -> str:
    name = _year_name(year)
    if continued:
        return f"## {name}（续） {{: #{year_anchor(year)} .tax-year }}\n"
    counts = f" · {s.reports} 份报告，{s.passages} 处段落" if s else ""
    return f"## {name}{counts} {{: #{year_anchor(year)} .tax-year }}\n"


def _group_head(path: str, report: Report) -> str:
    meta = report.meta
    meeting = f" · {md.escape(meta.meeting)}" if meta.meeting else ""
    title = md.link(meta.title or report.slug, relative_docs(path, report_path(report.slug)))
    year = md.escape(meta.year or "未知年度")
    return f"### {title} {year}{meeting} {{: #r-{report.slug} .tax-report-title }}\n"


# -- matrix ---------------------------------------------------------------------------------------


def _matrix_pages(index: TaxIndex, sets: PageSets) -> Files:
    themes = index.taxonomy.themes
    page_of = {t.id: index.page_of_report(t.id) for t in themes}
    chunks = paginate(index.reports, taxonomy_index.PAGE_SIZE)
    paths = ["matrix.md"] + [f"matrix/{n}.md" for n in range(2, len(chunks) + 1)]
    files: Files = {}
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
        def make(n: int = n, path: str = path, chunk: Sequence[Report] = chunk) -> Files:
            rows = [_matrix_row(index, r, themes, page_of) for r in chunk]
            pager = [{"path": p, "current": p == path} for p in paths]
            title = "报告 × 主题矩阵" if n == 1 else f"报告 × 主题矩阵（第 {n} 页）"
            return {path: _render("taxonomy/matrix.md.j2", path, title, pages=pager,
                                  themes=themes, rows=rows)}
        # a row links each theme's count to the page of the theme listing the report
        where = repr([[page_of[t.id].get(r.slug, 1) for t in themes] for r in chunk])
        files.update(sets.files("taxpages", ["matrix", path, repr(paths), where,
                                             sets.reports(r.slug for r in chunk)], make))
    return files


def _matrix_row(
    index: TaxIndex, report: Report, themes: Sequence[Category], page_of: dict[str, dict[str, int]]
) -> dict[str, Any]:
    groups = index.per_report.get(report.slug, {})
    cells = []
    for t in themes:
        n = len(groups.get(t.id, ()))
        target = f"{category_path(t, page_of[t.id].get(report.slug, 1))}#r-{report.slug}"
        cells.append({"count": n, "path": target if n else "", "theme": t.name})
    return {
        "slug": report.slug,
        "path": report_path(report.slug),
        "title": report.meta.title or report.slug,
        "year": report.meta.year,
        "cells": cells,
    }


# -- shared ---------------------------------------------------------------------------------------


def _row(index: TaxIndex, cat: Category) -> dict[str, Any]:
    themes = [index.taxonomy.get(t) for t in cat.themes]
    return {
        "themes": [{"name": t.name, "path": category_path(t)} for t in themes],
        "cat": cat,
        "path": category_path(cat),
        "passages": len(index.entries.get(cat.id, [])),
        "reports": index.report_counts(cat.id),
        "folder": FOLDERS[cat.kind],
    }


def _render(template: str, path: str, title: str, **context: Any) -> str:
    body = md.environment().get_template(template).render(path=path, title=title, **context)
    return front_matter({"title": title}) + md.tidy(body)
