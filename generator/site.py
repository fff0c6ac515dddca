"""Compose every generated file of the docs folder, in memory: pages, sources, exports.

Returns a mapping of docs-relative path → text or bytes; :mod:`generator.writer` is the
only code that puts it on disk.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from generator import exports, render
from generator.models import Report
from generator.slugs import slugify
from generator.urls import page_url, source_url

log = logging.getLogger(__name__)
PAGE_SIZE = 200
HOME_ROWS = 200

Files = dict[str, "str | bytes | Path"]


def sort_key(report: Report) -> tuple[str, str, str]:
    """Newest first, then by title: the order of every listing."""
    return (f"{9999 - int(report.meta.year)}" if report.meta.year.isdigit() else "z",
            report.meta.title, report.slug)


class Feature(Protocol):
    """A feature stage (taxonomy, search). ``before`` runs before report pages are
    rendered (to add labels and per-report extras to the context), ``after`` once the
    exports exist (to index them). Each returns the docs files it adds."""

    def before(self, reports: Sequence[Report], context: dict[str, Any]) -> Files: ...

    def after(self, reports: Sequence[Report], context: dict[str, Any]) -> Files: ...


def compose_site(reports: Sequence[Report], features: Sequence[Feature] = ()) -> Files:
    """All generated files for ``reports`` (already gathered and validated)."""
    reports = sorted(reports, key=sort_key)
    files: Files = {}
    context: dict[str, Any] = {"labels": {}, "extras": {}, "nav_links": []}
    for feature in features:
        files.update(feature.before(reports, context))
    files.update(_report_pages(reports, context))
    files.update(_exports(reports, context))
    for feature in features:
        files.update(feature.after(reports, context))
    files.update(_listings(reports, context))
    return files


def _report_pages(reports: Sequence[Report], context: dict[str, Any]) -> Files:
    files: Files = {}
    for report in reports:
        extras = context["extras"].get(report.slug, {})
        files[f"reports/{report.slug}.md"] = render.render_report(report, extras)
        files[source_url(report)] = report.source.path.read_bytes()
    return files


def _exports(reports: Sequence[Report], context: dict[str, Any]) -> Files:
    records = [r for report in reports
               for r in exports.passage_records(report, context["labels"].get(report.slug))]
    context["passage_records"] = records
    context["report_records"] = [exports.report_record(r) for r in reports]
    return {"data/reports.json": exports.reports_json(context["report_records"]),
            "data/passages.jsonl": exports.passages_jsonl(records),
            "data/passages.csv": exports.passages_csv(records).encode("utf-8")}


def _listings(reports: Sequence[Report], context: dict[str, Any]) -> Files:
    rows = [render.report_row(r) for r in reports]
    stats = {"reports": len(reports), "passages": sum(len(r.passages) for r in reports),
             "points": sum(r.points for r in reports)}
    files: Files = {
        "index.md": render.render_page(
            "home.md.j2", "", "首页", rows=rows[:HOME_ROWS], more=len(rows) > HOME_ROWS,
            stats=stats, extra_links=context["nav_links"]),
        "about.md": render.render_page("about.md.j2", "about/", "关于与引用"),
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
        pages = [{"url": page_url(p), "current": p == path} for p in paths]
        name = title if i == 0 else f"{title}（第 {i + 1} 页）"
        files[path] = render.render_page("listing.md.j2", page_url(path), name, rows=chunk,
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
    entries = [{"name": n, "count": counts[n], "url": f"{folder}/{slugs[n]}/"} for n in names]
    files[f"{folder}/index.md"] = render.render_page(
        "groups.md.j2", f"{folder}/", title, groups=entries, label=label,
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
