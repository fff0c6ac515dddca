"""Similarity candidates of leads (issue 12): the themes and problem types whose prototypes a
lead resembles, best first, with the prototype text as evidence.

A key is a lead, or a lead and the start of its body joined by a line break (``classify.sim_key``);
with a body, the similarity blends the lead's and the body's by ``body_weight``. Results are kept
in the caller's cache: leads recur across reports (boilerplate, stock wording).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from generator.taxonomy.prototypes import Prototypes, normalise

#: Kind of the similarity candidate that is a point's theme only when it has no other.
FALLBACK = "theme-fallback"
#: (category id, kind, confidence, evidence): a similarity candidate for a lead.
Candidate = tuple[str, str, float, str]
#: Characters from which a body counts fully in the blend.
FULL_BODY = 40
#: (kind, floor, how many) per kind of candidate.
Floors = tuple[tuple[str, float, int], ...]


def candidates(
    protos: Prototypes,
    cache: dict[str, tuple[Candidate, ...]],
    keys: list[str],
    floors: Floors,
    body_weight: float,
) -> dict[str, tuple[Candidate, ...]]:
    """Key → candidates: per kind in ``floors`` the most similar categories at or above the
    floor, and the most similar theme at any similarity (``FALLBACK``: the last resort of a
    problem point that nothing else gives a theme)."""
    if not protos.categories:
        return {}
    todo = list(dict.fromkeys(k for k in keys if k not in cache))
    if todo:
        sim, by_row = _blended(protos, todo, body_weight)
        masks = {kind: protos.kind == kind for kind, _, _ in floors}
        only_themes = protos.kind == "theme"
        for i, key in enumerate(todo):
            row = sim[i]
            found: list[Candidate] = []
            for kind, floor, k in floors:
                idx = np.flatnonzero(masks[kind] & (row >= floor))
                found += [
                    _candidate(protos, row, by_row[i], int(c), kind)
                    for c in idx[np.argsort(-row[idx])][:k]
                ]
            c = int(np.argmax(np.where(only_themes, row, -1.0)))
            if only_themes[c] and row[c] > 0:
                found.append(_candidate(protos, row, by_row[i], c, FALLBACK))
            cache[key] = tuple(found)
    return {k: cache[k] for k in keys}


def _blended(protos: Prototypes, keys: list[str], weight: float) -> tuple[np.ndarray, np.ndarray]:
    """(keys × categories, keys × rows) similarity of each key's lead, blended with its body's."""
    sim, by_row = protos.similarities([k.partition("\n")[0] for k in keys])
    with_body = [i for i, k in enumerate(keys) if "\n" in k]
    if with_body:
        bodies = [keys[i].partition("\n")[2] for i in with_body]
        bsim, brow = protos.similarities(bodies)
        # A short body shares a word or two with a short prototype by chance (两个月 and
        # 两个维护): it weighs in proportion to its length, up to FULL_BODY characters.
        w = weight * np.minimum(1.0, np.array([len(b) for b in bodies]) / FULL_BODY)[:, None]
        sim[with_body] = (1 - w) * sim[with_body] + w * bsim
        by_row[with_body] = (1 - w) * by_row[with_body] + w * brow
    return sim, by_row


def _candidate(
    protos: Prototypes, row: np.ndarray, by_row: np.ndarray, c: int, kind: str
) -> Candidate:
    s = round(float(row[c]), 2)
    text = protos.best_row(by_row, c)
    return (protos.categories[c].id, kind, s, f"prototype:{s:.2f}:{text}")


def boosted(
    similar: tuple[Candidate, ...],
    heading: set[str],
    themes_of: Callable[[str], tuple[str, ...]],
    boost: float,
) -> list[Candidate]:
    """The similar problem types, those whose themes (``themes_of``) include one of the
    ``heading``'s scaled up by ``boost``, most similar first."""
    out = []
    for cid, kind, sim, ev in similar:
        if kind == "problem":
            if heading & set(themes_of(cid)):
                sim = round(min(sim * boost, 0.99), 2)
            out.append((cid, kind, sim, ev))
    return sorted(out, key=lambda c: -c[2])


def shares_phrase(evidence: str, passage: str) -> bool:
    """Whether the prototype text of ``evidence`` (``prototype:<sim>:<text>``) shares a phrase
    of three characters with ``passage``: a faint resemblance through one common two-character
    word (关注, 考虑, 两个) is chance, not a statement of the same problem."""
    text = normalise(evidence.split(":", 2)[2])
    grams = {text[i : i + 3] for i in range(len(text) - 2)} - {""}
    passage = normalise(passage)
    return any(" " not in g and g in passage for g in grams)
