"""Static SVG charts, drawn by the build (issue 15): bars, columns and heat maps.

Each chart is a raw HTML block for a Markdown page: one ``<figure>`` (or ``<div>``) on lines
without a blank one (see :mod:`generator.publish.fast_markdown`), holding an inline SVG that
takes its colours from CSS classes (``overrides/assets/archive/browse.css``), which read
Material's palette variables: the same chart is right in light and dark. Text is escaped here
(``html.escape``); links are site URLs relative to the page (raw HTML is not rewritten by
MkDocs) and the link checker follows them like any other.

Every mark that shows a number is a link to what it counts, with a tooltip (``<title>``) and
an accessible name; each figure has a caption, and the larger charts a data table as well.
No chart draws more than a few hundred marks: callers aggregate (years, levels, top N).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

FONT = 12
#: How far a chart may grow beyond its drawn size on a wide screen (text then reads at about
#: the page's body size).
SCALE = 1.15
#: Heat map intensity classes: ``ch-q0`` (none) … ``ch-q5`` (the largest value).
LEVELS = 5


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """Rendered width estimate: CJK and full-width characters one em, others about half."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def clip(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut with … to fit ``width``."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for c in text:
        if text_width(out + c + "…", size) > width:
            break
        out += c
    return out + "…"


def percent(share: float) -> str:
    if share <= 0:
        return "0%"
    return f"{share * 100:.0f}%" if share >= 0.095 else f"{share * 100:.1f}%"


def level_of(value: float, top: float) -> int:
    """Intensity class 1..LEVELS of ``value`` against the largest value (0 for nothing)."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(LEVELS, int(-(-value * LEVELS // top))))


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its length (in the chart's units), the text shown beside it, where it links
    and what its tooltip says."""

    value: float
    text: str
    href: str = ""
    tip: str = ""
    cls: str = "ch-bar"


@dataclass(frozen=True, slots=True)
class Row:
    """A labelled row of one or more bars (a series each), optionally with a reference mark
    (e.g. the corpus median) drawn across it."""

    label: str
    bars: Sequence[Bar]
    href: str = ""
    mark: float | None = None
    mark_tip: str = ""


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


def _svg(chart_id: str, width: float, height: float, title: str, desc: str, body: list[str],
         cls: str = "") -> str:
    """The SVG element: a named group (the links inside stay reachable by keyboard and
    screen readers, which ``role="img"`` would hide), with a title and a description."""
    w, h = round(width), round(height)
    classes = f"ch-svg {cls}".strip()
    return (f'<svg class="{classes}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            f'style="max-width:{w * SCALE:.0f}px" role="group" aria-labelledby="{chart_id}-t" '
            f'aria-describedby="{chart_id}-d" '
            f'id="{chart_id}" font-size="{FONT}">'
            f'<title id="{chart_id}-t">{esc(title)}</title>'
            f'<desc id="{chart_id}-d">{esc(desc)}</desc>\n'
            + "\n".join(body) + "\n</svg>")


def _link(href: str, tip: str, inner: str) -> str:
    """A linked mark: ``<a>`` with an accessible name and a tooltip; without ``href`` a
    group with the same tooltip. The link is ``xlink:href``: Material's instant navigation
    assigns ``el.href = el.href`` to every ``[href]`` element, which throws on an SVG link
    (its ``href`` is read-only) and stops the navigation code; ``[href]`` does not match
    ``xlink:href``, and every browser follows it."""
    if not href:
        return f"<g><title>{esc(tip)}</title>{inner}</g>" if tip else inner
    return (f'<a xlink:href="{esc(href)}" aria-label="{esc(tip)}"><title>{esc(tip)}</title>'
            f"{inner}</a>")


def _text(x: float, y: float, text: str, cls: str = "ch-label", anchor: str = "start",
          size: float | None = None) -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    s = f' font-size="{size:g}"' if size else ""
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}"{a}{s}>{esc(text)}</text>'


# -- horizontal bars ----------------------------------------------------------------------------


def hbars(rows: Sequence[Row], chart_id: str, title: str, desc: str, *, top: float = 0,
          width: float = 640, label_max: float = 190, legend: Sequence[tuple[str, str]] = ()
          ) -> str:
    """Rows of horizontal bars; a row holds one bar per series (``legend``: (class, name))."""
    if not rows:
        return ""
    top = top or max((b.value for r in rows for b in r.bars), default=0) or 1
    top = max(top, max((r.mark or 0) for r in rows))
    label_w = min(label_max, max(text_width(r.label) for r in rows) + 10)
    value_w = max(text_width(b.text, FONT - 1) for r in rows for b in r.bars) + 10
    area = width - label_w - value_w
    series = max(len(r.bars) for r in rows)
    bar_h = 14 if series == 1 else 11
    row_h = series * bar_h + (10 if series == 1 else 12)
    y0 = 22 if legend else 4
    body: list[str] = []
    if legend:
        x = label_w
        for cls, name in legend:
            body.append(f'<rect class="{cls}" x="{x:.1f}" y="4" width="12" height="10" rx="1"/>')
            body.append(_text(x + 16, 13.5, name, "ch-muted", size=FONT - 1))
            x += text_width(name, FONT - 1) + 34
    for i, row in enumerate(rows):
        y = y0 + i * row_h
        label = _text(label_w - 8, y + row_h / 2 + 4, clip(row.label, label_w - 10), "ch-label",
                      "end")
        body.append(_link(row.href, row.label, label) if row.href or
                    clip(row.label, label_w - 10) != row.label else label)
        for j, bar in enumerate(row.bars):
            by = y + 5 + j * bar_h
            length = area * bar.value / top if bar.value > 0 else 0
            shown = max(length, 1 if bar.value > 0 else 0)
            rect = (f'<rect class="{bar.cls}" x="{label_w:.1f}" y="{by:.1f}" '
                    f'width="{shown:.1f}" height="{bar_h - 2}" rx="1"/>')
            hit = (f'<rect class="ch-hit" x="{label_w:.1f}" y="{by:.1f}" '
                   f'width="{area + value_w:.1f}" height="{bar_h - 2}"/>')
            value = _text(label_w + length + 4, by + bar_h - 4, bar.text, "ch-value",
                          size=FONT - 1)
            body.append(_link(bar.href, bar.tip, hit + rect + value))
        if row.mark is not None:
            mx = label_w + area * row.mark / top
            mark = (f'<line class="ch-mark" x1="{mx:.1f}" x2="{mx:.1f}" y1="{y + 2:.1f}" '
                    f'y2="{y + row_h - 2:.1f}"/>')
            body.append(_link("", row.mark_tip, mark))
    height = y0 + len(rows) * row_h + 4
    return _svg(chart_id, width, height, title, desc, body)


def hbars_stacked(rows: Sequence[Row], chart_id: str, title: str, desc: str, *,
                  top: float = 0, width: float = 340) -> str:
    """The same rows for a phone: each label on its own line above its bars, so the text
    keeps its size on a narrow screen instead of shrinking with a wide drawing."""
    if not rows:
        return ""
    top = top or max((b.value for r in rows for b in r.bars), default=0) or 1
    top = max(top, max((r.mark or 0) for r in rows))
    value_w = max(text_width(b.text, FONT - 1) for r in rows for b in r.bars) + 8
    area = width - value_w - 2
    bar_h = 12
    body: list[str] = []
    y = 2.0
    for row in rows:
        shown = clip(row.label, width - 4)
        label = _text(1, y + 13, shown, "ch-label")
        body.append(_link(row.href, row.label, label) if row.href or shown != row.label
                    else label)
        y += 18
        top_y = y
        for bar in row.bars:
            length = area * bar.value / top if bar.value > 0 else 0
            shown = max(length, 1 if bar.value > 0 else 0)
            rect = (f'<rect class="{bar.cls}" x="1" y="{y:.1f}" '
                    f'width="{shown:.1f}" height="{bar_h - 2}" rx="1"/>')
            hit = (f'<rect class="ch-hit" x="1" y="{y - 1:.1f}" width="{width - 2:.1f}" '
                   f'height="{bar_h}"/>')
            value = _text(length + 5, y + bar_h - 3, bar.text, "ch-value", size=FONT - 1)
            body.append(_link(bar.href, bar.tip, hit + rect + value))
            y += bar_h
        if row.mark is not None:
            mx = 1 + area * row.mark / top
            body.append(_link("", row.mark_tip, f'<line class="ch-mark" x1="{mx:.1f}" '
                              f'x2="{mx:.1f}" y1="{top_y - 2:.1f}" y2="{y:.1f}"/>'))
        y += 8
    return _svg(chart_id, width, y + 2, title, desc, body)


def responsive(wide: str, narrow: str) -> str:
    """Both drawings of a bar chart; CSS shows the narrow one on phones (browse.css)."""
    if not narrow:
        return wide
    return (wide.replace('class="ch-svg', 'class="ch-svg ch-wide', 1) + "\n"
            + narrow.replace('class="ch-svg', 'class="ch-svg ch-narrow', 1))


def bar_chart(rows: Sequence[Row], chart_id: str, title: str, desc: str, *, top: float = 0,
              width: float = 640, label_max: float = 190,
              legend: Sequence[tuple[str, str]] = ()) -> str:
    """Horizontal bars drawn twice: wide (labels beside the bars) and for phones (labels
    above); the legend, if any, goes into the wide drawing and the caption."""
    wide = hbars(rows, chart_id, title, desc, top=top, width=width, label_max=label_max,
                 legend=legend)
    narrow = hbars_stacked(rows, f"{chart_id}-n", title, desc, top=top)
    return responsive(wide, narrow)


# -- vertical columns ---------------------------------------------------------------------------


def columns(labels: Sequence[str], bars: Sequence[Bar], chart_id: str, title: str, desc: str,
            *, top: float = 0, height: float = 110, col_w: float = 34, min_width: float = 0,
            size: float = FONT - 1) -> str:
    """One column per label (years, usually), its value text above it."""
    if not bars:
        return ""
    top = top or max((b.value for b in bars), default=0) or 1
    width = max(min_width, len(bars) * col_w + 8)
    base = height - 18
    area = base - 16
    body = [f'<line class="ch-axis" x1="2" x2="{width - 2:.1f}" y1="{base:.1f}" y2="{base:.1f}"/>']
    for i, (label, bar) in enumerate(zip(labels, bars, strict=True)):
        x = 4 + i * col_w
        h = area * bar.value / top if bar.value > 0 else 0
        if bar.value > 0:
            h = max(h, 1.5)
        cx = x + col_w / 2
        rect = (f'<rect class="ch-hit" x="{x:.1f}" y="0" width="{col_w:.1f}" '
                f'height="{height:.1f}"/>'
                f'<rect class="{bar.cls}" x="{x + 5:.1f}" y="{base - h:.1f}" '
                f'width="{col_w - 10:.1f}" height="{h:.1f}" rx="1"/>')
        value = _text(cx, base - h - 3, bar.text, "ch-value", "middle", size) if bar.text else ""
        axis = _text(cx, height - 4, label, "ch-muted", "middle", size)
        body.append(_link(bar.href, bar.tip, rect + value + axis))
    return _svg(chart_id, width, height, title, desc, body, "ch-columns")


# -- heat map -----------------------------------------------------------------------------------


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
        body.append(_link(href, label, text))
    for i, (label, href) in enumerate(heat.rows):
        y = col_h + i * cell_h
        shown = clip(label, label_w - 12)
        text = _text(label_w - 8, y + cell_h / 2 + 4, shown, "ch-label", "end")
        body.append(_link(href, label, text) if href or shown != label else text)
        for j in range(len(heat.cols)):
            x = label_w + j * cell_w
            cell = heat.cells.get((i, j))
            box = (f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2:.1f}" '
                   f'height="{cell_h - 2:.1f}" rx="2"/>')
            if cell is None:
                body.append(f'<g class="ch-q0">{box}</g>')
                continue
            inner = box + _text(x + cell_w / 2, y + cell_h / 2 + 4, cell.text, "ch-num",
                                "middle", FONT - 1)
            body.append(f'<g class="ch-q{cell.level}">{_link(cell.href, cell.tip, inner)}</g>')
    return _svg(chart_id, width, height, title, desc, body, "ch-heat")


# -- figures and data tables --------------------------------------------------------------------


TableCell = "str | tuple[str, str] | tuple[str, str, str]"


def data_table(head: Sequence[str], rows: Sequence[Sequence[object]], summary: str = "数据表"
               ) -> str:
    """The chart's numbers as an HTML table in a closed ``<details>``: the text alternative
    that also works without SVG. A cell is text, or (text, href[, tooltip]) for a link."""
    def cell(value: object, tag: str) -> str:
        if isinstance(value, tuple):
            text, href, *tip = value
            if href:
                t = f' title="{esc(tip[0])}"' if tip else ""
                return f'<{tag}><a href="{esc(href)}"{t}>{esc(text)}</a></{tag}>'
            value = text
        return f"<{tag}>{esc(value)}</{tag}>"
    lines = [f'<details class="ch-data"><summary>{esc(summary)}</summary>',
             '<div class="ch-scroll"><table>',
             "<thead><tr>" + "".join(cell(h, "th") for h in head) + "</tr></thead><tbody>"]
    lines += ["<tr>" + "".join(cell(v, "td") for v in row) + "</tr>" for row in rows]
    lines.append("</tbody></table></div></details>")
    return "\n".join(lines)


def figure(svg: str, caption: str, cls: str = "", table: str = "", scroll: bool = False,
           min_scale: float = 0) -> Markup:
    """A raw HTML block: the chart, its caption and its data table (no blank line inside).
    With ``scroll``, the drawing shrinks to fit the column down to ``min_scale`` of its size
    (text stays legible) and scrolls sideways below that (phones)."""
    if not svg:
        return Markup("")
    natural = re.search(r'width="(\d+)"', svg)
    min_width = float(natural.group(1)) * min_scale if natural and min_scale else 0
    style = f' style="--ch-min:{min_width:.0f}px"' if min_width else ""
    inner = f'<div class="ch-scroll"{style}>\n{svg}\n</div>' if scroll else svg
    classes = f"ch {cls}".strip()
    parts = [f'<figure class="{classes}">', inner,
             f"<figcaption>{esc(caption)}</figcaption>"]
    if table:
        parts.append(table)
    parts.append("</figure>")
    return Markup("\n".join(p for p in parts if p))


def block(*figures: str, cls: str = "ch-multiples") -> Markup:
    """Several figures in one raw HTML block (a responsive grid)."""
    inner = "\n".join(f for f in figures if f)
    return Markup(f'<div class="{cls}">\n{inner}\n</div>') if inner else Markup("")
