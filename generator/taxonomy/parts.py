"""A passage's lead and body (issue 4): the lead clause says what a point is about; the body
explains, gives examples and consequences."""

from __future__ import annotations

import re

from generator.models import Passage, Report
from generator.taxonomy.load import Meeting
from generator.taxonomy.matcher import simplified
from generator.taxonomy.patterns import Compiled

_CLAUSE_END = re.compile("[。；！？]")
#: Where a lead's clauses meet: problems stated one after another (学习不系统，运用不够).
_CLAUSE_SEP = re.compile("[，；,;]")
#: A paragraph's leading list marker, numbering and emphasis (``- **1．…**``), dropped from its
#: lead: Markdown reports whose points the outline did not recognise start paragraphs so.
_MARKUP = re.compile(
    r"^(?:[-*+]\s+|\d+\.\s+)?(?:\*\*|__)?\s*"
    r"(?:[（(]?[一二三四五六七八九十\d]+[）)．.、]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,])?"
)


#: (passage, lead, body) of each passage of a report.
Parts = list[tuple[Passage, str, str]]


def prepare(report: Report, comp: Compiled) -> tuple[Meeting | None, Parts]:
    """The report's meeting and (passage, lead, body) of each passage, in simplified script."""
    meeting = comp.headings.meeting_of(report)
    # Decide the script once per report from its opening: checking every passage for
    # traditional characters costs more than matching it.
    opening = "".join(p.text for p in report.passages[:8])[:3000]
    convert = simplified(opening) != opening
    parts: list[tuple[Passage, str, str]] = []
    previous: Passage | None = None
    for p in report.passages:
        lead, body = split_lead(p, previous)
        if convert:
            lead, body = simplified(lead), simplified(body)
        parts.append((p, lead, body))
        if p.kind != "para":
            previous = p
    return meeting, parts


def split_lead(p: Passage, previous: Passage | None = None) -> tuple[str, str]:
    """(lead, body). A point's lead is its first clause; a paragraph that carries a subsection
    heading's content in a cause or measure section takes that heading as its lead, because
    such a heading ("理论学习需进一步加强") is the statement the paragraph explains."""
    text = p.text
    if p.kind == "point" and p.lead and (i := text.find(p.lead)) >= 0:
        return p.lead, text[i + len(p.lead) :]
    if p.kind == "heading":
        return p.lead or text, ""
    if p.role in ("causes", "measures") and p.heading and previous and previous.kind == "heading":
        return p.heading, text
    text = _MARKUP.sub("", text)
    m = _CLAUSE_END.search(text)
    return (text[: m.start()], text[m.end() :]) if m else (text, "")


def lead_clauses(lead: str, min_len: int) -> list[str]:
    """The clauses of ``lead`` of at least ``min_len`` characters, if there are two or more
    (shorter pieces are asides: 有时, 总体上看)."""
    parts = [c for c in _CLAUSE_SEP.split(lead) if len(c) >= min_len]
    return parts if len(parts) > 1 else []
