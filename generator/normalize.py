"""Line-level repairs before parsing: rejoin lines broken inside a title or a sentence."""

from __future__ import annotations

from generator.models import SourceLine
from generator.numbering import match_marker

_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"))


def _unclosed(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


def _joiner(left: str, right: str) -> str:
    # Latin words broken across lines need their space back; CJK text never had one.
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() else ""


def rejoin_open_brackets(lines: list[SourceLine]) -> list[SourceLine]:
    """Join a line that leaves 《…》, “…” or （…） open with the lines that close it.

    Word and PDF exports break lines inside long book titles; the break is not a paragraph.
    Gives up after three joins so one stray bracket cannot swallow a report.
    """
    out: list[SourceLine] = []
    joins = 0
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and not prev.style and not line.style and joins < 3
                and _unclosed(prev.text) and match_marker(line.text) is None):
            out[-1] = SourceLine(prev.text + _joiner(prev.text, line.text) + line.text,
                                 prev.lineno)
            joins += 1
        else:
            out.append(line)
            joins = 0
    return out
