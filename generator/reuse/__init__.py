"""Shared phrasing: where reports copy each other (ARCHITECTURE.md, "Shared phrasing").

``find_reuse(reports) -> Reuse`` is the build step; :class:`ReuseIndex` answers for one more
report without redoing the corpus.
"""

from generator.reuse.detect import find_reuse
from generator.reuse.index import ReuseIndex
from generator.reuse.model import Family, Mark, Match, Pair, Place, ReportReuse, Reuse

__all__ = ["Family", "Mark", "Match", "Pair", "Place", "ReportReuse", "Reuse", "ReuseIndex",
           "find_reuse"]
