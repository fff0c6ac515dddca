"""Heat maps (issue 15): rows × columns of shaded cells, each cell a link to what it counts.
Drawn like the other charts (:mod:`generator.site.charts`): inline SVG, colours from CSS
classes (``ch-q0`` … ``ch-q5`` in ``overrides/assets/archive/browse.css``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.site.charts import FONT, esc, row_label, svg_link, svg_root, svg_text, text_width

#: Heat map intensity classes: ``ch-q0`` (none) … ``ch-q5`` (the largest value).
LEVELS = 5


def level_of(value: float, top: float) -> int:
    """Intensity class 1..LEVELS of ``value`` against the largest value (0 for nothing)."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(LEVELS, int(-(-value * LEVELS // top))))


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str
    tip: str
    level: int


@dataclass(slots=True)
class Heat:
    """A heat map: labelled rows and columns, and the non-empty cells by (row, column)."""

    rows: list[tuple[str, str]]
    """(label, href) per row."""
    cols: list[tuple[str, str]]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)


def heatmap(heat: Heat, chart_id: str, title: str, desc: str, *, cell_w: float = 36,
            cell_h: float = 24, label_max: float = 210) -> str:
    """Rows × columns of shaded cells; column labels are written top to bottom (Chinese
    reads well vertically, and a dozen columns fit a phone)."""
    label_w = min(label_max, max((text_width(r[0]) for r in heat.rows), default=40) + 12)
    col_h = max((len(c[0]) for c in heat.cols), default=2) * (FONT + 1) + 8
    width = label_w + len(heat.cols) * cell_w + 4
    height = col_h + len(heat.rows) * cell_h + 4
    body: list[str] = []
    for j, (label, href) in enumerate(heat.cols):
        cx = label_w + j * cell_w + cell_w / 2
        chars = "".join(
            f'<tspan x="{cx:.1f}" y="{col_h - 6 - (len(label) - 1 - k) * (FONT + 1):.1f}">'
            f"{esc(ch)}</tspan>" for k, ch in enumerate(label))
        text = f'<text class="ch-label ch-col" text-anchor="middle">{chars}</text>'
        body.append(svg_link(href, label, text))
    for i, (label, href) in enumerate(heat.rows):
        y = col_h + i * cell_h
        body.append(row_label(label_w - 8, y + cell_h / 2 + 4, label, label_w - 12, href))
        for j in range(len(heat.cols)):
            x = label_w + j * cell_w
            cell = heat.cells.get((i, j))
            box = (f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2:.1f}" '
                   f'height="{cell_h - 2:.1f}" rx="2"/>')
            if cell is None:
                body.append(f'<g class="ch-q0">{box}</g>')
                continue
            inner = box + svg_text(x + cell_w / 2, y + cell_h / 2 + 4, cell.text, "ch-num",
                                "middle", FONT - 1)
            body.append(f'<g class="ch-q{cell.level}">{svg_link(cell.href, cell.tip, inner)}</g>')
    return svg_root(chart_id, width, height, title, desc, body, "ch-heat")
