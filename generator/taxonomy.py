"""Load and validate ``taxonomy.yml`` and ``meetings.yml`` (see DESIGN.md, "Taxonomy").

Both files are edited by people, so validation collects every error with its ``file:line``
instead of stopping at the first: ``yaml.compose`` keeps the node marks that ``safe_load`` drops.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import yaml

from generator.models import Problem
from generator.taxonomy_yaml import Doc, Node

log = logging.getLogger(__name__)

PROJECT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
KINDS = {
    "themes": "theme",
    "problem_types": "problem",
    "cause_types": "cause",
    "measure_types": "measure",
}
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_GAP = "…"


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


def load_taxonomy(
    taxonomy_path: Path | None = None, meetings_path: Path | None = None
) -> tuple[Taxonomy, list[Problem]]:
    """Read and validate both files; the taxonomy holds whatever entries were valid."""
    taxonomy_path = taxonomy_path or PROJECT_CORPUS / "taxonomy.yml"
    meetings_path = meetings_path or PROJECT_CORPUS / "meetings.yml"
    problems: list[Problem] = []
    cats = _load_categories(Doc.open(taxonomy_path, problems), problems)
    index = {c.id: c for c in cats}
    _check_theme_refs(taxonomy_path, cats, index, problems)
    cats = _usable(cats)
    index = {c.id: c for c in cats}
    meetings = _load_meetings(Doc.open(meetings_path, problems), index, problems)
    by_kind = {k: tuple(c for c in cats if c.kind == k) for k in KINDS.values()}
    tax = Taxonomy(
        by_kind["theme"],
        by_kind["problem"],
        by_kind["cause"],
        by_kind["measure"],
        tuple(meetings),
        MappingProxyType(index),
    )
    for p in problems:
        log.debug("%s", p)
    return tax, problems


def taxonomy_paths(corpus: Path) -> tuple[Path, Path]:
    """The corpus folder's own files, else the project's (DESIGN.md, "CLI")."""
    own = corpus / "taxonomy.yml", corpus / "meetings.yml"
    return tuple(p if p.is_file() else PROJECT_CORPUS / p.name for p in own)  # type: ignore[return-value]


# -- taxonomy.yml ---------------------------------------------------------------------------------


def _load_categories(doc: Doc | None, problems: list[Problem]) -> list[Category]:
    if doc is None:
        return []
    top = doc.mapping(doc.root, allowed=set(KINDS))
    seen: dict[str, int] = {}
    cats: list[Category] = []
    for key, kind in KINDS.items():
        if key not in top:
            doc.error(doc.root, f"missing section {key!r}")
            continue
        for item in doc.sequence(top[key]):
            cat = _category(doc, item, kind)
            if cat is None:
                continue
            if cat.id in seen:
                doc.error(item, f"duplicate id {cat.id!r} (first defined on line {seen[cat.id]})")
                continue
            seen[cat.id] = cat.line
            cats.append(cat)
    return cats


def _category(doc: Doc, node: Node, kind: str) -> Category | None:
    keys = {"id", "name", "description", "patterns"}
    keys |= {"parent"} if kind == "theme" else {"themes"}
    fields = doc.mapping(node, allowed=keys, required=keys - {"parent"})
    if fields is None:
        return None
    cid = doc.string(fields.get("id"), "id")
    if cid and not _ID.match(cid):
        doc.error(fields["id"], f"id {cid!r} must be ASCII: lower-case letters, digits, '_'")
    patterns = _patterns(doc, fields.get("patterns"))
    themes = tuple(doc.strings(fields["themes"], "themes")) if "themes" in fields else ()
    if kind != "theme" and "themes" in fields and not themes:
        doc.error(fields["themes"], "themes must list at least one theme id")
    parent = doc.string(fields["parent"], "parent") if "parent" in fields else None
    if not cid or (kind != "theme" and not themes):
        return None  # already reported; a type without a theme cannot be placed
    return Category(
        cid,
        kind,
        doc.string(fields.get("name"), "name") or cid,
        doc.string(fields.get("description"), "description", empty_ok=True) or "",
        patterns,
        themes,
        parent or None,
        node.start_mark.line + 1,
    )


def _patterns(doc: Doc, node: Node | None) -> tuple[str, ...]:
    if node is None:
        return ()
    if isinstance(node, yaml.ScalarNode):
        items = [node]
    elif isinstance(node, yaml.SequenceNode):
        items = list(node.value)
    else:
        doc.error(node, "patterns must be a list of phrases")
        return ()
    if not items:
        doc.error(node, "patterns must not be empty")
    good = []
    for item in items:
        pat = doc.string(item, "each pattern")
        if pat is None:
            continue
        if any(not part.strip() for part in pat.split(_GAP)):
            doc.error(item, f"pattern {pat!r} has an empty part around '…'")
        else:
            good.append(pat)
    return tuple(dict.fromkeys(good))


def _check_theme_refs(
    path: Path, cats: list[Category], index: dict[str, Category], problems: list[Problem]
) -> None:
    themes = {c.id for c in cats if c.kind == "theme"}
    for c in cats:
        for t in c.themes + ((c.parent,) if c.parent else ()):
            if t not in themes:
                what = "unknown" if t not in index else f"not a theme ({index[t].kind})"
                problems.append(Problem(str(path), c.line, f"{c.id}: theme id {t!r} is {what}"))
    for c in cats:
        if c.kind == "theme" and _in_cycle(c.id, index):
            problems.append(Problem(str(path), c.line, f"{c.id}: parent chain forms a cycle"))


def _usable(cats: list[Category]) -> list[Category]:
    """Drop what was reported broken, so the build can go on: theme references to unknown
    ids, parents in a cycle or unknown, and types left without any theme."""
    themes = {c.id: c for c in cats if c.kind == "theme"}
    out = []
    for c in cats:
        if c.kind == "theme":
            ok = c.parent in themes and not _in_cycle(c.id, themes)
            out.append(c if ok or c.parent is None else replace(c, parent=None))
            continue
        known = tuple(t for t in c.themes if t in themes)
        if known:
            out.append(replace(c, themes=known))
    return out


def _in_cycle(start: str, index: Mapping[str, Category]) -> bool:
    seen, cur = set(), index[start].parent
    while cur and cur in index and cur not in seen:
        if cur == start:
            return True
        seen.add(cur)
        cur = index[cur].parent
    return False


# -- meetings.yml ---------------------------------------------------------------------------------


def _load_meetings(
    doc: Doc | None, index: Mapping[str, Category], problems: list[Problem]
) -> list[Meeting]:
    if doc is None:
        return []
    top = doc.mapping(doc.root, allowed={"meetings"}, required={"meetings"}) or {}
    meetings: list[Meeting] = []
    keys: dict[tuple[int | None, str], int] = {}
    aspect_ids: dict[str, int] = {}
    for node in doc.sequence(top.get("meetings")):
        m = _meeting(doc, node, index, aspect_ids)
        if m is None:
            continue
        if (m.year, m.type) in keys:
            doc.error(
                node,
                f"duplicate meeting ({m.year}, {m.type}) "
                f"(first defined on line {keys[(m.year, m.type)]})",
            )
            continue
        keys[(m.year, m.type)] = m.line
        meetings.append(m)
    return meetings


def _meeting(
    doc: Doc, node: Node, index: Mapping[str, Category], aspect_ids: dict[str, int]
) -> Meeting | None:
    req = {"year", "type", "names", "aspects"}
    f = doc.mapping(node, allowed=req | {"status"}, required=req)
    if f is None:
        return None
    year = doc.value(f["year"])
    if year is not None and not isinstance(year, int):
        doc.error(f["year"], f"year must be an integer or null, not {year!r}")
        year = None
    aspects = []
    for a in doc.sequence(f["aspects"]):
        aspect = _aspect(doc, a, index)
        if aspect is None:
            continue
        if aspect.id in aspect_ids:
            doc.error(
                a, f"duplicate aspect id {aspect.id!r} (first on line {aspect_ids[aspect.id]})"
            )
            continue
        aspect_ids[aspect.id] = aspect.line
        aspects.append(aspect)
    status = doc.string(f["status"], "status") if "status" in f else ""
    return Meeting(
        year,
        doc.string(f["type"], "type") or "",
        tuple(doc.strings(f["names"], "names")),
        tuple(aspects),
        status or "",
        node.start_mark.line + 1,
    )


def _aspect(doc: Doc, node: Node, index: Mapping[str, Category]) -> Aspect | None:
    keys = {"id", "name", "themes", "match"}
    f = doc.mapping(node, allowed=keys, required=keys)
    if f is None:
        return None
    aid = doc.string(f["id"], "id")
    if aid and not _ID.match(aid):
        doc.error(f["id"], f"id {aid!r} must be ASCII: lower-case letters, digits, '_'")
    themes = tuple(doc.strings(f["themes"], "themes"))
    for t in themes:
        if t not in index or index[t].kind != "theme":
            doc.error(f["themes"], f"unknown theme id {t!r}")
    match = _patterns(doc, f["match"])
    if not aid:
        return None
    return Aspect(
        aid, doc.string(f["name"], "name") or aid, themes, match, node.start_mark.line + 1
    )
