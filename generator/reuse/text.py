"""Report text as arrays for reuse detection: normalised characters with a map back to the
passages' own characters.

Normalisation makes small edits that do not change what was copied look alike: blanks go,
traditional characters become simplified, full-width ASCII becomes ASCII, quotes become one
quote, a run of digits becomes one ``0`` and a run of redaction marks (``**``, ``XX``, ``××``)
one ``*``. Everything else (punctuation included) is kept: it is part of the copied text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np

from generator.chars import _table as _simplified
from generator.models import Report

#: Passages are joined with this character; no shingle crosses it.
SEP = "\x01"
_DROP = 2  # blanks become this code, then are dropped


@cache
def _table() -> dict[int, int | str]:
    """The whole normalisation of single characters, in one table (traditional →
    simplified from :mod:`generator.chars` first; the rest never touches Han characters)."""
    table: dict[int, int | str] = dict(_simplified())
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = code - 0xFEE0
    for ch in " \t\r\n\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff":
        table[ord(ch)] = _DROP
    for ch in "“”„‟「」『』\"＂":
        table[ord(ch)] = ord('"')
    for ch in "‘’'`":
        table[ord(ch)] = ord("'")
    for ch in "*＊×✕Xx":
        table[ord(ch)] = ord("*")
    for ch in "0123456789０１２３４５６７８９":
        table[ord(ch)] = ord("0")
    for code in range(ord("A"), ord("Z") + 1):
        table.setdefault(code, code + 32)
    for code in range(0xFF21, 0xFF3B):
        table[code] = ord(chr(code - 0xFEE0).lower()) if chr(code - 0xFEE0) not in "Xx" else 42
    return table


@cache
def _lookup() -> np.ndarray:
    """:func:`_table` as an array indexed by code point (every value is one character), so
    a whole text is normalised by one numpy gather instead of ``str.translate``."""
    table = _table()
    lut = np.arange(max(table) + 1, dtype=np.uint32)
    for code, value in table.items():
        lut[code] = value if isinstance(value, int) else ord(value)
    return lut


@dataclass(frozen=True, slots=True)
class ReportText:
    """One report's normalised characters (``codes``), and for each the index of the
    character it came from in the passages joined with :data:`SEP` (``orig``)."""

    codes: np.ndarray  # uint32
    orig: np.ndarray  # int32
    starts: np.ndarray  # int32: where each passage begins in the joined text
    texts: tuple[str, ...]  # the passages' own text

    def locate(self, start: int, end: int) -> tuple[int, int, int]:
        """A normalised range ``[start, end)`` as (passage index, start, end) in that
        passage's own text."""
        a, b = int(self.orig[start]), int(self.orig[end - 1]) + 1
        i = int(np.searchsorted(self.starts, a, side="right")) - 1
        return i, a - int(self.starts[i]), b - int(self.starts[i])


class TextPassage(NamedTuple):
    anchor: str
    text: str


class TextMeta(NamedTuple):
    year: str


class TextReport(NamedTuple):
    """What shared phrasing reads of a :class:`~generator.models.Report` (its slug, year
    and passages' anchors and text), and nothing else: a tenth of the report to send to a
    process of its own (``build._reuse_beside``)."""

    slug: str
    meta: TextMeta
    passages: tuple[TextPassage, ...]

    def __reduce__(self) -> tuple:
        # the passages' text goes as one UTF-8 string made here: pickling each str would
        # leave its UTF-8 copy cached in it (and in the build's reports) for good
        texts = [p.text for p in self.passages]
        return _text_report, (self.slug, self.meta.year, tuple(p.anchor for p in self.passages),
                              tuple(map(len, texts)),
                              "".join(texts).encode("utf-8", "surrogatepass"))


def _text_report(slug: str, year: str, anchors: tuple[str, ...], lengths: tuple[int, ...],
                 data: bytes) -> TextReport:
    text, at, passages = data.decode("utf-8", "surrogatepass"), 0, []
    for anchor, n in zip(anchors, lengths, strict=True):
        passages.append(TextPassage(anchor, text[at:at + n]))
        at += n
    return TextReport(slug, TextMeta(year), tuple(passages))


def text_only(reports: Sequence[Report]) -> list[TextReport]:
    return [TextReport(r.slug, TextMeta(r.meta.year),
                       tuple(TextPassage(p.anchor, p.text) for p in r.passages))
            for r in reports]


def report_text(report: Report | TextReport) -> ReportText:
    texts = tuple(p.text for p in report.passages)
    joined = SEP.join(texts)
    raw = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lut = _lookup()
    codes = np.where(raw < lut.size, lut[np.minimum(raw, lut.size - 1)], raw)
    keep = codes != _DROP
    if codes.size:
        # a run of digits or of redaction marks counts as one character
        same = np.zeros(codes.size, dtype=bool)
        same[1:] = (codes[1:] == codes[:-1]) & ((codes[1:] == 48) | (codes[1:] == 42))
        keep &= ~same
    orig = np.flatnonzero(keep).astype(np.int32)
    starts = np.zeros(len(texts), dtype=np.int32)
    if texts:
        starts[1:] = np.cumsum([len(t) + 1 for t in texts[:-1]])
    return ReportText(codes[keep].copy(), orig, starts, texts)
