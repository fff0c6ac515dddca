"""The character folding shared by the index and the browser client.

Both sides fold text one character to one character, so a position in the folded text is a
position in the original: ASCII letters to lower case, full-width ASCII to half-width, the
ideographic space to a space, traditional characters to simplified (OpenCC's character table,
first candidate). The browser receives the same table as ``fold.json``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import opencc

_TS_TABLE = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"


@functools.cache
def fold_map() -> dict[str, str]:
    """Non-ASCII characters that fold to another character (the table shipped to the browser)."""
    table: dict[str, str] = {}
    for line in _TS_TABLE.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        # BMP only: the browser maps UTF-16 code units, so both sides must be one unit.
        if len(source) == len(target) == 1 and source != target and _bmp(source + target):
            table[source] = target
    for code in range(0xFF01, 0xFF5F):
        table[chr(code)] = chr(code - 0xFEE0).lower()
    table["\u3000"] = " "
    return table


def _bmp(text: str) -> bool:
    return all(ord(c) < 0x10000 for c in text)


@functools.cache
def _translation() -> dict[int, str]:
    table = {ord(k): v for k, v in fold_map().items()}
    table.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
    return table


def fold(text: str) -> str:
    """Fold ``text`` for indexing or querying; the result has the same length."""
    return text.translate(_translation())


def fold_all(texts: Sequence[str]) -> list[str]:
    """``[fold(t) for t in texts]``, by the lookup table over all of them at once (a report's
    passages: ``str.translate`` looks every character up in a dict)."""
    if not texts:
        return []
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:
        return [fold(t) for t in texts]  # a text holds the separator itself
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    folded = np.where(codes < 0x10000, fold_table()[np.minimum(codes, 0xFFFF)], codes)
    return folded.astype("<u4").tobytes().decode("utf-32-le").split(_SEP)


_SEP = "\x00"


@functools.cache
def fold_table() -> np.ndarray:
    """:func:`fold` as a lookup table over the BMP, for folding code point arrays."""
    table = np.arange(0x10000, dtype=np.uint32)
    for source, target in _translation().items():
        table[source] = ord(target)
    return table
