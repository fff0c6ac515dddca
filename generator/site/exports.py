"""Data exports (a public contract, ARCHITECTURE.md, "Data exports"): ``reports.json``,
``passages.jsonl.gz`` and ``passages.csv.zip``.

Both passage exports are made of per-report pieces, so an incremental build reuses the pieces
of unchanged reports and compresses only what changed:

* ``passages.jsonl.gz`` is one gzip member per report, concatenated (RFC 1952 allows several
  members; ``gzip -d``, ``zcat``, Python's ``gzip``, pandas and R read them as one stream);
* ``passages.csv.zip`` holds one CSV per year (``passages-2023.csv``, ``passages-unknown.csv``),
  each UTF-8 with BOM and a header row, so each opens in a spreadsheet (and stays below
  Excel's 1,048,576 rows); a year's CSV is compressed again only when one of its reports
  changed. The archive is written here (stored names, fixed dates, deflate), so its bytes
  depend on the content only.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from generator.models import Label, Report
from generator.site.urls import passage_url, report_url

PASSAGE_COLUMNS = ("id", "report", "url", "kind", "role", "path", "section", "heading", "lead",
                   "text", "themes", "problem_types")
#: A CSV cell starting with one of these is a formula to Excel, WPS and LibreOffice
#: (``=HYPERLINK(…)`` in a report would run when a researcher opens the file): such cells get
#: a leading ``'``, as OWASP recommends ("CSV Injection"). The JSON exports keep exact text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def passage_id(slug: str, anchor: str) -> str:
    """Globally unique passage id: ``<slug>#<anchor>``."""
    return f"{slug}#{anchor}"


def report_record(report: Report) -> dict[str, Any]:
    meta = report.meta
    collective = {"集体": True, "个人": False}.get(meta.collective)
    return {
        "slug": report.slug, "title": meta.title, "url": report_url(report.slug),
        "source": report.source.path.name, "year": meta.year or None,
        "meeting": meta.meeting or None, "body": meta.body or None,
        "level": meta.level or None, "collective": collective,
        "sections": [{"role": s.role, "heading": s.heading, "anchor": s.anchor}
                     for s in report.sections],
        "counts": {"passages": len(report.passages), "points": report.points},
    }


def passage_records(report: Report, labels: Mapping[str, Sequence[Label]] | None = None
                    ) -> Iterator[dict[str, Any]]:
    """One record per passage, in document order."""
    labels = labels or {}
    for p in report.passages:
        mine = labels.get(p.anchor, ())
        yield {
            "id": passage_id(report.slug, p.anchor), "report": report.slug,
            "url": passage_url(report.slug, p.anchor), "kind": p.kind, "role": p.role,
            "path": p.path, "section": p.section, "heading": p.heading, "lead": p.lead,
            "text": p.text,
            "themes": [x.category for x in mine if x.kind == "theme"],
            "problem_types": [x.category for x in mine if x.kind == "problem"],
        }


def reports_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=1) + "\n"


def passages_jsonl(records: Sequence[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def passages_csv(records: Sequence[dict[str, Any]]) -> str:
    """UTF-8 with BOM (added by the writer's encoding) so spreadsheets read Chinese;
    list columns are joined with ``;``; cells that would be formulas are neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PASSAGE_COLUMNS)
    for r in records:
        writer.writerow([csv_cell(r[c]) for c in PASSAGE_COLUMNS])
    return "\ufeff" + out.getvalue()


def csv_cell(value: object) -> str:
    """One cell's text: lists joined with ``;``, ``None`` empty, a formula start quoted."""
    text = ";".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def jsonl_member(records: Iterable[dict[str, Any]]) -> bytes:
    """One report's passages as a gzip member of ``passages.jsonl.gz``."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def csv_rows(records: Iterable[dict[str, Any]]) -> bytes:
    """One report's passages as CSV rows (no header, no BOM), UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for r in records:
        writer.writerow([csv_cell(r[c]) for c in PASSAGE_COLUMNS])
    return out.getvalue().encode("utf-8")


def csv_head() -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(PASSAGE_COLUMNS)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def year_name(year: str | None) -> str:
    return f"passages-{year if year and year.isdigit() else 'unknown'}.csv"


def deflate_member(name: str, parts: Iterable[bytes]) -> tuple[str, bytes, int, int]:
    """A zip member: (name, raw deflate data, CRC-32, uncompressed size)."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    chunks, crc, size = [], 0, 0
    for part in parts:
        crc, size = zlib.crc32(part, crc), size + len(part)
        chunks.append(comp.compress(part))
    chunks.append(comp.flush())
    return name, b"".join(chunks), crc, size


_DOS_DATE = (1 << 5) | 1  # 1980-01-01, 00:00: the bytes depend on the content only


def write_zip(out: BinaryIO, members: Iterable[tuple[str, bytes, int, int]]) -> None:
    """A zip archive of already deflated members (Zip32; every member under 4 GB)."""
    central, offset = [], 0
    for name, data, crc, size in members:
        raw = name.encode("utf-8")
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, _DOS_DATE, crc,
                           len(data), size, len(raw), 0)
        out.write(head + raw)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0,
                                   _DOS_DATE, crc, len(data), size, len(raw), 0, 0, 0, 0,
                                   0o100644 << 16, offset) + raw)
        offset += len(head) + len(raw) + len(data)
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          len(directory), offset, 0))


def load_passages(data: Path) -> list[dict[str, Any]]:
    """The passage records of a built site's ``data`` folder (``passages.jsonl.gz``). Lines
    end in ``\n`` only: ``str.splitlines`` would also split at a U+2028 in the text."""
    text = gzip.decompress((data / "passages.jsonl.gz").read_bytes()).decode("utf-8")
    return [json.loads(line) for line in text.split("\n") if line]
