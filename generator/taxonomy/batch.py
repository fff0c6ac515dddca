"""Classify many reports (issue 4): in one process, in forked workers, or through an executor;
then corpus propagation. ``classify.classify_all`` is the entry point."""

from __future__ import annotations

import itertools
import multiprocessing as mp
from concurrent.futures import Executor
from functools import lru_cache
from pathlib import Path

from generator.models import Label, Report
from generator.taxonomy import classify as C
from generator.taxonomy.load import Taxonomy, load_taxonomy
from generator.workers import fork_pool

_shared: tuple[list[Report], Taxonomy] | None = None


@lru_cache(maxsize=4)
def _taxonomy_at(files: tuple[str, str]) -> Taxonomy:
    return load_taxonomy(*(Path(f) for f in files))[0]


def classify_at(report: Report, files: tuple[str, str]) -> tuple[Label, ...]:
    """:func:`classify.classify_report` with the taxonomy named by its files (``taxonomy.yml``,
    ``meetings.yml``), loaded once per process: what an executor's worker runs."""
    return C.classify_report(report, _taxonomy_at(files))


def classify_all(
    reports: list[Report], taxonomy: Taxonomy, jobs: int = 1, executor: Executor | None = None,
    files: tuple[Path, Path] | None = None, propagated: bool = True
) -> dict[str, tuple[Label, ...]]:
    """Labels of every report by slug. With ``jobs`` > 1 (and fork available) the reports are
    split among worker processes; they read the reports from the forked parent's memory, so only
    indices go out and labels come back. An ``executor`` (any ``concurrent.futures`` one) runs
    :func:`classify_at` per report instead, with the taxonomy's ``files``.

    A report's labels before :func:`classify.propagate` depend on that report alone (what the
    incremental build caches); ``propagated=False`` stops there."""
    global _shared
    if executor is not None and files is not None:
        named = tuple(str(f) for f in files)
        done = executor.map(classify_at, reports, itertools.repeat(named))
        labels = {r.slug: lbs for r, lbs in zip(reports, done, strict=True)}
        return C.propagate(reports, labels, taxonomy) if propagated else labels
    if jobs <= 1 or len(reports) < 200 or "fork" not in mp.get_all_start_methods():
        labels = {}
        for i in range(0, len(reports), 100):
            chunk = reports[i : i + 100]
            slugs = (r.slug for r in chunk)
            labels.update(zip(slugs, C.classify_reports(chunk, taxonomy), strict=True))
    else:
        C.compile_taxonomy(taxonomy)  # compile once, before forking
        _shared = (reports, taxonomy)
        try:
            chunks = [range(i, min(i + 100, len(reports))) for i in range(0, len(reports), 100)]
            with fork_pool(jobs) as pool:
                parts = pool.map(_classify_chunk, chunks)
        finally:
            _shared = None
        labels = {slug: labels for part in parts for slug, labels in part}
    return C.propagate(reports, labels, taxonomy) if propagated else labels


def _classify_chunk(indices: range) -> list[tuple[str, tuple[Label, ...]]]:
    assert _shared is not None
    reports, taxonomy = _shared
    mine = [reports[i] for i in indices]
    return list(zip((r.slug for r in mine), C.classify_reports(mine, taxonomy), strict=True))
