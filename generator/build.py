"""``python -m generator build``: the whole pipeline, one named step after another.

Like ``mkdocs.commands.build``, everything is read and checked before anything is written, so
every cross-link target exists before a page is composed, and a failed build leaves the
previous ``site/`` as it was. Each step takes and returns typed data (see ARCHITECTURE.md):

    gather → validate → strict gate → reconcile anchors → classify → index → compose pages
    → search index → write docs → mkdocs → link check → swap

``validate`` is the same function ``python -m generator check`` runs; it loads the taxonomy
and the anchors lock once, for the whole build.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.anchors.reconcile import Reconciled, Stats, reconcile
from generator.gather import Corpus, gather
from generator.models import Label
from generator.publish import writer
from generator.publish.linkcheck import check_site
from generator.search.stage import search_files
from generator.site.compose import Files, SiteInput, compose_site
from generator.taxonomy.classify import classify_all
from generator.taxonomy.index import TaxIndex, build_index
from generator.validate import LOCK_NAME, Validated, validate

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildOptions:
    corpus: Path = Path("corpus")
    site: Path = Path("site")
    docs: Path = Path("build/docs")
    config: Path = Path("mkdocs.yml")
    strict: bool = False
    jobs: int = 0
    run_mkdocs: bool = True
    classify: bool = True
    """Themes and problem types (labels, chips, taxonomy pages)."""
    search: bool = True
    """The full-text search index. Tests of other concerns switch these two off for speed."""


@dataclass(slots=True)
class BuildResult:
    gathered: Corpus
    timings: dict[str, float] = field(default_factory=dict)
    files: int = 0
    broken_links: list[str] = field(default_factory=list)
    anchors: Stats | None = None
    ok: bool = False
    stopped: bool = False
    """True when ``--strict`` stopped the build before anything was written."""


class _Clock:
    """Per-step wall times, for the build summary."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings, self._last = timings, time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = self.timings.get(step, 0.0) + now - self._last
        self._last = now


def run_build(options: BuildOptions, tick: Callable[[], None] = lambda: None,
              on_total: Callable[[int], None] = lambda n: None) -> BuildResult:
    result = BuildResult(Corpus(options.corpus))
    clock = _Clock(result.timings)
    corpus = result.gathered = gather(options.corpus, tick, options.jobs, on_total)
    clock.lap("read+parse")
    checked = validate(options.corpus)
    corpus.problems.extend(checked.problems)
    if options.strict and corpus.errors:
        result.stopped = True  # the strict gate: nothing below has run, nothing is written
        return result
    reconciled = reconcile(corpus.reports, checked.lock)
    corpus.reports = reconciled.reports
    result.anchors = reconciled.stats
    clock.lap("anchors")
    labels = _classify(corpus, checked, options)
    index = build_index(corpus.reports, labels, checked.taxonomy) if options.classify else None
    clock.lap("classify")
    site = compose_site(SiteInput(corpus.reports, reconciled, checked.taxonomy, labels, index,
                                  search=options.search, site_url=_site_url(options.config)))
    clock.lap("render")
    files = site.files
    if options.search:
        files.update(search_files(site, checked.taxonomy, options.docs.parent, options.jobs))
        clock.lap("search index")
    result.files = len(files)
    _publish(options, files, reconciled, result, clock)
    result.ok = True
    return result


def _site_url(config: Path) -> str:
    """``site_url`` from mkdocs.yml (for the dataset's citation), "" when unset or unreadable
    (MkDocs itself reports a broken config)."""
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) else ""


def _classify(corpus: Corpus, checked: Validated, options: BuildOptions
              ) -> dict[str, tuple[Label, ...]]:
    if not options.classify:
        return {}
    return classify_all(corpus.reports, checked.taxonomy, options.jobs or os.cpu_count() or 1)


def _publish(options: BuildOptions, files: Files, reconciled: Reconciled, result: BuildResult,
             clock: _Clock) -> None:
    """Write docs → mkdocs → link check into staging folders, then swap all in together."""
    docs_tmp = writer.staging_dir(options.docs)
    site_tmp = writer.staging_dir(options.site)
    try:
        writer.write_tree(files, docs_tmp)
        clock.lap("write")
        if options.run_mkdocs:
            writer.mkdocs_build(options.config, docs_tmp, site_tmp, strict=True)
            clock.lap("mkdocs")
            result.broken_links = check_site(site_tmp)
            clock.lap("links")
            if result.broken_links:
                raise writer.BuildFailed(f"{len(result.broken_links)} broken links, first: "
                                         f"{result.broken_links[0]}")
    except BaseException:
        writer.discard(docs_tmp)
        writer.discard(site_tmp)
        raise
    writer.replace_file(options.corpus / LOCK_NAME, reconciled.lock_text())
    writer.swap_in(docs_tmp, options.docs)
    if options.run_mkdocs:
        writer.swap_in(site_tmp, options.site)
    else:
        writer.discard(site_tmp)


__all__ = ["BuildOptions", "BuildResult", "TaxIndex", "run_build"]
