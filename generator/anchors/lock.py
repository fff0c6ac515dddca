"""``corpus/anchors.lock``: the committed record that keeps passage links permanent.

A plain-text file, one block per report, deterministic order, readable in a diff::

    [2023-qu-wei-banzi]
    source 3f2a…(sha256) 2023-qu-wei-banzi.txt
    renamed-from old-slug
    p-abc234 point 1.1.2 9f0c1d2e3a 0a1b0c2d… | 学用结合不够紧密
    p-xyz777 -> p-abc234

Passage lines: anchor, kind, path, content hash, bigram sketch, ``|`` and a short excerpt
for humans (ignored when read). ``->`` lines are forwards from vanished passages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.anchors import sketch as sk
from generator.models import Problem

HEADER = ("# anchors.lock: permanent passage anchors (ARCHITECTURE.md, \"Identity and links\").\n"
          "# Written by `python -m generator build`; commit it with the corpus. Do not edit.\n")
_EXCERPT = 16


@dataclass(frozen=True, slots=True)
class Entry:
    anchor: str
    kind: str
    path: str
    fp: str
    sketch: tuple[int, ...]
    excerpt: str = ""


@dataclass(slots=True)
class Block:
    slug: str
    source: str = ""
    sha256: str = ""
    renamed_from: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    forwards: dict[str, str] = field(default_factory=dict)

    def anchors(self) -> set[str]:
        """Every anchor this report ever handed out (live or forwarded)."""
        return {e.anchor for e in self.entries} | set(self.forwards)


def load(path: Path) -> tuple[dict[str, Block], list[Problem]]:
    """Read the lock; a damaged line is reported and skipped, never fatal."""
    if not path.exists():
        return {}, []

    blocks: dict[str, Block] = {}
    problems: list[Problem] = []
    block: Block | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line, _, excerpt = raw.partition(" | ")
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        try:
            if line.startswith("[") and line.endswith("]"):
                block = blocks.setdefault(line[1:-1], Block(line[1:-1]))
            elif block is None:
                raise ValueError("line before the first [report] header")
            elif words[0] == "source":
                block.sha256, block.source = words[1], line.split(None, 2)[2]
            elif words[0] == "renamed-from":
                block.renamed_from.append(words[1])
            elif len(words) == 3 and words[1] == "->":
                block.forwards[words[0]] = words[2]
            else:
                anchor, kind, path_, fp, sketch_text = words[:5]
                block.entries.append(Entry(anchor, kind, path_ if path_ != "-" else "", fp,
                                           sk.decode(sketch_text), excerpt))
        except (ValueError, IndexError) as exc:
            problems.append(Problem(path.name, number, f"unreadable anchors.lock line ({exc}); "
                                    "it will be rewritten by the next build", "warning"))
    return blocks, problems


def dump(blocks: Iterable[Block]) -> str:

    out = [HEADER]
    for block in sorted(blocks, key=lambda b: b.slug):
        out.append(f"\n[{block.slug}]\n")
        if block.source:
            out.append(f"source {block.sha256} {block.source}\n")
        out.extend(f"renamed-from {old}\n" for old in sorted(set(block.renamed_from)))
        for e in block.entries:
            excerpt = "".join(e.excerpt.split())[:_EXCERPT]
            out.append(f"{e.anchor} {e.kind} {e.path or '-'} {e.fp} {sk.encode(e.sketch)}"
                       f" | {excerpt}\n")
        out.extend(f"{old} -> {new}\n" for old, new in sorted(block.forwards.items()))
    return "".join(out)
