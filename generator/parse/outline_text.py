"""The outline of a report as indented text: golden files and ``python -m generator outline``.

Format (one item a line, two spaces per level)::

    problems: 存在的主要问题
      （一）理论学习方面
        - 学用结合不够紧密
      - a point directly under the section
"""

from __future__ import annotations

from generator.models import Report


def outline_text(report: Report) -> str:
    """The report's sections, subsections and point leads, as in seed-outlines.json."""
    out: list[str] = []
    for section in report.sections:
        out.append(f"{section.role}: {section.heading}")
        for sub in section.subsections:
            out.append(f"  {sub.heading}")
            out.extend(f"    - {lead}" for lead in sub.points)
        out.extend(f"  - {lead}" for lead in section.points)
    return "\n".join(out) + "\n"


def outline_from_json(sections: list[dict]) -> str:
    """The same text from the hand-annotated ``seed-outlines.json`` structure."""
    out: list[str] = []
    for section in sections:
        out.append(f"{section['role']}: {section['heading']}")
        for sub in section["subsections"]:
            out.append(f"  {sub['heading']}")
            out.extend(f"    - {lead}" for lead in sub["points"])
        out.extend(f"  - {lead}" for lead in section["points"])
    return "\n".join(out) + "\n"
