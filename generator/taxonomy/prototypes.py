"""Category prototypes compared with a passage's lead by character n-gram TF-IDF (issue 12).

Patterns find the formulaic wording a taxonomy editor wrote down; a lead worded differently
("读原著的定力还不够" for 学习不系统) has no pattern but shares character n-grams with the
category's name, description, patterns and the typical wording and example leads of
``prototypes.yml``. Each of those texts is one row; a lead's similarity to a category is its best
row's cosine, blended with the cosine to the category's centroid (all its rows together), so one
lucky short phrase counts less than broad agreement. The best row is kept as the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.taxonomy.matcher import GAP
from generator.taxonomy.model import Category, Taxonomy
from generator.taxonomy.ngrams import CharNgrams

#: Character n-grams: 2- and 3-grams carry Chinese words and short phrases.
NGRAMS = (2, 3)
#: Weight of the best single row against the category centroid.
ROW_WEIGHT = 0.6


#: Evaluative glue every problem statement shares (还不够, 有待提高, 存在): removed before
#: comparing, so that similarity rests on what a lead is about, not on how it regrets it.
_GLUE = re.compile(
    "还不够|不够|不到位|到位|不强|不足|不高|不深|有待|进一步|需要|还需|存在|有所|"
    "问题|方面|情况|现象|工作|一些|有的|个别|比较|较为|仍然|依然|[的了地得着在对把还也是等和与及]"
)


def normalise(text: str) -> str:
    return _GLUE.sub(" ", text)


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, dtype=np.float32
    )


@dataclass(frozen=True, slots=True)
class Match:
    """A category resembling a lead: index into ``Prototypes.categories``, similarity, the
    prototype text it resembles most."""

    category: int
    similarity: float
    text: str


class Prototypes:
    """Prototype rows of every theme and problem type of a taxonomy."""

    def __init__(self, taxonomy: Taxonomy, kinds: tuple[str, ...] = ("theme", "problem")) -> None:
        cats: list[Category] = [c for k in kinds for c in taxonomy.of_kind(k)]
        self.categories = tuple(cats)
        rows: list[str] = []
        owner: list[int] = []
        for i, c in enumerate(cats):
            texts = [
                f"{c.name}。{c.description}",
                *(p.replace(GAP, "") for p in c.patterns),
                *taxonomy.prototypes.get(c.id, ()),
            ]
            for t in dict.fromkeys(texts):
                rows.append(t)
                owner.append(i)
        self.rows = rows
        self.owner = np.asarray(owner)
        self.kind = np.asarray([c.kind for c in cats])
        self.vec = vectorizer()
        if not rows:
            self.matrix = None
            return
        m = self.vec.fit_transform([normalise(r) for r in rows])
        self.fast = CharNgrams(self.vec)
        self.matrix = m.T.tocsr()  # features × rows, for lead · rows
        # Category centroids: the mean of its rows, renormalised.
        n = len(cats)
        onehot = np.zeros((len(rows), n), dtype=np.float32)
        onehot[np.arange(len(rows)), self.owner] = 1.0
        cent = (m.T @ onehot).T  # categories × features (dense rows, few categories)
        norms = np.linalg.norm(cent, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.centroids = (cent / norms).astype(np.float32)
        # Rows are grouped by owner in order: where each category's rows start.
        self._bounds = np.flatnonzero(np.diff(np.r_[-1, self.owner]))

    def similarities(self, leads: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(leads × categories blended similarity, leads × rows cosine) for ``leads``."""
        n = len(self.categories)
        if self.matrix is None or not leads:
            return np.zeros((len(leads), n), np.float32), np.zeros((len(leads), 0), np.float32)
        q = self.fast.transform([normalise(s) for s in leads])
        by_row = (q @ self.matrix).toarray()  # leads × rows
        by_cent = np.asarray(q @ self.centroids.T)  # leads × categories
        best = np.maximum.reduceat(by_row, self._bounds, axis=1)
        return (ROW_WEIGHT * best + (1 - ROW_WEIGHT) * by_cent).astype(np.float32), by_row

    def best_row(self, by_row: np.ndarray, category: int) -> str:
        """The prototype text of ``category`` a lead resembles most (its row of ``by_row``)."""
        lo = self._bounds[category]
        hi = self._bounds[category + 1] if category + 1 < len(self._bounds) else len(self.rows)
        return self.rows[lo + int(by_row[lo:hi].argmax())]

    def top(self, lead: str, kind: str, k: int = 3) -> list[Match]:
        """The ``k`` categories of ``kind`` most similar to ``lead``, best first."""
        return self.top_many([lead], kind, k)[0]

    def top_many(self, leads: list[str], kind: str, k: int = 3) -> list[list[Match]]:
        sim, by_row = self.similarities(leads)
        mask = self.kind == kind
        out: list[list[Match]] = []
        for i in range(len(leads)):
            s = np.where(mask, sim[i], -1.0)
            order = np.argsort(-s)[:k]
            out.append(
                [
                    Match(int(c), float(s[c]), self.best_row(by_row[i], int(c)))
                    for c in order
                    if s[c] > 0
                ]
            )
        return out
