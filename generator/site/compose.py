"""Compose every generated file of the docs folder, in memory: pages, sources, exports.

Returns a mapping of docs-relative path → text or bytes; :mod:`generator.publish.writer` is the
only code that puts it on disk.
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing as mp
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TypeVar

from generator.anchors.reconcile import Reconciled
from generator.models import Label, Report, listing_order
from generator.parse.slugs import slugify
from generator.publish.writer import KEEP, Keep, file_digest
from generator.site import exports, render
from generator.site.chips import PassageLinks, ReportChips
from generator.site.redirects import forwards_json, redirect_page
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.site.urls import source_url
from generator.taxonomy.index import TaxIndex
from generator.taxonomy.model import Taxonomy
from generator.workers import worker_init

log = logging.getLogger(__name__)
PAGE_SIZE = 200
HOME_ROWS = 200

Files = dict[str, "str | bytes | Path | Keep"]
Records = list[dict[str, Any]]
T = TypeVar("T")
NAV_TAXONOMY = (
    {"title": "主题", "path": "themes/index.md"},
    {"title": "问题类型", "path": "problems/index.md"},
    {"title": "报告 × 主题矩阵", "path": "matrix.md"},
)
NAV_SEARCH = {"title": "全文检索", "path": "search.md"}


@dataclass(frozen=True, slots=True)
class SiteInput:
    """Everything the pages are made from: the reports with their permanent anchors, and
    (when the build classifies) the labels and the one index built from them."""

    reports: Sequence[Report]
    reconciled: Reconciled
    taxonomy: Taxonomy
    labels: Mapping[str, Sequence[Label]]
    index: TaxIndex | None
    search: bool = True


@dataclass(frozen=True, slots=True)
class Site:
    """The docs tree in memory (docs-relative path → content) and the export records the
    search index is made from."""

    files: Files
    passages: Records
    reports: Records


class PageMemo(Protocol):
    """The incremental build's memory of per-report files (:mod:`generator.incremental`):
    ``unchanged`` is true when a file made from these ``parts`` (the report's own key is
    the memo's business) is, byte for byte, the previous docs tree's; ``made`` records it."""

    def unchanged(self, slug: str, rel: str, parts: Sequence[str]) -> bool: ...

    def made(self, slug: str, rel: str, parts: Sequence[str], digest: str) -> None: ...

    def report_key(self, slug: str) -> str | None:
        """The key of the report with its anchors (None: not known)."""

    def remember(self, kind: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        """``make()``, or what it returned in a build with the same ``kind`` and ``parts``."""


def compose_site(data: SiteInput, memo: PageMemo | None = None, scratch: Path | None = None
                 ) -> Site:
    """All generated files for the reports (already gathered, validated and reconciled).

    Report pages go to files in ``scratch`` as they are made (the writer moves them), so the
    docs tree is not held in memory; with a ``memo``, a report page or source known to be
    unchanged is not made at all (:data:`~generator.publish.writer.KEEP`)."""
    reports = sorted(data.reports, key=listing_order)
    labels = {slug: by_anchor(lbs) for slug, lbs in data.labels.items()}
    links = PassageLinks(data.index) if data.index is not None else None
    files: Files = {}
    if data.index is not None:
        files.update(build_taxonomy_pages(data.index))
    todo: list[tuple[Report, str, list[str]]] = []
    for report in reports:
        files.update(_report_files(report, data.reconciled, links, memo, labels.get(report.slug),
                                   todo))
    files.update(_render_pages(todo, data.reconciled, links, memo, scratch))
    passages = _exports(reports, labels, memo, scratch, files)
    records = [exports.report_record(r) for r in reports]
    files["data/reports.json"] = exports.reports_json(records)
    nav = [*(NAV_TAXONOMY if data.index is not None else ()), *([NAV_SEARCH] if data.search
                                                                  else [])]
    files.update(_listings(reports, nav))
    return Site(files, passages, records)


def _exports(reports: Sequence[Report], labels: Mapping[str, Mapping[str, Sequence[Label]]],
             memo: PageMemo | None, scratch: Path | None, files: Files) -> Records:
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


def _report_files(report: Report, reconciled: Reconciled, links: PassageLinks | None,
                  memo: PageMemo | None, labels: Mapping[str, Sequence[Label]] | None,
                  todo: list[tuple[Report, str, list[str]]]) -> Files:
    """A report's source and redirects; its page is :data:`KEEP` or goes to ``todo``."""
    block = reconciled.blocks.get(report.slug)
    page, source = f"reports/{report.slug}.md", source_url(report)
    files: Files = {}
    parts = [*(links.context(report.slug, {lb.category for lbs in (labels or {}).values()
                                            for lb in lbs}) if links else ["-"]),
             *(block.renamed_from if block else ())]
    if memo is not None and memo.unchanged(report.slug, page, parts):
        files[page] = KEEP
    else:
        todo.append((report, page, parts))
    if memo is not None and memo.unchanged(report.slug, source, ()):
        files[source] = KEEP
    else:
        data = report.source.path.read_bytes()
        if memo is not None:
            memo.made(report.slug, source, (), file_digest(data))
        files[source] = data
    for old in block.renamed_from if block else ():
        files[f"reports/{old}.md"] = redirect_page(old, report)
    return files


#: Below this many pages to render, a process pool costs more than it saves.
_PARALLEL_FROM = 200
_shared: tuple | None = None


def _render_pages(todo: list[tuple[Report, str, list[str]]], reconciled: Reconciled,
                  links: PassageLinks | None, memo: PageMemo | None, scratch: Path | None
                  ) -> Files:
    """Render the report pages in ``todo``: in forked workers on every core when there are
    many and they can go to ``scratch`` files (the workers read the reports from this
    process' memory and return each page's digest), else here."""
    global _shared
    _shared = (todo, reconciled, links, scratch)
    try:
        jobs = os.cpu_count() or 1
        if scratch is None or jobs < 2 or len(todo) < _PARALLEL_FROM or \
                "fork" not in mp.get_all_start_methods():
            results = _render_range(range(len(todo)))
        else:
            gc.freeze()  # the collector would touch (and copy) every shared object
            try:
                size = max(1, len(todo) // (jobs * 8))
                chunks = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
                with mp.get_context("fork").Pool(jobs, initializer=worker_init) as pool:
                    results = [r for part in pool.map(_render_range, chunks) for r in part]
            finally:
                gc.unfreeze()
    finally:
        _shared = None
    files: Files = {}
    for (report, page, parts), (content, digest) in zip(todo, results, strict=True):
        if memo is not None:
            memo.made(report.slug, page, parts, digest)
        files[page] = content
    return files


def _render_range(indices: range) -> list[tuple[str | Path, str]]:
    assert _shared is not None
    todo, reconciled, links, scratch = _shared
    out = []
    for i in indices:
        report, page, _ = todo[i]
        block = reconciled.blocks.get(report.slug)
        forwards = forwards_json(block.forwards) if block else ""
        chips = ReportChips(links, report.slug) if links else None
        text = render.render_report(report, chips, forwards)
        out.append((_spill(text, scratch, page), file_digest(text)))
    return out


def _spill(text: str, scratch: Path | None, rel: str) -> str | Path:
    """``text`` as a scratch file (the writer moves it into the docs), or as is."""
    if scratch is None:
        return text
    path = scratch / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _listings(reports: Sequence[Report], nav: Sequence[dict[str, str]]) -> Files:
    rows = [render.report_row(r) for r in reports]
    stats = {"reports": len(reports), "passages": sum(len(r.passages) for r in reports),
             "points": sum(r.points for r in reports)}
    files: Files = {
        "index.md": render.render_page(
            "home.md.j2", "index.md", "首页", rows=rows[:HOME_ROWS], more=len(rows) > HOME_ROWS,
            stats=stats, extra_links=nav),
        "about.md": render.render_page("about.md.j2", "about.md", "关于与引用"),
    }
    files.update(_paged("browse", "全部材料", rows, f"共 {len(rows)} 份材料，按年度倒序排列。"))
    files.update(_grouped("years", "按年度", "年度", rows, lambda r: r["year"] or "未知年度"))
    files.update(_grouped("bodies", "按主体", "主体", rows, _body_group))
    return files


def _body_group(row: dict[str, Any]) -> str:
    return row["body"] or ("个人" if row["collective"] == "个人" else "未知主体")


def _paged(folder: str, title: str, rows: Sequence[dict[str, Any]], intro: str) -> Files:
    chunks = render.paginate(rows, PAGE_SIZE)
    paths = [f"{folder}/index.md"] + [f"{folder}/{n}.md" for n in range(2, len(chunks) + 1)]
    files: Files = {}
    for i, (path, chunk) in enumerate(zip(paths, chunks, strict=True)):
        pages = [{"path": p, "current": p == path} for p in paths]
        name = title if i == 0 else f"{title}（第 {i + 1} 页）"
        files[path] = render.render_page("listing.md.j2", path, name, rows=chunk,
                                         pages=pages, intro=intro)
    return files


def _grouped(folder: str, title: str, label: str, rows: Sequence[dict[str, Any]],
             key: Callable[[dict[str, Any]], str]) -> Files:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    counts = Counter({name: len(items) for name, items in groups.items()})
    names = sorted(groups, reverse=folder == "years")
    slugs = _unique_slugs(names)
    files: Files = {}
    for name in names:
        files.update(_paged(f"{folder}/{slugs[name]}", f"{title}：{name}", groups[name],
                            f"{label}为“{name}”的材料 {counts[name]} 份。"))
    entries = [{"name": n, "count": counts[n], "path": f"{folder}/{slugs[n]}/index.md"}
               for n in names]
    files[f"{folder}/index.md"] = render.render_page(
        "groups.md.j2", f"{folder}/index.md", title, groups=entries, label=label,
        intro=f"共 {len(names)} 个{label}。")
    return files


def _unique_slugs(names: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = slugify(name)
        slug, n = base, 2
        while slug in used or slug == "index":
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out[name] = slug
    return out
