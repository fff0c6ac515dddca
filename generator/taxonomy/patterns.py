"""A taxonomy compiled for classification, and the evidence of its patterns in a passage
(issue 4): which categories' words a lead and its body contain, and how strongly."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.taxonomy.aspects import HeadingMapper
from generator.taxonomy.learned import Learned, fitted
from generator.taxonomy.load import Category, Taxonomy
from generator.taxonomy.matcher import GAP, Matcher
from generator.taxonomy.prototypes import Prototypes
from generator.taxonomy.similar import Candidate

#: A lead hit scores LEAD, each other distinct body pattern BODY. A category is taken when its
#: words are in the lead, or when at least BODY_MIN distinct patterns of it are in the body:
#: theme words are generic (作风, 腐败), so a theme needs more body evidence than a type; a
#: problem point's body digresses (examples, consequences), while cause and measure passages
#: list their causes and measures one phrase each (精简会议文件, 改进调查研究).
LEAD, BODY = 2.0, 1.0
BODY_MIN = {"theme": 3, "problem": 2, "cause": 1, "measure": 1}
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
    prototypes: Prototypes
    cache: dict[tuple[str, str, str | bool], dict[int, tuple[float, list[str], bool]]] = field(
        default_factory=dict
    )
    """Scores of recently seen (lead, body, type kind), bounded by CACHE_SIZE."""
    sim_cache: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    """Similarity candidates of recently seen leads, bounded by CACHE_SIZE."""
    learned: Learned | None = None
    """Regressions fitted on the taxonomy's labelled examples (none without examples)."""



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
            subsumed(cats),
            tuple(c.kind for c in cats),
            Prototypes(taxonomy),
            learned=fitted(taxonomy) if taxonomy.examples else None,
        )
        _compiled.clear()  # one taxonomy per build; don't keep old ones alive
        _compiled[id(taxonomy)] = comp
    return comp


def pattern_scores(
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


def subsumed(cats: tuple[Category, ...]) -> dict[str, frozenset[str]]:
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
