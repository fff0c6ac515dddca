"""A report's structure against the corpus (issue 15): items per section role, each bar
linking to the section, with the corpus median drawn across it."""

from __future__ import annotations

from collections.abc import Mapping

from generator.models import ROLE_NAMES, Report
from generator.site import charts
from generator.site.aggregate import role_items


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
