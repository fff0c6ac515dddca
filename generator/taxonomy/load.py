"""Load and validate ``taxonomy.yml`` and ``meetings.yml`` (see ARCHITECTURE.md, "Taxonomy").

Both files are edited by people, so validation collects every error with its ``file:line``
instead of stopping at the first: ``yaml.compose`` keeps the node marks that ``safe_load`` drops.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import yaml

from generator.models import Problem
from generator.taxonomy.learned import load_examples
from generator.taxonomy.meetings import load_meetings
from generator.taxonomy.model import Aspect, Category, Meeting, Taxonomy
from generator.taxonomy.refs import Ref, check_refs
from generator.taxonomy.yamldoc import Doc, Node, check_id, patterns

__all__ = ["Aspect", "Category", "Meeting", "Taxonomy", "load_taxonomy", "taxonomy_paths"]

log = logging.getLogger(__name__)

PROJECT_CORPUS = Path(__file__).resolve().parents[2] / "corpus"
KINDS = {
    "themes": "theme",
    "problem_types": "problem",
    "cause_types": "cause",
    "measure_types": "measure",
}


def load_taxonomy(
    taxonomy_path: Path | None = None, meetings_path: Path | None = None
) -> tuple[Taxonomy, list[Problem]]:
    """Read and validate both files; the taxonomy holds whatever entries were valid."""
    taxonomy_path = taxonomy_path or PROJECT_CORPUS / "taxonomy.yml"
    meetings_path = meetings_path or PROJECT_CORPUS / "meetings.yml"
    problems: list[Problem] = []
    tax_doc = Doc.open(taxonomy_path, problems)
    cats = _load_categories(tax_doc, problems)
    defined = {c.id: c for c in cats}
    refs = _theme_refs(taxonomy_path, cats)
    _check_cycles(taxonomy_path, cats, defined, problems)
    cats = _usable(cats)
    index = {c.id: c for c in cats}
    # Without a readable taxonomy.yml no theme is known: its error is the only one to report.
    known = None if tax_doc is None else index
    meetings = load_meetings(Doc.open(meetings_path, problems), known, refs)
    problems += check_refs(refs, defined)
    order = {str(taxonomy_path): 0, str(meetings_path): 1}
    problems.sort(key=lambda p: (order.get(p.path, 2), p.line))
    by_kind = {k: tuple(c for c in cats if c.kind == k) for k in KINDS.values()}
    tax = Taxonomy(
        by_kind["theme"],
        by_kind["problem"],
        by_kind["cause"],
        by_kind["measure"],
        tuple(meetings),
        MappingProxyType(index),
        MappingProxyType(load_prototypes(_beside(taxonomy_path, "prototypes.yml"), index)),
        load_examples(_beside(taxonomy_path, "examples.yml"), index),
    )
    for p in problems:
        log.debug("%s", p)
    return tax, problems


def _beside(taxonomy_path: Path, name: str) -> Path:
    """A file beside the taxonomy, else the project's."""
    own = taxonomy_path.parent / name
    return own if own.is_file() else PROJECT_CORPUS / name


def load_prototypes(path: Path, index: Mapping[str, Category]) -> dict[str, tuple[str, ...]]:
    """Category id → prototype texts from ``prototypes.yml`` beside the taxonomy (else the
    project's): ``{themes|problems: {id: {wording: [...], leads: [...]}}}``. Unknown ids and
    malformed entries are skipped; the file is optional."""
    if not path.is_file():
        return {}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("%s: %s", path, exc)
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for group in doc.values() if isinstance(doc, dict) else ():
        for cid, entry in (group or {}).items() if isinstance(group, dict) else ():
            if cid not in index or not isinstance(entry, dict):
                continue
            texts = [
                str(t)
                for key in ("wording", "leads")
                for t in (entry.get(key) or ())
                if isinstance(t, (str, int))
            ]
            out[cid] = tuple(texts)
    return out


def taxonomy_paths(corpus: Path) -> tuple[Path, Path]:
    """The corpus folder's own files, else the project's (README.md)."""
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
    check_id(doc, fields.get("id"), cid)
    pats = patterns(doc, fields.get("patterns"))
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
        pats,
        themes,
        parent or None,
        node.start_mark.line + 1,
    )


def _theme_refs(path: Path, cats: list[Category]) -> list[Ref]:
    return [Ref(path, c.line, c.id, t) for c in cats
            for t in c.themes + ((c.parent,) if c.parent else ())]


def _check_cycles(
    path: Path, cats: list[Category], index: dict[str, Category], problems: list[Problem]
) -> None:
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
