"""Compose every generated file of the docs folder, in memory: pages, sources, exports.

Returns a mapping of docs-relative path → text or bytes; :mod:`generator.publish.writer` is the
only code that puts it on disk.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.anchors.reconcile import Reconciled
from generator.models import Label, Report, listing_order
from generator.reuse import Reuse
from generator.site import downloads, exports, overview, render, terms
from generator.site.browse import Browse, browse_index, browse_pages
from generator.site.chips import PassageLinks, ReportChips
from generator.site.redirects import forwards_json, redirect_page
from generator.site.reuse_pages import ReuseLinks, reuse_jsonl, reuse_pages
from generator.site.structure import role_medians, structure_figure
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.site.unclassified import build_unclassified_page
from generator.site.urls import source_url
from generator.taxonomy.index import TaxIndex
from generator.taxonomy.model import Taxonomy

log = logging.getLogger(__name__)

Files = dict[str, "str | bytes | Path"]
Records = list[dict[str, Any]]
NAV_TAXONOMY = (
    {"title": "图表", "path": "charts.md"},
    {"title": "主题", "path": "themes/index.md"},
    {"title": "问题类型", "path": "problems/index.md"},
    {"title": "报告 × 主题矩阵", "path": "matrix.md"},
    {"title": "未归类", "path": "unclassified.md"},
)
NAV_TERMS = {"title": "词频", "path": "terms.md"}
NAV_SEARCH = {"title": "全文检索", "path": "search.md"}
NAV_REUSE = {"title": "重复文字", "path": "reuse/index.md"}
NAV_DOWNLOADS = {"title": "数据下载", "path": "downloads.md"}
NAV_ABOUT = {"title": "关于与引用", "path": "about.md"}


@dataclass(frozen=True, slots=True)
class SiteInput:
    """Everything the pages are made from: the reports with their permanent anchors, and
    (when the build classifies) the labels and the one index built from them."""

    reports: Sequence[Report]
    reconciled: Reconciled
    taxonomy: Taxonomy
    labels: Mapping[str, Sequence[Label]]
    index: TaxIndex | None
    reuse: Reuse = Reuse()
    """Shared phrasing (empty when the build does not look for it)."""
    search: bool = True
    share: bool = True
    """Report pages name their share pages' folder (``data-share-base``, for share.js)."""
    site_url: str = ""
    """Where the site is served (mkdocs.yml ``site_url``), for the dataset's citation."""


@dataclass(frozen=True, slots=True)
class Site:
    """The docs tree in memory (docs-relative path → content) and the export records the
    search index is made from."""

    files: Files
    passages: Records
    reports: Records


def compose_site(data: SiteInput) -> Site:
    """All generated files for the reports (already gathered, validated and reconciled)."""
    reports = sorted(data.reports, key=listing_order)
    labels = {slug: by_anchor(lbs) for slug, lbs in data.labels.items()}
    links = PassageLinks(data.index) if data.index is not None else None
    browse = browse_index(reports)
    files: Files = {}
    if data.index is not None:
        files.update(build_taxonomy_pages(data.index, overview.level_problems(data.index),
                                          browse.facets["level"].slugs))
    shared = ReuseLinks(data.reuse, reports, data.search)
    if data.index is not None and links is not None:
        files["unclassified.md"] = build_unclassified_page(data.index, links)
    medians = role_medians(reports)
    for report in reports:
        files.update(_report_files(report, data.reconciled, links, medians, shared, data.share))
    files.update(reuse_pages(data.reuse, reports))
    passages = [r for report in reports
                for r in exports.passage_records(report, labels.get(report.slug))]
    records = [exports.report_record(r) for r in reports]
    files.update({"data/reports.json": exports.reports_json(records),
                  "data/passages.jsonl": exports.passages_jsonl(passages),
                  "data/passages.csv": exports.passages_csv(passages).encode("utf-8"),
                  "data/reuse.jsonl": reuse_jsonl(data.reuse)})
    files.update(_data_package(files, reports, len(passages), data.site_url))
    files.update(browse_pages(reports, browse))
    files.update(_overview(reports, browse, data))
    return Site(files, passages, records)


def _data_package(files: Files, reports: Sequence[Report], n_passages: int,
                  site_url: str) -> Files:
    items = downloads.exports(files, len(reports), n_passages)
    version = downloads.dataset_version(reports)
    out: Files = {"data/datapackage.json": downloads.datapackage(
        items, version, len(reports), n_passages, site_url)}
    out.update(downloads.downloads_page(items, version, len(reports), n_passages, site_url))
    return out


def _overview(reports: Sequence[Report], browse: Browse, data: SiteInput) -> Files:
    """Home, charts, term frequency and about: the pages that look at the whole corpus."""
    index = data.index
    nav = [*(NAV_TAXONOMY if index is not None else ()),
           *([NAV_TERMS, NAV_SEARCH] if data.search else []), NAV_REUSE, NAV_DOWNLOADS,
           NAV_ABOUT]
    files: Files = {
        "about.md": render.render_page("about.md.j2", "about.md", "关于与引用"),
    }
    files.update(overview.home_page(reports, browse, index, nav))
    if index is not None:
        files.update(overview.charts_page(reports, browse, index))
    if data.search:
        files.update(terms.terms_page(reports, browse))
    return files


def by_anchor(labels: Sequence[Label]) -> dict[str, list[Label]]:
    out: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        out[label.anchor].append(label)
    return dict(out)


def _report_files(report: Report, reconciled: Reconciled, links: PassageLinks | None,
                  medians: Mapping[str, float], shared: ReuseLinks | None = None,
                  share: bool = False) -> Files:
    block = reconciled.blocks.get(report.slug)
    forwards = forwards_json(block.forwards) if block else ""
    chips = ReportChips(links, report.slug) if links else None
    files: Files = {
        f"reports/{report.slug}.md": render.render_report(
            report, chips, forwards, shared, share, structure_figure(report, medians)),
        source_url(report): report.source.path.read_bytes(),
    }
    for old in block.renamed_from if block else ():
        files[f"reports/{old}.md"] = redirect_page(old, report)
    return files
