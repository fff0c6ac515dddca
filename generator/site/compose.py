"""Compose every generated file of the docs folder, in memory: pages, sources, exports.

Returns a mapping of docs-relative path → text or bytes; :mod:`generator.publish.writer` is the
only code that puts it on disk.
"""

from __future__ import annotations

import io
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from generator.anchors.reconcile import Reconciled
from generator.models import Label, Report, listing_order
from generator.parse.slugs import slugify
from generator.publish.writer import Keep
from generator.reuse import Reuse
from generator.site import exports, render
from generator.site.chips import PassageLinks
from generator.site.report_pages import PageMemo, Todo, render_pages, report_files
from generator.site.reuse_pages import ReuseLinks, reuse_jsonl, reuse_pages
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.site.unclassified import build_unclassified_page
from generator.taxonomy.index import TaxIndex
from generator.taxonomy.model import Taxonomy

log = logging.getLogger(__name__)
PAGE_SIZE = 200
HOME_ROWS = 200

Files = dict[str, "str | bytes | Path | Keep"]
Records = list[dict[str, Any]]
NAV_TAXONOMY = (
    {"title": "主题", "path": "themes/index.md"},
    {"title": "问题类型", "path": "problems/index.md"},
    {"title": "报告 × 主题矩阵", "path": "matrix.md"},
    {"title": "未归类", "path": "unclassified.md"},
)
NAV_SEARCH = {"title": "全文检索", "path": "search.md"}
NAV_REUSE = {"title": "重复文字", "path": "reuse/index.md"}


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


@dataclass(frozen=True, slots=True)
class Site:
    """The docs tree in memory (docs-relative path → content) and the export records the
    search index is made from."""

    files: Files
    passages: Records
    reports: Records


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
    shared = ReuseLinks(data.reuse, reports, data.search)
    if data.index is not None and links is not None:
        files["unclassified.md"] = build_unclassified_page(data.index, links)
    todo: Todo = []
    for report in reports:
        files.update(report_files(report, data.reconciled, links, shared, memo,
                                  labels.get(report.slug), todo))
    files.update(render_pages(todo, data.reconciled, links, shared, data.share, memo, scratch))
    files.update(reuse_pages(data.reuse, reports))
    passages = _exports(reports, labels, memo, scratch, files)
    records = [exports.report_record(r) for r in reports]
    files["data/reports.json"] = exports.reports_json(records)
    files["data/reuse.jsonl"] = reuse_jsonl(data.reuse)
    nav = [*(NAV_TAXONOMY if data.index is not None else ()), *([NAV_SEARCH] if data.search
                                                                  else []), NAV_REUSE]
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
    files.update(_grouped("bodies", "按主体", "主体", rows, _body_group, _body_order(rows)))
    return files


def _body_group(row: dict[str, Any]) -> str:
    """One group per body, whatever variant of its name a report uses (its canonical key)."""
    return row["body_key"] or row["body"] or ("个人" if row["collective"] == "个人" else "未知主体")


_LEVEL_ORDER = {level: i for i, level in enumerate(("省", "市", "区", "县", "镇", "单位"))}


def _body_order(rows: Sequence[dict[str, Any]]) -> Callable[[str], tuple[int, list[str]]]:
    """Bodies by level (省 … 镇, 单位, then unknown), then by the pinyin of the name, so a
    place's bodies stand together."""
    from pypinyin import lazy_pinyin

    level = {_body_group(row): row["level"] for row in rows}
    return lambda name: (_LEVEL_ORDER.get(level.get(name, ""), len(_LEVEL_ORDER)),
                         lazy_pinyin(name))


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
             key: Callable[[dict[str, Any]], str],
             order: Callable[[str], Any] | None = None) -> Files:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    counts = Counter({name: len(items) for name, items in groups.items()})
    names = sorted(groups, key=order, reverse=folder == "years")
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
