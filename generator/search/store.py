"""Everything the browser needs besides the bigram shards: the catalogue (``meta.json.gz``),
passage text in small chunks, report titles, label lists and the folding table."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator.models import ROLE_NAMES
from generator.search import gzmemo
from generator.search.normalize import fold_map
from generator.search.shards import varint_bytes

CHUNK = 16
"""Passages per text chunk: one results page touches about one chunk per result."""
REPORT_CHUNK = 256
ROLES = tuple(ROLE_NAMES)
FACETS = ("year", "meeting", "level", "collective")


def write_gz(path: Path, data: bytes | str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    blob = gzip.compress(raw, compresslevel=6, mtime=0)
    path.write_bytes(blob)
    return len(blob)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def lead_length(passage: dict) -> int:
    """Characters at the start of the text that count as heading or lead clause for ranking."""
    if passage.get("kind") == "heading":
        return len(passage["text"])
    lead = passage.get("lead")
    at = passage["text"].find(lead) if lead else -1
    return at + len(lead) if at >= 0 else 0


def _row(p: dict, r: int, report: dict) -> list:
    """One passage for display; ``id`` and ``url`` only where they don't follow the usual
    ``<slug>#<anchor>`` and ``<report url>#<anchor>`` (the client rebuilds them)."""
    anchor = p["url"].partition("#")[2]
    row = [anchor, p["kind"], r, p.get("section"), p.get("heading"), p["text"], lead_length(p)]
    if p["id"] != f"{report['slug']}#{anchor}":
        row.append(p["id"])
    if p["url"] != f"{report_url(report)}#{anchor}":
        row += [None] * (8 - len(row)) + [p["url"]]
    return row


def report_url(report: dict) -> str:
    return report.get("url") or f"reports/{report['slug']}/"


def write_chunks(passages: list[dict], report_of: list[int], reports: list[dict], out: Path,
                 records: list[gzmemo.Record] | None = None) -> int:
    """Passage text and display fields, ``CHUNK`` passages a file, ``t/<n>.json.gz`` (with
    ``records``: unless :data:`gzmemo.KNOWN` has the bytes, see :mod:`generator.search.gzmemo`)."""
    written = 0
    (out / "t").mkdir(parents=True, exist_ok=True)
    for n, start in enumerate(range(0, len(passages), CHUNK)):
        rows, used = [], {}
        for i in range(start, min(start + CHUNK, len(passages))):
            report = reports[report_of[i]]
            used[report_of[i]] = [
                report.get("title") or report["slug"],
                report["slug"],
                report_url(report),
            ]
            rows.append(_row(passages[i], report_of[i], report))
        written += gzmemo.write(out, f"t/{n}.json.gz",
                                _json({"r": used, "p": rows}).encode("utf-8"), 6, records)
    return written


def write_reports(reports: list[dict], out: Path) -> int:
    """Report slug, title and URL, ``REPORT_CHUNK`` reports a file (for per-report statistics)."""
    written = 0
    for n, start in enumerate(range(0, len(reports), REPORT_CHUNK)):
        rows = [
            [r["slug"], r.get("title") or r["slug"], report_url(r)]
            for r in reports[start : start + REPORT_CHUNK]
        ]
        written += write_gz(out / "r" / f"{n}.json.gz", _json(rows))
    return written


def write_labels(passages: list[dict], field: str, prefix: str, out: Path) -> dict[str, dict]:
    """One sorted passage list per label value (``f/<prefix><n>.bin.gz``); returns the catalogue."""
    lists: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(passages):
        for label in p.get(field) or ():
            lists[str(label)].append(i)
    catalogue = {}
    for n, (label, ids) in enumerate(sorted(lists.items())):
        deltas = [ids[0]] + [b - a for a, b in zip(ids, ids[1:], strict=False)]
        write_gz(out / "f" / f"{prefix}{n}.bin.gz", varint_bytes(deltas))
        catalogue[label] = {"file": f"{prefix}{n}", "passages": len(ids)}
    return catalogue


def facet_value(facet: str, value: Any) -> str:
    """The label a filter shows: reports.json's ``collective`` is a boolean (or null)."""
    if facet == "collective":
        return {True: "集体", False: "个人"}.get(value, "")
    return str(value or "")


def facet_columns(reports: list[dict]) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """Report-level facet values as dictionaries plus one index column per facet."""
    values: dict[str, list[str]] = {}
    columns: dict[str, list[int]] = {}
    for facet in FACETS:
        raw = [facet_value(facet, r.get(facet)) for r in reports]
        values[facet] = sorted(set(raw), reverse=facet == "year")
        index = {v: i for i, v in enumerate(values[facet])}
        columns[facet] = [index[v] for v in raw]
    return values, columns


def write_fold(out: Path, present: set[str]) -> int:
    """The query folding table: two strings, ``from`` and ``to``, character by character.

    Only entries whose target occurs in the (folded) corpus: a query character whose folded
    form occurs nowhere cannot match, folded or not.
    """
    table = {k: v for k, v in fold_map().items() if v in present}
    return write_gz(
        out / "fold.json.gz", _json({"from": "".join(table), "to": "".join(table.values())})
    )
