"""Incremental builds (ARCHITECTURE.md, "Incremental builds"): what a build can take from the
last one, and the per-report memos the pipeline's steps consult.

A build is *incremental* when the last committed build had the same build key (code,
``mkdocs.yml``, overrides, taxonomy, meetings, tool versions; :func:`generator.cache.build_key`)
and the same options, and its docs and site are still in place. Then:

* gather parses only files whose report key is new (:func:`generator.gather.gather`);
* reconcile re-runs only reports whose content or lock block changed (:class:`Plan` is its
  :class:`~generator.anchors.reconcile.Memo`);
* classify runs only on reports whose anchored content is new (:meth:`Plan.labels`);
* compose makes only report pages whose inputs changed (:class:`Plan` is also its
  :class:`~generator.site.compose.PageMemo`), and only the taxonomy's page sets whose inputs
  changed (:meth:`Plan.pages`, :mod:`generator.site.pagesets`); other global pages and the
  exports are made again;
* the search index compresses only shard and text files whose bytes changed
  (:mod:`generator.search.gzmemo`);
* the writer links every file whose bytes did not change from the previous docs;
* MkDocs runs in dirty mode on a site made of links to the previous one, less the outputs of
  the changed docs files; the link check reads only the pages MkDocs wrote.

Otherwise the build is a full build and says why. Either way the result is the same, byte for
byte (``tests/site/test_incremental.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.anchors.lock import Block, Entry, dump
from generator.anchors.reconcile import Stats, with_anchors
from generator.cache import Cache, build_key, code_version, digest
from generator.models import Label, Report
from generator.publish.writer import KEEP, file_digest

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(slots=True)
class Plan:
    """This build's cache, its keys, and what it may take from the previous build."""

    cache: Cache
    key: dict[str, str]
    options: dict[str, Any]
    parsed: dict[str, str] = field(default_factory=dict)
    """Report slug → report key (from gather)."""
    anchored: dict[str, str] = field(default_factory=dict)
    """Report slug → key of the report with its anchors."""
    previous: dict[str, str] | None = None
    """The previous docs tree's manifest (path → digest) when this build is incremental."""
    previous_reports: dict[str, str] = field(default_factory=dict)
    """Report slug → the key the previous build settled each report under."""
    settled_keys: dict[str, str] = field(default_factory=dict)
    """Report slug → this build's settled key: the report with the lock block it wrote, which
    is the anchored key the next build computes when the report did not change."""
    why_full: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)
    """The report files' keys and the anchors lock's digest, kept with the committed state."""
    reused: dict[str, int] = field(default_factory=dict)
    touched: list[tuple[str, str]] = field(default_factory=list)
    """Cache entries of corpus-wide page sets this build consulted (:meth:`pages`)."""

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    # -- deciding ---------------------------------------------------------------------------

    @classmethod
    def make(cls, cache_root: Path, config: Path, taxonomy_files: tuple[Path, ...],
             options: dict[str, Any], docs: Path, site: Path | None, allowed: bool) -> Plan:
        plan = cls(Cache(cache_root), build_key(config, taxonomy_files), options)
        state = plan.cache.state()
        old_key = state.get("key") or {}
        changed = [part for part, value in plan.key.items() if old_key.get(part) != value]
        if not allowed:
            plan.why_full = "a full build was asked for"
        elif not state:
            plan.why_full = "no previous build to start from"
        elif changed:
            plan.why_full = f"changed since the last build: {', '.join(changed)}"
        elif state.get("options") != options:
            plan.why_full = "build options changed"
        elif not docs.is_dir() or (site is not None and not site.is_dir()):
            plan.why_full = "the previous docs or site folder is missing"
        else:
            plan.previous = state.get("manifest") or {}
            plan.previous_reports = state.get("reports") or {}
        return plan

    def nothing_changed(self, files: Mapping[str, str], lock: str) -> bool:
        """Whether this build's inputs are exactly the last committed build's: besides the
        build key and options (:meth:`make`), the same report files with the same keys
        (path, bytes, sidecars, code) and the same anchors lock (``lock``: its digest). The
        docs and site it would make are then the ones in place, byte for byte."""
        self.inputs = {"files": dict(files), "lock": lock}
        state = self.cache.state()
        return self.incremental and state.get("files") == self.inputs["files"] and \
            state.get("lock") == lock

    def tax(self) -> str:
        return self.key["taxonomy"]

    # -- reconcile (anchors.reconcile.Memo) -------------------------------------------------

    def _anchored_key(self, report: Report, previous: Block | None) -> str | None:
        parsed = self.parsed.get(report.slug)
        if parsed is None:
            return None
        key = digest(parsed, dump([previous]) if previous is not None else "-")
        self.anchored[report.slug] = key
        return key

    def get(self, report: Report, previous: Block | None) -> tuple[Report, Block, Stats] | None:
        key = self._anchored_key(report, previous)
        hit = self.cache.get("anchored", key) if key else None
        if hit is None:
            return None
        self._count("anchors")
        anchors, block, stats = hit
        anchored = report if anchors is None else with_anchors(report, anchors)
        return anchored, _block(block), Stats(*stats)

    def put(self, report: Report, previous: Block | None,
            value: tuple[Report, Block, Stats]) -> None:
        key = self.anchored.get(report.slug)
        if key:
            anchored, block, stats = value
            self.cache.put("anchored", key, (_anchors(report, anchored), _plain_block(block),
                                             (stats.kept, stats.moved, stats.forwarded,
                                              stats.new)))

    def settled(self, report: Report, anchored: Report, block: Block) -> None:
        """Also file the result under the block it wrote: the next build reconciles this
        report against that block and gets the same anchors, all of them kept."""
        parsed = self.parsed.get(report.slug)
        if parsed is None:
            return
        key = digest(parsed, dump([block]))
        self.settled_keys[report.slug] = key
        if key != self.anchored.get(report.slug) and not self.cache.has("anchored", key):
            self.cache.put("anchored", key, (_anchors(report, anchored), _plain_block(block),
                                             (len(anchored.passages), 0, 0, 0)))
        self.cache.used.add(f"anchored/{key}")

    # -- classify ---------------------------------------------------------------------------

    def labels(self, reports: Sequence[Report],
               classify: Callable[[list[Report]], dict[str, tuple[Label, ...]]]
               ) -> dict[str, tuple[Label, ...]]:
        """Every report's labels: cached ones, and ``classify`` run on the others."""
        out: dict[str, tuple[Label, ...]] = {}
        todo = []
        for report in reports:
            key = self.settled_keys.get(report.slug)
            hit = self.cache.get("labels", digest(key, self.tax())) if key else None
            if hit is None:
                todo.append(report)
            else:
                out[report.slug] = tuple(Label(*fields) for fields in hit)
                self._count("labels")
        if todo:
            fresh = classify(todo)
            for report in todo:
                key = self.settled_keys.get(report.slug)
                if key:
                    self.cache.put("labels", digest(key, self.tax()),
                                   [astuple_label(lb) for lb in fresh[report.slug]])
            out.update(fresh)
        return {r.slug: out[r.slug] for r in reports}

    # -- compose (site.compose.PageMemo) ----------------------------------------------------

    def _page_key(self, slug: str, rel: str, parts: Sequence[str]) -> str | None:
        key = self.settled_keys.get(slug)
        return digest(key, self.tax(), rel, *parts) if key else None

    def unchanged(self, slug: str, rel: str, parts: Sequence[str]) -> bool:
        if self.previous is None or rel not in self.previous:
            return False
        key = self._page_key(slug, rel, parts)
        same = key is not None and self.cache.get("page", key) == self.previous[rel]
        if same:
            self._count("pages")
        return same

    def made(self, slug: str, rel: str, parts: Sequence[str], digest: str) -> None:
        key = self._page_key(slug, rel, parts)
        if key:
            self.cache.put("page", key, digest)

    def report_key(self, slug: str) -> str | None:
        """What the report's pages, labels and export pieces are keyed by: its settled key,
        which the next build computes again for an unchanged report (the anchored key of a
        report reconciled against no block, as in a full build, is not)."""
        return self.settled_keys.get(slug)

    def entry(self, kind: str, parts: Sequence[str]) -> str:
        """The cache key :meth:`remember` files the value of ``parts`` under."""
        return digest(kind, self.tax(), *parts)

    def has(self, kind: str, parts: Sequence[str]) -> bool:
        """Whether :meth:`remember` would find its value without making it."""
        return self.cache.has(kind, self.entry(kind, parts))

    def made_elsewhere(self, kind: str, parts: Sequence[str]) -> Any | None:
        """The value another process remembered (not counted as reused)."""
        return self.cache.get(kind, self.entry(kind, parts))

    def remember(self, kind: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        key = self.entry(kind, parts)
        hit = self.cache.get(kind, key)
        if hit is not None:
            self._count(kind)
            return hit
        value = make()
        self.cache.put(kind, key, value)
        return value

    def pages(self, kind: str, parts: Sequence[str], make: Callable[[], dict[str, str]]
              ) -> dict[str, Any]:
        """A set of corpus-wide pages made from inputs digested in ``parts``: :data:`KEEP`
        for each when a build with the same ``parts`` made exactly the previous docs' files
        (by their digests), else ``make()`` (path → Markdown), whose digests are filed."""
        key = digest(kind, code_version(), self.tax(), *parts)
        self.touched.append((kind, key))
        hit = self.cache.get(kind, key) if self.previous is not None else None
        if hit is not None and all(self.previous.get(rel) == d  # type: ignore[union-attr]
                                   for rel, d in hit.items()):
            self._count(kind)
            return {rel: KEEP for rel in hit}
        files = make()
        self.cache.put(kind, key, {rel: file_digest(text) for rel, text in files.items()})
        return files

    def pages_done(self) -> tuple[list[tuple[str, str]], dict[str, int]]:
        """The entries :meth:`pages` used and what it reused (a forked process hands them
        to the build's, whose cache keeps them past its clean-up)."""
        return list(self.touched), dict(self.reused)

    def absorb(self, touched: Sequence[tuple[str, str]], reused: Mapping[str, int]) -> None:
        for kind, key in touched:
            self.cache.keep(kind, key)
        for what, n in reused.items():
            if what not in self.reused:
                self.reused[what] = n

    # -- after the commit -------------------------------------------------------------------

    def report_changes(self, slugs: Sequence[str]) -> tuple[set[str], list[str]]:
        """The reports whose content is not the previous build's (or unknown), and the
        previous build's reports that are gone."""
        return self.changes_since(self.previous_reports, slugs)

    def changes_since(self, before: Mapping[str, str], slugs: Sequence[str]
                      ) -> tuple[set[str], list[str]]:
        """The reports whose settled key is not ``before``'s (slug → settled key: what some
        earlier build's output was made for, or unknown), and ``before``'s reports that are
        gone."""
        changed = {s for s in slugs if self.settled_keys.get(s) is None or
                   before.get(s) != self.settled_keys[s]}
        return changed, sorted(set(before) - set(slugs))

    def committed(self, manifest: dict[str, str], lock: str) -> None:
        """After the commit: the state the next build starts from (``lock``: the digest of
        the lock now in place)."""
        self.cache.save_state({"key": self.key, "options": self.options, "manifest": manifest,
                               "reports": dict(self.settled_keys),
                               "files": self.inputs.get("files"), "lock": lock})
        self.cache.prune()

    def _count(self, what: str) -> None:
        self.reused[what] = self.reused.get(what, 0) + 1


def astuple_label(label: Label) -> tuple:
    return (label.anchor, label.category, label.kind, label.evidence, label.score,
            label.confidence)


def _plain_block(block: Block) -> tuple:
    """A lock block as plain tuples (pickles several times faster than the dataclasses)."""
    return (block.slug, block.source, block.sha256, list(block.renamed_from),
            [(e.anchor, e.kind, e.path, e.fp, e.sketch, e.excerpt) for e in block.entries],
            dict(block.forwards))


def _block(plain: tuple) -> Block:
    slug, source, sha256, renamed, entries, forwards = plain
    return Block(slug, source, sha256, list(renamed), [Entry(*e) for e in entries],
                 dict(forwards))


def _anchors(parsed: Report, anchored: Report) -> list[str] | None:
    """The permanent anchors, or ``None`` when they are the parsed ones (the usual case: an
    anchor is a hash of the passage's text), so the cache holds no second copy of the report."""
    anchors = [p.anchor for p in anchored.passages]
    return None if anchors == [p.anchor for p in parsed.passages] and \
        anchored.sections == parsed.sections else anchors
