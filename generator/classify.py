"""Label passages with themes and problem, cause and measure types (issue 4).

A passage's labels come from its own words and from the heading it sits under. The lead clause
weighs most: a report's point says what it is about in its first clause, and the body then
mentions many neighbouring matters in passing, so a body word alone labels a passage only when
it is backed by a second word of the same category.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from generator.headings import HeadingMapper
from generator.matcher import Hit, Matcher, simplified
from generator.models import Label, Passage, Report
from generator.taxonomy import Category, Taxonomy

KIND_ORDER = ("theme", "problem", "cause", "measure")
#: Which type kind a section role may carry (themes are allowed everywhere).
ROLE_KINDS = {
    "problems": "problem",
    "case": "problem",
    "review": "problem",
    "causes": "cause",
    "measures": "measure",
}
#: A category needs this much: a lead hit scores LEAD, each other distinct body pattern BODY.
LEAD, BODY, THRESHOLD = 2.0, 1.0, 2.0
_CLAUSE_END = re.compile("[。；！？]")


@dataclass(frozen=True, slots=True)
class Compiled:
    """A taxonomy prepared for classification (build once, reuse for every report)."""

    taxonomy: Taxonomy
    categories: tuple[Category, ...]
    matcher: Matcher
    headings: HeadingMapper


_compiled: dict[int, Compiled] = {}


def compile_taxonomy(taxonomy: Taxonomy) -> Compiled:
    """The compiled form of ``taxonomy``, cached by identity (taxonomies are not hashable)."""
    comp = _compiled.get(id(taxonomy))
    if comp is None or comp.taxonomy is not taxonomy:
        cats = taxonomy.categories
        entries = [(i, p) for i, c in enumerate(cats) for p in c.patterns]
        comp = Compiled(taxonomy, cats, Matcher(entries), HeadingMapper(taxonomy))
        _compiled.clear()  # one taxonomy per build; don't keep old ones alive
        _compiled[id(taxonomy)] = comp
    return comp


def classify_report(report: Report, taxonomy: Taxonomy) -> tuple[Label, ...]:
    """Labels of every passage of ``report``, in passage order, then kind, then score."""
    comp = compile_taxonomy(taxonomy)
    meeting = comp.headings.meeting_of(report)
    labels: list[Label] = []
    previous: Passage | None = None
    for p in report.passages:
        lead, body = split_lead(p, previous)
        if p.role != "preamble":
            inherited = comp.headings.themes(p.heading, meeting) if p.heading else ()
            labels += classify_passage(p, lead, body, inherited, comp)
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
) -> list[Label]:
    """Labels for one passage. ``inherited`` holds (theme id, evidence) from its heading."""
    allowed = {"theme"}
    if p.kind != "heading" and p.role in ROLE_KINDS:
        allowed.add(ROLE_KINDS[p.role])
    scores = _scores(comp, simplified(lead), simplified(body), allowed)
    themes: dict[str, tuple[float, list[str]]] = {}
    labels: list[Label] = []
    for cat, (score, evidence) in scores.items():
        if score < THRESHOLD:
            continue
        if cat.kind == "theme":
            _add(themes, cat.id, score, evidence)
        else:
            labels.append(Label(p.anchor, cat.id, cat.kind, tuple(evidence), score))
            # A problem type is evidence of its primary theme.
            _add(themes, cat.themes[0], score * 0.9, [f"{cat.kind}:{cat.id}"])
    for theme, evidence in inherited:
        _add(themes, theme, THRESHOLD, [evidence])
    labels += [Label(p.anchor, t, "theme", tuple(ev), s) for t, (s, ev) in themes.items()]
    order = {c.id: i for i, c in enumerate(comp.categories)}
    labels.sort(key=lambda lb: (KIND_ORDER.index(lb.kind), -lb.score, order[lb.category]))
    return labels


def _scores(
    comp: Compiled, lead: str, body: str, allowed: set[str]
) -> dict[Category, tuple[float, list[str]]]:
    per_cat: dict[int, dict[str, bool]] = defaultdict(dict)  # pattern -> found in lead
    for where, text in ((True, lead), (False, body)):
        for hit in _useful(comp.matcher.find(text)):
            if comp.categories[hit.key].kind in allowed:
                pats = per_cat[hit.key]
                pats[hit.pattern] = pats.get(hit.pattern, False) or where
    out: dict[Category, tuple[float, list[str]]] = {}
    for key, pats in per_cat.items():
        in_lead = any(pats.values())
        score = (LEAD if in_lead else 0.0) + BODY * sum(1 for v in pats.values() if not v)
        out[comp.categories[key]] = (score, sorted(pats, key=lambda w: (not pats[w], w)))
    return out


def _useful(hits: list[Hit]) -> list[Hit]:
    """Drop a hit contained in a longer hit of the same category: 学用结合 inside 学用结合不够
    is one piece of evidence, not two."""
    by_key: dict[int, list[Hit]] = defaultdict(list)
    for h in hits:
        by_key[h.key].append(h)
    out = []
    for group in by_key.values():
        out += [h for h in group if len(group) == 1 or not _inside(h, group)]
    return out


def _inside(h: Hit, group: list[Hit]) -> bool:
    return any(
        o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in group
    )


def _add(acc: dict[str, tuple[float, list[str]]], cid: str, score: float, ev: list[str]) -> None:
    old_score, old_ev = acc.get(cid, (0.0, []))
    acc[cid] = (max(old_score, score), old_ev + [e for e in ev if e not in old_ev])
