"""Theme, problem-type, cause and measure pages, their indexes, the report × theme matrix, and
the chips and cross-references shown on report pages (issue 4).

Corpus text reaches pages only through Jinja2 autoescaping inside raw HTML blocks (see
:mod:`generator.render`), so Markdown, HTML and ``{{ }}`` in a report render as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator.models import Label, Passage, Report
from generator.render import environment, front_matter, paginate
from generator.taxonomy import Category, Taxonomy, load_taxonomy
from generator.taxonomy_index import (
    FOLDERS,
    KIND_NAMES,
    PAGE_SIZE,
    Entry,
    TaxIndex,
    build_index,
    category_path,
    category_url,
)
from generator.urls import page_url, report_url

Files = dict[str, str]
EXCERPT = 120
#: "The same problem in other reports": how many examples per category on a passage.
EXAMPLES = 3


def build_taxonomy_pages(
    reports: Sequence[Report], labels: Mapping[str, Sequence[Label]], taxonomy: Taxonomy
) -> Files:
    """Docs-relative path → Markdown text of every taxonomy page."""
    index = build_index(reports, labels, taxonomy)
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


def chips(
    reports: Sequence[Report], labels: Mapping[str, Sequence[Label]], taxonomy: Taxonomy
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(slug, anchor) → the passage's chips: themes first, then types; each links to its page
    and carries its evidence (matched words, or ``heading:…``) for the chip's tooltip."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for report in reports:
        for lb in labels.get(report.slug, ()):
            cat = taxonomy.index.get(lb.category)
            if cat is not None:
                out.setdefault((report.slug, lb.anchor), []).append(_chip(cat, lb))
    return out


def cross_refs(
    reports: Sequence[Report],
    labels: Mapping[str, Sequence[Label]],
    taxonomy: Taxonomy | None = None,
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(slug, anchor) → "the same problem in other reports": per problem (or cause, measure)
    type of the passage, how many other reports raise it, a few of their passages, and the
    type's page. Passages without a type get the same for their themes."""
    taxonomy = taxonomy or load_taxonomy()[0]
    index = build_index(reports, labels, taxonomy)
    samples = {cid: _samples(entries) for cid, entries in index.entries.items()}
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for (slug, anchor), lbs in index.labels_at.items():
        typed = [lb for lb in lbs if lb.kind != "theme"] or lbs
        refs = [_ref(index, samples, taxonomy.get(lb.category), slug) for lb in typed]
        refs = [r for r in refs if r["reports"]]
        if refs:
            out[(slug, anchor)] = refs
    return out


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
        "themes": [index.taxonomy.get(t) for t in cat.themes],
        "related": _related(index, cat),
        "causes": index.cooccurring(cat.id, "cause"),
        "measures": index.cooccurring(cat.id, "measure"),
        "cat_url": category_url,
    }
    files: Files = {}
    for n, (path, page) in enumerate(zip(paths, pages, strict=True), 1):
        title = cat.name if n == 1 else f"{cat.name}（第 {n} 页）"
        pager = [{"url": page_url(p), "current": p == path} for p in paths]
        files[path] = _render(
            "taxonomy/category.md.j2",
            path,
            title,
            pages=pager,
            groups=_group_views(page),
            page_no=n,
            **context,
        )
    return files


def _related(index: TaxIndex, cat: Category) -> list[tuple[Category, int]]:
    if cat.kind == "theme":
        under = [c for c in index.taxonomy.of_kind("problem") if cat.id in c.themes]
        return sorted(((c, len(index.entries.get(c.id, []))) for c in under), key=lambda cn: -cn[1])
    return index.related_in_passages(cat.id, cat.kind)


def _group_views(page: list[Entry]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for e in page:
        g = groups.setdefault(
            e.report.slug,
            {
                "slug": e.report.slug,
                "title": e.report.meta.title or e.report.slug,
                "year": e.report.meta.year,
                "meeting": e.report.meta.meeting,
                "body": e.report.meta.body,
                "items": [],
            },
        )
        g["items"].append(
            {
                **_passage_bits(e.passage),
                "url": _passage_url(e.report, e.passage),
                "evidence": "；".join(e.label.evidence),
            }
        )
    return list(groups.values())


def _passage_bits(p: Passage) -> dict[str, str]:
    """Lead and a short excerpt of the rest; a paragraph's lead is its heading."""
    text = p.text[len(p.number) :]
    lead = p.lead or ""
    rest = text[text.find(lead) + len(lead) :] if lead and lead in text else text
    rest = rest.lstrip("。；：:，, \u3000")
    if not lead:  # a paragraph: its first clause stands in for a lead
        lead, _, rest = rest.partition("。")
        lead = lead[:40] + ("…" if len(lead) > 40 else "")
    excerpt = rest[:EXCERPT] + ("…" if len(rest) > EXCERPT else "")
    return {"lead": lead, "excerpt": excerpt, "path": p.path}


def _passage_url(report: Report, p: Passage) -> str:
    return f"{report_url(report.slug)}#{p.anchor}"


# -- matrix ---------------------------------------------------------------------------------------


def _matrix_pages(index: TaxIndex) -> Files:
    themes = index.taxonomy.themes
    page_of = {t.id: index.page_of_report(t.id) for t in themes}
    chunks = paginate(index.reports, PAGE_SIZE)
    paths = ["matrix.md"] + [f"matrix/{n}.md" for n in range(2, len(chunks) + 1)]
    files: Files = {}
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
        rows = [_matrix_row(index, r, themes, page_of) for r in chunk]
        pager = [{"url": page_url(p), "current": p == path} for p in paths]
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
        url = f"{category_url(t, page_of[t.id].get(report.slug, 1))}#r-{report.slug}"
        cells.append({"count": n, "url": url if n else "", "theme": t.name})
    return {
        "slug": report.slug,
        "url": report_url(report.slug),
        "title": report.meta.title or report.slug,
        "year": report.meta.year,
        "cells": cells,
    }


# -- chips and cross-references -------------------------------------------------------------------


def _chip(cat: Category, lb: Label) -> dict[str, Any]:
    return {
        "kind": cat.kind,
        "kind_name": KIND_NAMES[cat.kind],
        "id": cat.id,
        "name": cat.name,
        "url": category_url(cat),
        "evidence": "；".join(lb.evidence),
    }


def _samples(entries: list[Entry]) -> list[Entry]:
    """A few passages per category to show elsewhere: the strongest, one per report."""
    best: dict[str, Entry] = {}
    for e in sorted(entries, key=lambda e: -e.label.score):
        best.setdefault(e.report.slug, e)
        if len(best) > EXAMPLES:
            break
    return list(best.values())


def _ref(
    index: TaxIndex, samples: dict[str, list[Entry]], cat: Category, slug: str
) -> dict[str, Any]:
    others = [e for e in samples.get(cat.id, []) if e.report.slug != slug][:EXAMPLES]
    n_reports = index.report_counts(cat.id) - (cat.id in index.per_report.get(slug, {}))
    return {
        **_chip(cat, Label("", cat.id, cat.kind, ())),
        "reports": n_reports,
        "examples": [
            {
                "title": e.report.meta.title or e.report.slug,
                "year": e.report.meta.year,
                "lead": _passage_bits(e.passage)["lead"],
                "url": _passage_url(e.report, e.passage),
            }
            for e in others
        ],
    }


# -- shared ---------------------------------------------------------------------------------------


def _row(index: TaxIndex, cat: Category) -> dict[str, Any]:
    return {
        "cat": cat,
        "url": category_url(cat),
        "passages": len(index.entries.get(cat.id, [])),
        "reports": index.report_counts(cat.id),
        "folder": FOLDERS[cat.kind],
    }


def _render(template: str, path: str, title: str, **context: Any) -> str:
    url = page_url(path)
    body = environment().get_template(template).render(url=url, title=title, **context)
    return front_matter({"title": title}) + body
