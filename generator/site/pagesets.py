"""Corpus-wide pages made again only when their inputs changed (ARCHITECTURE.md,
"Incremental builds").

A taxonomy page lists passages of many reports, but what it shows of each report is a function
of that report (its text, metadata and anchors: the report's settled key) and of its labels.
So a set of such pages (a category's pages, one level slice of a category, a page of the
matrix) is keyed by the taxonomy, the code, the corpus-wide figures it quotes, and, in listing
order, the slug, settled key and labels digest of every report it shows: an edit of one report
makes again only the sets that show it (and those whose quoted figures it moves)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from generator.cache import digest


class SetMemo(Protocol):
    """What :class:`PageSets` needs of the incremental build
    (:class:`generator.incremental.Plan`)."""

    def pages(self, kind: str, parts: Sequence[str], make: Callable[[], dict[str, str]]
              ) -> dict[str, Any]: ...


class PageSets:
    """Page sets keyed by their inputs; without a memo (or a report whose key is unknown)
    every set is simply made."""

    def __init__(self, memo: SetMemo | None, report_keys: Mapping[str, str | None]) -> None:
        self.memo = memo
        self.keys = report_keys
        """Report slug → anchored key and labels digest (``None``: unknown)."""

    def reports(self, slugs: Iterable[str]) -> str | None:
        """A digest of the reports ``slugs`` (in this order) as pages show them; ``None``
        when one of them has no known key."""
        parts = []
        for slug in slugs:
            key = self.keys.get(slug)
            if key is None:
                return None
            parts.append(f"{slug}={key}")
        return digest(*parts)

    def files(self, kind: str, parts: Sequence[str | None],
              make: Callable[[], dict[str, str]]) -> dict[str, Any]:
        if self.memo is None or any(p is None for p in parts):
            return make()
        return self.memo.pages(kind, parts, make)  # type: ignore[arg-type]
