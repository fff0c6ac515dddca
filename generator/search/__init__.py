"""Static Chinese full-text search: a positional bigram index the browser reads in pieces."""

from __future__ import annotations

from generator.search.index import IndexStats, write_index

__all__ = ["IndexStats", "write_index"]
