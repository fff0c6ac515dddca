"""Theme, problem-type, cause and measure pages, their indexes, the report × theme matrix, and
the chips and cross-references shown on report pages (issue 4).

Corpus text reaches pages only through Jinja2 autoescaping inside raw HTML blocks (see
:mod:`generator.site.render`), so Markdown, HTML and ``{{ }}`` in a report render as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from generator.models import Report
from generator.site import markdown as md
from generator.site.chips import explain, passage_bits
from generator.site.render import front_matter, paginate
from generator.site.urls import relative_docs, report_path
from generator.taxonomy import index as taxonomy_index
from generator.taxonomy.index import (
    FOLDERS,
    KIND_NAMES,
    Entry,
    TaxIndex,
    category_path,
)
from generator.taxonomy.load import Category

__all__ = ["build_taxonomy_pages"]

Files = dict[str, str]


def build_taxonomy_pages(index: TaxIndex) -> Files:
    """Docs-relative path → Markdown text of every taxonomy page."""
    taxonomy = index.taxonomy
    files: Files = {}
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
    for cat in taxonomy.categories:
        files.update(_category_pages(index, cat))
    files.update(_matrix_pages(index))
    return files


# -- category pages -------------------------------------------------------------------------------


def _category_pages(index: TaxIndex, cat: Category) -> Files:
    pages = index.pages_of(cat.id)
    paths = [category_path(cat, n) for n in range(1, len(pages) + 1)]
    entries = index.entries.get(cat.id, [])
    context = {
        "cat": cat,
        "kind_name": KIND_NAMES[cat.kind],
        "n_passages": len(entries),
        "n_reports": index.report_counts(cat.id),
        "years": index.years_of(cat.id),
        "themes": [index.taxonomy.get(t) for t in cat.themes],
        "related": _related(index, cat),
        "causes": index.cooccurring(cat.id, "cause"),
        "measures": index.cooccurring(cat.id, "measure"),
    }
    files: Files = {}
    for n, (path, page) in enumerate(zip(paths, pages, strict=True), 1):
        title = cat.name if n == 1 else f"{cat.name}（第 {n} 页）"
        pager = [{"path": p, "current": p == path} for p in paths]
        files[path] = _render(
            "taxonomy/category.md.j2",
            path,
            title,
            pages=pager,
            groups_md=Markup(_groups_md(path, page, cat.kind != "theme")),
            page_no=n,
            **context,
        )
    return files


def _related(index: TaxIndex, cat: Category) -> list[tuple[Category, int]]:
    if cat.kind == "theme":
        under = [c for c in index.taxonomy.of_kind("problem") if cat.id in c.themes]
        return sorted(((c, len(index.entries.get(c.id, []))) for c in under), key=lambda cn: -cn[1])
    return index.related_in_passages(cat.id, cat.kind)


def _groups_md(path: str, page: list[Entry], excerpts: bool) -> str:
    """The page's passages grouped by report, as Markdown: a heading per report, a paragraph
    per passage. Built with f-strings, not the template: a large corpus puts a million
    entries on these pages."""
    out: list[str] = []
    slug = None
    for e in page:
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


def _group_head(path: str, report: Report) -> str:
    meta = report.meta
    meeting = f" · {md.escape(meta.meeting)}" if meta.meeting else ""
    title = md.link(meta.title or report.slug, relative_docs(path, report_path(report.slug)))
    year = md.escape(meta.year or "未知年度")
    return f"### {title} {year}{meeting} {{: #r-{report.slug} .tax-report-title }}\n"


# -- matrix ---------------------------------------------------------------------------------------


def _matrix_pages(index: TaxIndex) -> Files:
    themes = index.taxonomy.themes
    page_of = {t.id: index.page_of_report(t.id) for t in themes}
    chunks = paginate(index.reports, taxonomy_index.PAGE_SIZE)
    paths = ["matrix.md"] + [f"matrix/{n}.md" for n in range(2, len(chunks) + 1)]
    files: Files = {}
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
        rows = [_matrix_row(index, r, themes, page_of) for r in chunk]
        pager = [{"path": p, "current": p == path} for p in paths]
        title = "报告 × 主题矩阵" if n == 1 else f"报告 × 主题矩阵（第 {n} 页）"
        files[path] = _render(
            "taxonomy/matrix.md.j2", path, title, pages=pager, themes=themes, rows=rows
        )
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
