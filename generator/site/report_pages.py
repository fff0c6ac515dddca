"""Report pages (and their sources and redirects): made only when their inputs changed
(:class:`PageMemo`, the incremental build's memory), rendered in forked workers on every core
when there are many, and spilled to scratch files so the docs tree is not held in memory."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing as mp
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from generator.anchors.reconcile import Reconciled
from generator.models import Label, Report
from generator.publish.writer import KEEP, Keep, file_digest
from generator.site import render
from generator.site.chips import PassageLinks, ReportChips
from generator.site.redirects import forwards_json, redirect_page
from generator.site.reuse_pages import ReuseLinks
from generator.site.structure import structure_figure
from generator.site.urls import source_url
from generator.workers import fork_pool

T = TypeVar("T")
Files = dict[str, "str | bytes | Path | Keep"]
Todo = list[tuple[Report, str, list[str]]]


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

    def pages(self, kind: str, parts: Sequence[str], make: Callable[[], dict[str, str]]
              ) -> dict[str, Any]:
        """A set of corpus-wide pages: ``KEEP`` for each when unchanged, else ``make()``."""

    def pages_done(self) -> tuple[list[tuple[str, str]], dict[str, int]]:
        """The cache entries :meth:`pages` consulted, and its reuse counts."""

    def absorb(self, touched: Sequence[tuple[str, str]], reused: Mapping[str, int]) -> None:
        """Take over what :meth:`pages_done` returned in another process."""


def labels_key(labels: Mapping[str, Sequence[Label]] | None) -> str:
    """A digest of a report's labels, every field: corpus propagation may change a label's
    similarity or source when another report changes, so its pages cannot be keyed by the
    report's own text alone."""
    h = hashlib.blake2b(digest_size=16)
    for anchor, found in sorted((labels or {}).items()):
        h.update(repr((anchor, tuple(found))).encode())
    return h.hexdigest()


def report_files(report: Report, reconciled: Reconciled, links: PassageLinks | None,
                 shared: ReuseLinks | None, medians: Mapping[str, float], memo: PageMemo | None,
                 labels: Mapping[str, Sequence[Label]] | None, todo: Todo,
                 lkey: str | None = None, scratch: Path | None = None) -> Files:
    """A report's source and redirects; its page is :data:`KEEP` or goes to ``todo``. The
    source is copied to ``scratch`` when given (not held: the corpus's bytes)."""
    block = reconciled.blocks.get(report.slug)
    page, source = f"reports/{report.slug}.md", source_url(report)
    files: Files = {}
    parts = [*(links.context(report.slug, {lb.category for lbs in (labels or {}).values()
                                            for lb in lbs}) if links else ["-"]),
             *(block.renamed_from if block else ()), _reuse_context(report, shared),
             labels_key(labels) if lkey is None else lkey,
             repr(sorted(medians.items()))]  # the structure figure draws the corpus medians
    if memo is not None and memo.unchanged(report.slug, page, parts):
        files[page] = KEEP
    else:
        todo.append((report, page, parts))
    if memo is not None and memo.unchanged(report.slug, source, ()):
        files[source] = KEEP
    else:
        data = copied(report.source.path, scratch, source)
        if memo is not None:
            memo.made(report.slug, source, (), file_digest(data))
        files[source] = data
    for old in block.renamed_from if block else ():
        files[f"reports/{old}.md"] = redirect_page(old, report)
    return files


#: Below this many pages to render, a process pool costs more than it saves.
_PARALLEL_FROM = 200
_shared: tuple | None = None


def render_pages(todo: Todo, reconciled: Reconciled, links: PassageLinks | None,
                 shared: ReuseLinks | None, medians: Mapping[str, float], share: bool,
                 memo: PageMemo | None, scratch: Path | None) -> Files:
    """Render the report pages in ``todo``: in forked workers on every core when there are
    many and they can go to ``scratch`` files (the workers read the reports from this
    process' memory and return each page's digest), else here."""
    global _shared
    _shared = (todo, reconciled, links, shared, medians, share, scratch)
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
                with fork_pool(jobs) as pool:
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
    todo, reconciled, links, shared, medians, share, scratch = _shared
    out = []
    for i in indices:
        report, page, _ = todo[i]
        block = reconciled.blocks.get(report.slug)
        forwards = forwards_json(block.forwards) if block else ""
        chips = ReportChips(links, report.slug) if links else None
        text = render.render_report(report, chips, forwards, shared, share,
                                    structure_figure(report, medians))
        out.append((spill(text, scratch, page), file_digest(text)))
    return out


def spill(text: str, scratch: Path | None, rel: str) -> str | Path:
    """``text`` as a scratch file (the writer moves it into the docs), or as is."""
    if scratch is None:
        return text
    path = scratch / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path




def copied(path: Path, scratch: Path | None, rel: str) -> bytes | Path:
    """The file at ``path`` as a copy in ``scratch`` (the writer moves it into the docs), or
    its bytes."""
    if scratch is None:
        return path.read_bytes()
    target = scratch / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


def _reuse_context(report: Report, shared: ReuseLinks | None) -> str:
    """All a report page shows of shared phrasing (its figure, its marks and their links), as
    a digest: the page changes when another report starts or stops sharing its text."""
    if shared is None:
        return "-"
    h = hashlib.blake2b(shared.summary(report).encode(), digest_size=16)
    for p in report.passages:
        key = shared.refs_key(report.slug, p.anchor)
        if key:
            h.update(f"{p.anchor}{key}".encode())
    return h.hexdigest()
