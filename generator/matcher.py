"""Find every taxonomy pattern in a text, fast enough for 10,000 reports in plain Python.

All pattern heads (the literal before the first ``…``) go into one trie-shaped regex used only
as a look-ahead: the C regex engine skips the many characters where no pattern can start, and
Python walks a dict trie only at the few candidate positions, so overlapping and nested patterns
(学用结合 inside 学用结合不够) are all found, as with Aho-Corasick.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GAP = "…"
#: What may stand between the parts of ``A…B``: the same clause, at most 12 characters.
_GAP_RE = "[^。！？；\n]{0,12}?"
_END = ""  # trie key marking the end of a head


@dataclass(frozen=True, slots=True)
class Hit:
    key: int
    """Index of the pattern's owner in the ``keys`` given to ``Matcher``."""
    pattern: str
    start: int
    end: int


class Matcher:
    """Compiled patterns; ``find`` returns every hit, in text order."""

    def __init__(self, entries: Iterable[tuple[int, str]]) -> None:
        self._trie: dict = {}
        self._tails: dict[str, list[tuple[int, str, re.Pattern[str] | None]]] = {}
        for key, pattern in entries:
            head, *rest = pattern.split(GAP)
            tail = re.compile("".join(_GAP_RE + re.escape(p) for p in rest)) if rest else None
            self._tails.setdefault(head, []).append((key, pattern, tail))
            node = self._trie
            for ch in head:
                node = node.setdefault(ch, {})
            node[_END] = head
        self._scan = re.compile("(?=" + _trie_regex(self._trie) + ")") if self._tails else None

    def find(self, text: str) -> list[Hit]:
        if self._scan is None:
            return []
        hits: list[Hit] = []
        for m in self._scan.finditer(text):
            start = m.start()
            for head in self._heads_at(text, start):
                end = start + len(head)
                for key, pattern, tail in self._tails[head]:
                    if tail is None:
                        hits.append(Hit(key, pattern, start, end))
                    elif t := tail.match(text, end):
                        hits.append(Hit(key, pattern, start, t.end()))
        return hits

    def _heads_at(self, text: str, i: int) -> Iterable[str]:
        node = self._trie
        for ch in text[i:]:
            node = node.get(ch)
            if node is None:
                return
            if _END in node:
                yield node[_END]


def _trie_regex(node: dict) -> str:
    """A regex equivalent to the trie, with alternatives factored by shared prefix."""
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in node.items() if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A head ending here makes the rest optional: the look-ahead only needs the shortest match.
    return "(?:" + body + ")?" if _END in node else body


# -- script ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """Characters OpenCC's t2s would change: only texts containing one need converting."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        if len(trad) == 1 and simp.split(" ")[0] != trad:
            chars.add(trad)
    return re.compile("[" + "".join(sorted(re.escape(c) for c in chars)) + "]")


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified script, for matching only; conversion is skipped when not needed
    because the pure-Python converter is slow and nearly all reports are simplified already."""
    if text.isascii() or not _traditional().search(text):
        return text
    return _t2s().convert(text)
