"""``data/reuse.jsonl.gz``: the shared phrasing as records of passage pairs (the export
listed on the downloads page; schema in ARCHITECTURE.md, "Data exports")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from generator.reuse.model import Place, Reuse
from generator.site.exports import passage_id


def reuse_jsonl(reuse: Reuse) -> str:
    """``data/reuse.jsonl``: a line per shared span between two passages (pairwise), then a
    line per use of each template phrase or boilerplate family, paired with the family's
    first use."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reuse_records(reuse))


def reuse_records(reuse: Reuse) -> Iterator[dict[str, Any]]:
    for m in reuse.matches:
        yield _record(m.a, m.b, m.similarity, "pair", None)
    for f in reuse.families:
        first = f.uses[0]
        kind = "boilerplate" if f.boilerplate else "template"
        for use in f.uses[1:]:
            yield _record(first, use, None, kind, f.id)


def _record(a: Place, b: Place, sim: float | None, kind: str, family: str | None
            ) -> dict[str, Any]:
    return {"a": passage_id(a.slug, a.anchor), "b": passage_id(b.slug, b.anchor),
            "a_span": [a.start, a.end], "b_span": [b.start, b.end], "similarity": sim,
            "kind": kind, "family": family}
