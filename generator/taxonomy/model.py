"""The taxonomy's frozen models (see ARCHITECTURE.md, "Packages"): categories, meetings, aspects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Category:
    """A theme, problem type, cause type or measure type."""

    id: str
    kind: str
    """``theme``, ``problem``, ``cause`` or ``measure``."""
    name: str
    description: str
    patterns: tuple[str, ...]
    themes: tuple[str, ...] = ()
    """Theme ids (first = primary); empty for themes."""
    parent: str | None = None
    """Display grouping for themes only."""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Aspect:
    """An official checking aspect (对照检查方面) of one meeting."""

    id: str
    name: str
    themes: tuple[str, ...]
    match: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Meeting:
    year: int | None
    type: str
    names: tuple[str, ...]
    aspects: tuple[Aspect, ...]
    status: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Taxonomy:
    themes: tuple[Category, ...]
    problems: tuple[Category, ...]
    causes: tuple[Category, ...]
    measures: tuple[Category, ...]
    meetings: tuple[Meeting, ...] = ()
    index: Mapping[str, Category] = field(default_factory=dict)
    """Every category by id."""
    prototypes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Category id → typical wording and example leads (``prototypes.yml``), for similarity."""
    examples: tuple[Any, ...] = ()
    """Labelled passages (``examples.yml``, ``learned.Example``) the classifier learns from."""

    @property
    def categories(self) -> tuple[Category, ...]:
        return self.themes + self.problems + self.causes + self.measures

    def get(self, cid: str) -> Category:
        return self.index[cid]

    def of_kind(self, kind: str) -> tuple[Category, ...]:
        return {
            "theme": self.themes,
            "problem": self.problems,
            "cause": self.causes,
            "measure": self.measures,
        }[kind]
