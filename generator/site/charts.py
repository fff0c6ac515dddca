"""Static SVG charts, drawn by the build (issue 15): bars and columns (heat maps are
:mod:`generator.site.heatmap`), and the figure that holds a chart.

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
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

FONT = 12
#: How far a chart may grow beyond its drawn size on a wide screen (text then reads at about
#: the page's body size).
SCALE = 1.15


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


def svg_root(chart_id: str, width: float, height: float, title: str, desc: str, body: list[str],
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


def svg_link(href: str, tip: str, inner: str) -> str:
    """A linked mark: ``<a>`` with an accessible name and a tooltip; without ``href`` a
    group with the same tooltip. The link is ``xlink:href``: Material's instant navigation
    assigns ``el.href = el.href`` to every ``[href]`` element, which throws on an SVG link
    (its ``href`` is read-only) and stops the navigation code; ``[href]`` does not match
    ``xlink:href``, and every browser follows it."""
    if not href:
        return f"<g><title>{esc(tip)}</title>{inner}</g>" if tip else inner
    return (f'<a xlink:href="{esc(href)}" aria-label="{esc(tip)}"><title>{esc(tip)}</title>'
            f"{inner}</a>")


def svg_text(x: float, y: float, text: str, cls: str = "ch-label", anchor: str = "start",
             size: float | None = None) -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    s = f' font-size="{size:g}"' if size else ""
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}"{a}{s}>{esc(text)}</text>'


def row_label(x: float, y: float, label: str, width: float, href: str, anchor: str = "end"
              ) -> str:
    """A row's label, clipped to ``width``; a link (or, when clipped, a tooltip with the
    whole label) when it has somewhere to go or something to show."""
    shown = clip(label, width)
    text = svg_text(x, y, shown, "ch-label", anchor)
    return svg_link(href, label, text) if href or shown != label else text


def _top(rows: Sequence[Row], top: float) -> float:
    """The value a full-length bar stands for: ``top``, or the largest bar or mark."""
    top = top or max((b.value for r in rows for b in r.bars), default=0) or 1
    return max(top, max((r.mark or 0) for r in rows))


# -- horizontal bars ----------------------------------------------------------------------------


def _bar(bar: Bar, x: float, y: float, scale: float, bar_h: float, hit: str, dy: float
         ) -> str:
    """One linked bar at (``x``, ``y``), ``scale`` units of length per value (at least one
    unit when not zero), its value text after it and ``hit`` (a wider target) under it."""
    length = scale * bar.value if bar.value > 0 else 0
    shown = max(length, 1 if bar.value > 0 else 0)
    rect = (f'<rect class="{bar.cls}" x="{x:g}" y="{y:.1f}" '
            f'width="{shown:.1f}" height="{bar_h - 2}" rx="1"/>')
    value = svg_text(x + length + 4, y + bar_h - dy, bar.text, "ch-value", size=FONT - 1)
    return svg_link(bar.href, bar.tip, hit + rect + value)


def hbars(rows: Sequence[Row], chart_id: str, title: str, desc: str, *, top: float = 0,
          width: float = 640, label_max: float = 190, legend: Sequence[tuple[str, str]] = ()
          ) -> str:
    """Rows of horizontal bars; a row holds one bar per series (``legend``: (class, name))."""
    if not rows:
        return ""
    top = _top(rows, top)
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
            body.append(svg_text(x + 16, 13.5, name, "ch-muted", size=FONT - 1))
            x += text_width(name, FONT - 1) + 34
    for i, row in enumerate(rows):
        y = y0 + i * row_h
        body.append(row_label(label_w - 8, y + row_h / 2 + 4, row.label, label_w - 10, row.href))
        for j, bar in enumerate(row.bars):
            by = y + 5 + j * bar_h
            hit = (f'<rect class="ch-hit" x="{label_w:.1f}" y="{by:.1f}" '
                   f'width="{area + value_w:.1f}" height="{bar_h - 2}"/>')
            body.append(_bar(bar, label_w, by, area / top, bar_h, hit, 4))
        if row.mark is not None:
            mx = label_w + area * row.mark / top
            mark = (f'<line class="ch-mark" x1="{mx:.1f}" x2="{mx:.1f}" y1="{y + 2:.1f}" '
                    f'y2="{y + row_h - 2:.1f}"/>')
            body.append(svg_link("", row.mark_tip, mark))
    height = y0 + len(rows) * row_h + 4
    return svg_root(chart_id, width, height, title, desc, body)


def hbars_stacked(rows: Sequence[Row], chart_id: str, title: str, desc: str, *,
                  top: float = 0, width: float = 340) -> str:
    """The same rows for a phone: each label on its own line above its bars, so the text
    keeps its size on a narrow screen instead of shrinking with a wide drawing."""
    if not rows:
        return ""
    top = _top(rows, top)
    value_w = max(text_width(b.text, FONT - 1) for r in rows for b in r.bars) + 8
    area = width - value_w - 2
    bar_h = 12
    body: list[str] = []
    y = 2.0
    for row in rows:
        body.append(row_label(1, y + 13, row.label, width - 4, row.href, "start"))
        y += 18
        top_y = y
        for bar in row.bars:
            hit = (f'<rect class="ch-hit" x="1" y="{y - 1:.1f}" width="{width - 2:.1f}" '
                   f'height="{bar_h}"/>')
            body.append(_bar(bar, 1, y, area / top, bar_h, hit, 3))
            y += bar_h
        if row.mark is not None:
            mx = 1 + area * row.mark / top
            body.append(svg_link("", row.mark_tip, f'<line class="ch-mark" x1="{mx:.1f}" '
                                 f'x2="{mx:.1f}" y1="{top_y - 2:.1f}" y2="{y:.1f}"/>'))
        y += 8
    return svg_root(chart_id, width, y + 2, title, desc, body)


def bar_chart(rows: Sequence[Row], chart_id: str, title: str, desc: str, *, top: float = 0,
              width: float = 640, label_max: float = 190,
              legend: Sequence[tuple[str, str]] = ()) -> str:
    """Horizontal bars drawn twice: wide (labels beside the bars) and for phones (labels
    above; CSS shows one, browse.css); the legend, if any, goes into the wide drawing."""
    wide = hbars(rows, chart_id, title, desc, top=top, width=width, label_max=label_max,
                 legend=legend)
    narrow = hbars_stacked(rows, f"{chart_id}-n", title, desc, top=top)
    if not narrow:
        return wide
    return (wide.replace('class="ch-svg', 'class="ch-svg ch-wide', 1) + "\n"
            + narrow.replace('class="ch-svg', 'class="ch-svg ch-narrow', 1))


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
        value = svg_text(cx, base - h - 3, bar.text, "ch-value", "middle", size) if bar.text else ""
        axis = svg_text(cx, height - 4, label, "ch-muted", "middle", size)
        body.append(svg_link(bar.href, bar.tip, rect + value + axis))
    return svg_root(chart_id, width, height, title, desc, body, "ch-columns")


# -- figures and data tables --------------------------------------------------------------------


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
