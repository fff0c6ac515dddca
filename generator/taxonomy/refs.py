"""References to theme ids, from ``taxonomy.yml`` and ``meetings.yml`` checked together.

One missing theme is referenced from many entries of both files (a renamed ``political`` is
used by eight types and a dozen aspects); listing each reference buries the one line that
matters. So references are grouped by id: one problem per undefined id, at its first use,
counting the others; a ``meetings.yml`` reference to an id that ``taxonomy.yml`` also misses is
counted on that line. When ``taxonomy.yml`` could not be read at all, no theme is known and
``meetings.yml``'s references are not checked: the syntax error is the one root cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.models import Problem
from generator.taxonomy.model import Category

_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Ref:
    """``owner`` (a category id, or ``None`` for a meeting aspect) names ``theme`` on ``line``."""

    path: Path
    line: int
    owner: str | None
    theme: str


def check_refs(refs: list[Ref], index: Mapping[str, Category]) -> list[Problem]:
    """Problems for references to ids that are not themes, grouped by undefined id."""
    problems: list[Problem] = []
    unknown: dict[str, list[Ref]] = {}
    for ref in refs:
        cat = index.get(ref.theme)
        if cat is None:
            unknown.setdefault(ref.theme, []).append(ref)
        elif cat.kind != "theme":
            what = f"not a theme ({cat.kind})"
            problems.append(_problem(ref, what, []))
    for group in unknown.values():
        first = min(group, key=lambda r: (r.owner is None, r.line))
        problems.append(_problem(first, "unknown", [r for r in group if r is not first]))
    return problems


def _problem(ref: Ref, what: str, others: list[Ref]) -> Problem:
    if ref.owner is not None:
        message = f"{ref.owner}: theme id {ref.theme!r} is {what}"
    else:
        message = f"{what} theme id {ref.theme!r}" if what == "unknown" else \
            f"theme id {ref.theme!r} is {what}"
    return Problem(str(ref.path), ref.line, message + _also(ref.path, others))


def _also(path: Path, others: list[Ref]) -> str:
    """``(also on lines 157, 163; and 11 times in meetings.yml)`` for the grouped references."""
    here = sorted({r.line for r in others if r.path == path})
    elsewhere: dict[str, int] = {}
    for r in others:
        if r.path != path:
            elsewhere[r.path.name] = elsewhere.get(r.path.name, 0) + 1
    parts = []
    if here:
        shown = ", ".join(map(str, here[:_SHOWN])) + (", …" if len(here) > _SHOWN else "")
        parts.append(f"also on line{'s' if len(here) > 1 else ''} {shown}")
    parts += [f"{n} time{'s' if n > 1 else ''} in {name}" for name, n in elsewhere.items()]
    if not parts:
        return ""
    return f" (used {len(others) + 1} times: {'; '.join(parts)}); define it or fix the references"
