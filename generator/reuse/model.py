"""What reuse detection finds, as frozen data the pages and exports read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.models import pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Place:
    """A character range ``[start, end)`` of one passage's own text."""

    slug: str
    anchor: str
    start: int
    end: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Match:
    """A span two passages of different reports share (``a`` in the report listed first)."""

    a: Place
    b: Place
    similarity: float
    """Indel similarity of the two normalised spans (1.0: the same characters)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Family:
    """A sentence used, with small variations, by several reports: a template phrase, or
    boilerplate when nearly every report of its year (or of the corpus) carries it."""

    id: str
    """``t-`` and six base32 characters of its representative text's hash."""
    text: str
    """The commonest variant, as one report wrote it."""
    uses: tuple[Place, ...]
    reports: int
    years: Mapping[str, int]
    """Reports using it, by year (``""``: year unknown)."""
    boilerplate: bool


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mark:
    """A marked range of a passage on its report page."""

    start: int
    end: int
    kind: str
    """``reuse`` (shared with particular passages), ``tpl`` (a template phrase),
    ``boiler`` (boilerplate) or ``common`` (phrasing in too many reports to pair: no links,
    ``more`` + 1 is the fewest reports any of its shingles is in)."""
    links: tuple[Place, ...]
    """A few of the other passages that have it."""
    more: int = 0
    """How many other passages have it beyond ``links``."""
    family: str = ""
    """The family's id when the range is a template phrase or boilerplate."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ReportReuse:
    """One report's figures: its characters, how many it shares (boilerplate apart), and
    the reports it shares most with (slug, shared characters of this report)."""

    slug: str
    chars: int
    shared: int
    boiler: int
    partners: tuple[tuple[str, int], ...] = ()

    @property
    def share(self) -> float:
        return self.shared / self.chars if self.chars else 0.0

    @property
    def boiler_share(self) -> float:
        return self.boiler / self.chars if self.chars else 0.0


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Pair:
    """Two reports that share a lot, with their aligned spans in the order of ``a``."""

    a: str
    b: str
    shared_a: int
    shared_b: int
    matches: tuple[Match, ...]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Reuse:
    """The ``find_reuse`` step's result, read by the pages and the exports."""

    matches: tuple[Match, ...] = ()
    families: tuple[Family, ...] = ()
    reports: Mapping[str, ReportReuse] = field(default_factory=dict)
    marks: Mapping[tuple[str, str], tuple[Mark, ...]] = field(default_factory=dict)
    """(slug, anchor) → the passage's marked ranges, in order, not overlapping."""
    pairs: tuple[Pair, ...] = ()
    """Pairs that get a page, most shared first."""

    def family(self, fid: str) -> Family | None:
        return next((f for f in self.families if f.id == fid), None)
