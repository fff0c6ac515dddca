"""Find every taxonomy pattern in a text, fast enough for 10,000 reports in plain Python.

All pattern heads (the literal before the first ``…``) go into one trie-shaped regex used only
as a look-ahead: the C regex engine skips the many characters where no pattern can start, and
Python walks a dict trie only at the few candidate positions, so overlapping and nested patterns
(学用结合 inside 学用结合不够) are all found, as with Aho-Corasick.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.chars import to_simplified

GAP = "…"
#: What may stand between the parts of ``A…B``: the same clause, at most 12 characters.
_GAP_RE = "[^。！？；\n]{0,12}?"
_END = ""  # trie key marking the end of a head


#: A hit: (key, pattern, start, end); ``key`` is the owner index given to ``Matcher``.
#: Plain tuples, because a passage yields dozens and a corpus tens of millions.
Hit = tuple[int, str, int, int]


class Matcher:
    """Compiled patterns; ``find`` returns every hit, overlapping ones included."""

    def __init__(self, entries: Iterable[tuple[int, str]]) -> None:
        self._trie: dict = {}
        plain: dict[str, list[tuple[int, str]]] = {}
        gapped: dict[str, list[tuple[int, str, str]]] = {}
        for key, pattern in entries:
            head, *rest = pattern.split(GAP)
            if rest:
                tail = "".join(_GAP_RE + re.escape(p) for p in rest)
                gapped.setdefault(head, []).append((key, pattern, tail))
            else:
                plain.setdefault(head, []).append((key, pattern))
            node = self._trie
            for ch in head:
                node = node.setdefault(ch, {})
            node[_END] = head
        self._plain = plain
        # All tails of one head in one regex of optional look-aheads: one match call tells
        # which of them follow, instead of one call per pattern.
        self._gapped = {
            head: (
                [(k, p) for k, p, _ in items],
                re.compile("".join(f"(?=({t}))?" for _, _, t in items)),
            )
            for head, items in gapped.items()
        }
        heads = set(plain) | set(gapped)
        # Longest head at a position → every plain pattern and every gapped head starting
        # there (the heads that are its prefixes, itself included), flattened in advance.
        nested = {h: [h[:i] for i in range(1, len(h) + 1) if h[:i] in heads] for h in heads}
        self._flat = {
            h: [(k, p, len(x)) for x in xs for k, p in plain.get(x, ())] for h, xs in nested.items()
        }
        self._flat_gapped = {
            h: [(len(x), *self._gapped[x]) for x in xs if x in self._gapped]
            for h, xs in nested.items()
        }
        self._flat_gapped = {h: v for h, v in self._flat_gapped.items() if v}
        roots = sorted(ch for ch in self._trie if ch != _END)
        self._scan = re.compile(_dispatch(self._trie, roots)) if roots else None

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``, in order of start. The regex (greedy, so it returns the
        longest head) jumps to the next position where some head starts; the shorter heads at
        that position are its prefixes, known in advance (学用结合 / 学用结合不够). The search
        resumes one character later, so overlapping heads (学用结合 / 用结合) are found too."""
        hits: list[Hit] = []
        if self._scan is None:
            return hits
        search, flat, gapped = self._scan.search, self._flat, self._flat_gapped
        pos = 0
        while m := search(text, pos):
            pos = m.start()
            head = m.group()
            for key, pattern, n in flat[head]:
                hits.append((key, pattern, pos, pos + n))
            for n, owners, tails in gapped.get(head, ()):
                t = tails.match(text, pos + n)
                for i, (key, pattern) in enumerate(owners, 1):
                    if t.start(i) >= 0:
                        hits.append((key, pattern, pos, t.end(i)))
            pos += 1
        return hits


def _dispatch(trie: dict, chars: list[str], leaf: int = 16) -> str:
    """The trie as a regex whose root is a binary tree of character-class look-aheads: the
    engine tries alternatives one by one, so a flat root of ~600 first characters would cost
    ~600 comparisons at every candidate position."""
    if len(chars) <= leaf:
        return "(?:" + "|".join(re.escape(ch) + _trie_regex(trie[ch]) for ch in chars) + ")"
    left, right = chars[: len(chars) // 2], chars[len(chars) // 2 :]
    cls = "".join(re.escape(ch) for ch in left)
    return f"(?:(?=[{cls}]){_dispatch(trie, left, leaf)}|{_dispatch(trie, right, leaf)})"


def _trie_regex(node: dict) -> str:
    """A regex equivalent to the trie, with alternatives factored by shared prefix."""
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in node.items() if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A head may end here, so the rest is optional.
    return "(?:" + body + ")?" if _END in node else body


# -- script ---------------------------------------------------------------------------------------


def simplified(text: str) -> str:
    """``text`` in simplified script, for matching only (the one table in
    :mod:`generator.chars`)."""
    return to_simplified(text)
