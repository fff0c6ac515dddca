"""The outline parser: SourceDoc → Report (preamble, sections, subsections, points)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from generator.anchors.hashing import assign_anchors
from generator.models import Passage, Report, Section, SourceDoc, SourceLine, Subsection
from generator.parse.metadata import infer_metadata
from generator.parse.numbering import (
    POINT,
    SECTION,
    SUBSECTION,
    Marker,
    boundaries,
    clause_end,
    match_marker,
)
from generator.parse.outline import NESTED, Node, OutlineStack
from generator.parse.repair import lift_furniture, lift_toc, rejoin, remove_han_spaces
from generator.parse.roles import detect_role
from generator.parse.slugs import slug_for
from generator.parse.titles import split_title

_END_PUNCT = "。；;：:，,！!？?、 \u3000"


def parse_report(doc: SourceDoc, slug: str | None = None) -> Report:
    """Recover the outline of one report. Every body character ends up in exactly one
    passage (or in the title block), in source order."""
    body, furniture = lift_furniture(doc.lines)
    body, toc = lift_toc(body)
    title_lines, body = split_title(body)
    body = remove_han_spaces(rejoin(body))
    title_lines = remove_han_spaces(title_lines)
    doc = replace(doc, furniture=tuple(sorted([*furniture, *toc], key=lambda x: x.lineno)))
    builder = _Builder(OutlineStack(_has_headings(body)))
    for line in body:
        builder.feed(line)
    _no_invented_roles(builder)
    passages = assign_anchors(builder.passages)
    sections = tuple(_section(node, passages) for node in builder.stack.roots)
    meta = infer_metadata(doc, title_lines, passages)
    return Report(slug=slug or slug_for(doc), source=doc, meta=meta, passages=passages,
                  sections=sections, title_lines=tuple(title_lines))


def _no_invented_roles(builder: _Builder) -> None:
    """A text without a problems, case or causes section is not a self-examination report
    (a speech, a news item, an essay): its sections keep role ``other`` instead of being
    read as review or measures because a heading says 整改 or 措施."""
    roots = builder.stack.roots
    if any(node.role in ("problems", "case", "causes") for node in roots):
        return
    for node in roots:
        node.role = "other"
    builder.passages = [p if p.role == "preamble" else replace(p, role="other")
                        for p in builder.passages]


def _has_headings(lines: list[SourceLine]) -> bool:
    for line in lines:
        marker = match_marker(line.text)
        if line.style or (marker and marker.cls in (SECTION, SUBSECTION)):
            return True
    return False


def _strip_end(text: str) -> str:
    return text.strip().rstrip(_END_PUNCT)


@dataclass(slots=True)
class _Builder:
    stack: OutlineStack
    passages: list[Passage] = field(default_factory=list)

    def feed(self, line: SourceLine) -> None:
        if line.style:
            self._styled(line)
            return
        text, pos, pending = line.text, 0, None
        for cut in [0, *boundaries(line.text)]:
            marker = match_marker(text[cut:])
            decision = self.stack.decide(marker, cut == 0) if marker else None
            if decision is None:
                continue
            if cut > pos:  # the previous unit is written before the outline moves on
                self._flush(text[pos:cut], pending, line.lineno, pos == 0)
            pending, pos = (self.stack.apply(decision, marker), marker), cut
        self._flush(text[pos:], pending, line.lineno, pos == 0)

    def _styled(self, line: SourceLine) -> None:
        """A heading by markup: the whole line is the heading, numbered or not."""
        marker = match_marker(line.text)
        node = self.stack.place(marker, True) if marker else None
        if node is not None and node.cls == POINT:  # **一是…。** : a point with a bold lead
            self._point(node, line.text, marker, line.lineno)
            return
        if node is not None and node.cls == NESTED:
            self._para(line.text, line.lineno)
            return
        if node is None:
            cls = SECTION if line.style in ("h1", "h2") or not self.stack.roots else SUBSECTION
            node, marker = self.stack.open_heading(cls, f"style-{line.style}"), None
        self._heading(node, line.text, marker, line.lineno, whole=True)

    def _flush(self, text: str, pending: tuple[Node, Marker] | None, lineno: int,
               line_start: bool) -> None:
        text = text.rstrip()
        if pending is None:
            self._para(text, lineno)
        elif pending[0].cls == NESTED:
            if line_start or not self.passages:
                self._para(text, lineno)
            else:  # a nested list glued into its parent point stays part of that point
                last = self.passages[-1]
                self.passages[-1] = _replace_text(last, last.text + text)
        elif pending[0].cls == POINT:
            self._point(pending[0], text, pending[1], lineno)
        else:
            self._heading(pending[0], text, pending[1], lineno, whole=False)

    def _heading(self, node: Node, text: str, marker: Marker | None, lineno: int,
                 whole: bool) -> None:
        start = len(marker.text) if marker else 0
        end = len(text) if whole else clause_end(text, start)
        node.heading, node.number = _strip_end(text[start:end]), marker.text if marker else ""
        parent = self._chain()[:-1]
        node.role = parent[0].role if parent else detect_role(node.heading)
        node.passage = len(self.passages)
        self._add("heading", text[:end], lineno, node.number, node.heading)
        if text[end:].strip():
            self._para(text[end:].strip(), lineno)

    def _point(self, node: Node, text: str, marker: Marker, lineno: int) -> None:
        start = len(marker.text)
        node.heading, node.number = _strip_end(text[start:clause_end(text, start)]), marker.text
        node.role = self._chain()[0].role
        node.passage = len(self.passages)
        self._add("point", text, lineno, marker.text, node.heading)

    def _para(self, text: str, lineno: int) -> None:
        if text:
            self._add("para", text, lineno, "", None)

    def _chain(self) -> list[Node]:
        return [n for n in self.stack.stack if n.cls != NESTED]

    def _add(self, kind: str, text: str, lineno: int, number: str, lead: str | None) -> None:
        chain = self._chain()
        section = chain[0].heading if chain else None
        sub = next((n.heading for n in chain[1:] if n.cls == SUBSECTION), None)
        if chain and chain[0].cls == SUBSECTION:
            sub = chain[0].heading
        self.passages.append(Passage(
            kind=kind, text=text, role=chain[0].role if chain else "preamble",
            path=".".join(map(str, chain[-1].path)) if chain else "", line=lineno,
            number=number, lead=lead or None, level=len(chain), section=section,
            heading=sub))


def _replace_text(passage: Passage, text: str) -> Passage:
    return replace(passage, text=text)


def _section(node: Node, passages: tuple[Passage, ...]) -> Section:
    subs = tuple(
        Subsection(kid.heading, kid.number, passages[kid.passage].anchor,
                   tuple(k.heading for k in kid.kids if k.cls == POINT))
        for kid in node.kids if kid.cls == SUBSECTION)
    points = tuple(k.heading for k in node.kids if k.cls == POINT)
    return Section(node.role, node.heading, node.number, passages[node.passage].anchor, subs,
                   points)
