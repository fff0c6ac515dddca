"""``python -m generator build``: gather → compose → write docs → mkdocs build → verify →
swap. Reads top to bottom like ``mkdocs.commands.build``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import lock, writer
from generator.linkcheck import check_site
from generator.models import Problem
from generator.permalinks import AnchorsFeature
from generator.pipeline import Gathered, gather
from generator.reconcile import Stats, reconcile
from generator.site import Feature, compose_site

log = logging.getLogger(__name__)
LOCK_NAME = "anchors.lock"


@dataclass(slots=True)
class BuildOptions:
    corpus: Path = Path("corpus")
    site: Path = Path("site")
    docs: Path = Path("build/docs")
    config: Path = Path("mkdocs.yml")
    strict: bool = False
    jobs: int = 0
    run_mkdocs: bool = True
    features: bool = True
    """Taxonomy and search stages; tests of other concerns switch them off for speed."""


@dataclass(slots=True)
class BuildResult:
    gathered: Gathered
    timings: dict[str, float] = field(default_factory=dict)
    files: int = 0
    broken_links: list[str] = field(default_factory=list)
    anchors: Stats | None = None
    ok: bool = False


def feature_stages(options: BuildOptions) -> list[Feature]:
    """Stages that add pages and per-report extras (taxonomy, search)."""
    from generator import features

    if not options.features:
        return []
    return features.stages(options.corpus, options.docs.parent, options.jobs)


def run_build(options: BuildOptions, tick: Callable[[], None] = lambda: None,
              on_total: Callable[[int], None] = lambda n: None) -> BuildResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    from generator.readers import corpus_files

    on_total(len(corpus_files(options.corpus)[0]))
    gathered = gather(options.corpus, tick, options.jobs)
    result = BuildResult(gathered, timings)
    timings["read+parse"] = _lap(started)
    if options.strict and gathered.errors:
        return result
    anchors = _reconcile(options, gathered)
    result.anchors = anchors.reconciled.stats
    timings["anchors"] = _lap(started, timings)
    files = compose_site(gathered.reports, [anchors, *feature_stages(options)])
    result.files = len(files)
    timings["render"] = _lap(started, timings)
    docs_tmp = writer.staging_dir(options.docs)
    site_tmp = writer.staging_dir(options.site)
    try:
        writer.write_tree(files, docs_tmp)
        if options.run_mkdocs:
            writer.mkdocs_build(options.config, docs_tmp, site_tmp, strict=True)
            timings["mkdocs"] = _lap(started, timings)
            result.broken_links = check_site(site_tmp)
            timings["links"] = _lap(started, timings)
            if result.broken_links:
                raise writer.BuildFailed(f"{len(result.broken_links)} broken links, first: "
                                         f"{result.broken_links[0]}")
    except BaseException:
        writer.discard(docs_tmp)
        writer.discard(site_tmp)
        raise
    writer.replace_file(options.corpus / LOCK_NAME, anchors.lock_text())
    writer.swap_in(docs_tmp, options.docs)
    if options.run_mkdocs:
        writer.swap_in(site_tmp, options.site)
    else:
        writer.discard(site_tmp)
    result.ok = not (options.strict and gathered.errors)
    return result


def _reconcile(options: BuildOptions, gathered: Gathered) -> AnchorsFeature:
    """Permanent anchors: match this build's passages with the committed lock."""
    blocks, problems = lock.load(options.corpus / LOCK_NAME)
    gathered.problems.extend(problems)
    from generator import features

    gathered.problems.extend(features.validate(options.corpus))
    reconciled = reconcile(gathered.reports, blocks)
    gathered.reports = reconciled.reports
    return AnchorsFeature(reconciled)


def _lap(started: float, timings: dict[str, float] | None = None) -> float:
    return time.perf_counter() - started - sum((timings or {}).values())


def problems_text(problems: Sequence[Problem]) -> str:
    return "\n".join(str(p) for p in problems)
