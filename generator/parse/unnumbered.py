"""Unnumbered outline: section headings and problem points written without a number.

Some reports number nothing at the top level: their sections are lines of their own that
say what they are (``存在的主要问题``, ``反面典型案例剖析``, ``整改措施：``), and the first
numbered level below them is the aspects (（一）) or the points (1.). Such a line is a
section heading when the report has no numbered section at all, the line is short, has no
punctuation inside, ends in a section word, and its words give it a role, and at least two
such lines with different roles, one of them the problems, are found.

Problem points written as unnumbered paragraphs under an aspect heading.

Some reports number their aspects (（一）理论学习方面, on a line of its own) but not the
problems under them: each problem is a paragraph that opens with a short statement
(``对系统内意识形态工作的研判不够经常；全年只专题研究过一次…``) followed by its evidence.
Such paragraphs are points with that statement as lead, in the same way as 一是… would be.

Read that way only when the whole problems section is written so: no numbered point in it,
every aspect heading on its own line, the first paragraph under every aspect and every later
one opening with a statement, except paragraphs that continue the point before them
(比如…, 这…, 但…: they stay its paragraphs), and at least one aspect with two or more
statements. A single prose paragraph per aspect stays prose.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.models import Passage, SourceLine
from generator.parse.builder import Builder, strip_end
from generator.parse.numbering import PART, POINT, SECTION, SUBSECTION, clause_end, match_marker
from generator.parse.outline import Node
from generator.parse.roles import detect_role

#: The style given to a section heading found by its words (see :func:`unnumbered_sections`).
SECTION_LINE = "section"
_SECTION_LINE = re.compile(r"^[^，,。；;：:！!？?、“”\s]{2,16}"
                           r"(?:问题|不足|差距|原因|根源|剖析|分析|措施|举措|打算|方向|情况)[：:]?$")
_SECTION_ROLES = ("review", "problems", "case", "causes", "measures")


def unnumbered_sections(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with each unnumbered section heading styled :data:`SECTION_LINE` (when the
    report is written so; otherwise unchanged)."""
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        if line.style in ("h1", "h2"):
            return lines  # the report's sections are marked up
        marker = match_marker(line.text)
        if marker is not None:
            if marker.cls == SECTION or marker.family == PART:
                return lines  # the report numbers its sections
            continue
        if not line.style and _SECTION_LINE.match(line.text) and i + 1 < len(lines):
            role = detect_role(line.text)
            if role in _SECTION_ROLES:
                found[i] = role
    roles = set(found.values())
    if "problems" not in roles or len(roles) < 2:
        return lines
    return [SourceLine(line.text, line.lineno, SECTION_LINE, line.lead_end, line.depth)
            if i in found else line for i, line in enumerate(lines)]

#: A heading in 【】 with no number, alone on its line (【在知敬畏、存戒惧、守底线方面】).
_BRACKETED = re.compile(r"^【([^【】。；;！!？?]{2,40})】[：:]?$")
#: The style given to such a line (see :func:`bracketed_headings`): an unnumbered heading.
BRACKET_LINE = "bracket"


def bracketed_headings(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with each unnumbered heading in 【】 styled :data:`BRACKET_LINE`: a heading
    the way a bold line is one. Read so when a plain-text report has two or more such lines
    and numbers no subsection itself ((一) would be its aspects, and lines in 【】 under them
    a point's lead on its own line)."""
    found = []
    for i, line in enumerate(lines):
        marker = match_marker(line.text)
        if marker is not None and marker.cls == SUBSECTION:
            return lines
        match = None if line.style else _BRACKETED.match(line.text.strip())
        if match and match_marker(match.group(1)) is None:
            found.append(i)
    if len(found) < 2:
        return lines
    marked = set(found)
    return [replace(line, style=BRACKET_LINE) if i in marked else line
            for i, line in enumerate(lines)]


_MIN_LEAD, _MAX_LEAD = 6, 50
#: Paragraph openings that continue the previous paragraph rather than state a problem.
_CONTINUES = re.compile(r"^(?:比如|例如|譬如|如|另外|此外|同时|特别是|尤其|这|那|但|而|对此|总之"
                        r"|综上|以上|上述|其中|究其|为此|因此|所以|由此|今后|下一步)")


def unnumbered_points(builder: Builder) -> None:
    """Turn the qualifying paragraphs into points (in ``builder``, in place)."""
    for section in builder.stack.roots:
        if section.role != "problems":
            continue
        subs = [kid for kid in section.kids if kid.cls == SUBSECTION]
        if not subs or len(subs) != len(section.kids) or any(sub.kids for sub in subs):
            continue
        leads = [_leads(builder.passages, sub) for sub in subs]
        if all(leads) and max(sum(1 for _, lead in found if lead) for found in leads) >= 2:
            for sub, found in zip(subs, leads, strict=True):
                _make_points(builder, sub, found)


def _leads(passages: list[Passage], sub: Node) -> list[tuple[int, str]]:
    """``(passage index, lead)`` of each paragraph under ``sub`` (lead ``""`` for one that
    continues the point before it), or ``[]`` unless the heading stands on its own line and
    every paragraph opens with a statement or continues one."""
    path = ".".join(map(str, sub.path))
    found = []
    i = sub.passage + 1
    while i < len(passages) and passages[i].kind == "para" and passages[i].path == path:
        if passages[i].line == passages[sub.passage].line:
            return []  # a heading run into its prose
        lead = _statement(passages[i].text)
        if not lead and not (found and _CONTINUES.match(passages[i].text)):
            return []
        found.append((i, lead))
        i += 1
    return found


def _statement(text: str) -> str:
    """The opening statement of a paragraph, when it reads as one: a clause ending in 。 or
    ；, of a point lead's length, with evidence after it."""
    end = clause_end(text)
    if end >= len(text) or text[end - 1] not in "。；;" or _CONTINUES.match(text):
        return ""
    lead = strip_end(text[:end])
    return lead if _MIN_LEAD <= len(lead) <= _MAX_LEAD else ""


def _make_points(builder: Builder, sub: Node, found: list[tuple[int, str]]) -> None:
    path: tuple[int, ...] = ()
    for i, lead in found:
        passage = builder.passages[i]
        if lead:  # a new point
            path = (*sub.path, len(sub.kids) + 1)
            sub.kids.append(Node(POINT, "unnumbered", len(sub.kids) + 1, path, heading=lead,
                                 role=sub.role, passage=i))
            passage = replace(passage, kind="point", lead=lead)
        builder.passages[i] = replace(passage, path=".".join(map(str, path)), level=len(path))
