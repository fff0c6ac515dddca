"""Corpus-level propagation (issue 12): a problem point that nothing typed takes the types of
the closest paraphrase among leads that patterns labelled confidently in other reports.

Thresholds live in ``classify`` (``PROP_MIN``, ``PROP_CHUNK``) beside the others, so that one
module holds every tuned number; ``classify.propagate`` is the entry point.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from generator.models import Label, Passage, Report
from generator.taxonomy import classify as C
from generator.taxonomy.load import Taxonomy
from generator.taxonomy.prototypes import normalise
from generator.taxonomy.prototypes import vectorizer as prototypes_vectorizer


def propagate_labels(
    reports: list[Report], labels: dict[str, tuple[Label, ...]], taxonomy: Taxonomy
) -> dict[str, tuple[Label, ...]]:
    """Labels with corpus propagation: a problem point left without a problem type takes the
    types of the closest paraphrase among leads that patterns labelled confidently elsewhere in
    the corpus, with ``corpus:<slug>#<anchor>:<lead>`` as evidence and the similarity as its
    confidence; its theme list gains the type's primary theme if it has room.

    The result does not depend on the order of ``reports`` (an incremental build lists them
    in another order than a full one): a lead found in several reports is credited to the
    first by slug, and the leads are compared in code-point order, so the sums behind each
    similarity add up in the same order."""
    comp = C.compile_taxonomy(taxonomy)
    sources: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    targets: list[tuple[str, Passage, str]] = []
    for r in sorted(reports, key=lambda r: r.slug):
        by_anchor: dict[str, list[Label]] = defaultdict(list)
        for lb in labels.get(r.slug, ()):
            if lb.kind == "problem":
                by_anchor[lb.anchor].append(lb)
        for p in r.passages:
            if p.kind != "point" or p.role not in C.POINT_ROLES or not p.lead:
                continue
            probs = by_anchor.get(p.anchor, ())
            sure = tuple(lb.category for lb in probs if _from_patterns(lb))
            if sure:
                sources.setdefault(p.lead, (r.slug, p.anchor, sure))
            elif not probs:
                targets.append((r.slug, p, p.lead))
    if not sources or not targets:
        return labels
    src_leads = sorted(sources)
    tgt_leads = sorted({lead for _, _, lead in targets})
    vec = prototypes_vectorizer()
    s = vec.fit_transform([normalise(x) for x in src_leads + tgt_leads])
    s.sort_indices()
    src, tgt = s[: len(src_leads)], s[len(src_leads) :]
    src_t = src.T.tocsr()
    best: dict[str, list[tuple[float, int]]] = {}
    for lo in range(0, len(tgt_leads), C.PROP_CHUNK):
        sims = (tgt[lo : lo + C.PROP_CHUNK] @ src_t).toarray()
        for i, row in enumerate(sims):
            top = np.flatnonzero(row >= C.PROP_MIN)
            if top.size:
                ranked = top[np.argsort(-row[top], kind="stable")][:3]
                best[tgt_leads[lo + i]] = [(float(row[j]), int(j)) for j in ranked]
    if not best:
        return labels
    out = dict(labels)
    added: dict[str, list[Label]] = defaultdict(list)
    for slug, p, lead in targets:
        for sim, j in best.get(lead, ()):
            src_slug, src_anchor, cats = sources[src_leads[j]]
            if src_slug == slug:
                continue  # elsewhere in the corpus, not the report's own wording
            conf = round(sim, 2)
            ev = f"corpus:{conf:.2f}:{src_slug}#{src_anchor}:{src_leads[j]}"
            themes = [lb for lb in labels[slug] if lb.anchor == p.anchor and lb.kind == "theme"]
            have = {lb.category for lb in themes}
            for cid in cats[:C.MAX_PROBLEMS]:
                added[slug].append(Label(p.anchor, cid, "problem", (ev,), 0.0, conf))
                primary = comp.taxonomy.index[cid].themes[0]
                if primary not in have and len(have) < C.MAX_THEMES:
                    have.add(primary)
                    added[slug].append(
                        Label(p.anchor, primary, "theme", (f"problem:{cid}", ev), 0.0, conf)
                    )
            break
    order = comp.order
    by_slug = {r.slug: r for r in reports}
    for slug, extra in added.items():
        pos = {p.anchor: i for i, p in enumerate(by_slug[slug].passages)}
        out[slug] = tuple(
            sorted(
                (*labels[slug], *extra),
                key=lambda lb: (
                    pos.get(lb.anchor, 0),
                    C.KIND_ORDER.index(lb.kind),
                    -lb.confidence,
                    order.get(lb.category, 0),
                ),
            )
        )
    return out


def _from_patterns(lb: Label) -> bool:
    """Whether a label rests on the passage's own lead words (not similarity or another
    passage): the only labels propagation copies."""
    return lb.confidence >= C.CONF_LEAD and any(
        not e.startswith(("prototype:", "corpus:")) for e in lb.evidence
    )
