"""``meetings.yml``: meeting types by (year, type) with their checking aspects."""

from __future__ import annotations

from collections.abc import Mapping

from generator.taxonomy.model import Aspect, Category, Meeting
from generator.taxonomy.refs import Ref
from generator.taxonomy.yamldoc import Doc, Node, check_id, patterns


def load_meetings(
    doc: Doc | None, index: Mapping[str, Category] | None, refs: list[Ref]
) -> list[Meeting]:
    """The meetings of ``meetings.yml``; problems go to ``doc.problems``. An aspect keeps only
    the themes of ``index`` (``None``: no theme is known); its references to other ids are
    appended to ``refs`` for :func:`~generator.taxonomy.refs.check_refs` (unless ``None``)."""
    if doc is None:
        return []
    top = doc.mapping(doc.root, allowed={"meetings"}, required={"meetings"}) or {}
    meetings: list[Meeting] = []
    keys: dict[tuple[int | None, str], int] = {}
    aspect_ids: dict[str, int] = {}
    for node in doc.sequence(top.get("meetings")):
        m = _meeting(doc, node, index, aspect_ids, refs)
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
    doc: Doc,
    node: Node,
    index: Mapping[str, Category] | None,
    aspect_ids: dict[str, int],
    refs: list[Ref],
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
        aspect = _aspect(doc, a, index, refs)
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


def _aspect(
    doc: Doc, node: Node, index: Mapping[str, Category] | None, refs: list[Ref]
) -> Aspect | None:
    keys = {"id", "name", "themes", "match"}
    f = doc.mapping(node, allowed=keys, required=keys)
    if f is None:
        return None
    aid = doc.string(f["id"], "id")
    check_id(doc, f["id"], aid)
    named = doc.strings(f["themes"], "themes")
    line = f["themes"].start_mark.line + 1
    themes = tuple(t for t in named if index is not None and _is_theme(index, t))
    if index is not None:
        refs += [Ref(doc.path, line, None, t) for t in named if t not in themes]
    match = patterns(doc, f["match"])
    if not aid:
        return None
    return Aspect(
        aid, doc.string(f["name"], "name") or aid, themes, match, node.start_mark.line + 1
    )


def _is_theme(index: Mapping[str, Category], cid: str) -> bool:
    return cid in index and index[cid].kind == "theme"
