"""Text laid out in absolutely positioned boxes, as document-sharing sites' readers draw a page:
every printed line (or part of a line) is a ``<div style="top:…px;left:…px;width:…px">`` of
its own. Blocks are not paragraphs there; the geometry says where a paragraph goes on.

A box on the same line as the one before it goes on that line. A box opening a new line goes
on the paragraph when it starts at the left margin (a paragraph's first line is indented)
and the line before it ran to the right margin (a paragraph's last line ends short).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from bs4 import Tag

_GEOMETRY = re.compile(r"(?<![-\w])(top|left|width)\s*:\s*(-?\d+(?:\.\d+)?)px", re.I)
#: Fewer positioned boxes than this are a page's decoration, not its text.
_MIN_BOXES = 5
#: How far short of the right margin a full line may end, in characters (a line that breaks
#: before a word or a punctuation mark that may not open a line).
_SHORT = 2.5


@dataclass(frozen=True, slots=True)
class Box:
    top: float
    left: float
    right: float


def box_of(tag: Tag) -> Box | None:
    """The box of an absolutely positioned element, or ``None``."""
    style = str(tag.get("style") or "")
    if "absolute" not in style and "top" not in style:
        return None
    found = {key.lower(): float(value) for key, value in _GEOMETRY.findall(style)}
    if "top" not in found or "left" not in found:
        return None
    return Box(found["top"], found["left"], found["left"] + found.get("width", 0.0))


@dataclass(slots=True)
class Layout:
    left: float
    """The text's left margin (the smallest left edge)."""
    right: float
    """The right margin (the largest right edge)."""
    char: float
    """A character's width."""
    last: Box | None = None
    line_right: float = 0.0
    """Where the line being read ends so far."""

    @classmethod
    def of(cls, roots: list[Tag]) -> Layout | None:
        """The layout of the positioned text boxes under ``roots``, or ``None`` if the page
        is not laid out so."""
        boxes: list[tuple[Box, str]] = []
        for root in roots:
            for tag in root.find_all(style=True):
                box = box_of(tag)
                if box is not None:
                    boxes.append((box, tag.get_text()))
        if len(boxes) < _MIN_BOXES:
            return None
        widths = [(b.right - b.left) / len(t) for b, t in boxes if len(t) >= 4 and b.right > b.left]
        if not widths:
            return None
        return cls(min(b.left for b, _ in boxes), max(b.right for b, _ in boxes),
                   statistics.median(widths))

    def continues(self, box: Box) -> bool:
        """Whether ``box`` goes on the paragraph of the box read before it."""
        last, self.last = self.last, box
        if last is not None and abs(box.top - last.top) < self.char / 2:
            self.line_right = max(self.line_right, box.right)
            return True
        full = self.line_right >= self.right - _SHORT * self.char
        self.line_right = box.right
        return last is not None and full and box.left <= self.left + self.char / 2
