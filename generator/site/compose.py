"""Compose every generated file of the docs folder, in memory: pages, sources, exports.

Returns a mapping of docs-relative path → text or bytes; :mod:`generator.publish.writer` is the
only code that puts it on disk.
"""

from __future__ import annotations

import gzip
import io
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from generator.anchors.reconcile import Reconciled
from generator.models import Label, Report, listing_order
from generator.publish.writer import Keep
from generator.reuse import Reuse
from generator.site import downloads, exports, overview, render, terms
from generator.site.browse import Browse, browse_index, browse_pages
from generator.site.chips import PassageLinks
from generator.site.pagesets import PageSets
from generator.site.report_pages import (
    PageMemo,
    Todo,
    labels_key,
    render_pages,
    report_files,
    spill,
)
from generator.site.reuse_export import reuse_jsonl
from generator.site.reuse_pages import ReuseLinks, reuse_pages
from generator.site.structure import role_medians
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.site.unclassified import build_unclassified_page
from generator.taxonomy.index import TaxIndex
from generator.taxonomy.model import Taxonomy
from generator.workers import beside

log = logging.getLogger(__name__)
T = TypeVar("T")

Files = dict[str, "str | bytes | Path | Keep"]
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
class Exported:
    """The passage and report exports (``data/``), their records (the search index is made
    from them) and what the pages share with them: the reports in listing order, their
    labels by anchor and the digest of each report's labels."""

    files: Files
    passages: Records
    reports: Records
    order: Sequence[Report]
    labels: Mapping[str, Mapping[str, Sequence[Label]]]
    lkeys: Mapping[str, str]
    count: int
    """How many passage records there are (``passages`` may have been let go)."""

    def indexed(self) -> Exported:
        """These exports without the passage records, once the search index is made from
        them: the pages do not need them (300 MB at 10,000 reports)."""
        return replace(self, passages=())


@dataclass(frozen=True, slots=True)
class Site:
    """The docs tree in memory (docs-relative path → content) and the report records."""

    files: Files
    reports: Records


def export_site(reports: Sequence[Report], labels: Mapping[str, Sequence[Label]],
                memo: PageMemo | None = None, scratch: Path | None = None) -> Exported:
    """``data/passages.jsonl.gz``, ``data/passages.csv.zip`` and ``data/reports.json``: they
    need the labels but not shared phrasing, so a build makes them (and the search index)
    while shared phrasing is found in another process."""
    order = sorted(reports, key=listing_order)
    by_report = {slug: by_anchor(lbs) for slug, lbs in labels.items()}
    lkeys = {slug: labels_key(lbs) for slug, lbs in by_report.items()}
    files: Files = {}
    passages = _exports(order, by_report, memo, scratch, files, lkeys)
    records = [exports.report_record(r) for r in order]
    files["data/reports.json"] = exports.reports_json(records)
    return Exported(files, passages, records, order, by_report, lkeys, len(passages))


def compose_site(data: SiteInput, memo: PageMemo | None = None, scratch: Path | None = None,
                 exported: Exported | None = None) -> Site:
    """All generated files for the reports (already gathered, validated and reconciled);
    ``exported``: :func:`export_site` of the same reports and labels, when made already.

    Report pages go to files in ``scratch`` as they are made (the writer moves them), so the
    docs tree is not held in memory; with a ``memo``, a report page or source known to be
    unchanged is not made at all (:data:`~generator.publish.writer.KEEP`)."""
    if exported is None:
        exported = export_site(data.reports, data.labels, memo, scratch)
    reports, labels, lkeys = exported.order, exported.labels, exported.lkeys
    links = PassageLinks(data.index) if data.index is not None else None
    browse = browse_index(reports)
    files: Files = {}
    sets = PageSets(memo, {r.slug: _set_key(memo, r.slug, lkeys) for r in reports}
                    if memo is not None else {})
    with beside(_corpus_pages, (data, reports, browse, links, scratch, sets),
                scratch is not None) as corpus_pages:
        shared = ReuseLinks(data.reuse, reports, data.search)
        medians = role_medians(reports)
        todo: Todo = []
        for report in reports:
            files.update(report_files(report, data.reconciled, links, shared, medians, memo,
                                      labels.get(report.slug), todo,
                                      lkeys.get(report.slug, labels_key(None)), scratch))
        files.update(render_pages(todo, data.reconciled, links, shared, medians, data.share,
                                  memo, scratch))
        files.update(exported.files)
        files.update(_overview(reports, browse, data))  # here: the forked side is the longer
        made, touched = corpus_pages()
        files.update(made)
        if memo is not None:
            memo.absorb(*touched)
    files.update(_data_package(files, reports, exported.count, data.site_url))
    return Site(files, exported.reports)


def _set_key(memo: PageMemo, slug: str, lkeys: Mapping[str, str]) -> str | None:
    key = memo.report_key(slug)
    return None if key is None else f"{key}:{lkeys.get(slug, labels_key(None))}"


def _corpus_pages(data: SiteInput, reports: Sequence[Report], browse: Browse,
                  links: PassageLinks | None, scratch: Path | None, sets: PageSets
                  ) -> tuple[Files, tuple[list[tuple[str, str]], dict[str, int]]]:
    """The pages that look at the whole corpus (but the overview pages): taxonomy pages and
    slices, 未归类, the browse facets, the shared-phrasing pages and
    ``data/reuse.jsonl.gz`` (their text spilled to ``scratch`` when given); and the cache
    entries of the page sets it consulted (this may run in a forked process, whose cache
    bookkeeping the build's process takes over)."""
    files: Files = {}

    def add(made: Files) -> None:  # spilled as soon as made: not all held to the end
        files.update(made if scratch is None else {
            rel: spill(text, scratch, rel) if isinstance(text, str) else text
            for rel, text in made.items()})

    add(reuse_pages(data.reuse, reports))
    # level 6 as the other exports: 9 takes five times as long for 7 % fewer bytes
    files["data/reuse.jsonl.gz"] = gzip.compress(reuse_jsonl(data.reuse).encode("utf-8"),
                                                 compresslevel=6, mtime=0)
    if data.index is not None:
        add(build_taxonomy_pages(data.index, overview.level_problems(data.index),
                                 browse.facets["level"].slugs, sets))
        if links is not None:
            add({"unclassified.md": build_unclassified_page(data.index, links)})
    add(browse_pages(reports, browse))
    touched = sets.memo.pages_done() if sets.memo is not None else ([], {})
    return files, touched


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


def _exports(reports: Sequence[Report], labels: Mapping[str, Mapping[str, Sequence[Label]]],
             memo: PageMemo | None, scratch: Path | None, files: Files,
             lkeys: Mapping[str, str]) -> Records:
    """``passages.jsonl.gz`` (a member per report) and ``passages.csv.zip`` (a CSV per year)
    into ``files``, made from per-report pieces that a memo keeps (exports.py); returns every
    passage record, for the search index."""
    passages: Records = []
    jsonl = io.BytesIO() if scratch is None else _scratch_file(scratch, "data/passages.jsonl.gz")
    groups: list[tuple[str, list[str | None], list[Records]]] = []
    for report in reports:
        recs = list(exports.passage_records(report, labels.get(report.slug)))
        passages.extend(recs)
        key = memo.report_key(report.slug) if memo is not None else None
        if key is not None:  # a record holds the labels, which propagation may change
            key = f"{key}:{lkeys.get(report.slug, labels_key(None))}"
        if memo is not None and key is not None:
            member = memo.remember("jsonl", [key], lambda recs=recs: exports.jsonl_member(recs))
        else:
            member = exports.jsonl_member(recs)
        jsonl.write(member)
        name = exports.year_name(report.meta.year)
        if not groups or groups[-1][0] != name:
            groups.append((name, [], []))
        groups[-1][1].append(key)
        groups[-1][2].append(recs)
    members = []
    for name, keys, recs_lists in groups:
        def make(name: str = name, recs_lists: list[Records] = recs_lists
                 ) -> tuple[str, bytes, int, int]:
            return exports.deflate_member(
                name, [exports.csv_head(), *(exports.csv_rows(r) for r in recs_lists)])
        if memo is not None and None not in keys:
            members.append(memo.remember("csvzip", [name, *keys], make))  # type: ignore[list-item]
        else:
            members.append(make())
    if isinstance(jsonl, io.BytesIO):
        files["data/passages.jsonl.gz"] = jsonl.getvalue()
        out = io.BytesIO()
        exports.write_zip(out, members)
        files["data/passages.csv.zip"] = out.getvalue()
    else:
        jsonl.close()
        files["data/passages.jsonl.gz"] = Path(jsonl.name)
        path = scratch / "data/passages.csv.zip"  # type: ignore[operator]
        with path.open("wb") as f:
            exports.write_zip(f, members)
        files["data/passages.csv.zip"] = path
    return passages


def _scratch_file(scratch: Path, rel: str) -> BinaryIO:
    path = scratch / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("wb")


def by_anchor(labels: Sequence[Label]) -> dict[str, list[Label]]:
    out: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        out[label.anchor].append(label)
    return dict(out)


