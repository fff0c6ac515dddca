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
from generator.taxonomy.load import Category, Meeting, Taxonomy, load_taxonomy
from generator.taxonomy.matcher import GAP, Matcher, simplified
from generator.taxonomy.prototypes import Prototypes, normalise
from generator.taxonomy.similar import FALLBACK, Candidate, candidates
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
#: A paragraph's leading list marker, numbering and emphasis (``- **1．…**``), dropped from its
#: lead: Markdown reports whose points the outline did not recognise start paragraphs so.
_MARKUP = re.compile(
    r"^(?:[-*+]\s+|\d+\.\s+)?(?:\*\*|__)?\s*"
    r"(?:[（(]?[一二三四五六七八九十\d]+[）)．.、]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,])?"
)
CACHE_SIZE = 20_000


#: Confidence of each kind of evidence (0–1). A lead pattern is the surest; body words less so;
#: a theme inherited from an aspect heading is as sure as the heading mapping; a type's primary
#: theme is a little less sure than the type. A similarity label's confidence is its similarity.
CONF_LEAD, CONF_BODY, CONF_HEADING, CONF_TYPE_THEME = 0.9, 0.6, 0.85, 0.9
#: A type's second theme, if it has one, at this share of the type's confidence (0 = never).
CONF_SECOND_THEME = 0.0
#: Similarity thresholds (tuned on dev: the seed gold and the blind set's odd reports) for a
#: problem type, and for a theme; ``SIM_EXTRA``: a lead that already has a pattern type takes a
#: similar type only above this (a second problem stated in other words).
SIM_PROBLEM, SIM_THEME, SIM_EXTRA = 0.25, 0.3, 0.25
#: The best similar type of a point that has no other type needs only this.
SIM_ALONE = 0.12
#: Below this similarity a similar type needs a three-character phrase in common.
SIM_WORD = 0.2
#: Similar problem types kept per lead before ranking, and the factor by which a type whose
#: themes include one its heading gives is preferred: under 理论学习方面 a vague lead is more
#: likely a study problem than a research one.
SIM_POOL, HEADING_BOOST = 4, 1.7
#: A problem point carries at most this many themes and problem types, best first.
MAX_THEMES, MAX_PROBLEMS = 2, 3
#: Roles whose points get ranked, capped labels and similarity labels.
POINT_ROLES = frozenset({"problems", "case"})
#: Roles whose points also take similar themes (ranked and capped like problem points).
THEME_ROLES = POINT_ROLES | {"causes", "measures"}


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
    prototypes: Prototypes
    cache: dict[tuple[str, str, str | bool], dict[int, tuple[float, list[str], bool]]] = field(
        default_factory=dict
    )
    """Scores of recently seen (lead, body, type kind), bounded by CACHE_SIZE."""
    sim_cache: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    """Similarity candidates of recently seen leads, bounded by CACHE_SIZE."""



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
            Prototypes(taxonomy),
        )
        _compiled.clear()  # one taxonomy per build; don't keep old ones alive
        _compiled[id(taxonomy)] = comp
    return comp


def classify_report(report: Report, taxonomy: Taxonomy) -> tuple[Label, ...]:
    """Labels of every passage of ``report``, in passage order, then kind, then confidence."""
    return classify_reports([report], taxonomy)[0]


def classify_reports(reports: list[Report], taxonomy: Taxonomy) -> list[tuple[Label, ...]]:
    """Labels of each report (no propagation); the leads of all of them are compared with the
    prototypes in one batch, which costs much less than one batch per report."""
    comp = compile_taxonomy(taxonomy)
    prepared = [_prepare(r, comp) for r in reports]
    keys = [sim_key(p, lead, body) for _, ps in prepared for p, lead, body in _sim_parts(ps)]
    similar = _similar(comp, keys)
    out = []
    for meeting, parts in prepared:
        labels: list[Label] = []
        for p, lead, body in parts:
            if p.role != "preamble":
                inherited = comp.headings.themes(p.heading, meeting) if p.heading else ()
                labels += classify_passage(
                    p, lead, body, inherited, comp, False, similar.get(sim_key(p, lead, body), ())
                )
        out.append(tuple(labels))
    return out


_Parts = list[tuple[Passage, str, str]]


def _prepare(report: Report, comp: Compiled) -> tuple[Meeting | None, _Parts]:
    """The report's meeting and (passage, lead, body) of each passage, in simplified script."""
    meeting = comp.headings.meeting_of(report)
    # Decide the script once per report from its opening: checking every passage for
    # traditional characters costs more than matching it.
    opening = "".join(p.text for p in report.passages[:8])[:3000]
    convert = simplified(opening) != opening
    parts: list[tuple[Passage, str, str]] = []
    previous: Passage | None = None
    for p in report.passages:
        lead, body = split_lead(p, previous)
        if convert:
            lead, body = simplified(lead), simplified(body)
        parts.append((p, lead, body))
        if p.kind != "para":
            previous = p
    return meeting, parts


def _sim_parts(parts: list[tuple[Passage, str, str]]) -> list[tuple[Passage, str, str]]:
    """The passages compared with prototypes: points and headings of problem sections, and
    their paragraphs that follow a heading rather than a point (a subsection written as prose,
    or points the outline did not recognise, such as Markdown bold leads)."""
    out = []
    since_point = False  # a paragraph after a point continues it; after a heading it states
    for p, lead, body in parts:  # a problem itself (a point the outline did not number)
        if p.kind != "para":
            since_point = p.kind == "point"
        if p.role in THEME_ROLES and lead and (p.kind != "para" or not since_point):
            out.append((p, lead, body))
    return out


#: Weight of a point's body (the text after its lead) in its similarity to the prototypes, and
#: how much of the body counts: the labeller files a point by all it says, not its lead alone.
BODY_SIM, BODY_CHARS = 0.5, 200


def sim_key(p: Passage, lead: str, body: str) -> str:
    """What a passage is compared with the prototypes by: a problem point's lead and the start
    of its body; the lead alone for other passages (only their theme is sought, and their leads
    recur: stock measures and causes)."""
    if body and BODY_SIM and p.role in POINT_ROLES:
        return f"{lead}\n{body[:BODY_CHARS]}"
    return lead


def _similar(comp: Compiled, leads: list[str]) -> dict[str, tuple[Candidate, ...]]:
    """Lead (``sim_key``) → similarity candidates (themes and problem types above their
    thresholds), with this module's thresholds; see ``similar.candidates``."""
    if len(comp.sim_cache) > CACHE_SIZE:
        comp.sim_cache.clear()  # before choosing what to compute: every lead asked must be in it
    floors = (("theme", SIM_THEME, MAX_THEMES), ("problem", min(SIM_PROBLEM, SIM_ALONE), SIM_POOL))
    return candidates(comp.prototypes, comp.sim_cache, leads, floors, BODY_SIM)


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
    text = _MARKUP.sub("", text)
    m = _CLAUSE_END.search(text)
    return (text[: m.start()], text[m.end() :]) if m else (text, "")


#: category id → (confidence, pattern score, evidence)
_Acc = dict[str, tuple[float, float, list[str]]]


def classify_passage(
    p: Passage,
    lead: str,
    body: str,
    inherited: tuple[tuple[str, str], ...],
    comp: Compiled,
    convert: bool = True,
    similar: tuple[Candidate, ...] = (),
) -> list[Label]:
    """Labels for one passage. ``inherited`` holds (theme id, evidence) from its heading;
    ``convert`` False skips the traditional-script check (the report is simplified);
    ``similar`` holds the lead's similarity candidates (see ``_similar``)."""
    allowed = {"theme"}
    # A problem subsection's heading usually names a checking aspect (理论学习方面), not a
    # problem, unless it is a statement (（一）理论学习组织得不够扎实); a cause or measure
    # subsection's heading states the cause or measure itself (（一）理想信念有所淡化).
    typed = p.kind != "heading" or (
        p.heading and (p.role in ("causes", "measures") or states_problem(lead))
    )
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
    themes: _Acc = {}
    types: dict[str, _Acc] = defaultdict(dict)
    for key, (score, evidence, in_lead) in scores.items():
        cat = cats[key]
        conf = CONF_LEAD if in_lead else min(CONF_BODY + 0.05 * (len(evidence) - 2), 0.8)
        if cat.kind == "theme":
            _add(themes, cat.id, conf, score, evidence)
        else:
            _add(types[cat.kind], cat.id, conf, score, evidence)
    ranked = p.role in POINT_ROLES
    if ranked and "problem" in allowed:
        problems = types["problem"]
        sure = any(c >= CONF_LEAD for c, _, _ in problems.values())
        first = True
        for cid, _kind, sim, ev in _boosted(similar, inherited, comp, HEADING_BOOST):
            # Alone (no pattern type), the best similar type needs SIM_ALONE, others
            # SIM_PROBLEM; beside a pattern type, a similar one needs SIM_EXTRA.
            alone = first and not problems
            floor = SIM_EXTRA if sure else (SIM_ALONE if alone else SIM_PROBLEM)
            first = False
            if sim >= floor and (sim >= SIM_WORD or _shares_phrase(ev, lead, body)):
                _add(problems, cid, sim, 0.0, [ev])
        types["problem"] = _top(problems, MAX_PROBLEMS, comp.order)
    for kind, acc in types.items():
        for cid, (conf, _, ev) in acc.items():
            # A type is evidence of its primary theme (and so is the similarity behind it).
            why = [f"{kind}:{cid}", *(e for e in ev if e.startswith(("prototype:", "corpus:")))]
            cat_themes = cats[comp.order[cid]].themes
            _add(themes, cat_themes[0], conf * CONF_TYPE_THEME, 0.0, why)
            if len(cat_themes) > 1 and CONF_SECOND_THEME:
                _add(themes, cat_themes[1], conf * CONF_SECOND_THEME, 0.0, why)
    for theme, evidence in _heading_themes(inherited, themes, ranked and p.kind != "heading"):
        _add(themes, theme, CONF_HEADING, LEAD, [evidence])
    if ranked:
        for cid, kind, sim, ev in similar:
            if kind == "theme" or (kind == FALLBACK and not themes and p.kind == "point"):
                _add(themes, cid, sim, 0.0, [ev])
        themes = _top(themes, MAX_THEMES, comp.order)
    elif p.role in THEME_ROLES and len(themes) < MAX_THEMES:
        # A cause or measure passage keeps its pattern themes; similar ones fill up to the cap.
        room = MAX_THEMES - len(themes)
        for cid, kind, sim, ev in similar:
            if kind == "theme" and cid not in themes and room > 0:
                _add(themes, cid, sim, 0.0, [ev])
                room -= 1
    labels = [
        Label(p.anchor, cid, kind, tuple(ev), score, round(conf, 2))
        for kind, acc in (("theme", themes), *types.items())
        for cid, (conf, score, ev) in acc.items()
    ]
    order = comp.order
    labels.sort(key=lambda lb: (KIND_ORDER.index(lb.kind), -lb.confidence, order[lb.category]))
    return labels


def _shares_phrase(evidence: str, lead: str, body: str) -> bool:
    """Whether the prototype text of ``evidence`` (``prototype:<sim>:<text>``) shares a phrase
    of three characters with the passage: a faint resemblance through one common two-character
    word (关注, 考虑, 两个) is chance, not a statement of the same problem."""
    text = normalise(evidence.split(":", 2)[2])
    grams = {text[i : i + 3] for i in range(len(text) - 2)} - {""}
    passage = normalise(f"{lead}。{body[:BODY_CHARS]}")
    return any(" " not in g and g in passage for g in grams)


def _heading_themes(
    inherited: tuple[tuple[str, str], ...], themes: _Acc, point: bool
) -> tuple[tuple[str, str], ...]:
    """The heading themes a passage takes. A ranked point under a heading that names several
    aspects (在学习贯彻…、推动高质量发展方面) is usually about one of them: it takes those its
    own words support, or if none, all of them (the heading is then all it has to go by)."""
    if not point or len(inherited) < 2:
        return inherited
    backed = tuple(t for t in inherited if t[0] in themes)
    return backed or inherited


def _boosted(
    similar: tuple[Candidate, ...],
    inherited: tuple[tuple[str, str], ...],
    comp: Compiled,
    boost: float,
) -> list[Candidate]:
    """The similar problem types, the ones agreeing with a heading's theme scaled up by
    ``HEADING_BOOST``, most similar first."""
    heading = {t for t, _ in inherited}
    out = []
    for cid, kind, sim, ev in similar:
        if kind == "problem":
            if heading & set(comp.categories[comp.order[cid]].themes):
                sim = round(min(sim * boost, 0.99), 2)
            out.append((cid, kind, sim, ev))
    return sorted(out, key=lambda c: -c[2])


_ASPECT_END = re.compile(r"(方面|上|中|问题|情况|差距|不足|[:：])\W*$")
_ASPECT_START = re.compile(r"^\W*(在|关于|对照|围绕|带头|聚焦)")


def states_problem(heading: str) -> bool:
    """Whether a problem subsection's heading states a problem (统筹推进能力有待提升) rather
    than naming an aspect (在理论学习上, 理论学习方面, 带头…方面)."""
    return bool(heading) and not _ASPECT_END.search(heading) and not _ASPECT_START.search(heading)


def _top(acc: _Acc, k: int, order: dict[str, int]) -> _Acc:
    """The ``k`` most confident entries of ``acc``."""
    best = sorted(acc.items(), key=lambda kv: (-kv[1][0], -kv[1][1], order[kv[0]]))[:k]
    return dict(best)


def _scores(
    comp: Compiled, lead: str, body: str, allowed: set[str]
) -> dict[int, tuple[float, list[str], bool]]:
    """Category index → (score, evidence, found in the lead) for categories with enough
    evidence."""
    per_cat: dict[int, dict[str, bool]] = defaultdict(dict)  # pattern -> found in the lead
    # One scan of both parts; the line break keeps gapped patterns from spanning them.
    split = len(lead)
    kinds = comp.kinds
    for key, pattern, start, _ in comp.matcher.find(f"{lead}\n{body}"):
        if kinds[key] in allowed:
            pats = per_cat[key]
            pats[pattern] = pats.get(pattern, False) or start < split
    out: dict[int, tuple[float, list[str], bool]] = {}
    for key, pats in per_cat.items():
        if len(pats) > 1:
            # 学用结合 found inside 学用结合不够 is one piece of evidence, not two.
            pats = {p: v for p, v in pats.items() if not comp.subsumed.get(p, _NONE) & pats.keys()}
        in_lead = any(pats.values())
        n_body = sum(1 for v in pats.values() if not v)
        if in_lead or n_body >= BODY_MIN[kinds[key]]:
            score = (LEAD if in_lead else 0.0) + BODY * n_body
            out[key] = (score, sorted(pats, key=lambda w: (not pats[w], w)), in_lead)
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


def _add(acc: _Acc, cid: str, conf: float, score: float, ev: list[str]) -> None:
    """Merge evidence for ``cid``: the best confidence, the best pattern score, all evidence;
    a second, independent kind of evidence raises the confidence a little."""
    if cid not in acc:
        acc[cid] = (conf, score, list(ev))
        return
    old_conf, old_score, old_ev = acc[cid]
    new = [e for e in ev if e not in old_ev]
    both = max(old_conf, conf) + (0.05 if new and min(old_conf, conf) >= 0.3 else 0.0)
    acc[cid] = (min(both, 0.99), max(old_score, score), old_ev + new)


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
    files: tuple[Path, Path] | None = None, propagated: bool = True
) -> dict[str, tuple[Label, ...]]:
    """Labels of every report by slug. With ``jobs`` > 1 (and fork available) the reports are
    split among worker processes; they read the reports from the forked parent's memory, so only
    indices go out and labels come back. An ``executor`` (any ``concurrent.futures`` one) runs
    :func:`classify_at` per report instead, with the taxonomy's ``files``.

    A report's labels before :func:`propagate` depend on that report alone (what the
    incremental build caches); ``propagated=False`` stops there."""
    global _shared
    if executor is not None and files is not None:
        named = tuple(str(f) for f in files)
        done = executor.map(classify_at, reports, itertools.repeat(named))
        labels = {r.slug: lbs for r, lbs in zip(reports, done, strict=True)}
        return propagate(reports, labels, taxonomy) if propagated else labels
    if jobs <= 1 or len(reports) < 200 or "fork" not in mp.get_all_start_methods():
        labels = {}
        for i in range(0, len(reports), 100):
            chunk = reports[i : i + 100]
            slugs = (r.slug for r in chunk)
            labels.update(zip(slugs, classify_reports(chunk, taxonomy), strict=True))
    else:
        compile_taxonomy(taxonomy)  # compile once, before forking
        _shared = (reports, taxonomy)
        try:
            chunks = [range(i, min(i + 100, len(reports))) for i in range(0, len(reports), 100)]
            with mp.get_context("fork").Pool(jobs, initializer=worker_init) as pool:
                parts = pool.map(_classify_chunk, chunks)
        finally:
            _shared = None
        labels = {slug: labels for part in parts for slug, labels in part}
    return propagate(reports, labels, taxonomy) if propagated else labels


def _classify_chunk(indices: range) -> list[tuple[str, tuple[Label, ...]]]:
    assert _shared is not None
    reports, taxonomy = _shared
    mine = [reports[i] for i in indices]
    return list(zip((r.slug for r in mine), classify_reports(mine, taxonomy), strict=True))


# -- corpus-level propagation ---------------------------------------------------------------------

#: A problem point without a type inherits the types of the most similar confidently labelled
#: lead of another report when their similarity reaches PROP_MIN (tuned on dev).
PROP_MIN = 0.55
#: Rows of the similarity product computed at a time (bounds memory at 10,000 reports).
PROP_CHUNK = 2000


def propagate(
    reports: list[Report], labels: dict[str, tuple[Label, ...]], taxonomy: Taxonomy
) -> dict[str, tuple[Label, ...]]:
    """Labels with corpus propagation (``taxonomy.propagate``): a problem point left without a
    problem type takes the types of the closest paraphrase among leads that patterns labelled
    confidently elsewhere in the corpus, with ``corpus:<slug>#<anchor>:<lead>`` as evidence and
    the similarity as its confidence."""
    from generator.taxonomy.propagate import propagate_labels  # it reads this module's numbers

    return propagate_labels(reports, labels, taxonomy)
