"""Word style definitions (``word/styles.xml``): heading levels, bold and list links, inherited.

A paragraph's look comes from its own properties, then its style, then the styles that style is
based on, then the document defaults; readers ask here instead of walking that chain each time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml.etree import _Element

# Built-in names are stored in English ("heading 1"), but WPS and localized templates write
# "标题 1"; custom styles are matched by their outline level instead.
_HEADING_NAME = re.compile(r"^(?:heading|标题|標題|見出し|titre|überschrift)\s*([1-9])$", re.I)
_TITLE_NAME = re.compile(r"^(?:title|标题|標題)$", re.I)
_FALSE = ("0", "false", "off", "none")


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    heading: int | None
    """Heading level from the name or ``w:outlineLvl`` (0 = explicitly body text)."""
    num: tuple[str, int | None] | None
    bold: bool | None


def toggle(rpr: _Element | None, tag: str = "w:b") -> bool | None:
    b = rpr.find(qn(tag)) if rpr is not None else None
    if b is None:
        return None
    return b.get(qn("w:val"), "1").lower() not in _FALSE


def num_pr(ppr: _Element | None) -> tuple[str, int | None] | None:
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is None:
        return None
    num_id = num.find(qn("w:numId"))
    ilvl = num.find(qn("w:ilvl"))
    return (
        num_id.get(qn("w:val"), "0") if num_id is not None else "",
        _int(ilvl.get(qn("w:val")), 0) if ilvl is not None else None,
    )


def outline_level(ppr: _Element | None) -> int | None:
    lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if lvl is None:
        return None
    value = _int(lvl.get(qn("w:val")), 9)
    return value + 1 if value < 9 else 0


def _name_level(name: str) -> int | None:
    # Older Word files list aliases in the name: "heading 1,h1,标题 1".
    for alias in name.split(","):
        match = _HEADING_NAME.match(alias.strip())
        if match:
            return int(match.group(1))
        if _TITLE_NAME.match(alias.strip()):
            return 1
    return None


class Styles:
    """Style definitions with ``basedOn`` inheritance resolved on lookup."""

    def __init__(self, root: _Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.default_bold: bool | None = None
        if root is None:
            return
        defaults = root.find(qn("w:docDefaults"))
        if defaults is not None:
            self.default_bold = toggle(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
        for el in root.iter(qn("w:style")):
            self._add(el)

    def _add(self, el: _Element) -> None:
        style_id = el.get(qn("w:styleId"), "")
        name_el = el.find(qn("w:name"))
        name = name_el.get(qn("w:val"), "") if name_el is not None else ""
        based = el.find(qn("w:basedOn"))
        ppr = el.find(qn("w:pPr"))
        heading = _name_level(name) if el.get(qn("w:type")) == "paragraph" else None
        self.styles[style_id] = _Style(
            name=name,
            based_on=based.get(qn("w:val")) if based is not None else None,
            heading=heading if heading is not None else outline_level(ppr),
            num=num_pr(ppr),
            bold=toggle(el.find(qn("w:rPr"))),
        )
        if el.get(qn("w:type")) == "paragraph" and el.get(qn("w:default")) in ("1", "true"):
            self.default_para = style_id

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """The style and its ancestors, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def first(self, style_id: str | None, attr: str) -> object | None:
        return next((v for s in self.chain(style_id) if (v := getattr(s, attr)) is not None), None)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
