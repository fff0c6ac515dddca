"""A report's structure against the corpus (issue 15): items per section role, each bar
linking to the section, with the corpus median drawn across it."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping

from generator.models import ROLE_NAMES, Report, Section
from generator.site import charts

#: Section roles that a structure view counts, in the usual order of a report.
STRUCTURE_ROLES = ("review", "problems", "case", "causes", "measures")


def section_items(section: Section) -> int:
    """Items of a section: its points, and each subsection's points (a subsection without
    points counts as one item: it is the item). The report header's 问题数 counts the same way."""
    return len(section.points) + sum(len(s.points) or 1 for s in section.subsections)


def role_items(report: Report) -> dict[str, int]:
    """Role → items in the report's sections of that role (roles it has, in order)."""
    out: dict[str, int] = {}
    for section in report.sections:
        if section.role in STRUCTURE_ROLES:
            out[section.role] = out.get(section.role, 0) + section_items(section)
    return {r: out[r] for r in STRUCTURE_ROLES if r in out}


def role_medians(reports: Iterable[Report]) -> dict[str, float]:
    """Role → median items over the reports that have a section of that role."""
    values: dict[str, list[int]] = defaultdict(list)
    for report in reports:
        for role, n in role_items(report).items():
            values[role].append(n)
    return {r: float(statistics.median(values[r])) for r in STRUCTURE_ROLES if values.get(r)}



def structure_figure(report: Report, medians: Mapping[str, float]) -> str:
    """``<figure>`` with one bar per section role the report has (问题 14 条 …) and the
    corpus median of reports with such a section as a mark; "" when it has none."""
    items = role_items(report)
    if not items:
        return ""
    anchors: dict[str, str] = {}
    for section in report.sections:
        anchors.setdefault(section.role, section.anchor)
    rows = []
    for role, n in items.items():
        name, median = ROLE_NAMES[role], medians.get(role)
        tip = f"{name}：{n} 条" + (f"（全库中位数 {median:g} 条）" if median is not None else "")
        rows.append(charts.Row(name, [charts.Bar(n, f"{n} 条", f"#{anchors[role]}", tip)],
                               href=f"#{anchors[role]}", mark=median,
                               mark_tip=f"全库中位数 {median:g} 条" if median is not None
                               else ""))
    mine = "，".join(f"{ROLE_NAMES[r]} {n} 条" for r, n in items.items())
    med = "，".join(f"{ROLE_NAMES[r]} {medians[r]:g} 条" for r in items if r in medians)
    caption = f"本材料：{mine}。全库中位数（竖线）：{med}。"
    # One drawing with the labels above the bars: legible at any width, and half the bytes
    # of a wide and a narrow one (every report page carries it).
    svg = charts.hbars_stacked(rows, "ch-structure", "本材料各部分的条数与全库中位数",
                               "横条为本材料各部分的条数（要点，或无要点的小节），竖线为全库含该"
                               "部分的材料的中位数；点击横条跳到该部分。")
    return str(charts.figure(svg, caption, "report-structure"))
