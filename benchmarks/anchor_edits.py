"""Edit classes for the anchor stability benchmark (issue 5): text transformations of a corpus
copy, each recording what every old passage should look like afterwards.

Passages come from a build's ``passages.jsonl``; each is located in its source file (the
exported text is the source with whitespace and Markdown emphasis markers dropped), so edits
are made to the source the way a person editing the report would make them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CN = "一二三四五六七八九十"
_SKIP = re.compile(r"[\s*]")  # source characters the exported text may drop
_POINT_NUM = re.compile(r"^([一二三四五六七八九十]+)是")
_SUB_NUM = re.compile(r"^（[一二三四五六七八九十]+）")
_SECTION_NUM = re.compile(r"^[一二三四五六七八九十]+、")
# Punctuation ends leads and clauses, numerals and 是 make markers: editing them would change
# how the parser splits the text, which is class (f), not (b).
_STRUCTURAL = set("。；;：:？！?!、，,（）()“”\"'是" + CN)
_REPLACEMENTS = "某甲乙丙丁其该此各诸"


@dataclass(frozen=True, slots=True)
class Passage:
    report: str
    anchor: str
    kind: str
    path: str
    text: str
    url: str
    lead: str | None = None


@dataclass(slots=True)
class Located:
    """A passage and its span ``[start, end)`` in its source file's text."""

    passage: Passage
    start: int
    end: int


@dataclass(slots=True)
class Source:
    file: Path
    text: str
    passages: list[Located]


@dataclass(slots=True)
class Variant:
    """An edited corpus: files to write, files to delete, and per old anchor id
    (``report#p-…``) the expected text afterwards (``None``: the passage was deleted)."""

    name: str
    title: str
    writes: dict[str, str] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)
    expected: dict[str, str | None] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)
    """Old report slug → new slug (renamed files)."""
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Old anchor id → the passages it was split into (any of them counts as the same)."""


def cn_number(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    return ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


def locate(corpus: Path, passages: list[Passage]) -> dict[str, Source]:
    """Find every passage in its source file, in document order."""
    files = {p.stem.lower(): p for p in corpus.iterdir() if p.suffix in {".txt", ".md"}}
    sources: dict[str, Source] = {}
    for passage in passages:
        if passage.report not in sources:
            file = files[passage.report]
            sources[passage.report] = Source(file, file.read_text("utf-8"), [])
        src = sources[passage.report]
        after = src.passages[-1].end if src.passages else 0
        start, end = _find(src.text, passage.text, after)
        src.passages.append(Located(passage, start, end))
    return sources


def _find(source: str, text: str, after: int) -> tuple[int, int]:
    body = _SKIP.sub("", text)
    pattern = r"[\s*]*".join(re.escape(c) for c in body)
    match = re.compile(pattern).search(source, after) or re.compile(pattern).search(source)
    if not match:
        raise LookupError(f"passage not found in source: {text[:30]}")
    return match.start(), match.end()


def source_offsets(source: str, loc: Located) -> list[int]:
    """Source offset of each character of the passage text that the source contains."""
    out = []
    for i in range(loc.start, loc.end):
        if not _SKIP.match(source[i]):
            out.append(i)
    return out


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply non-overlapping ``(start, end, replacement)`` edits."""
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _key(p: Passage) -> str:
    return f"{p.report}#{p.anchor}"


def _unchanged(sources: dict[str, Source]) -> dict[str, str | None]:
    return {_key(loc.passage): loc.passage.text for s in sources.values() for loc in s.passages}


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


# --- (a) ------------------------------------------------------------------------------------


def insert_points(sources: dict[str, Source], rng: random.Random) -> Variant:
    """A new point at the top of every section, right after the section heading's line."""
    v = Variant("a", "insert a point at the top of every section", expected=_unchanged(sources))
    for src in sources.values():
        edits = []
        for n, loc in enumerate(_sections(src), start=1):
            point = f"一是新增要点第{n}条。本条为检验段落链接稳定性而插入，与原文无关。"
            edits.append((_line_end(src.text, loc.end),) * 2 + ("\n\n" + point + "\n",))
        v.writes[src.file.name] = splice(src.text, edits)
    return v


def _sections(src: Source) -> list[Located]:
    return [
        loc
        for loc in src.passages
        if loc.passage.kind == "heading" and loc.passage.path.count(".") == 0 and loc.passage.path
    ]


# --- (b) ------------------------------------------------------------------------------------


def change_characters(
    sources: dict[str, Source], rng: random.Random, share: float = 0.2
) -> Variant:
    """1–3 characters replaced in ``share`` of all passages (never numbering or punctuation,
    which would change how the parser splits the text rather than the passage)."""
    v = Variant("b", "change 1–3 characters in 20% of passages", expected=_unchanged(sources))
    every = [(src, loc) for src in sources.values() for loc in src.passages]
    chosen = rng.sample(every, round(len(every) * share))
    edits: dict[str, list[tuple[int, int, str]]] = {}
    for src, loc in chosen:
        text = loc.passage.text
        offsets = source_offsets(src.text, loc)
        visible = [i for i, c in enumerate(text) if not _SKIP.match(c)]
        editable = [
            k
            for k in range(_number_length(text), len(visible))
            if text[visible[k]] not in _STRUCTURAL
        ]
        if not editable:
            continue
        new = list(text)
        for k in rng.sample(editable, min(len(editable), rng.randint(1, 3))):
            char = rng.choice([c for c in _REPLACEMENTS if c != text[visible[k]]])
            new[visible[k]] = char
            edits.setdefault(src.file.name, []).append((offsets[k], offsets[k] + 1, char))
        v.expected[_key(loc.passage)] = "".join(new)
    for src in sources.values():
        v.writes[src.file.name] = splice(src.text, edits.get(src.file.name, []))
    return v


def _number_length(text: str) -> int:
    match = _POINT_NUM.match(text) or _SUB_NUM.match(text) or _SECTION_NUM.match(text)
    return len(match.group(0)) if match else 0


# --- (c) ------------------------------------------------------------------------------------


def reorder_subsections(sources: dict[str, Source], rng: random.Random) -> Variant:
    """Every section's subsections in reverse order, renumbered （一）（二）… as an editor
    would: each heading's number changes, nothing else does."""
    v = Variant("c", "reorder subsections (reversed, renumbered)", expected=_unchanged(sources))
    for src in sources.values():
        edits = []
        for blocks in _subsection_blocks(src):
            if len(blocks) < 2:
                continue
            texts = [src.text[start:end] for start, end, _ in blocks]
            numbers = [_SUB_NUM.match(t).group(0) for t in texts]
            for slot, moved in enumerate(reversed(range(len(blocks)))):
                body = texts[moved][len(numbers[moved]) :]
                edits.append((blocks[slot][0], blocks[slot][1], numbers[slot] + body))
                heading = blocks[moved][2].passage
                v.expected[_key(heading)] = numbers[slot] + heading.text[len(numbers[moved]) :]
        v.writes[src.file.name] = splice(src.text, edits)
    return v


def _subsection_blocks(src: Source) -> list[list[tuple[int, int, Located]]]:
    """Per section: (start, end, heading) of each numbered subsection with its content."""
    out: list[list[tuple[int, int, Located]]] = []
    for section in _sections(src):
        blocks = []
        for loc in src.passages:
            p = loc.passage
            if (
                p.kind == "heading"
                and p.path.startswith(section.passage.path + ".")
                and p.path.count(".") == 1
                and _SUB_NUM.match(p.text)
            ):
                inside = [
                    x.end
                    for x in src.passages
                    if x.passage.path == p.path or x.passage.path.startswith(p.path + ".")
                ]
                blocks.append((loc.start, max(inside), loc))
        out.append(blocks)
    return out


# --- (d) ------------------------------------------------------------------------------------


def delete_passages(sources: dict[str, Source], rng: random.Random, share: float = 0.1) -> Variant:
    """``share`` of all passages deleted (paragraphs and points; headings stay so the outline
    survives); later points of the same list are renumbered as an editor would."""
    v = Variant(
        "d", "delete 10% of passages (later points renumbered)", expected=_unchanged(sources)
    )
    every = [(src, loc) for src in sources.values() for loc in src.passages]
    bodies = [(s, loc) for s, loc in every if loc.passage.kind != "heading"]
    doomed = {id(loc) for _, loc in rng.sample(bodies, round(len(every) * share))}
    for src in sources.values():
        edits = []
        for loc in src.passages:
            if id(loc) in doomed:
                edits.append((loc.start, loc.end, ""))
                v.expected[_key(loc.passage)] = None
        edits += _renumber_points(src, doomed, v)
        v.writes[src.file.name] = splice(src.text, edits)
    return v


def _renumber_points(src: Source, doomed: set[int], v: Variant) -> list[tuple[int, int, str]]:
    edits = []
    lists: dict[str, list[Located]] = {}
    for loc in src.passages:
        if loc.passage.kind == "point" and _POINT_NUM.match(loc.passage.text):
            lists.setdefault(loc.passage.path.rpartition(".")[0], []).append(loc)
    for points in lists.values():
        kept = [loc for loc in points if id(loc) not in doomed]
        for n, loc in enumerate(kept, start=1):
            old = _POINT_NUM.match(loc.passage.text).group(1)
            if old == cn_number(n):
                continue
            edits.append((loc.start, loc.start + len(old), cn_number(n)))
            v.expected[_key(loc.passage)] = cn_number(n) + loc.passage.text[len(old) :]
    return edits


# --- (e) ------------------------------------------------------------------------------------


def rename_files(sources: dict[str, Source], rng: random.Random) -> Variant:
    """Every report file renamed (so every old link goes through a redirect page)."""
    v = Variant("e", "rename every report file", expected=_unchanged(sources))
    for slug, src in sources.items():
        new = f"{src.file.stem}-renamed"
        v.deletes.append(src.file.name)
        v.writes[new + src.file.suffix] = src.text
        v.slugs[slug] = new.lower()
    return v


# --- (f) ------------------------------------------------------------------------------------


def relayout_points(sources: dict[str, Source], rng: random.Random) -> Variant:
    """Layout only (an extra class, not in issue 5): every 一是/二是 point written inline
    becomes a paragraph of its own, and every point that was a paragraph of its own is joined
    to the paragraph before it. The parser is layout-blind, so passages and paths stay."""
    v = Variant(
        "g",
        "re-layout points (inline ↔ own paragraph)",
        expected=_unchanged(sources),
    )
    for src in sources.values():
        edits = []
        for prev, loc in zip(src.passages, src.passages[1:], strict=False):
            if loc.passage.kind != "point":
                continue
            gap = src.text[prev.end : loc.start]
            if "\n" in gap and prev.passage.kind == "heading":
                continue  # joining would change the heading's text
            if "\n" in gap:
                edits.append((prev.end, loc.start, ""))  # join to the paragraph before
            else:
                edits.append((prev.end, loc.start, gap + "\n\n"))
        v.writes[src.file.name] = splice(src.text, edits)
    return v


def split_points(sources: dict[str, Source], rng: random.Random) -> Variant:
    """The parser treats 一是/二是 points as sub-blocks: each point's numbered lead clause
    becomes a block of its own and the rest a paragraph below it (emulated by starting a
    new paragraph after the lead's full stop). Passage boundaries and the numbering of
    everything after the first point change; an old point link may land on either part."""
    v = Variant(
        "f", "points split into lead + body (parser numbering change)", expected=_unchanged(sources)
    )
    for src in sources.values():
        edits = []
        for loc in src.passages:
            cut = _lead_end(loc.passage)
            if cut is None:
                continue
            offsets = source_offsets(src.text, loc)
            visible = [i for i, c in enumerate(loc.passage.text) if not _SKIP.match(c)]
            at = offsets[visible.index(cut - 1)] + 1
            edits.append((at, at, "\n\n"))
            text = loc.passage.text
            v.parts[_key(loc.passage)] = (text[:cut], text[cut:])
        v.writes[src.file.name] = splice(src.text, edits)
    return v


def _lead_end(p: Passage) -> int | None:
    """Index just after the full stop that ends a point's lead clause (None: no such)."""
    number = _POINT_NUM.match(p.text)
    if p.kind != "point" or not number or not p.lead:
        return None
    end = len(number.group(0)) + len(p.lead)
    if p.text[len(number.group(0)) : end] != p.lead or p.text[end : end + 1] != "。":
        return None
    return end + 1 if end + 1 < len(p.text) else None


EDITS: dict[str, Callable[[dict[str, Source], random.Random], Variant]] = {
    "a": insert_points,
    "b": change_characters,
    "c": reorder_subsections,
    "d": delete_passages,
    "e": rename_files,
    "f": split_points,
    "g": relayout_points,
}


def apply(variant: Variant, corpus: Path) -> None:
    """Write ``variant`` into the corpus copy ``corpus``."""
    for name in variant.deletes:
        (corpus / name).unlink()
    for name, text in variant.writes.items():
        (corpus / name).write_text(text, "utf-8")
