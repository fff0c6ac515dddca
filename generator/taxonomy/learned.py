"""Themes and problem types learned from labelled passages (``examples.yml``, issue 12).

Patterns and prototypes say what a taxonomy editor wrote down; a reader files a point by all it
says, in wording nobody listed. ``examples.yml`` holds passages of the genre (problem points and
aspect headings) labelled from the category names and descriptions alone, as a labeller would.
From them the build fits, per category, a logistic regression on the character 1–3-grams of a
passage's text (TF-IDF) and, for themes, of the heading it sits under: one-vs-rest, so a point
may state two problems. The fit takes about two seconds (liblinear, fixed seed: the same
examples give the same model) and runs once per build, before the workers fork.

The classifier blends each category's probability with the confidence of the pattern and
similarity labels (``classify.FUSE_*``); a label the model adds shows its probability and the
n-grams that weighed most (``model:<p>:<n-grams>``).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
import yaml
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from generator.taxonomy.model import Category, Taxonomy
from generator.taxonomy.ngrams import CharNgrams

log = logging.getLogger(__name__)

#: Characters of a passage's text (blanks removed) that the model reads: its lead and the
#: start of its body, where a point says what it is about.
TEXT_CHARS = 120
#: An n-gram counts only if at least this many examples contain it (rarer ones are names and
#: numbers: they fit the examples, not the genre).
MIN_DF = 3
#: Inverse regularisation strength of each category's regression.
C = 8.0
#: Weight of the heading's n-grams beside the passage's own, for themes.
HEADING_WEIGHT = 0.7
#: A category is learned only with at least this many positive examples.
MIN_POSITIVE = 2
#: Probabilities below this are not kept (they never make a label).
FLOOR = 0.05

_BLANKS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled passage: its text, the heading it sits under ("" for a heading itself),
    its themes and, for a problem point, its problem types (``None`` otherwise)."""

    text: str
    heading: str
    themes: tuple[str, ...]
    problems: tuple[str, ...] | None


def load_examples(path: Path, index: Mapping[str, Category]) -> tuple[Example, ...]:
    """Examples from ``path`` (a YAML list of ``{text, heading, themes, problem_types, kind}``);
    ids not in the taxonomy are dropped, malformed entries skipped; the file is optional."""
    if not path.is_file():
        return ()
    try:
        # The safe loader, in C where PyYAML has it (the file is large: 3x faster).
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        log.warning("%s: %s", path, exc)
        return ()
    out = []
    for entry in doc if isinstance(doc, list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            continue
        themes = _ids(entry.get("themes"), index, "theme")
        # A problem point has problem_types (maybe none); other passages have no such key.
        typed = entry.get("kind", "point") == "point" and "problem_types" in entry
        problems = _ids(entry.get("problem_types"), index, "problem") if typed else None
        out.append(Example(entry["text"], str(entry.get("heading") or ""), themes, problems))
    return tuple(out)


def _ids(value: object, index: Mapping[str, Category], kind: str) -> tuple[str, ...]:
    ids = value if isinstance(value, list) else []
    return tuple(str(c) for c in ids if str(c) in index and index[str(c)].kind == kind)


def text_key(text: str) -> str:
    """What the model reads of a passage: its text without blanks, cut to TEXT_CHARS."""
    return _BLANKS.sub("", text)[:TEXT_CHARS]


@dataclass(frozen=True, slots=True)
class _Head:
    """One kind's regressions: category ids, weights (features × categories), intercepts."""

    ids: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray


#: What fits the regressions (a cached fit is only reused by the same version).
FITTER = f"scikit-learn {sklearn.__version__}"

_preset: dict[int, tuple[Taxonomy, Learned]] = {}


def preset(taxonomy: Taxonomy, model: Learned) -> None:
    """Use ``model`` (fitted earlier on ``taxonomy``'s examples: a build's cache keeps it) for
    ``taxonomy`` instead of fitting again."""
    _preset.clear()  # one taxonomy per build
    _preset[id(taxonomy)] = (taxonomy, model)


def fitted(taxonomy: Taxonomy) -> Learned:
    """The regressions of ``taxonomy``: the preset ones, else fitted now."""
    hit = _preset.get(id(taxonomy))
    return hit[1] if hit is not None and hit[0] is taxonomy else Learned(taxonomy)


class Learned:
    """The categories' regressions fitted on a taxonomy's examples."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        examples = taxonomy.examples
        self.heads: dict[str, _Head] = {}
        if len(examples) < MIN_DF:
            return
        texts = [text_key(e.text) for e in examples]
        self.text_vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                        min_df=MIN_DF, dtype=np.float64)
        self.head_vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                        dtype=np.float64)
        self.text_vec.fit(texts)
        self.head_vec.fit([*(text_key(e.heading) for e in examples), "方面"])
        self._text = CharNgrams(self.text_vec)
        self._head = CharNgrams(self.head_vec)
        self.grams = np.array(self.text_vec.get_feature_names_out(), dtype=object)
        # One thread for the native libraries: the fits are small, and on a busy machine the
        # threads of OpenBLAS/OpenMP wait for each other (measured: 3.9 s alone, 44 s beside
        # other jobs on two cores; one thread: 3.9 s either way).
        with threadpool_limits(limits=1):
            self._fit(taxonomy, examples)

    def _fit(self, taxonomy: Taxonomy, examples: Sequence[Example]) -> None:
        for kind, ids in (("theme", [c.id for c in taxonomy.themes]),
                          ("problem", [c.id for c in taxonomy.problems])):
            rows = [e for e in examples
                    if (e.themes if kind == "theme" else e.problems is not None)]
            if not rows:
                continue
            x = self._features([text_key(e.text) for e in rows],
                               [text_key(e.heading) for e in rows], kind)
            labels = [set(e.themes if kind == "theme" else e.problems or ()) for e in rows]
            targets = []
            for cid in ids:
                y = np.fromiter((cid in ls for ls in labels), dtype=np.int8, count=len(rows))
                if MIN_POSITIVE <= y.sum() < len(y):
                    targets.append((cid, y))
            found = _fit_all(x, targets)
            if found:
                self.heads[kind] = _Head(tuple(cid for cid, _, _ in found),
                                         np.array([w for _, w, _ in found]).T,
                                         np.array([b for _, _, b in found]))

    def _features(self, texts: Sequence[str], headings: Sequence[str], kind: str,
                  x: sparse.csr_matrix | None = None) -> sparse.csr_matrix:
        x = self._text.transform(list(texts)) if x is None else x
        if kind != "theme":
            return x
        return sparse.hstack([x, HEADING_WEIGHT * self._head.transform(list(headings))]).tocsr()

    def predict(self, texts: Sequence[str], headings: Sequence[str]
                ) -> tuple[list[dict[str, dict[str, float]]], sparse.csr_matrix]:
        """Per passage (``text_key`` texts and headings): kind → {category id: probability}
        for probabilities of at least FLOOR; and the texts' n-gram rows (for :meth:`why`)."""
        out: list[dict[str, dict[str, float]]] = [{} for _ in texts]
        x = self._text.transform(list(texts))
        n = x.shape[1]
        # Headings recur (every point under one aspect): each distinct one is read once.
        distinct = list(dict.fromkeys(headings))
        where = {h: i for i, h in enumerate(distinct)}
        h = self._head.transform(distinct) if distinct else None
        for kind, head in self.heads.items():
            logits = np.asarray(x @ head.weights[:n]) + head.bias
            if kind == "theme" and h is not None:
                by_heading = np.asarray(h @ head.weights[n:]) * HEADING_WEIGHT
                logits += by_heading[[where[k] for k in headings]]
            probs = 1.0 / (1.0 + np.exp(-logits))
            rows, cols = np.nonzero(probs >= FLOOR)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                out[r].setdefault(kind, {})[head.ids[c]] = round(float(probs[r, c]), 4)
        return out, x

    def why(self, key: str, indices: np.ndarray, data: np.ndarray, kind: str, cid: str,
            k: int = 3) -> list[str]:
        """Up to ``k`` phrases of a passage (its ``text_key`` and the ``indices`` and ``data``
        of its n-gram row from :meth:`predict`) that weigh most for ``cid``: its Han n-grams
        with the largest positive contributions, overlapping ones merged into one phrase
        (识形态 + 态工作 → 意识形态工作), strongest first."""
        head = self.heads.get(kind)
        if head is None or cid not in head.ids:
            return []
        contrib = data * head.weights[indices, head.ids.index(cid)]
        spans: list[tuple[int, int, float]] = []
        for i in np.argsort(-contrib, kind="stable")[:3 * k]:
            gram = str(self.grams[indices[i]])
            start = key.find(gram)
            if contrib[i] > 0 and len(gram) >= 2 and _HAN.fullmatch(gram) and start >= 0:
                spans.append((start, start + len(gram), float(contrib[i])))
        merged: list[list[float]] = []
        for lo, hi, weight in sorted(spans):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
                merged[-1][2] += weight
            else:
                merged.append([lo, hi, weight])
        merged.sort(key=lambda m: -m[2])
        return [key[int(lo):int(hi)] for lo, hi, _ in merged[:k]]


_HAN = re.compile(r"[\u4e00-\u9fff]+")

#: Categories fitted in forked processes from this many examples on (each regression is
#: independent: two processes halve the fit, 8.5 -> 4.5 s for 6,929 examples).
PARALLEL_FROM = 2000
_fitting: tuple[sparse.csr_matrix, list[tuple[str, np.ndarray]]] | None = None


def _fit_all(x: sparse.csr_matrix, targets: list[tuple[str, np.ndarray]]
             ) -> list[tuple[str, np.ndarray, float]]:
    """(category id, weights, intercept) of each target's regression on ``x``, in order; the
    same numbers whether fitted here or in forked workers (liblinear, fixed seed)."""
    global _fitting
    jobs = min(os.cpu_count() or 1, 2)
    if jobs < 2 or x.shape[0] < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        return [_fit_one(x, cid, y) for cid, y in targets]
    from generator.workers import fork_pool  # (the build's own pool helper)

    _fitting = (x, targets)
    try:
        with fork_pool(jobs) as pool:
            parts = pool.map(_fit_share, [(k, jobs) for k in range(jobs)])
    finally:
        _fitting = None
    found = {cid: (w, b) for part in parts for cid, w, b in part}
    return [(cid, *found[cid]) for cid, _ in targets]


def _fit_share(share: tuple[int, int]) -> list[tuple[str, np.ndarray, float]]:
    assert _fitting is not None
    x, targets = _fitting
    k, n = share
    with threadpool_limits(limits=1):
        return [_fit_one(x, cid, y) for cid, y in targets[k::n]]


def _fit_one(x: sparse.csr_matrix, cid: str, y: np.ndarray) -> tuple[str, np.ndarray, float]:
    model = LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                               random_state=0, max_iter=1000)
    model.fit(x, y)
    return cid, model.coef_[0], float(model.intercept_[0])
