"""Carry anchors across rebuilds (ARCHITECTURE.md, "Identity and links").

For each report, passages are matched to the lock's entries: first by exact content, then
by bigram similarity (ties broken by position), and what is left is new or gone. Gone
anchors are forwarded to the nearest surviving passage. A report whose slug is new but
whose content matches a report that vanished from the corpus is a rename.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from generator.anchors.hashing import text_hash
from generator.anchors.lock import Block, Entry, dump
from generator.anchors.sketch import content_hash, similarity, sketch
from generator.models import Passage, Report, Section

#: Similarity above which an edited passage is "clearly the same passage".
SAME = 0.5
#: Lower bar for a passage of the same kind at the same outline position (short headings
#: change a lot in bigram terms when one character changes).
SAME_PLACE = 0.2


@dataclass(slots=True)
class Stats:
    kept: int = 0
    moved: int = 0
    forwarded: int = 0
    new: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reconciled:
    reports: list[Report]
    blocks: dict[str, Block]
    stats: Stats

    def lock_text(self) -> str:
        """The lock to write back once the site it belongs to is in place."""
        return dump(self.blocks.values())

    def for_pages(self) -> Reconciled:
        """These reports, with blocks that keep only what the pages read of them (renames
        and forwards), once the lock text is written: the passages' entries, most of a
        block (350 MB at 10,000 reports), are the lock's alone."""
        return replace(self, blocks={slug: replace(b, entries=[])
                                     for slug, b in self.blocks.items()})


class Memo(Protocol):
    """Remembers :func:`reconcile`'s per-report result (the build's cache): a report with
    the same content, reconciled against the same lock block, gets the same anchors."""

    def get(self, report: Report, previous: Block | None
            ) -> tuple[Report, Block, Stats] | None: ...

    def put(self, report: Report, previous: Block | None,
            value: tuple[Report, Block, Stats]) -> None: ...

    def settled(self, report: Report, anchored: Report, block: Block) -> None:
        """``report`` (as parsed) became ``anchored`` with ``block``, the block it will find
        in the lock next time: reconciled against it, it gets the same anchors."""


def reconcile(reports: Sequence[Report], locked: dict[str, Block],
              memo: Memo | None = None) -> Reconciled:
    """Reports with permanent anchors, and the lock to write back."""
    stats = Stats()
    renames = _renames(reports, locked)
    blocks = dict(locked)
    out = []
    for parsed in reports:
        report = parsed
        old_slug = renames.get(report.slug)
        previous = locked.get(old_slug or report.slug)
        if old_slug:
            stats.renamed.append((old_slug, report.slug))
            blocks.pop(old_slug, None)
        report, block = _memoized(report, previous, stats, memo)
        if old_slug:
            block.renamed_from = sorted({*previous.renamed_from, old_slug})
        blocks[report.slug] = block
        if memo is not None:
            memo.settled(parsed, report, block)
        out.append(report)
    return Reconciled(out, blocks, stats)


def _memoized(report: Report, previous: Block | None, stats: Stats, memo: Memo | None
              ) -> tuple[Report, Block]:
    hit = memo.get(report, previous) if memo is not None else None
    if hit is None:
        mine = Stats()
        out, block = _reconcile_report(report, previous, mine)
        if memo is not None:
            memo.put(report, previous, (out, replace_block(block), mine))
    else:
        out, block, mine = hit
    stats.kept += mine.kept
    stats.moved += mine.moved
    stats.forwarded += mine.forwarded
    stats.new += mine.new
    return out, block


def replace_block(block: Block) -> Block:
    """A copy of ``block`` (the caller goes on to change the original's renames)."""
    return Block(block.slug, block.source, block.sha256, list(block.renamed_from),
                 list(block.entries), dict(block.forwards))


def _renames(reports: Sequence[Report], locked: dict[str, Block]) -> dict[str, str]:
    """new slug → old slug, for reports that appear under a new name."""
    current = {r.slug for r in reports}
    orphans = [b for slug, b in locked.items() if slug not in current]
    found: dict[str, str] = {}
    for report in reports:
        if report.slug in locked or not orphans:
            continue
        fps = Counter(content_hash(p.text) for p in report.passages)
        best = max(orphans, key=lambda b: (b.sha256 == report.source.sha256,
                                           _overlap(fps, b)), default=None)
        if best and (best.sha256 == report.source.sha256 or _overlap(fps, best) >= 0.5):
            found[report.slug] = best.slug
            orphans.remove(best)
    return found


def _overlap(fps: Counter[str], block: Block) -> float:
    old = {e.fp for e in block.entries}
    return sum(1 for fp in fps if fp in old) / max(len(fps), len(old), 1)


def _reconcile_report(report: Report, block: Block | None, stats: Stats
                      ) -> tuple[Report, Block]:
    old = block.entries if block else []
    sketches = [sketch(p.text) for p in report.passages]
    fps = [content_hash(p.text) for p in report.passages]
    match = _match_exact(fps, old)
    stats.kept += len(match)
    moved = _match_similar(report.passages, sketches, old, match)
    stats.moved += len(moved)
    match.update(moved)
    taken = (block.anchors() if block else set()) | {old[j].anchor for j in match.values()}
    anchors = _anchors(report.passages, old, match, taken, stats)
    forwards = _forwards(block, old, match, anchors, stats)
    entries = [Entry(a, p.kind, p.path, fp, sk, p.lead or p.text)
               for a, p, fp, sk in zip(anchors, report.passages, fps, sketches, strict=True)]
    new_block = Block(report.slug, report.source.path.name, report.source.sha256,
                      list(block.renamed_from) if block else [], entries, forwards)
    return with_anchors(report, anchors), new_block


def _match_exact(fps: list[str], old: list[Entry]) -> dict[int, int]:
    """new index → old index for identical texts (in order, for repeated texts)."""
    by_fp: dict[str, list[int]] = {}
    for j, entry in enumerate(old):
        by_fp.setdefault(entry.fp, []).append(j)
    match = {}
    for i, fp in enumerate(fps):
        if by_fp.get(fp):
            match[i] = by_fp[fp].pop(0)
    return match


def _match_similar(passages: Sequence[Passage], sketches: list[tuple[int, ...]],
                   old: list[Entry], match: dict[int, int]) -> dict[int, int]:
    """Greedy best-first pairing of the remaining passages by similarity."""
    used = set(match.values())
    new_left = [i for i in range(len(passages)) if i not in match]
    old_left = [j for j in range(len(old)) if j not in used]
    scale = max(len(passages), len(old), 1)
    candidates = []
    for i in new_left:
        for j in old_left:
            score = similarity(sketches[i], old[j].sketch)
            same_place = passages[i].kind == old[j].kind and passages[i].path == old[j].path
            if score >= SAME or (same_place and score >= SAME_PLACE):
                candidates.append((-score, abs(i / scale - j / scale), i, j))
    found: dict[int, int] = {}
    for _, _, i, j in sorted(candidates):
        if i not in found and j not in used:
            found[i] = j
            used.add(j)
    return found


def _anchors(passages: Sequence[Passage], old: list[Entry], match: dict[int, int],
             taken: set[str], stats: Stats) -> list[str]:
    """Matched passages keep their locked anchor; new ones get a fresh, unused hash."""
    anchors = []
    for i, passage in enumerate(passages):
        if i in match:
            anchors.append(old[match[i]].anchor)
            continue
        salt, anchor = 0, text_hash(passage.text)
        while anchor in taken:
            salt += 1
            anchor = text_hash(passage.text, salt)
        taken.add(anchor)
        anchors.append(anchor)
        stats.new += 1
    return anchors


def _forwards(block: Block | None, old: list[Entry], match: dict[int, int],
              anchors: list[str], stats: Stats) -> dict[str, str]:
    """Every anchor that no longer names a passage → the nearest surviving passage."""
    if block is None:
        return {}
    live = set(anchors)
    survivor = {j: anchors[i] for i, j in match.items()}
    forwards: dict[str, str] = {}
    for j, entry in enumerate(old):
        if j not in survivor:
            forwards[entry.anchor] = _nearest(j, survivor, anchors, old)
            stats.forwarded += 1
    for gone, target in block.forwards.items():
        if gone not in live:  # earlier forwards follow their target if it moved on
            forwards[gone] = target if target in live else forwards.get(target, anchors[0])
    return {k: v for k, v in forwards.items() if k not in live and anchors}


def _nearest(j: int, survivor: dict[int, str], anchors: list[str], old: list[Entry]) -> str:
    """The surviving passage closest in the old order, preferring one in the same part of
    the outline (a deleted last point goes to the point before it, not to the next
    subsection's heading); among equals the next one."""
    if not survivor:
        return anchors[0] if anchors else ""
    own = old[j].path.split(".")

    def rank(k: int) -> tuple[int, int, int]:
        shared = 0
        for a, b in zip(own, old[k].path.split("."), strict=False):
            if a != b:
                break
            shared += 1
        return (-shared, abs(k - j), 0 if k > j else 1)

    window = [k for k in survivor if abs(k - j) <= 3] or list(survivor)
    return survivor[min(window, key=rank)]


def with_anchors(report: Report, anchors: list[str]) -> Report:
    """The report with new passage anchors, its outline's anchors updated to match."""
    mapping = {p.anchor: a for p, a in zip(report.passages, anchors, strict=True)}
    passages = tuple(replace(p, anchor=a) for p, a in zip(report.passages, anchors, strict=True))
    sections = tuple(_remap_section(s, mapping) for s in report.sections)
    return replace(report, passages=passages, sections=sections)


def _remap_section(section: Section, mapping: dict[str, str]) -> Section:
    subs = tuple(replace(s, anchor=mapping.get(s.anchor, s.anchor))
                 for s in section.subsections)
    return replace(section, anchor=mapping.get(section.anchor, section.anchor), subsections=subs)
