"""Label passages with themes and problem, cause and measure types (issue 4).

A passage's labels come from its own words and from the heading it sits under. The lead clause
weighs most: a report's point says what it is about in its first clause, and the body then
mentions many neighbouring matters in passing, so a body word alone gives a problem type or a
theme only when backed by further words of the same category (see ``BODY_MIN``).

Each label keeps its evidence: the patterns matched (lead first), ``heading:<text>`` when
inherited from the enclosing subsection heading, or ``problem:<id>`` (``cause:``, ``measure:``)
for the primary theme of a type the passage was given.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import re
from collections import defaultdict
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.models import Label, Passage, Report
from generator.taxonomy.aspects import HeadingMapper
from generator.taxonomy.load import Category, Taxonomy, load_taxonomy
from generator.taxonomy.matcher import GAP, Matcher, simplified
from generator.workers import worker_init

KIND_ORDER = ("theme", "problem", "cause", "measure")
#: Which type kind a section role may carry (themes are allowed everywhere). A review of last
#: year's rectification names problems only to say they were fixed, so it carries none.
ROLE_KINDS = {
    "problems": "problem",
    "case": "problem",
    "causes": "cause",
    "measures": "measure",
}
#: A lead hit scores LEAD, each other distinct body pattern BODY. A category is taken when its
#: words are in the lead, or when at least BODY_MIN distinct patterns of it are in the body:
#: theme words are generic (作风, 腐败), so a theme needs more body evidence than a type; a
#: problem point's body digresses (examples, consequences), while cause and measure passages
#: list their causes and measures one phrase each (精简会议文件, 改进调查研究).
LEAD, BODY = 2.0, 1.0
BODY_MIN = {"theme": 3, "problem": 2, "cause": 1, "measure": 1}
_CLAUSE_END = re.compile("[。；！？]")
CACHE_SIZE = 20_000


@dataclass(frozen=True, slots=True)
class Compiled:
    """A taxonomy prepared for classification (build once, reuse for every report)."""

    taxonomy: Taxonomy
    categories: tuple[Category, ...]
    matcher: Matcher
    headings: HeadingMapper
    order: dict[str, int]
    """Category id → position in the taxonomy, for a stable label order."""
    subsumed: dict[str, frozenset[str]]
    """Pattern → longer patterns of the same category that contain it."""
    kinds: tuple[str, ...]
    """Kind of each category, by index (hashing a Category would hash all its patterns)."""
    cache: dict[tuple[str, str, str | bool], dict[int, tuple[float, list[str]]]] = field(
        default_factory=dict
    )
    """Scores of recently seen (lead, body, type kind), bounded by CACHE_SIZE."""


_compiled: dict[int, Compiled] = {}


def compile_taxonomy(taxonomy: Taxonomy) -> Compiled:
    """The compiled form of ``taxonomy``, cached by identity (taxonomies are not hashable)."""
    comp = _compiled.get(id(taxonomy))
    if comp is None or comp.taxonomy is not taxonomy:
        cats = taxonomy.categories
        entries = [(i, p) for i, c in enumerate(cats) for p in c.patterns]
        order = {c.id: i for i, c in enumerate(cats)}
        comp = Compiled(
            taxonomy,
            cats,
            Matcher(entries),
            HeadingMapper(taxonomy),
            order,
            _subsumed(cats),
            tuple(c.kind for c in cats),
        )
        _compiled.clear()  # one taxonomy per build; don't keep old ones alive
        _compiled[id(taxonomy)] = comp
    return comp


def classify_report(report: Report, taxonomy: Taxonomy) -> tuple[Label, ...]:
    """Labels of every passage of ``report``, in passage order, then kind, then score."""
    comp = compile_taxonomy(taxonomy)
    meeting = comp.headings.meeting_of(report)
    # Decide the script once per report from its opening: checking every passage for
    # traditional characters costs more than matching it.
    opening = "".join(p.text for p in report.passages[:8])[:3000]
    convert = simplified(opening) != opening
    labels: list[Label] = []
    previous: Passage | None = None
    for p in report.passages:
        lead, body = split_lead(p, previous)
        if p.role != "preamble":
            inherited = comp.headings.themes(p.heading, meeting) if p.heading else ()
            labels += classify_passage(p, lead, body, inherited, comp, convert)
        if p.kind != "para":
            previous = p
    return tuple(labels)


def split_lead(p: Passage, previous: Passage | None = None) -> tuple[str, str]:
    """(lead, body). A point's lead is its first clause; a paragraph that carries a subsection
    heading's content in a cause or measure section takes that heading as its lead, because
    such a heading ("理论学习需进一步加强") is the statement the paragraph explains."""
    text = p.text
    if p.kind == "point" and p.lead and (i := text.find(p.lead)) >= 0:
        return p.lead, text[i + len(p.lead) :]
    if p.kind == "heading":
        return p.lead or text, ""
    if p.role in ("causes", "measures") and p.heading and previous and previous.kind == "heading":
        return p.heading, text
    m = _CLAUSE_END.search(text)
    return (text[: m.start()], text[m.end() :]) if m else (text, "")


def classify_passage(
    p: Passage,
    lead: str,
    body: str,
    inherited: tuple[tuple[str, str], ...],
    comp: Compiled,
    convert: bool = True,
) -> list[Label]:
    """Labels for one passage. ``inherited`` holds (theme id, evidence) from its heading;
    ``convert`` False skips the traditional-script check (the report is simplified)."""
    allowed = {"theme"}
    # A problem subsection's heading names a checking aspect, not a problem; a cause or
    # measure subsection's heading states the cause or measure itself (（一）理想信念有所淡化).
    typed = p.kind != "heading" or (p.heading and p.role in ("causes", "measures"))
    if typed and p.role in ROLE_KINDS:
        allowed.add(ROLE_KINDS[p.role])
    if convert:
        lead, body = simplified(lead), simplified(body)
    # Boilerplate (section headings, stock measures) recurs across reports: score it once.
    key = (lead, body, len(allowed) > 1 and ROLE_KINDS[p.role])
    scores = comp.cache.get(key)
    if scores is None:
        if len(comp.cache) > CACHE_SIZE:
            comp.cache.clear()
        scores = comp.cache[key] = _scores(comp, lead, body, allowed)
    cats = comp.categories
    themes: dict[str, tuple[float, list[str]]] = {}
    labels: list[Label] = []
    for key, (score, evidence) in scores.items():
        cat = cats[key]
        if cat.kind == "theme":
            _add(themes, cat.id, score, evidence)
        else:
            labels.append(Label(p.anchor, cat.id, cat.kind, tuple(evidence), score))
            # A problem type is evidence of its primary theme.
            _add(themes, cat.themes[0], score * 0.9, [f"{cat.kind}:{cat.id}"])
    for theme, evidence in inherited:
        _add(themes, theme, LEAD, [evidence])
    labels += [Label(p.anchor, t, "theme", tuple(ev), s) for t, (s, ev) in themes.items()]
    order = comp.order
    labels.sort(key=lambda lb: (KIND_ORDER.index(lb.kind), -lb.score, order[lb.category]))
    return labels


def _scores(
    comp: Compiled, lead: str, body: str, allowed: set[str]
) -> dict[int, tuple[float, list[str]]]:
    """Category index → (score, evidence) for categories with enough evidence."""
    per_cat: dict[int, dict[str, bool]] = defaultdict(dict)  # pattern -> found in the lead
    # One scan of both parts; the line break keeps gapped patterns from spanning them.
    split = len(lead)
    kinds = comp.kinds
    for key, pattern, start, _ in comp.matcher.find(f"{lead}\n{body}"):
        if kinds[key] in allowed:
            pats = per_cat[key]
            pats[pattern] = pats.get(pattern, False) or start < split
    out: dict[int, tuple[float, list[str]]] = {}
    for key, pats in per_cat.items():
        if len(pats) > 1:
            # 学用结合 found inside 学用结合不够 is one piece of evidence, not two.
            pats = {p: v for p, v in pats.items() if not comp.subsumed.get(p, _NONE) & pats.keys()}
        in_lead = any(pats.values())
        n_body = sum(1 for v in pats.values() if not v)
        if in_lead or n_body >= BODY_MIN[kinds[key]]:
            score = (LEAD if in_lead else 0.0) + BODY * n_body
            out[key] = (score, sorted(pats, key=lambda w: (not pats[w], w)))
    return out


def _subsumed(cats: tuple[Category, ...]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for c in cats:
        for p in c.patterns:
            longer = {q for q in c.patterns if q != p and _contains(q, p)}
            if longer:
                out[p] = frozenset(longer)
    return out


def _contains(longer: str, shorter: str) -> bool:
    """Whether every text matching ``longer`` also contains a match of ``shorter``
    (checked part by part, which is exact for patterns without a gap)."""
    return all(any(part in q for q in longer.split(GAP)) for part in shorter.split(GAP))


_NONE: frozenset[str] = frozenset()


def _add(acc: dict[str, tuple[float, list[str]]], cid: str, score: float, ev: list[str]) -> None:
    old_score, old_ev = acc.get(cid, (0.0, []))
    acc[cid] = (max(old_score, score), old_ev + [e for e in ev if e not in old_ev])


# -- many reports ---------------------------------------------------------------------------------

_shared: tuple[list[Report], Taxonomy] | None = None


@lru_cache(maxsize=4)
def _taxonomy_at(files: tuple[str, str]) -> Taxonomy:
    return load_taxonomy(*(Path(f) for f in files))[0]


def classify_at(report: Report, files: tuple[str, str]) -> tuple[Label, ...]:
    """:func:`classify_report` with the taxonomy named by its files (``taxonomy.yml``,
    ``meetings.yml``), loaded once per process: what an executor's worker runs."""
    return classify_report(report, _taxonomy_at(files))


def classify_all(
    reports: list[Report], taxonomy: Taxonomy, jobs: int = 1, executor: Executor | None = None,
    files: tuple[Path, Path] | None = None
) -> dict[str, tuple[Label, ...]]:
    """Labels of every report by slug. With ``jobs`` > 1 (and fork available) the reports are
    split among worker processes; they read the reports from the forked parent's memory, so only
    indices go out and labels come back. An ``executor`` (any ``concurrent.futures`` one) runs
    :func:`classify_at` per report instead, with the taxonomy's ``files``."""
    global _shared
    if executor is not None and files is not None:
        named = tuple(str(f) for f in files)
        labels = executor.map(classify_at, reports, itertools.repeat(named))
        return {r.slug: lbs for r, lbs in zip(reports, labels, strict=True)}
    if jobs <= 1 or len(reports) < 200 or "fork" not in mp.get_all_start_methods():
        return {r.slug: classify_report(r, taxonomy) for r in reports}
    compile_taxonomy(taxonomy)  # compile once, before forking
    _shared = (reports, taxonomy)
    try:
        chunks = [range(i, min(i + 100, len(reports))) for i in range(0, len(reports), 100)]
        with mp.get_context("fork").Pool(jobs, initializer=worker_init) as pool:
            parts = pool.map(_classify_chunk, chunks)
    finally:
        _shared = None
    return {slug: labels for part in parts for slug, labels in part}


def _classify_chunk(indices: range) -> list[tuple[str, tuple[Label, ...]]]:
    assert _shared is not None
    reports, taxonomy = _shared
    return [(reports[i].slug, classify_report(reports[i], taxonomy)) for i in indices]
