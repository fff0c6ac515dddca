"""The outline stack: decides where each numbered unit sits (sibling, child, nested).

Numbering is read like nested Markdown lists: a marker continues the open list of its
family when its ordinal follows on; an ordinal 1 inside an open item of the same family
starts a nested list (``二是…。一是…二是…`` in measures); a family not yet open starts a
child list. Markers glued inside a line must fit exactly; markers at a line start are
trusted even when the numbering has gaps.

Levels come from the report, not from the marker style alone. The flexible styles (1. /
（1） / ①) take the level their use implies, in order: a style that opens at the top is a
section; one level below the open items it is a subsection, unless the report already
has another subsection style, in which case it is a point directly under the section;
under a subsection it is a point. :meth:`OutlineStack.scheme` sums this up for the whole
report (the deepest level a style was used at wins), so that a second pass reads a ① list
under 原因 the same way as the ① lists under （一）. 一、, （一） and 一是/第一， keep their
usual levels, except that a （一） opening the report is a section (its 1. lists are then
subsections) and under unnumbered Markdown or Word headings only (``## 存在的问题``) a
numbered list takes the level below them. Two more exceptions come from a first pass: a point
family whose items hold lists of points (首先，…方面。一是…二是…) is that section's subsection
level, and a copy that starts inside a section (（三）… before 二、…) gets an untitled section
for the subsections it starts with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from generator.parse.numbering import BULLET, FLEX, PART, POINT, SECTION, SUBSECTION, Marker

NESTED = "nested"
#: The style (and point family) of a paragraph opening with a bold sentence and no number, in
#: a section that lists its items so (see ``unnumbered.bold_lead_points``): a point whose lead
#: is that sentence.
BOLD_LEAD = "bold-lead"
#: The family of the section a copy starts inside (its heading is not in the copy).
UNTITLED = "untitled"
#: The family suffix of a section numbering restarted inside a section (see
#: :attr:`OutlineStack.restarted`).
RESTARTED = "-inner"
#: Items of a point family holding lists of points that make the family a subsection level.
LISTS_IN_POINTS = 2
#: How an item that states something ends (理论学习不够系统, 在加强学习上下功夫): it holds its
#: list as its own text; an aspect's name (…方面, 首先，从政治上看; 在理想信念方面存在差距
#: too) holds the report's points.
_STATEMENT = re.compile(r"(?:不够|不足|不强|不严|不深|不实|不高|不到位|欠缺|弱化|淡化|放松|松懈"
                        r"|偏差|缺失|下功夫|上用力|上发力)[\u4e00-\u9fff]{0,2}$")
_RANK = {SECTION: 1, SUBSECTION: 2, POINT: 3, NESTED: 4}
_BY_RANK = {rank: cls for cls, rank in _RANK.items()}


@dataclass(slots=True)
class Node:
    """An open outline item. ``path`` is empty for nested (non-structural) items."""

    cls: str
    family: str
    ordinal: int
    path: tuple[int, ...]
    heading: str = ""
    role: str = "other"
    number: str = ""
    passage: int = -1
    """Index of the node's own passage (its heading, or the point) in the report."""
    kids: list[Node] = field(default_factory=list)
    depth: int = -1
    """The list depth of the line that opened it (see :attr:`SourceLine.depth`)."""


class OutlineStack:
    """Open items from the outermost section to the innermost nested list item."""

    def __init__(self, structural_before_points: bool,
                 scheme: Mapping[str, str] | None = None,
                 sentence_lists: Mapping[str, frozenset[int]] | None = None,
                 promoted: Mapping[str, frozenset[int]] | None = None,
                 mid_section: bool = False, restarted: frozenset[int] = frozenset(),
                 prose: frozenset[int] = frozenset()) -> None:
        # When the report has sections or subsections, numbered points before the first of
        # them (in the preamble) are prose, not outline.
        self.guard_points = structural_before_points
        self.stack: list[Node] = []
        self.roots: list[Node] = []
        self.fixed = dict(scheme or {})
        """Flexible family → level, from an earlier pass over the whole report."""
        self.sentence_lists = dict(sentence_lists or {})
        """Flexible family → the sections (by number) whose list of it is a list of points:
        numbered sentences, where the report's headings of that family stand on their own
        lines (see :func:`generator.parse.report.build_outline`)."""
        self.mid_section = mid_section
        """The copy starts inside a section: its first （N） (N > 1) opens the subsections of
        a section whose heading is missing (:data:`UNTITLED`), not a section of its own."""
        self.promoted = dict(promoted or {})
        """Point family (首先 / 第一，) → the sections (by number) where its items are the
        subsection headings: they hold lists of points of another family (see
        :attr:`lists_in_points`)."""
        self.lists_in_points: dict[tuple[str, int], list[Node]] = {}
        """(point family, section number) → its items directly under that section that a list
        of another point family opened inside, once per list (首先，…方面。一是…二是…
        其次，…一是…)."""
        self.headed_points: set[tuple[str, int]] = set()
        """(point family, section number) of points written as markup headings."""
        self.used: dict[str, set[str]] = {}
        """Flexible family → the levels its lists were opened at in this pass."""
        self.subsection_styles: set[str] = set()
        """Families (and heading styles) that opened subsections in this pass."""
        self.steps = 0
        """Stack entries visited (a work counter: the stack stays a few entries deep)."""
        self.depth = -1
        """The list depth of the line being read, where its source marks one (Markdown)."""
        self.restarted = restarted
        """Lines whose section marker restarts the sections' numbering inside a section
        (四、原因 / 一、…二、… / 五、措施): those items are that section's subsections."""
        self.prose = prose
        """Lines whose numbers are not the outline's: a tally before the first section
        (本次共查摆问题18个，其中：1.理论学习方面3个…), read as the preamble's text."""
        self.line = 0
        """The line being read (its number)."""

    @property
    def current(self) -> Node | None:
        """The innermost structural item (sections, subsections, points)."""
        for node in reversed(self.stack):
            self.steps += 1
            if node.cls != NESTED:
                return node
        return None

    def scheme(self) -> dict[str, str]:
        """Flexible family → its level in this report: section if a list of it opened at
        the top, else point if one opened under a subsection (or beside another subsection
        style), else subsection."""
        order = (SECTION, POINT, SUBSECTION)
        return {family: next(c for c in order if c in levels)
                for family, levels in self.used.items()}

    def heading_point(self, node: Node) -> None:
        """Note that the point ``node`` directly under a section is a markup heading (``### 1.
        在加强理论武装上下功夫``): its family's items there are that section's subsections."""
        if len(node.path) == 2:
            self.headed_points.add((node.family, node.path[0]))

    def point_headings(self, named: bool = False) -> dict[str, frozenset[int]]:
        """Point family → the sections where its items are subsection headings: at least
        ``LISTS_IN_POINTS`` of its items there hold lists of points and do not state
        something (:data:`_STATEMENT`; ``named``: they name aspects, …方面), or one is a
        markup heading (see :meth:`heading_point`)."""
        out: dict[str, set[int]] = {}
        for family, section in self.headed_points:
            out.setdefault(family, set()).add(section)
        for (family, section), holders in self.lists_in_points.items():
            # (1、理论学习不够系统。一是…二是…: a cause stated, its list the cause's text)
            if sum(1 for node in holders if "方面" in node.heading or not named
                   and not _STATEMENT.search(node.heading)) < LISTS_IN_POINTS:
                continue
            # (…9 points, two of them 具体表现为：（1）…（2）…: the lists are the evidence of a
            # few points, not the items of aspects; aspects each hold theirs, or most do)
            distinct = {id(node) for node in holders}
            items = sum(1 for node in self._section_kids(section) if node.family == family)
            if 2 * len(distinct) >= items:
                out.setdefault(family, set()).add(section)
        return {family: frozenset(sections) for family, sections in out.items()}

    def _section_kids(self, section: int) -> list[Node]:
        """The items directly under the ``section``-th top-level item."""
        return self.roots[section - 1].kids if 0 < section <= len(self.roots) else []

    def ambiguous(self) -> bool:
        """Whether some flexible family was read at two levels in this pass."""
        return any(len(levels) > 1 for levels in self.used.values())

    def inner(self, marker: Marker, line_start: bool) -> Marker:
        """``marker``, or, on a line whose section number restarts inside a section (see
        :attr:`restarted`), a subsection marker of a family of its own."""
        if line_start and marker.cls == SECTION and self.line in self.restarted:
            return replace(marker, family=marker.family + RESTARTED, cls=SUBSECTION)
        return marker

    def place(self, marker: Marker, line_start: bool) -> Node | None:
        """Open a node for ``marker`` and return it, or ``None`` if it is not numbering."""
        decision = self.decide(marker, line_start)
        return self.apply(decision, marker) if decision else None

    def decide(self, marker: Marker, line_start: bool) -> tuple[str, int] | None:
        """Where ``marker`` would go, without changing anything: ``("replace", i)`` to
        continue the list item at stack index ``i``, ``("nested", -1)`` to start a nested
        list, ``("open", -1)`` to open a new child list (``("indented", -1)``: one that its
        indentation puts there); ``None`` if it is not numbering."""
        self.steps += len(self.stack)
        if self.line in self.prose:
            return None
        bullet = marker.family.startswith(BULLET)
        if bullet and not line_start:
            return None  # a dash inside a sentence is punctuation
        same = [i for i, n in enumerate(self.stack) if n.family == marker.family]
        if same and (bullet or marker.ordinal == 0):
            return ("replace", same[-1])  # bullets and 最后 carry no number: the next item
        if same:
            return self._continue(marker, same, line_start)
        top = self.current
        if (line_start and top is not None and top.cls == POINT and top.family == BOLD_LEAD
                and marker.cls in (POINT, FLEX)):
            # **宗旨意识淡化。**…, then 二是… / 2.… on a line of its own: the next item of the
            # aspect's list, whose first (or others) the copy set off in bold, not numbered
            return ("replace", len(self.stack) - 1)
        if (line_start and top is not None and top.cls == POINT and len(top.path) >= 2
                and marker.ordinal > 1 and marker.ordinal == top.ordinal + 1
                and marker.cls in (POINT, FLEX)):
            # 1. / 2、 / 3． then （4）: the next item of the list, numbered carelessly
            return ("replace", len(self.stack) - 1)
        return self._open(marker, line_start)

    def apply(self, decision: tuple[str, int], marker: Marker) -> Node:
        action, index = decision
        if action == "nested":
            return self._push_nested(marker)
        if action == "replace":
            cls = self.stack[index].cls
            del self.stack[index:]
            if cls == NESTED:
                return self._push_nested(marker)
            return self._push(cls, marker.family, marker.ordinal)
        cls = self._resolve(marker)
        if cls == NESTED:
            parent = self.current
            if (parent is not None and parent.cls == POINT and len(parent.path) == 2
                    and marker.cls in (POINT, FLEX) and marker.family != parent.family):
                self.lists_in_points.setdefault((parent.family, parent.path[0]), []).append(
                    parent)
            return self._push_nested(marker)
        under_part = (marker.cls == SECTION and marker.family != PART and bool(self.stack)
                      and self.stack[0].family == PART)
        if (marker.cls == FLEX or under_part) and action != "indented":
            # (A list its indentation puts inside another of its numbering is not a second
            # level of that numbering for the report's scheme.)
            self.used.setdefault(marker.family, set()).add(cls)
        if cls == SUBSECTION:
            self.subsection_styles.add(marker.family)
            if self.mid_section and self.current is None:  # the section the copy starts in
                self._push(SECTION, UNTITLED, 0)
        return self._push(cls, marker.family, marker.ordinal)

    def open_heading(self, cls: str, family: str) -> Node:
        """A heading found by markup (Markdown ``#``, Word styles), not by numbering."""
        ordinal = sum(1 for n in self.stack if n.family == family) + 1
        if cls == SUBSECTION:
            self.subsection_styles.add(family)
        return self._push(cls, family, ordinal)

    def _continue(self, marker: Marker, same: list[int], line_start: bool
                  ) -> tuple[str, int] | None:
        if line_start and self.depth >= 0:
            placed = self._by_depth(marker, same)
            if placed is not None:
                return placed
        # A new line more often continues the outer list; a glued marker the inner one.
        order = same if line_start else list(reversed(same))
        for i in order:
            if marker.ordinal == self.stack[i].ordinal + 1:
                return ("replace", i)
        top = same[-1]
        if marker.ordinal == 1 and top == len(self.stack) - 1 and marker.cls != SECTION:
            if (self.stack[top].cls == POINT and line_start and self.depth < 0
                    and len(self.stack[top].path) >= 2):
                # 1. 2. 3. then 1. 2. on lines of their own: the list restarted by mistake
                # (a nested list in plain text is numbered otherwise: 3.…（1）…（2）)
                return ("replace", top)
            if self.stack[top].cls != NESTED:
                return ("nested", -1)
            # No list of a style inside a nested list of the same style: 一是…。一是…
            # repeated is text, and the stack stays shallow.
            return ("replace", top) if line_start else None
        if line_start or marker.ordinal == self.stack[top].ordinal + 2:
            return ("replace", top)  # a gap (a point deleted, a number mistyped)
        return None

    def _by_depth(self, marker: Marker, same: list[int]) -> tuple[str, int] | None:
        """Where an indented list item goes when its indentation says (a Markdown list inside
        a list of the same numbering): the item of its depth continues; deeper than an
        aspect or section, a new list of points opens under it."""
        level = [i for i in same if self.stack[i].depth == self.depth]
        if level:
            return ("replace", level[-1])
        top = self.stack[same[-1]]
        if not (0 <= top.depth < self.depth and marker.ordinal == 1):
            return None
        if top.cls in (SECTION, SUBSECTION):
            return ("indented", -1)
        if top.cls == POINT and len(top.path) == 2:
            # A point directly under a section holding an indented list: the report's
            # aspects, read as subsections in the next pass (see point_headings).
            self.lists_in_points.setdefault((top.family, top.path[0]), []).append(top)
        return None

    def _open(self, marker: Marker, line_start: bool) -> tuple[str, int] | None:
        if not line_start and marker.ordinal != 1:
            return None
        cls = self._resolve(marker)
        if cls in (POINT, NESTED) and self.guard_points and not self.roots:
            return None
        return ("open", -1)

    def _resolve(self, marker: Marker) -> str:
        parent = self.current
        if marker.cls == FLEX and parent is None and self.mid_section:
            cls = SUBSECTION  # 1.…方面 opening a copy that starts inside its first section
        elif marker.cls == FLEX:
            cls = self._flex_level(marker.family, parent)
        elif self._under_markup_only():  # ## 存在的问题 then 一、…方面: a level below it
            depth = sum(1 for n in self.stack if n.cls != NESTED)
            cls = _BY_RANK[min(max(_RANK[marker.cls], depth + 1), 4)]
        elif marker.cls == SUBSECTION and parent is None and not self.mid_section:
            cls = SECTION  # （一）存在的问题 opening the report: its sections are （一）（二）
        elif (marker.cls == SECTION and self.stack and self.stack[0].family == PART
              and marker.family != PART):
            # 第一部分 存在的问题, then 一、…方面: its aspects; under an aspect of another
            # numbering (第一章 / 第一节 / 一、), its points
            # (points throughout, once the report reads them so anywhere: see scheme)
            cls = (POINT if self.fixed.get(marker.family) == POINT or parent is not None
                   and parent.cls == SUBSECTION and parent.family != marker.family
                   else SUBSECTION)
        elif (marker.cls == SUBSECTION and self.stack and self.stack[0].family == PART
              and parent is not None and parent.cls == SUBSECTION
              and parent.family != marker.family):
            cls = POINT  # 壹、 / 一、…方面 / （一）: a level below the aspects, points
        else:
            cls = marker.cls
        if (cls == POINT and parent is not None and parent.cls == SECTION
                and parent.path[0] in self.promoted.get(marker.family, ())):
            cls = SUBSECTION
        if cls == POINT and parent is not None and parent.cls == POINT:
            return NESTED
        return cls

    def _under_markup_only(self) -> bool:
        """Whether every open item is an unnumbered heading (Markdown #, Word styles)."""
        return bool(self.stack) and all(n.family.startswith("style-") for n in self.stack)

    def _flex_level(self, family: str, parent: Node | None) -> str:
        # One level below the items open above it (a list under a （一） used as a section
        # is a list of subsections); inside a point, a nested list.
        depth = sum(1 for n in self.stack if n.cls != NESTED)
        rank = 4 if parent is not None and parent.cls == POINT else depth + 1
        if (parent is not None and parent.cls == SECTION
                and parent.path[0] in self.sentence_lists.get(family, ())):
            return POINT
        fixed = self.fixed.get(family)
        if fixed and _RANK[fixed] >= rank:
            return fixed
        cls = _BY_RANK[min(rank, 4)]
        if cls == SUBSECTION and self.subsection_styles - {family}:
            cls = POINT  # the report's subsections are numbered another way
        return cls

    def _push(self, cls: str, family: str, ordinal: int) -> Node:
        self.steps += len(self.stack)
        while self.stack and _RANK[self.stack[-1].cls] >= _RANK[cls]:
            self.stack.pop()
        parent = self.current
        siblings = parent.kids if parent else self.roots
        node = Node(cls, family, ordinal, (*(parent.path if parent else ()), len(siblings) + 1),
                    depth=self.depth)
        siblings.append(node)
        self.stack.append(node)
        return node

    def _push_nested(self, marker: Marker) -> Node:
        node = Node(NESTED, marker.family, marker.ordinal, (), depth=self.depth)
        self.stack.append(node)
        return node
