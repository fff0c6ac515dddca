"""Data exports (a public contract, ARCHITECTURE.md, "Data exports"): reports.json,
passages.jsonl and passages.csv."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

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
