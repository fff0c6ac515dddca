"""``python -m generator build``: the whole pipeline, one named step after another.

Like ``mkdocs.commands.build``, everything is read and checked before anything is written, so
every cross-link target exists before a page is composed, and a failed build leaves the
previous ``site/`` as it was. Each step takes and returns typed data (see ARCHITECTURE.md):

    gather → validate → strict gate → reconcile anchors → classify → index
    → exports → search index (meanwhile: find reuse, in a forked process)
    → compose pages → write docs → mkdocs → share pages → link check
    → commit (swap site, docs and lock)

Everything is written into the build's staging folder (``build/.staging/…``) and committed
together (:mod:`generator.publish.commit`); each build first sweeps what killed builds left.

``validate`` is the same function ``python -m generator check`` runs; it loads the taxonomy
and the anchors lock once, for the whole build.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.anchors.reconcile import Reconciled, Stats, reconcile
from generator.cache import code_version, digest
from generator.gather import Corpus, Listing, gather
from generator.incremental import Plan
from generator.models import Label, Report
from generator.publish import spare, writer
from generator.publish.commit import COMMITTED, Move, commit, recover
from generator.publish.linkcheck import check_site
from generator.publish.share import (
    ShareStats,
    settings_from_config,
    update_share_pages,
    write_share_pages,
)
from generator.publish.staging import Staging, roots, sweep, sweep_legacy
from generator.reuse import Reuse, find_reuse
from generator.reuse.text import text_only
from generator.reuse.update import reuse_job, updated
from generator.search.stage import search_files
from generator.site.compose import Files, SiteInput, compose_site, export_site
from generator.site.urls import SHARE_ROOT
from generator.taxonomy import learned
from generator.taxonomy.classify import classify_all, propagate
from generator.taxonomy.index import TaxIndex, build_index
from generator.taxonomy.load import PROJECT_CORPUS, taxonomy_paths
from generator.validate import LOCK_NAME, Validated, validate
from generator.workers import apart, trim_heap

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
    """The full-text search index. Tests of other concerns switch these off for speed."""
    reuse: bool = True
    """Shared phrasing between reports (marks, figures, pair and phrase pages)."""
    share: bool = True
    """Share pages ``p/<slug>/<anchor>/`` (issue 16), written into the site after MkDocs."""
    incremental: bool = True
    """Take what did not change from the last build (generator/incremental.py); ``False``
    (``build --full``) rebuilds everything (the per-report cache is still filled)."""
    executor: Executor | None = None
    """Runs the per-report parses and classification (any ``concurrent.futures.Executor``,
    e.g. Dask's); ``None``: local process pools of ``jobs`` workers."""


@dataclass(slots=True)
class BuildResult:
    gathered: Corpus
    timings: dict[str, float] = field(default_factory=dict)
    files: int = 0
    broken_links: list[str] = field(default_factory=list)
    anchors: Stats | None = None
    share: ShareStats | None = None
    """Share pages written (files and bytes), when the build writes them."""
    ok: bool = False
    stopped: bool = False
    """True when ``--strict`` stopped the build before anything was written."""
    full_because: str = ""
    """Why this build was a full one (empty: it was incremental)."""
    unchanged: bool = False
    """True when nothing changed since the last build: its docs and site were left as they
    are (nothing after the strict gate ran)."""
    reused: dict[str, int] = field(default_factory=dict)
    """Per step, how many reports' results came from the cache."""


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
    # First finish or clear what killed builds left (this may complete their lock write).
    lock = options.corpus / LOCK_NAME
    sweep(roots(options.docs.parent, [options.site, lock]), recover)
    sweep_legacy(options.site, options.docs, lock)
    stage = Staging(options.docs.parent)
    try:
        with _collector_paused():
            return _run(options, stage, tick, on_total)
    finally:
        _close(stage)


def _run(options: BuildOptions, stage: Staging, tick: Callable[[], None],
         on_total: Callable[[int], None]) -> BuildResult:
    result = BuildResult(Corpus(options.corpus))
    clock = _Clock(result.timings)
    plan = _plan(options)
    result.full_because = plan.why_full
    listing = Listing.of(options.corpus)
    same = plan.nothing_changed(listing.by_name(), _lock_digest(options.corpus / LOCK_NAME))
    early = None if same else _share_clone(options, plan, stage)
    try:
        return _steps(options, stage, plan, result, clock, early, tick, on_total, listing,
                      same)
    finally:
        if early is not None:
            early.stop()


def _share_clone(options: BuildOptions, plan: Plan, stage: Staging
                 ) -> writer.LinkTree | spare.Spare | None:
    """An incremental build's staged site gets share pages to update: the spare ones the
    build before last left (``publish.spare``), else the previous site's (hard links) from a
    child process that starts now (see ``writer.LinkTree``); the share step then rewrites
    the changed reports' folders."""
    previous = options.site / SHARE_ROOT
    if not (plan.incremental and options.run_mkdocs and options.share and previous.is_dir()):
        return None
    target = stage.folder("site", beside=options.site) / SHARE_ROOT
    root = spare.spare_root(options.docs.parent, options.docs)
    if root.is_dir():
        taken = spare.take(root, plan.key, target, stage.folder("spare", beside=root))
        if taken is not None:
            return taken
    return writer.LinkTree(previous, target)


def _steps(options: BuildOptions, stage: Staging, plan: Plan, result: BuildResult,
           clock: _Clock, early: writer.LinkTree | spare.Spare | None,
           tick: Callable[[], None], on_total: Callable[[int], None], listing: Listing,
           same: bool) -> BuildResult:
    corpus = result.gathered = gather(options.corpus, tick, options.jobs, on_total, plan.cache,
                                      options.executor, listing)
    plan.parsed = corpus.keys
    clock.lap("read+parse")
    checked = validate(options.corpus)
    corpus.problems.extend(checked.problems)
    if options.strict and corpus.errors:
        result.stopped = True  # the strict gate: nothing below has run, nothing is written
        return result
    if same:  # the reports are read for the summary and their problems; nothing is written
        result.unchanged, result.ok = True, True
        result.files = len(plan.previous or ())
        return result
    for key, report in corpus.fresh.items():
        plan.cache.put("parsed", key, report)
    corpus.fresh.clear()
    reconciled = reconcile(corpus.reports, checked.lock, plan)
    checked.lock = {}  # the last build's lock: ``reconciled`` has the one to write,
    lock = _staged_lock(options.corpus / LOCK_NAME, reconciled.lock_text(), stage)
    reconciled = reconciled.for_pages()  # staged now (committed with the site)
    corpus.reports = reconciled.reports
    result.anchors = reconciled.stats
    clock.lap("anchors")
    labels = _classify(corpus, checked, options, plan)
    index = build_index(corpus.reports, labels, checked.taxonomy) if options.classify else None
    trim_heap()  # what the classifier's fit and propagation freed
    clock.lap("classify")
    pages = stage.folder("pages", beside=options.docs)
    with _reuse_beside(corpus, plan, options) as reuse_found:
        # meanwhile: the exports and the search index, which do not show shared phrasing
        exported = export_site(corpus.reports, labels, plan, pages)
        clock.lap("exports")
        files: Files = {}
        if options.search:
            scratch = stage.folder("search", beside=options.docs)
            files.update(search_files(exported, checked.taxonomy, scratch, options.jobs, plan))
            clock.lap("search index")
        exported = exported.indexed()
        trim_heap()  # before the render forks its workers: they start from this process
        reuse = reuse_found()
        clock.lap("reuse")
    site = compose_site(SiteInput(corpus.reports, reconciled, checked.taxonomy, labels, index,
                                  reuse, search=options.search, share=options.share,
                                  site_url=_site_url(options.config)),
                        plan, pages, exported)
    # what only the pages read: not held (nor forked) through MkDocs, share pages and links
    del labels, index, reuse, exported
    trim_heap()
    clock.lap("render")
    files = {**site.files, **files}
    result.files = len(files)
    _publish(options, files, reconciled, result, clock, stage, plan, early, lock)
    result.reused = {**plan.reused, **result.reused}
    result.ok = True
    return result


def _site_url(config: Path) -> str:
    """``site_url`` from mkdocs.yml (for the dataset's citation), "" when unset or unreadable
    (MkDocs itself reports a broken config)."""
    try:
        return settings_from_config(config).site_url
    except (OSError, yaml.YAMLError, AttributeError):
        return ""


def _plan(options: BuildOptions) -> Plan:
    """Incremental or full (and why): see generator/incremental.py."""
    taxonomy = taxonomy_paths(options.corpus)
    # The classifier's other inputs: the corpus' own files, else the project's.
    learned = [folder / name for name in ("prototypes.yml", "examples.yml")
               for folder in (taxonomy[0].parent, PROJECT_CORPUS)]
    return Plan.make(options.docs.parent / "cache" / options.docs.name, options.config,
                     (*taxonomy, *learned),
                     {"classify": options.classify, "search": options.search,
                      "reuse": options.reuse, "share": options.share,
                      "mkdocs": options.run_mkdocs, "site": str(options.site.resolve())},
                     options.docs, options.site if options.run_mkdocs else None,
                     options.incremental)


def _classify(corpus: Corpus, checked: Validated, options: BuildOptions, plan: Plan
              ) -> dict[str, tuple[Label, ...]]:
    if not options.classify:
        return {}
    jobs = _jobs(options)
    files = taxonomy_paths(options.corpus)
    taxonomy = checked.taxonomy

    if taxonomy.examples:  # the regressions, fitted once per taxonomy and code version;
        # taken even when no report needs labelling: corpus propagation reads them too
        learned.preset(taxonomy, plan.remember(
            "learned", [code_version(), learned.FITTER], lambda: learned.Learned(taxonomy)))

    def fresh(todo: list[Report]) -> dict[str, tuple[Label, ...]]:
        return classify_all(todo, taxonomy, jobs, options.executor, files, propagated=False)

    own = plan.labels(corpus.reports, fresh)
    return propagate(corpus.reports, own, taxonomy)  # corpus-wide: never cached


def _find_reuse(corpus: Corpus, plan: Plan) -> Reuse:
    """Shared phrasing is corpus-wide: taken from the cache when no report changed (by the
    keys reports settled with: text and anchors, as the next build will see them), else
    updated from the state the last build left (``reuse.update``): only the pairwise spans
    of changed reports, and of pairs whose seeds they change, are aligned again."""
    keys = _reuse_keys(corpus, plan)
    if keys is None:
        return find_reuse(corpus.reports)
    reuse = plan.remember("reuse", keys,
                          lambda: updated(corpus.reports, keys, plan.cache, _state_key()))
    plan.cache.keep("reuse-state", _state_key())  # for the next build that changes a report
    return reuse


def _state_key() -> str:
    return digest("reuse-state", code_version())


def _reuse_keys(corpus: Corpus, plan: Plan) -> list[str] | None:
    keys = [f"{r.slug}={plan.settled_keys.get(r.slug)}" for r in corpus.reports]
    return None if any(k.endswith("=None") for k in keys) else keys


@contextmanager
def _reuse_beside(corpus: Corpus, plan: Plan, options: BuildOptions
                  ) -> Iterator[Callable[[], Reuse]]:
    """Shared phrasing (:func:`_find_reuse`: one core, the longest step of an edit) in a
    process of its own while this one makes the exports and the search index; yields a
    function that waits for it. The process is started afresh, not forked, and is sent only
    the reports' text (:func:`~generator.reuse.text.text_only`): forked, it would start as
    large as this build (2 GB at 10,000 reports) and peak 2.5 GB above that. Here when the
    cache holds it (loading it is cheaper than receiving it), with one job, or when the
    build does not look for it."""
    if not options.reuse:
        yield Reuse
        return
    keys = _reuse_keys(corpus, plan)
    if (keys is not None and plan.has("reuse", keys)) or _jobs(options) < 2:
        yield lambda: _find_reuse(corpus, plan)
        return
    entry = plan.entry("reuse", keys) if keys is not None else None
    with apart(reuse_job, (text_only(corpus.reports), keys, plan.cache.root, _state_key(),
                            entry)) as done:

        def found() -> Reuse:
            reuse, used = done()
            plan.cache.used.update(used)  # the entries the child read and wrote
            if reuse is None and keys is not None:
                reuse = plan.made_elsewhere("reuse", keys)
                plan.cache.keep("reuse-state", _state_key())
            return reuse if isinstance(reuse, Reuse) else _find_reuse(corpus, plan)

        yield found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A build makes (and the cache loads) millions of small objects that hold no cycles:
    the reports, their passages and labels, shared phrasing. Each full collection they
    trigger walks all of them again: 20 s of a one-report edit at 10,000 reports (reuse
    alone: a third of its stage at 3,000). The collector runs again after the build (``serve``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _publish(options: BuildOptions, files: Files, reconciled: Reconciled, result: BuildResult,
             clock: _Clock, stage: Staging, plan: Plan,
             early: writer.LinkTree | spare.Spare | None, lock: Move | None) -> None:
    """Write docs → mkdocs → share pages → link check into staging, then commit all together.
    An incremental build links unchanged files from the previous docs and site, runs MkDocs in
    dirty mode on the rest and rewrites the share pages of changed reports only
    (generator/incremental.py)."""
    docs = stage.folder("docs", beside=options.docs)
    previous = options.docs if plan.incremental else None
    written = writer.write_tree(files, docs, previous, plan.previous)
    result.reused["docs files changed"] = len(written.changed)
    clock.lap("write")
    folders = [Move(docs, options.docs)]
    if options.run_mkdocs:
        site = early.target.parent if early is not None else \
            stage.folder("site", beside=options.site)
        settings = settings_from_config(options.config)
        if plan.incremental:
            skip = frozenset({SHARE_ROOT} if early is not None else ())
            rewritten = writer.clone_site(options.site, site, written.changed, written.removed,
                                          skip)
            writer.mkdocs_build(options.config, docs, site, strict=True, dirty=True,
                                jobs=_jobs(options))
            clock.lap("mkdocs")
            if early is not None:
                early.wait()
                clock.lap("share pages")
            if options.share:
                slugs = [r.slug for r in reconciled.reports]
                if isinstance(early, spare.Spare):
                    changed, gone = plan.changes_since(early.keys, slugs)
                    result.reused["share pages from the spare"] = len(early.keys)
                else:
                    changed, gone = plan.report_changes(slugs)
                result.share = update_share_pages(reconciled.reports, reconciled.blocks,
                                                  settings, site, changed, gone, rewritten)
                clock.lap("share pages")
            result.broken_links = check_site(site, settings.site_url, only=rewritten)
            writer.relink_unchanged(options.site, site, rewritten)
        else:
            writer.mkdocs_build(options.config, docs, site, strict=True, jobs=_jobs(options))
            clock.lap("mkdocs")
            if options.share:
                result.share = write_share_pages(reconciled.reports, reconciled.blocks,
                                                 settings, site)
                clock.lap("share pages")
            result.broken_links = check_site(site, settings.site_url)
        clock.lap("links")
        if result.broken_links:
            raise writer.BuildFailed(f"{len(result.broken_links)} broken links, first: "
                                     f"{result.broken_links[0]}")
        folders.append(Move(site, options.site))
    plan.cache.forget_state()  # killed after the swap: the next build must not trust it
    commit(folders, lock, stage.home)
    stage.committed = True
    plan.committed(written.manifest, _lock_digest(options.corpus / LOCK_NAME))
    if options.run_mkdocs and options.share and plan.incremental:
        # ``site`` now holds the replaced site: its share pages are the previous build's
        spare.keep(site, spare.spare_root(options.docs.parent, options.docs), plan.key,
                   plan.previous_reports, site)
    clock.lap("swap")


def _lock_digest(lock: Path) -> str:
    """The anchors lock's bytes, digested ("-" when there is none)."""
    try:
        return digest(lock.read_bytes())
    except FileNotFoundError:
        return "-"


def _jobs(options: BuildOptions) -> int:
    return options.jobs or os.cpu_count() or 1


def _staged_lock(lock: Path, text: str, stage: Staging) -> Move | None:
    """The new lock, staged beside the old one; ``None`` when it did not change."""
    if lock.is_file() and lock.read_text(encoding="utf-8") == text:
        return None
    staged = stage.folder("lock", beside=lock) / lock.name
    staged.write_text(text, encoding="utf-8", newline="\n")
    return Move(staged, lock)


def _close(stage: Staging) -> None:
    try:
        stage.close()
    except KeyboardInterrupt:
        if stage.committed:  # Ctrl-C while removing the old site: the new one is in place
            raise KeyboardInterrupt(COMMITTED) from None
        raise


def docs_folder(site: Path) -> Path:
    """The generated Markdown's folder for ``site``: ``build/docs`` for the default ``site/``,
    its own for any other (``build/docs-www-1a2b3c4d`` for ``/srv/www``), so builds of two
    sites from one checkout do not replace each other's docs."""
    if site.resolve() == Path("site").resolve():
        return Path("build/docs")
    tag = hashlib.sha256(os.fsencode(site.resolve())).hexdigest()[:8]
    name = re.sub(r"[^\w.-]+", "-", site.resolve().name, flags=re.ASCII).strip(".-") or "site"
    return Path("build") / f"docs-{name}-{tag}"


__all__ = ["BuildOptions", "BuildResult", "TaxIndex", "docs_folder", "run_build"]
