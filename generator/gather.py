"""Gather: read and parse every report of the corpus before anything is written (like
``mkdocs build`` and Pelican), so every cross-link target exists before a page is composed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Cache, code_version, digest
from generator.models import Problem, Report
from generator.parse.report import parse_report
from generator.parse.slugs import slugify
from generator.readers import ReadError, corpus_files, read_source
from generator.workers import holding_ctrl_c, stop_pool, worker_init

log = logging.getLogger(__name__)
#: Below this many files a process pool costs more than it saves.
_PARALLEL_FROM = 200


@dataclass(slots=True)
class Corpus:
    """Every report that parsed, and a problem for every file that did not."""

    root: Path
    reports: list[Report] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    """Report slug → its report key (file path, bytes, sidecar bytes, code): see cache.py."""
    fresh: dict[str, Report] = field(default_factory=dict)
    """Report key → report, for the reports parsed now (not from the cache): the build files
    them in the cache once past the strict gate (a stopped build writes nothing)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def display_path(path: Path, corpus: Path) -> str:
    """``corpus/NAME`` as users see it in messages."""
    try:
        return (Path(corpus.name) / path.relative_to(corpus)).as_posix()
    except ValueError:
        return path.as_posix()


def _load(args: tuple[Path, Path]) -> Report | Problem:
    path, corpus = args
    try:
        return parse_report(read_source(path, corpus))
    except ReadError as exc:
        where = getattr(exc, "path", None) or display_path(path, corpus)
        return Problem(where, exc.line, str(exc))
    except Exception as exc:  # a parser bug must not stop the other reports
        log.exception("failed to parse %s", path)
        return Problem(display_path(path, corpus), 0, f"internal error while parsing: {exc!r}; "
                       "please report it with this file")


def report_key(path: Path) -> str:
    """The cache key of a report file: its path, bytes and sidecar bytes, and the code."""
    parts: list[bytes | str] = [code_version(), str(path), path.read_bytes()]
    for sidecar in (path.with_name(path.name + ".yml"), path.with_suffix(".yml"),
                    path.with_suffix(".yaml")):
        parts += [sidecar.name, sidecar.read_bytes() if sidecar.is_file() else b"-"]
    return digest(*parts)


@dataclass(frozen=True, slots=True)
class Listing:
    """The corpus's report files, notes on the files skipped, and each file's report key."""

    files: list[Path]
    notes: list[Problem]
    keys: dict[Path, str]

    @classmethod
    def of(cls, corpus: Path) -> Listing:
        files, notes = corpus_files(corpus)
        return cls(files, notes, {path: report_key(path) for path in files})

    def by_name(self) -> dict[str, str]:
        """File path (as a string) → report key: what two builds compare."""
        return {str(path): key for path, key in self.keys.items()}


def gather(corpus: Path, tick: Callable[[], None] = lambda: None, jobs: int = 0,
           on_total: Callable[[int], None] = lambda n: None, cache: Cache | None = None,
           executor: Executor | None = None, listing: Listing | None = None) -> Corpus:
    """Read and parse every report in ``corpus``; bad files become problems. With a
    ``cache``, a file whose report key was parsed before is not parsed again (problems are
    not cached: a file that failed is read again). ``executor`` runs the parses (default: a
    process pool of ``jobs`` workers). ``listing``: the corpus's files and keys, when the
    caller has listed them already."""
    if listing is None:
        files, notes = corpus_files(corpus)
        keys = {path: report_key(path) for path in files} if cache is not None else {}
    else:
        files, notes, keys = listing.files, listing.notes, listing.keys
    on_total(len(files))
    result = Corpus(corpus, problems=list(notes))
    items: dict[Path, Report | Problem] = {}
    work = []
    for path in files:
        hit = cache.get("parsed", keys[path]) if cache is not None else None
        if isinstance(hit, Report) and hit.source.path == path:
            items[path] = hit
            tick()
        else:
            work.append((path, corpus))
    for (path, _), item in zip(work, _map(work, jobs, executor), strict=True):
        tick()
        items[path] = item
        if cache is not None and isinstance(item, Report):
            result.fresh[keys[path]] = item
    for path in files:
        item = items[path]
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.reports.append(item)
            _check_not_empty(item, result)
    _check_slugs(result)
    for report in result.reports:  # only reports that are built: one message per bad file
        result.problems.extend(_located(p, report, corpus) for p in report.source.warnings)
    if keys:
        result.keys = {r.slug: keys[r.source.path] for r in result.reports}
    return result


def _check_not_empty(report: Report, result: Corpus) -> None:
    """A file that holds only a title (or nothing the parser recognises as the body) would be
    published as an empty page: say so, with what was found."""
    if report.passages or report.sections:
        return
    title = " / ".join(line.text[:40] for line in report.title_lines[:3])
    found = f"only the title ({title})" if title else \
        f"{len(report.source.furniture)} line(s) of page furniture and nothing else"
    result.problems.append(Problem(
        display_path(report.source.path, result.root), 0,
        f"no sections and no passages found, {found}; its page will have no text: add the "
        "report's body or remove the file", "warning"))


def _located(problem: Problem, report: Report, corpus: Path) -> Problem:
    """The parser's problems name no file: they are about the report's."""
    if problem.path:
        return problem
    return Problem(display_path(report.source.path, corpus), problem.line, problem.message,
                   problem.severity)


def _map(work: list[tuple[Path, Path]], jobs: int, executor: Executor | None = None
         ) -> Iterable[Report | Problem]:
    """The per-report seam: any ``concurrent.futures.Executor`` (a Dask or Ray executor
    too) can run the parses; by default a local process pool, or none for small corpora."""
    if executor is not None:
        return executor.map(_load, work)
    if jobs == 1 or len(work) < _PARALLEL_FROM:
        return map(_load, work)
    pool = ProcessPoolExecutor(max_workers=jobs or None, initializer=worker_init)
    with holding_ctrl_c():  # the first submit forks the workers
        items = pool.map(_load, work, chunksize=32)
    return _drain(pool, items)


def _drain(pool: ProcessPoolExecutor, items: Iterable[Report | Problem]
           ) -> Iterable[Report | Problem]:
    try:
        yield from items
    except BaseException:  # Ctrl-C, or the caller stopped early: don't finish the work
        stop_pool(pool)
        raise
    pool.shutdown()


def _check_slugs(result: Corpus) -> None:
    """Two files with one slug would share a URL: keep the first (sorted), reject the rest."""
    owners: dict[str, Report] = {}
    kept = []
    for report in result.reports:
        first = owners.get(report.slug)
        if first is None:
            owners[report.slug] = report
            kept.append(report)
            continue
        result.problems.append(Problem(
            display_path(report.source.path, result.root), 0,
            f"slug '{report.slug}' is already used by "
            f"{display_path(first.source.path, result.root)}; rename one of the files or set "
            f"'slug:' in its front matter or sidecar "
            f"(e.g. slug: {slugify(report.source.path.stem)}-2)"))
    result.reports = kept
