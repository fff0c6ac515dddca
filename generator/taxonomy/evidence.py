"""Evidence of a passage's labels, gathered per category while classifying (issue 4): merged
from patterns, headings and similarity, then ranked and capped."""

from __future__ import annotations

from collections.abc import Callable

#: category id → (confidence, pattern score, evidence)
Acc = dict[str, tuple[float, float, list[str]]]


def heading_themes(
    inherited: tuple[tuple[str, str], ...], themes: Acc, point: bool
) -> tuple[tuple[str, str], ...]:
    """The heading themes a passage takes. A ranked point under a heading that names several
    aspects (在学习贯彻…、推动高质量发展方面) is usually about one of them: it takes those its
    own words support, or if none, all of them (the heading is then all it has to go by)."""
    if not point or len(inherited) < 2:
        return inherited
    backed = tuple(t for t in inherited if t[0] in themes)
    return backed or inherited


def top(acc: Acc, k: int, order: dict[str, int]) -> Acc:
    """The ``k`` most confident entries of ``acc``."""
    best = sorted(acc.items(), key=lambda kv: (-kv[1][0], -kv[1][1], order[kv[0]]))[:k]
    return dict(best)


def add(acc: Acc, cid: str, conf: float, score: float, ev: list[str]) -> None:
    """Merge evidence for ``cid``: the best confidence, the best pattern score, all evidence;
    a second, independent kind of evidence raises the confidence a little."""
    if cid not in acc:
        acc[cid] = (conf, score, list(ev))
        return
    old_conf, old_score, old_ev = acc[cid]
    new = [e for e in ev if e not in old_ev]
    both = max(old_conf, conf) + (0.05 if new and min(old_conf, conf) >= 0.3 else 0.0)
    acc[cid] = (min(both, 0.99), max(old_score, score), old_ev + new)


def fuse(acc: Acc, probs: dict[str, float], weights: tuple[float, float, float], k: int,
         order: dict[str, int], evidence: Callable[[str, float], str], keep_one: bool,
         rel: float = 0.0, alone: float = 0.0) -> Acc:
    """Blend ``acc`` with a learned model's ``probs``: each category scores ``a·confidence +
    b·probability`` (``weights`` = a, b, floor); the ``k`` best at or above the floor, and at
    least ``rel`` times the best one's score, are kept (``keep_one``: if none is, the best
    that ``acc`` had, else the model's best: the model learned from problem points, and a
    measure's own evidence is surer). A category only the model gives gets its
    probability as confidence and ``evidence(id, p)``; the others keep theirs."""
    a, b, floor = weights
    cats = set(acc) | set(probs)
    score = {c: a * (acc[c][0] if c in acc else 0.0) + b * probs.get(c, 0.0) for c in cats}
    ranked = sorted(cats, key=lambda c: (-score[c], order[c]))
    fallback = [c for c in ranked if c in acc] or ranked  # the best it had, else the model's
    kept = [c for c in ranked if score[c] >= max(floor, rel * score[ranked[0]])][:k] or (
        fallback[:1] if keep_one else
        ranked[:1] if alone and ranked and score[ranked[0]] >= alone else [])
    return {c: acc[c] if c in acc else (probs[c], 0.0, [evidence(c, probs[c])]) for c in kept}
