"""Gather labels across all reports: who raises which category, and what goes with it.

Built once per site (gather, then write: every page and chip sees the same whole), then read by
the category pages, the matrix, and the chips and cross-references on report pages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.models import Label, Passage, Report, listing_order
from generator.taxonomy.load import Category, Taxonomy

#: Where each kind's pages live (docs-relative folder).
FOLDERS = {"theme": "themes", "problem": "problems", "cause": "causes", "measure": "measures"}
KIND_NAMES = {"theme": "主题", "problem": "问题类型", "cause": "原因类型", "measure": "措施类型"}
#: Passages listed per category page: a few hundred, so no page grows with the corpus.
PAGE_SIZE = 300
#: Sections whose passages theme pages list. Listing every passage of every section would
#: put each passage on several theme pages and make 10,000 reports several hundred MB of pages.
THEME_ROLES = frozenset({"problems", "case"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One labelled passage of one report."""

    report: Report
    passage: Passage
    label: Label


@dataclass(slots=True)
class TaxIndex:
    taxonomy: Taxonomy
    reports: list[Report]
    """Newest first, then by title: the order of every listing."""
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    """Category id → entries, in report order then document order."""
    per_report: dict[str, dict[str, list[Entry]]] = field(default_factory=dict)
    """Report slug → category id → entries."""
    labels_at: dict[tuple[str, str], list[Label]] = field(default_factory=dict)
    """(slug, anchor) → labels of that passage."""
    reports_with: dict[str, list[str]] = field(default_factory=dict)
    """Category id → slugs of the reports that raise it."""
    kinds_in: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Report slug → kind → ids of the listed categories it raises."""
    year_of: dict[str, str] = field(default_factory=dict)
    """Report slug → year (may be empty)."""
    unlisted: set[tuple[str, str]] = field(default_factory=set)
    """(slug, anchor) of labelled headings that are not listed (their passages are)."""

    def pages_of(self, cid: str) -> list[list[Entry]]:
        """The category's entries split into pages, never splitting a report's group."""
        return split_pages(self.entries.get(cid, []))

    def page_of_report(self, cid: str) -> dict[str, int]:
        """Report slug → 1-based page number of its group on the category's pages."""
        return {e.report.slug: n for n, page in enumerate(self.pages_of(cid), 1) for e in page}

    def years_of(self, cid: str) -> list[tuple[str, int]]:
        """(year, number of reports raising ``cid``), newest first; unknown years last."""
        counts = Counter(self.year_of[slug] or "未知" for slug in self.reports_with.get(cid, ()))
        return sorted(
            counts.items(),
            key=lambda kv: (not kv[0].isdigit(), -int(kv[0]) if kv[0].isdigit() else 0),
        )

    def report_counts(self, cid: str) -> int:
        return len(self.reports_with.get(cid, ()))

    def cooccurring(self, cid: str, kind: str, limit: int = 12) -> list[tuple[Category, int]]:
        """Categories of ``kind`` raised in the same reports as ``cid``, by number of reports."""
        counts: Counter[str] = Counter()
        for slug in self.reports_with.get(cid, ()):
            counts.update(self.kinds_in[slug].get(kind, ()))
        counts.pop(cid, None)
        return [(self.taxonomy.get(c), n) for c, n in _top(counts, limit)]

    def related_in_passages(
        self, cid: str, kind: str, limit: int = 12
    ) -> list[tuple[Category, int]]:
        """Categories of ``kind`` labelled on the very passages that carry ``cid``."""
        counts: Counter[str] = Counter()
        for e in self.entries.get(cid, []):
            key = (e.report.slug, e.passage.anchor)
            counts.update(
                {
                    lb.category
                    for lb in self.labels_at[key]
                    if lb.kind == kind and lb.category != cid
                }
            )
        return [(self.taxonomy.get(c), n) for c, n in _top(counts, limit)]


def build_index(
    reports: Sequence[Report], labels: Mapping[str, Sequence[Label]], taxonomy: Taxonomy
) -> TaxIndex:
    """Index every label of passages that are listed: points and paragraphs, and the headings
    that are a cause or measure by themselves (no paragraph under them). Other headings keep
    their chips but are not listed: their content is in the passages under them. Theme pages
    list what reports find wrong (THEME_ROLES); causes and measures have their own pages."""
    ordered = sorted(reports, key=listing_order)
    index = TaxIndex(taxonomy, ordered)
    for report in ordered:
        by_anchor = {p.anchor: p for p in report.passages}
        listed = _listed_headings(report)
        index.year_of[report.slug] = report.meta.year
        groups: dict[str, list[Entry]] = defaultdict(list)
        for label in labels.get(report.slug, ()):
            passage = by_anchor.get(label.anchor)
            if passage is None or label.category not in taxonomy.index:
                continue
            index.labels_at.setdefault((report.slug, label.anchor), []).append(label)
            if passage.kind == "heading" and passage.anchor not in listed:
                index.unlisted.add((report.slug, label.anchor))
                continue
            if label.kind == "theme" and passage.role not in THEME_ROLES:
                continue
            entry = Entry(report, passage, label)
            index.entries.setdefault(label.category, []).append(entry)
            groups[label.category].append(entry)
        index.per_report[report.slug] = dict(groups)
        kinds: dict[str, list[str]] = defaultdict(list)
        for cid in groups:
            kinds[taxonomy.index[cid].kind].append(cid)
        index.kinds_in[report.slug] = dict(kinds)
        for cid in groups:
            index.reports_with.setdefault(cid, []).append(report.slug)
    return index


def _listed_headings(report: Report) -> set[str]:
    out = set()
    passages = report.passages
    for i, p in enumerate(passages):
        if p.kind != "heading" or not p.heading or p.role not in ("causes", "measures"):
            continue
        nxt = passages[i + 1] if i + 1 < len(passages) else None
        if nxt is None or nxt.kind != "para" or nxt.heading != p.heading:
            out.add(p.anchor)
    return out


def split_pages(entries: list[Entry]) -> list[list[Entry]]:
    """Entries split into pages of about ``PAGE_SIZE``, never splitting a report's group."""
    pages: list[list[Entry]] = [[]]
    for _slug, group in _groups(entries):
        if pages[-1] and len(pages[-1]) + len(group) > PAGE_SIZE:
            pages.append([])
        pages[-1].extend(group)
    return pages


def category_path(cat: Category, page: int = 1) -> str:
    """Docs-relative path of a category page: ``themes/<id>.md``, then ``themes/<id>/2.md``."""
    folder = FOLDERS[cat.kind]
    return f"{folder}/{cat.id}.md" if page == 1 else f"{folder}/{cat.id}/{page}.md"


def category_url(cat: Category, page: int = 1) -> str:
    folder = FOLDERS[cat.kind]
    return f"{folder}/{cat.id}/" if page == 1 else f"{folder}/{cat.id}/{page}/"


def _groups(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.report.slug, []).append(e)
    return list(out.items())


def _top(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
