"""``write_index``: build every static file the browser search needs (see README.md)."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from generator.models import ROLE_NAMES
from generator.search import gzmemo, store
from generator.search.normalize import fold_table
from generator.search.postings import (
    KEY_SHIFT,
    build_group,
    char_groups,
    corpus_codes,
    passage_starts,
)
from generator.search.shards import plan_shards, write_shards
from generator.workers import apart

log = logging.getLogger(__name__)

GROUPS = 16
"""Postings are built in this many groups of first characters (bounds memory, runs in parallel)."""
SHARD_TARGET = 24_000
"""Raw bytes of lists per shard file (about 16 KB gzipped)."""
FORMAT = 1

# The corpus being indexed (set by write_index, sent to the shard-group processes).
_CODES = np.zeros(0, dtype=np.uint32)
_STARTS = np.zeros(0, dtype=np.int64)
_GROUP_OF = np.zeros(0, dtype=np.uint8)
_LEADS = np.zeros(0, dtype=np.int32)
_CHUNK_ARGS: tuple = ()
_MEMO = False


@dataclass(frozen=True, slots=True)
class IndexStats:
    passages: int
    reports: int
    text_bytes: int
    """UTF-8 bytes of all passage texts."""
    index_bytes: int
    files: int
    seconds: float


def _task(out: Path, task: int
          ) -> tuple[int, dict[int, int], int, dict[str, int], list[gzmemo.Record]]:
    """Task ``0..GROUPS-1``: one group of shards; ``GROUPS``: the text chunks."""
    cpu = time.process_time()
    records: list[gzmemo.Record] | None = [] if _MEMO else None
    if task >= GROUPS:
        passages, report_of, reports = _CHUNK_ARGS
        written = store.write_chunks(passages, report_of, reports, out, records)
        log.debug("text chunks: %.1f s CPU", time.process_time() - cpu)
        return 0, {}, written, {}, records or []
    postings = build_group(_CODES, _STARTS, _GROUP_OF, _LEADS, task)
    encoded = time.process_time()
    plan = plan_shards([postings], SHARD_TARGET, task)
    written = write_shards([postings], plan, out / "k", records=records)
    log.debug(
        "shard group %d: %.1f s CPU postings, %.1f s CPU files",
        task,
        encoded - cpu,
        time.process_time() - encoded,
    )
    return plan.small, plan.big, written, heavy_keys(postings), records or []


def heavy_keys(postings) -> dict[str, int]:
    """Keys whose list exceeds a shard's size, with their size in KB: the client avoids them
    when it can choose which bigrams of a long query to fetch."""
    sizes = np.diff(postings.starts)
    heavy = {}
    for i in np.flatnonzero(sizes >= SHARD_TARGET).tolist():
        key = int(postings.keys[i])
        first, second = key >> KEY_SHIFT, key & ((1 << KEY_SHIFT) - 1)
        if first < 0x10000 and 0 < second < 0x10000:
            heavy[chr(first) + chr(second)] = round(int(sizes[i]) / 1000)
    return heavy


def _build_files(out: Path, jobs: int, records: list[gzmemo.Record]
                 ) -> tuple[list[int], dict[int, int], int, dict]:
    """Shard groups in ``jobs`` processes of their own (:func:`~generator.workers.apart`,
    each sent the corpus's arrays and a share of the groups) while this process writes the
    text chunks. Forked, each would count all of this build's memory in its own (three
    gigabytes at 10,000 reports) before adding its postings."""
    groups = list(range(GROUPS))
    if jobs > 1:
        shares = [groups[k::jobs] for k in range(jobs)]
        with contextlib.ExitStack() as stack:
            # the arrays go through files (written once, from the arrays themselves): a
            # pickle of them for each process costs their size again here, for a while
            arrays = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=out.parent)))
            for name, array in zip(_ARRAYS, (_CODES, _STARTS, _GROUP_OF, _LEADS), strict=True):
                np.save(arrays / f"{name}.npy", array)
            pending = [stack.enter_context(apart(_group_tasks, (
                out, share, arrays, _MEMO, gzmemo.KNOWN))) for share in shares]
            chunks = _task(out, GROUPS)
            done = {g: got for share, wait in zip(shares, pending, strict=True)
                    for g, got in zip(share, wait(), strict=True)}
        results = [*(done[g] for g in groups), chunks]
    else:
        results = [_task(out, g) for g in [*groups, GROUPS]]
    small, big, written, heavy = [0] * GROUPS, {}, 0, {}
    for task, (n_small, n_big, n_bytes, n_heavy, found) in zip([*groups, GROUPS], results,
                                                               strict=True):
        records.extend(found)
        if task < GROUPS:
            small[task] = n_small
        big.update(n_big)
        heavy.update(n_heavy)
        written += n_bytes
    return small, big, written, dict(sorted(heavy.items()))


_ARRAYS = ("codes", "starts", "group_of", "leads")


def _group_tasks(out: Path, tasks: list[int], arrays: Path, memo: bool,
                 known: dict[str, tuple[str, str, int]]) -> list[tuple]:
    """:func:`_task` for each of ``tasks`` (shard groups), in a process of its own, with
    the corpus's arrays read from ``arrays``."""
    global _CODES, _STARTS, _GROUP_OF, _LEADS, _MEMO
    _CODES, _STARTS, _GROUP_OF, _LEADS = (np.load(arrays / f"{name}.npy") for name in _ARRAYS)
    _MEMO, gzmemo.KNOWN = memo, known
    return [_task(out, task) for task in tasks]


def _clear(out_dir: Path) -> None:
    """Remove a previous index's files (only those), so no stale shard survives a rebuild."""
    for name in ("k", "t", "r", "f"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
    for name in ("meta.json.gz", "fold.json.gz"):
        (out_dir / name).unlink(missing_ok=True)


def order_passages(
    passages: list[dict], reports: list[dict]
) -> tuple[list[dict], list[dict], list[int]]:
    """Reports in the given order (plus any only passages name), passages grouped by report."""
    index = {r["slug"]: i for i, r in enumerate(reports)}
    reports = list(reports)
    for p in passages:
        if p["report"] not in index:
            index[p["report"]] = len(reports)
            reports.append({"slug": p["report"], "title": p["report"]})
    ordered = sorted(passages, key=lambda p: index[p["report"]])  # stable: document order
    return ordered, reports, [index[p["report"]] for p in ordered]


def _catalogue(
    passages: list[dict],
    reports: list[dict],
    report_of: list[int],
    small: list[int],
    big: dict[int, int],
    labels: dict[str, dict],
) -> dict:
    """``meta.json``: what the client needs before its first shard (see README.md)."""
    values, columns = store.facet_columns(reports)
    counts = [0] * len(reports)
    for r in report_of:
        counts[r] += 1
    roles = {role: i for i, role in enumerate(store.ROLES)}
    return {
        "format": FORMAT,
        "passages": len(passages),
        "reports": len(reports),
        "chunk": store.CHUNK,
        "reportChunk": store.REPORT_CHUNK,
        "groups": GROUPS,
        "small": small,
        "big": {str(c): n for c, n in sorted(big.items())},
        "roles": list(store.ROLES),
        "roleNames": ROLE_NAMES,
        "facets": values,
        "columns": columns,
        "counts": counts,
        "passageRoles": "".join(str(roles.get(p.get("role"), 6)) for p in passages),
        "labels": labels,
    }


def write_index(
    passages: list[dict],
    reports: list[dict],
    out_dir: Path,
    names: dict[str, str] | None = None,
    jobs: int = 0,
    known: Mapping[str, tuple[str, str, int]] | None = None,
    records: list[gzmemo.Record] | None = None,
) -> dict:
    """Write the search index for ``passages`` (``passages.jsonl`` rows) and ``reports``
    (``reports.json`` entries) under ``out_dir``; returns :class:`IndexStats` as a dict.

    ``names`` maps theme and problem-type ids to display names (ids are shown otherwise).
    With ``records`` (a list to fill), the shards and text chunks whose uncompressed bytes
    ``known`` has (:mod:`generator.search.gzmemo`) are not written; every shard and chunk is
    recorded, with whether it was kept.
    """
    global _CODES, _STARTS, _GROUP_OF, _LEADS, _CHUNK_ARGS, _MEMO
    started = time.perf_counter()
    out_dir = Path(out_dir)
    _clear(out_dir)
    passages, reports, report_of = order_passages(passages, reports)
    _CODES = corpus_codes([p["text"] for p in passages], fold_table())
    _STARTS, _GROUP_OF = passage_starts(_CODES), char_groups(_CODES, GROUPS)
    present = {chr(c) for c in np.flatnonzero(np.bincount(_CODES)).tolist() if c}
    _LEADS = np.asarray([store.lead_length(p) for p in passages] + [0], dtype=np.int32)
    log.debug("corpus prepared: %.1f s", time.perf_counter() - started)
    _CHUNK_ARGS = (passages, report_of, reports)
    _MEMO = records is not None
    gzmemo.KNOWN = dict(known or {})
    found: list[gzmemo.Record] = []
    try:
        small, big, written, heavy = _build_files(out_dir, jobs or min(2, os.cpu_count() or 1),
                                                  found)
    finally:
        _MEMO, gzmemo.KNOWN = False, {}
        # empty copies, not views (``a[:0]`` would keep the whole corpus's arrays, 300 MB
        # at 10,000 reports, alive in this process and every process it forks later)
        _CODES, _STARTS, _GROUP_OF, _LEADS, _CHUNK_ARGS = (
            _CODES[:0].copy(),
            _STARTS[:0].copy(),
            _GROUP_OF[:0].copy(),
            _LEADS[:0].copy(),
            (),
        )
    written += store.write_reports(reports, out_dir)
    labels = {
        "themes": store.write_labels(passages, "themes", "t", out_dir),
        "problem_types": store.write_labels(passages, "problem_types", "p", out_dir),
    }
    for catalogue in labels.values():
        for label, entry in catalogue.items():
            entry["name"] = (names or {}).get(label, label)
    meta = _catalogue(passages, reports, report_of, small, big, labels)
    meta["heavy"] = heavy
    written += store.write_gz(out_dir / "meta.json.gz", store._json(meta))
    written += store.write_fold(out_dir, present)
    stats = IndexStats(
        len(passages),
        len(reports),
        sum(len(p["text"].encode()) for p in passages),
        written,
        sum(1 for f in out_dir.rglob("*") if f.is_file()) + sum(r[4] for r in found),
        round(time.perf_counter() - started, 2),
    )
    log.info("search index: %s", stats)
    if records is not None:
        records.extend(found)
    return asdict(stats)
